import type { Selectable } from 'kysely';
import { pairingKey } from '../domain/account-conflicts';
import type { PairingEngagementsTable, PairingsTable } from './database-schema';
import type { PairingEngagementRow, PairingRepo, PairingRow, PairingRowStatus } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, fromDbTimeOrNull, idString, isUniqueViolation, parseId, requireText, toDateOnly, toIso } from './store-codec';
import { ConflictError, CorruptRowError, NotFoundError, StoreError } from './store-error';

const STATUSES: readonly PairingRowStatus[] = ['active', 'scaled', 'ended'];

function toPairing(row: Selectable<PairingsTable>): PairingRow {
  const id = idString(row.id);
  const status = row.status as PairingRowStatus;
  if (!STATUSES.includes(status)) throw new CorruptRowError({ table: 'pairings', rowId: id, field: 'status', problem: `holds unknown status "${row.status}"` });
  const partnerIds = decodeJson(row.partner_ids);
  if (!Array.isArray(partnerIds) || !partnerIds.every((p): p is string => typeof p === 'string')) {
    throw new CorruptRowError({ table: 'pairings', rowId: id, field: 'partner_ids', problem: 'is not a list of company ids' });
  }
  return {
    id,
    partnerIds,
    pairingKey: row.pairing_key,
    model: row.model,
    startDate: row.start_date,
    targets: decodeJson(row.targets),
    status,
    decidedBy: row.decided_by,
    decidedAt: fromDbTimeOrNull(row.decided_at),
    decisionNote: row.decision_note,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
  };
}

function toEngagement(row: Selectable<PairingEngagementsTable>): PairingEngagementRow {
  const ids = row.engagement_ids === null ? null : decodeJson(row.engagement_ids);
  return {
    pairingId: row.pairing_id,
    purpose: row.purpose,
    periodKey: row.period_key,
    engagementIds: Array.isArray(ids) ? ids.map(String) : null,
    claimedAt: fromDbTime(row.claimed_at),
  };
}

export function createPairingRepo(ctx: StoreContext): PairingRepo {
  const { db } = ctx;
  return {
    async create(p) {
      if (!Array.isArray(p.partnerIds)) throw new StoreError('partnerIds must be a list of company ids', { field: 'partnerIds' });
      const partnerIds = [...new Set(p.partnerIds.map((id, i) => requireText(id, `partnerIds[${i}]`)))].sort();
      if (partnerIds.length < 2) throw new StoreError('partnerIds: a pairing needs two or more different partners', { field: 'partnerIds' });
      const key = pairingKey(partnerIds);
      try {
        const row = await db
          .insertInto('pairings')
          .values({
            partner_ids: encodeJson(partnerIds, 'partnerIds'),
            pairing_key: key,
            model: requireText(p.model, 'model'),
            start_date: toDateOnly(requireText(p.startDate, 'startDate'), 'startDate'),
            targets: encodeJson(p.targets, 'targets'),
            status: 'active',
            decided_by: null,
            decided_at: null,
            decision_note: null,
            created_by: requireText(p.createdBy, 'createdBy'),
            created_at: nowIso(ctx),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPairing(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`partnerIds: an active pairing of ${key} exists already`, { field: 'partnerIds', cause: error });
        throw error;
      }
    },

    async get(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('pairings').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toPairing(row) : null;
    },

    async list(opts = {}) {
      let q = db.selectFrom('pairings').selectAll();
      if (opts.status !== undefined) q = q.where('status', '=', opts.status);
      const rows = await q.orderBy('start_date').orderBy('id').execute();
      return rows.map(toPairing);
    },

    async decide(id, d) {
      const note = requireText(d.note, 'note');
      const by = requireText(d.by, 'by');
      if (d.status !== 'scaled' && d.status !== 'ended') throw new StoreError(`status must be scaled or ended, not "${String(d.status)}"`, { field: 'status' });
      const at = d.at === undefined ? nowIso(ctx) : toIso(d.at, 'at');
      const key = parseId(id);
      const row =
        key === null
          ? undefined
          : await db
              .updateTable('pairings')
              .set({ status: d.status, decided_by: by, decided_at: at, decision_note: note })
              .where('id', '=', key)
              .where('status', '=', 'active')
              .returningAll()
              .executeTakeFirst();
      if (row) return toPairing(row);
      const existing = key === null ? undefined : await db.selectFrom('pairings').select('status').where('id', '=', key).executeTakeFirst();
      if (!existing) throw new NotFoundError(`pairingId ${id}: no such pairing`, { field: 'pairingId' });
      throw new ConflictError(`status: pairing ${id} is ${existing.status} already`, { field: 'status' });
    },

    async claimEngagement(pairingId, purpose, periodKey) {
      const values = { pairing_id: requireText(pairingId, 'pairingId'), purpose: requireText(purpose, 'purpose'), period_key: requireText(periodKey, 'periodKey'), engagement_ids: null, claimed_at: nowIso(ctx) };
      const result = await db
        .insertInto('pairing_engagements')
        .values(values)
        .onConflict((oc) => oc.columns(['pairing_id', 'purpose', 'period_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async recordEngagement(pairingId, purpose, periodKey, engagementIds) {
      await db
        .updateTable('pairing_engagements')
        .set({ engagement_ids: encodeJson(engagementIds, 'engagementIds') })
        .where('pairing_id', '=', pairingId)
        .where('purpose', '=', purpose)
        .where('period_key', '=', periodKey)
        .execute();
    },

    async releaseEngagement(pairingId, purpose, periodKey) {
      await db
        .deleteFrom('pairing_engagements')
        .where('pairing_id', '=', pairingId)
        .where('purpose', '=', purpose)
        .where('period_key', '=', periodKey)
        .where('engagement_ids', 'is', null)
        .execute();
    },

    async listEngagements(pairingId) {
      const rows = await db.selectFrom('pairing_engagements').selectAll().where('pairing_id', '=', pairingId).orderBy('purpose').orderBy('period_key').execute();
      return rows.map(toEngagement);
    },
  };
}
