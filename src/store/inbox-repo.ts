import type { ExpressionBuilder, Selectable, UpdateObject } from 'kysely';
import type { Database, InboxItemsTable } from './database-schema';
import type { DeadLetter, InboxItem, InboxKind, InboxRepo, InboxStatus, NewDeadLetter, NewInboxItem } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, fromDbTimeOrNull, idString, parseId, requireText, toIso } from './store-codec';
import { StoreError } from './store-error';

const KINDS: readonly InboxKind[] = ['event', 'job'];
// Keeps each INSERT well under SQLite's bound-parameter limit while still batching a webhook delivery.
const INSERT_CHUNK = 500;

function toItem(row: Selectable<InboxItemsTable>): InboxItem {
  return {
    id: idString(row.id),
    dedupeKey: row.dedupe_key,
    kind: row.kind as InboxKind,
    subject: row.subject,
    payload: decodeJson(row.payload),
    occurredAt: fromDbTime(row.occurred_at),
    availableAt: fromDbTime(row.available_at),
    status: row.status as InboxStatus,
    attempts: Number(row.attempts),
    claims: Number(row.claims),
    lastError: row.last_error,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: fromDbTimeOrNull(row.lease_expires_at),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function toDeadLetter(row: Selectable<InboxItemsTable>): DeadLetter {
  return { ...toItem(row), status: 'dead', deadAt: fromDbTime(row.dead_at ?? row.updated_at) };
}

function ids(list: string[]): number[] {
  return list.map(parseId).filter((id): id is number => id !== null);
}

function checkPositiveInt(value: number, field: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new StoreError(`${field} must be a positive integer`, { field });
}

export function createInboxRepo(ctx: StoreContext): InboxRepo {
  const { db } = ctx;

  /**
   * Ends this worker's lease on one item with the given changes; false when the item is not leased
   * to it (its lease expired and another worker holds it, or it was finished already).
   */
  async function releaseLeased(id: string, workerId: string, changes: (eb: ExpressionBuilder<Database, 'inbox_items'>, at: string) => UpdateObject<Database, 'inbox_items'>): Promise<boolean> {
    const key = parseId(id);
    if (key === null) return false;
    const at = nowIso(ctx);
    const result = await db
      .updateTable('inbox_items')
      .set((eb) => ({ ...changes(eb, at), lease_owner: null, lease_expires_at: null }))
      .where('id', '=', key)
      .where('status', '=', 'leased')
      .where('lease_owner', '=', workerId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async function insertNew(items: Array<NewInboxItem | NewDeadLetter>, dead: boolean): Promise<{ inserted: number; duplicates: number }> {
    const at = nowIso(ctx);
    const seen = new Set<string>();
    const rows: Array<ReturnType<typeof toInsert>> = [];
    for (const [i, item] of items.entries()) {
      const key = requireText(item.dedupeKey, `items[${i}].dedupeKey`);
      if (seen.has(key)) continue;
      seen.add(key);
      const row = toInsert(item, i, at);
      if (dead) {
        const error = requireText((item as NewDeadLetter).error, `items[${i}].error`);
        rows.push({ ...row, status: 'dead', last_error: error, dead_at: at });
      } else rows.push(row);
    }
    if (rows.length === 0) return { inserted: 0, duplicates: items.length };
    const inserted = await atomically(ctx, async (trx) => {
      let count = 0;
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        // ON CONFLICT DO NOTHING: a key already stored (pending, done or dead) is a duplicate, not an error,
        // and the unique index makes that true even for two intakes racing on one delivery.
        const result = await trx
          .insertInto('inbox_items')
          .values(rows.slice(start, start + INSERT_CHUNK))
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning('id')
          .execute();
        count += result.length;
      }
      return count;
    });
    return { inserted, duplicates: items.length - inserted };
  }

  return {
    enqueue: (items) => insertNew(items, false),

    enqueueDead: (items) => insertNew(items, true),

    async claim({ workerId, limit, leaseMs }) {
      requireText(workerId, 'workerId');
      checkPositiveInt(limit, 'limit');
      checkPositiveInt(leaseMs, 'leaseMs');
      const now = ctx.now();
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      // One statement picks and leases, so no two claimers can take the same row: SQLite runs writes one
      // at a time; Postgres locks the picked rows and SKIP LOCKED lets a concurrent claimer pass them by.
      const rows = await db
        .with(
          (cte) => cte('due').materialized(),
          (qb) => {
            // Two index-ordered picks (pending by availability, leased by lease expiry) merged and cut
            // to `limit`: an OR over both would make the database sort every pending row per claim.
            const lockable = <T extends { forUpdate(): T; skipLocked(): T }>(pick: T): T =>
              ctx.dialect === 'postgres' ? pick.forUpdate().skipLocked() : pick;
            // One writer per deal: an item whose subject names a deal another holder is
            // working on (an unexpired `deal:<id>` lock, see LockRepo) is passed over, untouched and
            // uncounted, and claimed once that work is done — then with a fresh read of the deal.
            const free = qb.selectFrom('inbox_items').where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('locks')
                    .select('locks.name')
                    .whereRef('locks.name', '=', 'inbox_items.subject')
                    .where('locks.holder', '<>', workerId)
                    .where('locks.expires_at', '>', at),
                ),
              ),
            );
            const pending = lockable(
              free
                .select(['id', 'available_at'])
                .where('status', '=', 'pending')
                .where('available_at', '<=', at)
                .orderBy('available_at')
                .orderBy('id')
                .limit(limit),
            );
            const expired = lockable(
              free
                .select(['id', 'available_at'])
                .where('status', '=', 'leased')
                .where('lease_expires_at', '<=', at)
                .orderBy('lease_expires_at')
                .orderBy('id')
                .limit(limit),
            );
            return qb
              .selectFrom(pending.as('p'))
              .select(['p.id', 'p.available_at'])
              .unionAll(qb.selectFrom(expired.as('x')).select(['x.id', 'x.available_at']))
              .orderBy('available_at')
              .orderBy('id')
              .limit(limit);
          },
        )
        .updateTable('inbox_items')
        .set((eb) => ({
          status: 'leased',
          lease_owner: workerId,
          lease_expires_at: until,
          claims: eb('claims', '+', 1),
          updated_at: at,
        }))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .returningAll()
        .execute();
      return rows.map(toItem).sort((a, b) => (a.availableAt === b.availableAt ? Number(a.id) - Number(b.id) : a.availableAt < b.availableAt ? -1 : 1));
    },

    async extendLease(list, workerId, leaseMs) {
      checkPositiveInt(leaseMs, 'leaseMs');
      const keys = ids(list);
      if (keys.length === 0) return 0;
      const now = ctx.now();
      const result = await db
        .updateTable('inbox_items')
        .set({ lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
        .where('id', 'in', keys)
        .where('status', '=', 'leased')
        .where('lease_owner', '=', workerId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async complete(list, workerId) {
      const keys = ids(list);
      if (keys.length === 0) return 0;
      const at = nowIso(ctx);
      // Only the current lease holder may finish an item: a worker whose lease expired and was
      // re-claimed by another must not mark the other's work done.
      const result = await db
        .updateTable('inbox_items')
        .set({ status: 'done', completed_at: at, updated_at: at, lease_owner: null, lease_expires_at: null })
        .where('id', 'in', keys)
        .where('status', '=', 'leased')
        .where('lease_owner', '=', workerId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async retryLater(id, workerId, error, availableAt) {
      const until = toIso(availableAt, 'availableAt');
      return releaseLeased(id, workerId, (eb, at) => ({ status: 'pending', attempts: eb('attempts', '+', 1), last_error: error, available_at: until, updated_at: at }));
    },

    async defer(id, workerId, reason, availableAt) {
      const until = toIso(availableAt, 'availableAt');
      return releaseLeased(id, workerId, (eb, at) => ({
        status: 'pending',
        // Not an attempt, and this claim does not count either: the item never ran.
        claims: eb.case().when('claims', '>', 0).then(eb('claims', '-', 1)).else(0).end(),
        last_error: reason,
        available_at: until,
        updated_at: at,
      }));
    },

    async deadLetter(id, workerId, error) {
      return releaseLeased(id, workerId, (eb, at) => ({ status: 'dead', attempts: eb('attempts', '+', 1), last_error: error, dead_at: at, updated_at: at }));
    },

    async get(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('inbox_items').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toItem(row) : null;
    },

    async listDeadLetters() {
      const rows = await db.selectFrom('inbox_items').selectAll().where('status', '=', 'dead').orderBy('dead_at').orderBy('id').execute();
      return rows.map(toDeadLetter);
    },

    async requeueDeadLetters(list) {
      const at = nowIso(ctx);
      let query = db
        .updateTable('inbox_items')
        .set({ status: 'pending', attempts: 0, claims: 0, available_at: at, dead_at: null, updated_at: at })
        .where('status', '=', 'dead');
      if (list !== undefined) {
        const keys = ids(list);
        if (keys.length === 0) return 0;
        query = query.where('id', 'in', keys);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async stats() {
      const rows = await db.selectFrom('inbox_items').select((eb) => ['status', eb.fn.countAll().as('n')]).groupBy('status').execute();
      const stats = { pending: 0, leased: 0, done: 0, dead: 0 };
      for (const row of rows) {
        if (row.status in stats) stats[row.status as keyof typeof stats] = Number(row.n);
      }
      return stats;
    },

    async pruneDone(before) {
      const result = await db
        .deleteFrom('inbox_items')
        .where('status', '=', 'done')
        .where('completed_at', '<', toIso(before, 'before'))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toInsert(item: NewInboxItem, i: number, at: string) {
  const field = (name: string) => `items[${i}].${name}`;
  if (!KINDS.includes(item.kind)) throw new StoreError(`${field('kind')} must be event or job`, { field: field('kind') });
  return {
    dedupe_key: item.dedupeKey,
    kind: item.kind,
    subject: requireText(item.subject, field('subject')),
    payload: encodeJson(item.payload, field('payload')),
    occurred_at: toIso(item.occurredAt, field('occurredAt')),
    available_at: item.availableAt === undefined ? at : toIso(item.availableAt, field('availableAt')),
    status: 'pending' as InboxStatus,
    attempts: 0,
    claims: 0,
    created_at: at,
    updated_at: at,
    last_error: null as string | null,
    dead_at: null as string | null,
  };
}
