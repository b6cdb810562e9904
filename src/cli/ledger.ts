import { readLedger } from '../features/payouts/payouts-service';
import type { CommandRun } from './io';
import { openLedgerStore, parseOptions } from './ledger-store';

const USAGE = `Usage: cosell ledger [--deal ID] [--partner ID] [--json]

The commission ledger: every money line (earned, reversal, adjustment, bonus, uplift) with its
status (open, approved, paid) and payout run, and totals per partner and currency.
Uses the backend's store: DATABASE_URL (Postgres) or SQLITE_PATH.

  --deal ID       only this deal's lines
  --partner ID    only this partner company's lines
  --json          print { "lines": [...], "totals": [...] }
Exit codes: 0 printed, 1 the store failed, 2 bad arguments.
`;

/** `cosell ledger`: read the commission ledger. */
export const run: CommandRun = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const options = parseOptions(args, ['--deal', '--partner'], ['--json']);
  if (typeof options === 'string' || options.positional.length > 0) {
    io.stderr.write(`cosell ledger: ${typeof options === 'string' ? options : `unexpected argument "${options.positional[0]!}"`}\n\n${USAGE}`);
    return 2;
  }
  const opened = await openLedgerStore(io, 'cosell ledger');
  if ('exitCode' in opened) return opened.exitCode;
  const { store } = opened;
  try {
    const dealId = options.values['--deal'];
    const partnerId = options.values['--partner'];
    const ledger = await readLedger(store, { ...(dealId ? { dealId } : {}), ...(partnerId ? { partnerId } : {}) });
    if (options.flags.has('--json')) {
      io.stdout.write(`${JSON.stringify(ledger, null, 2)}\n`);
      return 0;
    }
    if (ledger.lines.length === 0) {
      io.stdout.write('No commission ledger lines.\n');
      return 0;
    }
    for (const l of ledger.lines) {
      io.stdout.write(
        `#${l.id.padEnd(6)} ${l.createdAt.slice(0, 10)}  ${l.dealName}  ${l.partnerName}  ${l.kind.padEnd(10)} ${l.amount.padStart(14)} ${l.currency}  ${l.status}${l.runId ? ` (run ${l.runId})` : ''}  rules ${l.ruleVersion ?? '-'}\n`,
      );
    }
    io.stdout.write('\nTotals\n');
    for (const t of ledger.totals) io.stdout.write(`  ${t.partnerName} (${t.currency}): open ${t.open}, approved ${t.approved}, paid ${t.paid}, net ${t.net}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
