import type { Selectable, Updateable } from 'kysely';
import type { RegistrationsTable } from './database-schema';
import { DEFAULT_REGISTRATION_TTL_DAYS } from './store-constants';
import type { Registration, RegistrationRepo, RegistrationStatus } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, fromDbTimeOrNull, idString, parseId, requireText, toIso } from './store-codec';
import { ConflictError, CorruptRowError, NotFoundError } from './store-error';

const STATUSES: readonly RegistrationStatus[] = ['open', 'superseded', 'closed', 'withdrawn'];
const DAY_MS = 24 * 60 * 60 * 1000;

function toRegistration(row: Selectable<RegistrationsTable>): Registration {
  const id = idString(row.id);
  const status = row.status as RegistrationStatus;
  if (!STATUSES.includes(status)) throw new CorruptRowError({ table: 'registrations', rowId: id, field: 'status', problem: `holds unknown status "${row.status}"` });
  // Migration 0006 gave every older row an expiry; a null here is a hand-made row.
  if (row.expires_at === null) throw new CorruptRowError({ table: 'registrations', rowId: id, field: 'expires_at', problem: 'is empty' });
  return {
    id,
    dealId: row.deal_id,
    snapshot: decodeJson(row.snapshot),
    registeredBy: row.registered_by,
    registeredAt: fromDbTime(row.registered_at),
    status,
    supersededBy: row.superseded_by,
    closedAt: fromDbTimeOrNull(row.closed_at),
    expiresAt: fromDbTime(row.expires_at),
    renewedAt: fromDbTimeOrNull(row.renewed_at),
    renewedBy: row.renewed_by,
    withdrawnAt: fromDbTimeOrNull(row.withdrawn_at),
    withdrawnBy: row.withdrawn_by,
    withdrawReason: row.withdraw_reason,
  };
}

export function createRegistrationRepo(ctx: StoreContext): RegistrationRepo {
  const { db } = ctx;

  /** Updates one open registration; names why nothing changed when it was not open. */
  async function updateOpen(id: string, set: Updateable<RegistrationsTable>): Promise<Registration> {
    const key = parseId(id);
    const row =
      key === null
        ? undefined
        : await db.updateTable('registrations').set(set).where('id', '=', key).where('status', '=', 'open').returningAll().executeTakeFirst();
    if (row) return toRegistration(row);
    const existing = key === null ? undefined : await db.selectFrom('registrations').select('status').where('id', '=', key).executeTakeFirst();
    if (!existing) throw new NotFoundError(`registrationId ${id}: no such registration`, { field: 'registrationId' });
    throw new ConflictError(`status: registration ${id} is ${existing.status}, not open`, { field: 'status' });
  }

  return {
    async create(r) {
      const snapshot = encodeJson(r.snapshot, 'snapshot');
      const dealId = requireText(r.dealId, 'dealId');
      const registeredBy = requireText(r.registeredBy, 'registeredBy');
      const registeredAt = r.registeredAt === undefined ? nowIso(ctx) : toIso(r.registeredAt, 'registeredAt');
      const expiresAt =
        r.expiresAt === undefined ? new Date(Date.parse(registeredAt) + DEFAULT_REGISTRATION_TTL_DAYS * DAY_MS).toISOString() : toIso(r.expiresAt, 'expiresAt');
      return atomically(ctx, async (trx) => {
        const row = await trx
          .insertInto('registrations')
          .values({
            deal_id: dealId,
            snapshot,
            registered_by: registeredBy,
            registered_at: registeredAt,
            status: 'open',
            superseded_by: null,
            closed_at: null,
            expires_at: expiresAt,
            renewed_at: null,
            renewed_by: null,
            withdrawn_at: null,
            withdrawn_by: null,
            withdraw_reason: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // Re-registering keeps the history ("who registered first" stays answerable) but only the newest is open.
        await trx
          .updateTable('registrations')
          .set({ status: 'superseded', superseded_by: idString(row.id) })
          .where('deal_id', '=', dealId)
          .where('status', '=', 'open')
          .where('id', '<>', row.id)
          .execute();
        return toRegistration(row);
      });
    },

    async get(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('registrations').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toRegistration(row) : null;
    },

    async latestForDeal(dealId) {
      const row = await db.selectFrom('registrations').selectAll().where('deal_id', '=', dealId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toRegistration(row) : null;
    },

    async listForDeal(dealId) {
      const rows = await db.selectFrom('registrations').selectAll().where('deal_id', '=', dealId).orderBy('id').execute();
      return rows.map(toRegistration);
    },

    async listOpen(opts = {}) {
      const at = opts.at === undefined ? nowIso(ctx) : toIso(opts.at, 'at');
      const rows = await db
        .selectFrom('registrations')
        .selectAll()
        .where('status', '=', 'open')
        .where('expires_at', '>', at)
        .orderBy('registered_at')
        .orderBy('id')
        .execute();
      return rows.map(toRegistration);
    },

    async close(dealId) {
      await db
        .updateTable('registrations')
        .set({ status: 'closed', closed_at: nowIso(ctx) })
        .where('deal_id', '=', dealId)
        .where('status', '=', 'open')
        .execute();
    },

    async withdraw(id, w) {
      const reason = requireText(w.reason, 'reason');
      const by = requireText(w.by, 'by');
      const at = w.at === undefined ? nowIso(ctx) : toIso(w.at, 'at');
      return updateOpen(id, { status: 'withdrawn', withdrawn_at: at, withdrawn_by: by, withdraw_reason: reason });
    },

    async renew(id, r) {
      const by = requireText(r.by, 'by');
      const at = r.at === undefined ? nowIso(ctx) : toIso(r.at, 'at');
      return updateOpen(id, { expires_at: toIso(r.expiresAt, 'expiresAt'), renewed_at: at, renewed_by: by });
    },
  };
}
