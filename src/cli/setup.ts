import type { CommandRun } from './io';
import { readCommandConfig } from './io';

const USAGE = `Usage: cosell setup [--apply] [--json]
       cosell setup --allocations-object [--apply] [--json]

Brings a HubSpot portal to the app's schema (the "Co-sell" property group, partner type and
deal output properties, the five partner-role association labels). Dry run by default: prints
what it would change. --apply makes the changes. Never deletes or rewrites a customer's change.

--allocations-object (Enterprise portals, optional) creates the "Partner allocation" custom
object instead — one record per deal and partner — and, applied, turns its records on in the
service's store (SQLITE_PATH / DATABASE_URL). A 403 means no custom objects or a missing scope.

Environment:
  HUBSPOT_ACCESS_TOKEN  the app's access token (required)
  HUBSPOT_BASE_URL      API base URL (default https://api.hubapi.com; the emulator's URL locally)
`;

/**
 * `npx cosell setup [--apply] [--json]`. Exit codes: 0 done (or nothing to do), 1 HubSpot
 * refused or failed, 2 usage or configuration error.
 */
export const run: CommandRun = async (args, io) => {
  let apply = false;
  let json = false;
  let allocations = false;
  for (const arg of args) {
    if (arg === '--apply') apply = true;
    else if (arg === '--allocations-object') allocations = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else {
      io.stderr.write(`cosell setup: unknown option "${arg}"\n\n${USAGE}`);
      return 2;
    }
  }
  const env = readCommandConfig(io, 'cosell setup');
  if (!env) return 2;
  const accessToken = env.HUBSPOT_ACCESS_TOKEN?.trim();
  if (!accessToken) {
    io.stderr.write(
      'cosell setup: HUBSPOT_ACCESS_TOKEN is not set. Use the app\'s access token (HubSpot: project → app → Auth tab), ' +
        'or the emulator\'s token with HUBSPOT_BASE_URL set to its base URL (`npx cosell emulator`).\n',
    );
    return 2;
  }
  const baseUrl = env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com';
  if (allocations) {
    const { runAllocationObjectSetup } = await import('./setup-allocations');
    return runAllocationObjectSetup(io, { baseUrl, accessToken, apply, json });
  }
  // Loaded here so `cosell setup --help` and argument errors never pay for the SDK.
  const { runSetup, formatSetupReport, describeAction } = await import('../hubspot/provisioning');
  try {
    const report = await runSetup({ baseUrl, accessToken, apply });
    if (json) {
      io.stdout.write(
        `${JSON.stringify({
          baseUrl: report.baseUrl,
          applied: report.applied,
          changes: report.actions.map((a) => ({ kind: a.kind, description: describeAction(a) })),
          done: report.done.map(describeAction),
          warnings: report.warnings,
        })}\n`,
      );
    } else io.stdout.write(formatSetupReport(report));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /\(401/.test(message) ? ' — check HUBSPOT_ACCESS_TOKEN' : /\(403/.test(message) ? ' — the token lacks a scope (crm.schemas.deals.write, crm.schemas.companies.write)' : '';
    io.stderr.write(`cosell setup: ${message}${hint}\n`);
    return 1;
  }
};
