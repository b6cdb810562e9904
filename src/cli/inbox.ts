import { openCliStore } from './cli-store';
import { DEFAULT_SQLITE_PATH } from '../store';
import type { DeadLetter } from '../store/store';
import type { CliIo, CommandRun } from './io';

const usage = `Usage: cosell inbox [list|retry [ids…]|stats] [--json]

  list          dead letters: webhook events rejected at intake (invalid) and events and jobs the
                worker gave up on, with the reason
  retry [ids…]  put dead letters (all, or the given ids) back in the queue with fresh attempts;
                events rejected at intake are invalid as received and stay dead
  stats         counts of pending, leased, done and dead items

Uses the backend's store: DATABASE_URL (Postgres) or SQLITE_PATH (default ${DEFAULT_SQLITE_PATH}).
`;

/** Dead letters the webhook intake stored straight away (an event that failed validation). */
function rejectedAtIntake(d: DeadLetter): boolean {
  return d.dedupeKey.startsWith('hs-rejected:');
}

function describe(d: DeadLetter): Record<string, unknown> {
  return {
    id: d.id, kind: d.kind, subject: d.subject, source: rejectedAtIntake(d) ? 'intake' : 'worker', attempts: d.attempts, deadAt: d.deadAt, occurredAt: d.occurredAt, lastError: d.lastError,
    ...(rejectedAtIntake(d) ? { payload: d.payload } : {}),
  };
}

function headline(d: Record<string, unknown>): string {
  const how = d.source === 'intake' ? 'webhook event rejected at intake' : `${String(d.kind)}, ${String(d.attempts)} attempts`;
  return `#${String(d.id)}  ${String(d.subject)}  (${how}, dead since ${String(d.deadAt)})`;
}

/**
 * `cosell inbox` — operators' view of the worker's dead letters, visible from the CLI.
 *
 * @example cosell inbox list --json
 * @example cosell inbox retry 17 18
 */
export const run: CommandRun = async (args, io: CliIo) => {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(usage);
    return 0;
  }
  const [sub = 'list', ...ids] = rest;
  if (!['list', 'retry', 'stats'].includes(sub)) {
    io.stderr.write(`cosell inbox: unknown sub-command "${sub}"\n\n${usage}`);
    return 2;
  }
  const bad = ids.find((id) => !/^\d+$/.test(id));
  if (sub !== 'retry' && ids.length > 0) {
    io.stderr.write(`cosell inbox ${sub}: takes no ids\n`);
    return 2;
  }
  if (bad !== undefined) {
    io.stderr.write(`cosell inbox retry: ids[${ids.indexOf(bad)}]: "${bad}" is not an inbox item id\n`);
    return 2;
  }
  const store = await openCliStore(io, 'cosell inbox');
  if (typeof store === 'number') return store;
  try {
    if (sub === 'stats') {
      const stats = await store.inbox.stats();
      io.stdout.write(json ? `${JSON.stringify(stats)}\n` : `pending ${stats.pending}  leased ${stats.leased}  done ${stats.done}  dead ${stats.dead}\n`);
      return 0;
    }
    if (sub === 'list') {
      const dead = (await store.inbox.listDeadLetters()).map(describe);
      if (json) io.stdout.write(`${JSON.stringify({ deadLetters: dead })}\n`);
      else if (dead.length === 0) io.stdout.write('No dead letters.\n');
      else {
        io.stdout.write(`${dead.length} dead letter(s) — retry with: cosell inbox retry [ids…]\n\n`);
        for (const d of dead) io.stdout.write(`${headline(d)}\n    ${String(d.lastError ?? '')}\n`);
      }
      return 0;
    }
    const deadLetters = await store.inbox.listDeadLetters();
    const known = new Set(deadLetters.map((d) => d.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      io.stderr.write(`cosell inbox retry: not a dead letter: ${unknown.join(', ')} (see cosell inbox list)\n`);
      return 2;
    }
    // An event rejected at intake is invalid as received: running it again cannot succeed, and the
    // worker's failure would replace the reason that names the bad field. Keep those as they are.
    const rejected = new Set(deadLetters.filter(rejectedAtIntake).map((d) => d.id));
    const named = ids.filter((id) => rejected.has(id));
    if (named.length > 0) {
      io.stderr.write(`cosell inbox retry: ${named.join(', ')}: webhook event(s) rejected at intake as invalid; retrying cannot fix them (see the reason in cosell inbox list)\n`);
      return 2;
    }
    const retryable = ids.length > 0 ? ids : deadLetters.filter((d) => !rejected.has(d.id)).map((d) => d.id);
    const requeued = retryable.length > 0 ? await store.inbox.requeueDeadLetters(retryable) : 0;
    const kept = ids.length > 0 ? 0 : rejected.size;
    if (json) io.stdout.write(`${JSON.stringify({ requeued, ...(kept > 0 ? { keptRejectedAtIntake: kept } : {}) })}\n`);
    else io.stdout.write(`Requeued ${requeued} item(s); the running worker picks them up.${kept > 0 ? ` Kept ${kept} webhook event(s) rejected at intake (invalid as received).` : ''}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
