// `cosell payouts approve | run | statement | mark-paid`: approvals and payout runs over the
// commission ledger (docs/decisions/0014-commission-ledger.md). `simulate` lives in payouts.ts.
import { writeFile } from 'node:fs/promises';
import { statementCsv, statementHtml } from '../domain/payouts';
import { approveLines, createPayoutRun, markRunPaid, runStatements } from '../features/payouts/payouts-service';
import type { CliIo } from './io';
import { cliActor, openLedgerStore, parseOptions, writeFailure } from './ledger-store';

export const PAYOUTS_RUN_USAGE = `Usage:
  cosell payouts approve --all | --deal ID | --partner ID [--json]
      approve the open commission lines (all, one deal's, one partner's)
  cosell payouts run --period 2026-Q4|2026-11 [--dry-run] [--json]
      pay the approved lines in no run yet (recorded before the period ended), reversals and
      adjustments included; a partner whose net is negative is carried forward
  cosell payouts statement RUN --partner ID [--format csv|json|html] [--out FILE]
      a partner's statement for a run, every line with its math (default json)
  cosell payouts mark-paid RUN [--json]
      record that a run was paid (the app moves no money)
Uses the backend's store: DATABASE_URL (Postgres) or SQLITE_PATH.
Exit codes: 0 done, 1 failed (a store error, a concurrent run), 2 bad arguments or unknown run.
`;

function usageError(io: CliIo, sub: string, message: string): number {
  io.stderr.write(`cosell payouts ${sub}: ${message}\n\n${PAYOUTS_RUN_USAGE}`);
  return 2;
}

export async function runPayoutsSubcommand(sub: string, args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(PAYOUTS_RUN_USAGE);
    return 0;
  }
  const command = `cosell payouts ${sub}`;
  const options = parseOptions(args, ['--deal', '--partner', '--period', '--format', '--out'], ['--all', '--json', '--dry-run']);
  if (typeof options === 'string') return usageError(io, sub, options);
  const { values, flags, positional } = options;
  const json = flags.has('--json');

  // Check the arguments before opening the store.
  if (sub === 'approve') {
    const chosen = [flags.has('--all'), values['--deal'] !== undefined, values['--partner'] !== undefined].filter(Boolean).length;
    if (chosen !== 1) return usageError(io, sub, 'give exactly one of --all, --deal ID, --partner ID');
    if (positional.length > 0) return usageError(io, sub, `unexpected argument "${positional[0]!}"`);
  } else if (sub === 'run') {
    if (values['--period'] === undefined) return usageError(io, sub, '--period is required (2026-Q4 or 2026-11)');
    if (positional.length > 0) return usageError(io, sub, `unexpected argument "${positional[0]!}"`);
  } else if (sub === 'statement') {
    if (positional.length !== 1) return usageError(io, sub, 'give the run id');
    if (values['--partner'] === undefined) return usageError(io, sub, '--partner is required');
    const format = values['--format'] ?? 'json';
    if (!['csv', 'json', 'html'].includes(format)) return usageError(io, sub, `--format: "${format}" is not csv, json or html`);
  } else if (positional.length !== 1) return usageError(io, sub, 'give the run id');

  const opened = await openLedgerStore(io, command);
  if ('exitCode' in opened) return opened.exitCode;
  const { store } = opened;
  const now = new Date();
  try {
    if (sub === 'approve') {
      const filter = flags.has('--all') ? {} : values['--deal'] !== undefined ? { dealId: values['--deal'] } : { partnerId: values['--partner']! };
      const outcome = await approveLines(store, filter, cliActor(io), now);
      if (!outcome.ok) return writeFailure(io, command, outcome);
      const { approved } = outcome.value;
      if (json) io.stdout.write(`${JSON.stringify({ approved: approved.length, lines: approved }, null, 2)}\n`);
      else {
        io.stdout.write(`Approved ${approved.length} line(s).\n`);
        for (const l of approved) io.stdout.write(`  #${l.id} ${l.dealName} · ${l.partnerName} · ${l.kind} ${l.amount} ${l.currency}\n`);
      }
      return 0;
    }
    if (sub === 'run') {
      const outcome = await createPayoutRun(store, { period: values['--period']!, by: cliActor(io), dryRun: flags.has('--dry-run'), now });
      if (!outcome.ok) return writeFailure(io, command, outcome);
      const v = outcome.value;
      if (json) {
        io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
        return 0;
      }
      if (v.statements.length === 0) {
        io.stdout.write(`Nothing to pay for ${v.period}: no approved line is waiting.\n`);
        return 0;
      }
      io.stdout.write(v.dryRun ? `Dry run for ${v.period} (nothing recorded):\n` : `Payout run ${v.runId!} for ${v.period}: ${v.paidLines} line(s) paid.\n`);
      for (const s of v.statements) {
        io.stdout.write(`\n${s.partnerName} (${s.currency}): ${s.total}\n`);
        for (const l of s.lines) io.stdout.write(`  ${l.dealName} · ${l.kind} ${l.amount}\n`);
        io.stdout.write(`  ${s.summary}\n`);
      }
      return 0;
    }
    if (sub === 'statement') {
      const outcome = await runStatements(store, positional[0]!, values['--partner']!);
      if (!outcome.ok) return writeFailure(io, command, outcome);
      const format = values['--format'] ?? 'json';
      const text =
        format === 'json'
          ? `${JSON.stringify({ statements: outcome.value }, null, 2)}\n`
          : outcome.value.map((s) => (format === 'csv' ? statementCsv(s) : statementHtml(s))).join(format === 'csv' ? '\r\n' : '\n');
      if (values['--out'] !== undefined) await writeFile(values['--out'], text);
      else io.stdout.write(text);
      return 0;
    }
    const outcome = await markRunPaid(store, positional[0]!, cliActor(io), now);
    if (!outcome.ok) return writeFailure(io, command, outcome);
    io.stdout.write(json ? `${JSON.stringify(outcome.value)}\n` : `Payout run ${outcome.value.runId} marked paid at ${outcome.value.paidAt} (${outcome.value.lines} line(s)).\n`);
    return 0;
  } finally {
    await store.close();
  }
}
