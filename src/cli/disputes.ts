import { openCliStore } from './cli-store';
import { userInfo } from 'node:os';
import type { Dispute as DisputeView } from '../contract/card-api';
import type { Outcome } from '../features/shared/outcome';
import { DEFAULT_SQLITE_PATH } from '../store';
import type { DisputeStatus } from '../store/store';
import type { CliIo, CommandRun } from './io';
import { readJsonInput, writeFieldErrors } from './json-input';

const USAGE = `Usage: cosell disputes <open|decide|list> [options]

  open --deal ID --reason TEXT [--claim FILE] [--json]
        open a dispute on a partner deal's attribution. FILE (or - for stdin) holds the claimed
        split: [ { "partnerId": "11", "percent": 60 }, { "partnerId": "12", "percent": 40 } ]
        (partners on the deal, percentages with at most 2 decimals summing to 100)
  decide ID --decision upheld|rejected --note TEXT [--apply-claim] [--json]
        decide an open dispute; --apply-claim (upheld only) sets the deal's split to the claim
  list [--status open|upheld|rejected] [--json]
        disputes, oldest first, with reason, decision and note

Uses the backend's store: DATABASE_URL (Postgres) or SQLITE_PATH (default ${DEFAULT_SQLITE_PATH}).
Deals are found in the app's index of partner deals (kept by the backend). HubSpot's deal and
partner properties follow when the backend's worker runs the queued update. The person acting
is COSELL_USER (default: the login name).
Exit codes: 0 done, 1 not found or already decided, 2 invalid input (the message names the field).
`;

const STATUSES: readonly DisputeStatus[] = ['open', 'upheld', 'rejected'];

type Flags = Record<string, string | true>;

/** `--name value` and `--flag` pairs plus positional arguments; the names each sub-command accepts are checked by it. */
function parseFlags(args: string[], booleans: readonly string[]): { flags: Flags; positional: string[] } | string {
  const flags: Flags = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (booleans.includes(name)) {
      flags[name] = true;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || (value.startsWith('--') && value !== '-')) return `${arg}: needs a value`;
    flags[name] = value;
    i++;
  }
  return { flags, positional };
}

function unknownFlag(flags: Flags, allowed: readonly string[]): string | undefined {
  return Object.keys(flags).find((f) => !allowed.includes(f));
}

function actor(io: CliIo): { userId: string; name: string } {
  const name = io.env.COSELL_USER?.trim() || safeLoginName() || 'cli';
  return { userId: `cli:${name}`, name };
}

function safeLoginName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** One dispute as people read it: the deal and partners by name, the reason, the decision and its note. */
export function describeDispute(d: DisputeView): string {
  const lines = [`#${d.id}  ${d.status.toUpperCase()}  "${d.dealName}"  opened by ${d.openedBy.name} on ${d.openedAt.slice(0, 10)}${d.overdue ? '  (overdue)' : ''}`, `    reason: ${d.reason}`];
  if (d.claimText) lines.push(`    claimed split: ${d.claimText}`);
  if (d.decision) {
    lines.push(`    decision: ${d.decision.status} by ${d.decision.decidedBy.name} on ${d.decision.decidedAt.slice(0, 10)}${d.decision.adjustmentApplied ? ' — the claimed split now applies to the deal' : ''}`);
    lines.push(`    note: ${d.decision.note}`);
  }
  return lines.join('\n');
}

function report(io: CliIo, command: string, outcome: Outcome<DisputeView>, json: boolean, done: string): number {
  if (!outcome.ok) {
    if (outcome.kind === 'invalid') return writeFieldErrors(io, command, outcome.fields ?? [{ path: 'input', message: outcome.message }]);
    io.stderr.write(`${command}: ${outcome.message}\n`);
    return 1;
  }
  io.stdout.write(json ? `${JSON.stringify(outcome.value)}\n` : `${done}\n${describeDispute(outcome.value)}\n`);
  return 0;
}


/**
 * `cosell disputes` — partner ops' view of attribution disputes from the shell.
 *
 * @example cosell disputes open --deal 101 --reason "Northwind sourced it" --claim claim.json --json
 * @example cosell disputes decide 3 --decision upheld --note "intro email of 2 March" --apply-claim
 */
export const run: CommandRun = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (!['open', 'decide', 'list'].includes(sub)) {
    io.stderr.write(`cosell disputes: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const command = `cosell disputes ${sub}`;
  const parsed = parseFlags(rest, ['json', 'apply-claim']);
  if (typeof parsed === 'string') {
    io.stderr.write(`${command}: ${parsed}\n`);
    return 2;
  }
  const { flags, positional } = parsed;
  const json = flags.json === true;
  const allowed = { open: ['deal', 'reason', 'claim', 'json'], decide: ['decision', 'note', 'apply-claim', 'json'], list: ['status', 'json'] }[sub]!;
  const bad = unknownFlag(flags, allowed);
  if (bad !== undefined) {
    io.stderr.write(`${command}: unknown option "--${bad}"\n`);
    return 2;
  }
  const errors: Array<{ path: string; message: string }> = [];
  const text = (name: string, what: string): string => {
    const value = flags[name];
    if (typeof value !== 'string' || value.trim() === '') errors.push({ path: `--${name}`, message: `required: ${what}` });
    return typeof value === 'string' ? value : '';
  };

  let claim: unknown = null;
  if (sub === 'open') {
    if (positional.length > 0) errors.push({ path: 'arguments', message: `unexpected "${positional[0]}"` });
    const deal = text('deal', 'the HubSpot deal id');
    if (deal !== '' && !/^\d+$/.test(deal)) errors.push({ path: '--deal', message: `"${deal}" is not a HubSpot deal id (digits)` });
    text('reason', 'why the split is wrong');
    if (typeof flags.claim === 'string') {
      const input = await readJsonInput(io, command, flags.claim);
      if (!input.ok) return input.exitCode;
      claim = input.value;
    }
  } else if (sub === 'decide') {
    if (positional.length !== 1 || !/^\d+$/.test(positional[0]!)) errors.push({ path: 'ID', message: 'give one dispute id (see cosell disputes list)' });
    const decision = text('decision', 'upheld or rejected');
    if (decision !== '' && decision !== 'upheld' && decision !== 'rejected') errors.push({ path: '--decision', message: `must be upheld or rejected, got "${decision}"` });
    text('note', 'why it was decided so');
  } else {
    if (positional.length > 0) errors.push({ path: 'arguments', message: `unexpected "${positional[0]}"` });
    const status = flags.status;
    if (typeof status === 'string' && !STATUSES.includes(status as DisputeStatus)) errors.push({ path: '--status', message: `must be one of ${STATUSES.join(', ')}, got "${status}"` });
  }
  if (errors.length > 0) return writeFieldErrors(io, command, errors);

  const store = await openCliStore(io, 'cosell disputes');
  if (typeof store === 'number') return store;
  try {
    const { decideDispute, listDisputes, openDispute } = await import('../features/disputes/disputes-service');
    const deps = { store, clock: () => new Date() };
    if (sub === 'open') {
      const outcome = await openDispute(deps, { dealId: String(flags.deal), reason: String(flags.reason), claim }, actor(io));
      return report(io, command, outcome, json, 'Dispute opened.');
    }
    if (sub === 'decide') {
      const outcome = await decideDispute(deps, positional[0]!, { decision: flags.decision as 'upheld' | 'rejected', note: String(flags.note), applyClaim: flags['apply-claim'] === true }, actor(io));
      return report(io, command, outcome, json, 'Dispute decided.');
    }
    const disputes = await listDisputes(deps, typeof flags.status === 'string' ? { status: flags.status as DisputeStatus } : {});
    if (json) io.stdout.write(`${JSON.stringify({ disputes })}\n`);
    else if (disputes.length === 0) io.stdout.write('No disputes.\n');
    else io.stdout.write(`${disputes.map(describeDispute).join('\n\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
