// `cosell payouts incentives`: appends a fiscal quarter's bonus, uplift and tier uplift lines to
// the commission ledger (docs/decisions/0014-commission-ledger.md, "Quarter lines"), the work the
// worker's daily quarter-incentives job does, run by hand.
import pino from 'pino';
import type { AppDeps } from '../app/app-deps';
import { createCrmGateway } from '../hubspot';
import type { QuarterLineView } from '../features/payouts/quarter-incentives';
import type { CliIo } from './io';
import { readCommandConfig } from './io';
import { openLedgerStore, parseOptions, writeFailure } from './ledger-store';

export const PAYOUTS_INCENTIVES_USAGE = `Usage: cosell payouts incentives [--quarter 2026-Q3] [--dry-run] [--json]

Computes a fiscal quarter's co-sell bonus, uplifts and tier uplifts from the won partner deals as
HubSpot has them now (docs/decisions/0012-incentives.md) and appends to the commission ledger the
lines it lacks: nothing when it already nets to the figures, the difference after a late change.
  --quarter Q   the fiscal quarter (default: the one before today's, by the published rules' calendar)
  --dry-run     print the lines that would be appended; append nothing
  --json        print { quarter, dryRun, wonDeals, skippedDeals, lines: [...] }
Uses the backend's store (DATABASE_URL or SQLITE_PATH) and HubSpot (HUBSPOT_ACCESS_TOKEN, HUBSPOT_BASE_URL).
Exit codes: 0 done, 1 HubSpot or the store failed, 2 bad arguments or deals that cannot be computed.
`;

const KIND_NAMES: Record<QuarterLineView['kind'], string> = { bonus: 'co-sell bonus', uplift: 'uplift', tier_uplift: 'tier uplift' };

export async function runPayoutsIncentives(args: string[], io: CliIo): Promise<number> {
  const command = 'cosell payouts incentives';
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(PAYOUTS_INCENTIVES_USAGE);
    return 0;
  }
  const options = parseOptions(args, ['--quarter'], ['--dry-run', '--json']);
  const usage = (message: string) => {
    io.stderr.write(`${command}: ${message}\n\n${PAYOUTS_INCENTIVES_USAGE}`);
    return 2;
  };
  if (typeof options === 'string') return usage(options);
  if (options.positional.length > 0) return usage(`unexpected argument "${options.positional[0]!}"`);
  const quarter = options.values['--quarter'];
  if (quarter !== undefined && !/^\d{4}-Q[1-4]$/.test(quarter)) return usage(`--quarter: "${quarter}" is not a quarter like 2026-Q3`);

  const env = readCommandConfig(io, command);
  if (!env) return 2;
  const accessToken = env.HUBSPOT_ACCESS_TOKEN?.trim();
  if (!accessToken) {
    io.stderr.write(`${command}: HUBSPOT_ACCESS_TOKEN is not set; the deals come from HubSpot (with the emulator: its token and HUBSPOT_BASE_URL)\n`);
    return 2;
  }
  const opened = await openLedgerStore(io, command);
  if ('exitCode' in opened) return opened.exitCode;
  const { store } = opened;
  const logger = pino({ level: 'warn', base: { command: 'payouts incentives' } }, io.stderr);
  const gateway = createCrmGateway({ accessToken, basePath: env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com', logger });
  const deps: AppDeps = { store, gateway, clock: () => new Date(), logger, appId: undefined, portalId: undefined };
  try {
    const { appendQuarterIncentives } = await import('../features/payouts/quarter-incentives');
    const outcome = await appendQuarterIncentives(deps, { ...(quarter !== undefined ? { quarter } : {}), dryRun: options.flags.has('--dry-run') });
    if (!outcome.ok) return writeFailure(io, command, outcome);
    const v = outcome.value;
    if (options.flags.has('--json')) {
      io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
      return 0;
    }
    const verb = v.dryRun ? 'would append' : 'appended';
    const skipped = v.skippedDeals > 0 ? `, ${v.skippedDeals} skipped (no amount, close date or known currency)` : '';
    io.stdout.write(`${v.quarter}: ${v.wonDeals} won partner deal(s) read${skipped}.\n`);
    if (v.lines.length === 0) {
      io.stdout.write(`Nothing to append: the ledger already holds ${v.quarter}'s bonus, uplift and tier uplift lines.\n`);
      return 0;
    }
    const byPartner = new Map<string, QuarterLineView[]>();
    for (const l of v.lines) byPartner.set(l.partnerName, [...(byPartner.get(l.partnerName) ?? []), l]);
    for (const [name, lines] of [...byPartner].sort(([a], [b]) => a.localeCompare(b))) {
      io.stdout.write(`${name}: ${verb}\n`);
      for (const l of lines) {
        io.stdout.write(`  ${KIND_NAMES[l.kind]}${l.dealName ? ` on ${l.dealName}` : ''}: ${l.amount} ${l.currency}${l.ruleVersion ? ` (rule set ${l.ruleVersion})` : ''}\n`);
      }
    }
    return 0;
  } catch (error) {
    io.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
