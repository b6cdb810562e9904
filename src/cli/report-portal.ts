import pino from 'pino';
import type { Quarter } from '../domain/reporting/quarter';
import { createCrmGateway } from '../hubspot';
import { CrmError } from '../hubspot/crm-errors';
import { computePortalReport } from '../features/reporting/reporting-service';
import type { CliIo } from './io';
import { readCommandConfig } from './io';
import type { PortalReport } from '../features/reporting/reporting-service';

/** Skipped deals listed on stderr before "… and N more". */
const SKIPPED_SHOWN = 20;

/**
 * `cosell report` without `--deals`: reads every deal of the portal through the CRM gateway (paged
 * past search's 10,000-result cap) and builds the same report the deals file gives; the caller
 * prints it. Progress and the deals left out (with the reason) go to stderr; a failure is the exit
 * code to return.
 */
export async function readPortalReport(io: CliIo, quarter: Quarter, partnerId?: string): Promise<PortalReport | number> {
  const env = readCommandConfig(io, 'cosell report');
  if (!env) return 2;
  const accessToken = env.HUBSPOT_ACCESS_TOKEN?.trim();
  if (!accessToken) {
    io.stderr.write(
      'cosell report: HUBSPOT_ACCESS_TOKEN is not set: without --deals the report reads the portal. Set the app\'s access token ' +
        '(and HUBSPOT_BASE_URL for the emulator), or give --deals FILE.\n',
    );
    return 2;
  }
  const logger = pino({ level: 'silent' });
  const gateway = createCrmGateway({ accessToken, ...(env.HUBSPOT_BASE_URL ? { basePath: env.HUBSPOT_BASE_URL } : {}), logger });
  let lastShown = 0;
  try {
    const result = await computePortalReport({ gateway, logger }, quarter, partnerId, (read) => {
      if (read - lastShown >= 1000) {
        lastShown = read;
        io.stderr.write(`cosell report: ${read} deals read…\n`);
      }
    });
    if (!result.ok) {
      io.stderr.write(`cosell report: ${result.message}\n`);
      return result.kind === 'unavailable' ? 1 : 2;
    }
    const { skipped } = result.value;
    if (skipped.length > 0) {
      io.stderr.write(`cosell report: ${skipped.length} partner deal(s) left out of the figures:\n`);
      for (const s of skipped.slice(0, SKIPPED_SHOWN)) io.stderr.write(`  ${s.name}: ${s.reason}\n`);
      if (skipped.length > SKIPPED_SHOWN) io.stderr.write(`  … and ${skipped.length - SKIPPED_SHOWN} more\n`);
    }
    return result.value;
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    io.stderr.write(`cosell report: could not read the portal: ${error.message}\n`);
    return 1;
  }
}
