import { openCliStore } from './cli-store';
import { replayDelivery } from '../features/notifications/outbound-webhooks';
import { DEFAULT_SQLITE_PATH } from '../store';
import type { WebhookDelivery } from '../store/store';
import type { CliIo, CommandRun } from './io';

const usage = `Usage: cosell notify deliveries [--partner ID] [--replay ID] [--json]

  deliveries            the outbound partner webhook log, newest first: event, partner, status,
                        attempts, the last answer and when the next attempt is due
  --partner ID          only the deliveries to this partner company
  --replay ID           send delivery ID's event again, as a new delivery (after the partner fixed
                        their endpoint); the running worker sends it, signed with the current secret
  --json                machine-readable output

Uses the backend's store: DATABASE_URL (Postgres) or SQLITE_PATH (default ${DEFAULT_SQLITE_PATH}).
`;

/** The partner's name as the event named it (the log keeps the exact body sent). */
function partnerName(d: WebhookDelivery): string | null {
  try {
    const body = JSON.parse(d.body) as { data?: { partner?: { name?: unknown } } };
    return typeof body.data?.partner?.name === 'string' ? body.data.partner.name : null;
  } catch {
    return null;
  }
}

function describe(d: WebhookDelivery): Record<string, unknown> {
  return {
    id: d.id,
    event: d.eventType,
    eventKey: d.eventKey,
    partnerId: d.partnerId,
    partnerName: partnerName(d),
    url: d.url,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  };
}

function line(d: WebhookDelivery): string {
  const who = partnerName(d) ?? `partner company ${d.partnerId}`;
  const tail =
    d.status === 'delivered'
      ? `delivered ${d.deliveredAt ?? ''}`
      : d.status === 'failed'
        ? `failed: ${d.lastError ?? 'unknown'}`
        : d.attempts === 0
          ? 'waiting for its first attempt'
          : `retrying at ${d.nextAttemptAt ?? '?'} (last: ${d.lastError ?? '?'})`;
  return `#${d.id}  ${d.eventType} to ${who}  ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}  ${tail}`;
}

/**
 * `cosell notify deliveries` — inspect and replay outbound partner webhooks.
 *
 * @example cosell notify deliveries --partner 200002 --json
 * @example cosell notify deliveries --replay 17
 */
export const run: CommandRun = async (args, io: CliIo) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(usage);
    return 0;
  }
  const [sub, ...rest] = args;
  if (sub !== 'deliveries') {
    io.stderr.write(`cosell notify: ${sub === undefined ? 'name a sub-command' : `unknown sub-command "${sub}"`}\n\n${usage}`);
    return 2;
  }
  let json = false;
  let partner: string | undefined;
  let replay: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--json') json = true;
    else if (a === '--partner' || a === '--replay') {
      const value = rest[i + 1];
      if (value === undefined || !/^\d+$/.test(value)) {
        io.stderr.write(`cosell notify deliveries: ${a} needs a numeric id${value === undefined ? '' : ` (got "${value}")`}\n`);
        return 2;
      }
      if (a === '--partner') partner = value;
      else replay = value;
      i += 1;
    } else {
      io.stderr.write(`cosell notify deliveries: unknown option "${a}"\n\n${usage}`);
      return 2;
    }
  }
  const store = await openCliStore(io, 'cosell notify');
  if (typeof store === 'number') return store;
  try {
    if (replay !== undefined) {
      const created = await replayDelivery({ store, clock: () => new Date() }, replay);
      if (!created) {
        io.stderr.write(`cosell notify deliveries: --replay: no delivery #${replay}\n`);
        return 1;
      }
      io.stdout.write(json ? `${JSON.stringify({ replayed: replay, delivery: describe(created) })}\n` : `Delivery #${replay} queued again as #${created.id}; the worker sends it.\n`);
      return 0;
    }
    const list = await store.notifications.listDeliveries(partner === undefined ? {} : { partnerId: partner });
    if (json) io.stdout.write(`${JSON.stringify({ deliveries: list.map(describe) })}\n`);
    else if (list.length === 0) io.stdout.write('No webhook deliveries.\n');
    else io.stdout.write(`${list.map(line).join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
