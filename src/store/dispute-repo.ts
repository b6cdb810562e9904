import type { Selectable } from 'kysely';
import type { DisputesTable, SplitAdjustmentsTable } from './database-schema';
import type { Dispute, DisputeActor, DisputeRepo, DisputeShare, DisputeStatus, SplitAdjustment } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { chunks, decodeJson, toDateOnly, encodeJson, fromDbTime, fromDbTimeOrNull, idString, parseId, requireText, toIso } from './store-codec';
import { ConflictError, CorruptRowError, NotFoundError, StoreError } from './store-error';

const STATUSES: readonly DisputeStatus[] = ['open', 'upheld', 'rejected'];
const IDS_PER_QUERY = 500;

function toDispute(row: Selectable<DisputesTable>): Dispute {
  const id = idString(row.id);
  const status = row.status as DisputeStatus;
  if (!STATUSES.includes(status)) throw new CorruptRowError({ table: 'disputes', rowId: id, field: 'status', problem: `holds unknown status "${row.status}"` });
  return {
    id,
    dealId: row.deal_id,
    dealName: row.deal_name,
    partners: decodeJson(row.partners) as Dispute['partners'],
    openedBy: { userId: row.opened_by_id, name: row.opened_by_name },
    openedAt: fromDbTime(row.opened_at),
    reason: row.reason,
    claim: row.claim === null ? null : (decodeJson(row.claim) as DisputeShare[]),
    status,
    decisionNote: row.decision_note,
    decidedBy: row.decided_by_id === null ? null : { userId: row.decided_by_id, name: row.decided_by_name ?? row.decided_by_id },
    decidedAt: fromDbTimeOrNull(row.decided_at),
    adjustmentApplied: Number(row.adjustment_applied) === 1,
    alertedAt: fromDbTimeOrNull(row.alerted_at),
    alertTaskId: row.alert_task_id,
  };
}

function toAdjustment(row: Selectable<SplitAdjustmentsTable>): SplitAdjustment {
  return {
    dealId: row.deal_id,
    disputeId: row.dispute_id,
    shares: decodeJson(row.shares) as SplitAdjustment['shares'],
    note: row.note,
    setBy: { userId: row.set_by_id, name: row.set_by_name },
    setAt: fromDbTime(row.set_at),
  };
}

function requireActor(actor: DisputeActor | undefined, field: string): DisputeActor {
  return { userId: requireText(actor?.userId, `${field}.userId`), name: requireText(actor?.name, `${field}.name`) };
}

export function createDisputeRepo(ctx: StoreContext): DisputeRepo {
  const { db } = ctx;
  return {
    async open(d) {
      const openedBy = requireActor(d.openedBy, 'openedBy');
      if (typeof d.reason !== 'string' || d.reason.trim() === '') throw new StoreError('reason must be a non-empty string', { field: 'reason' });
      const row = await db
        .insertInto('disputes')
        .values({
          deal_id: requireText(d.dealId, 'dealId'),
          deal_name: requireText(d.dealName, 'dealName'),
          partners: encodeJson(d.partners, 'partners'),
          opened_by_id: openedBy.userId,
          opened_by_name: openedBy.name,
          opened_at: d.openedAt === undefined ? nowIso(ctx) : toIso(d.openedAt, 'openedAt'),
          reason: d.reason,
          claim: d.claim === null ? null : encodeJson(d.claim, 'claim'),
          status: 'open',
          adjustment_applied: 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDispute(row);
    },

    async get(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('disputes').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toDispute(row) : null;
    },

    async list(filter = {}) {
      let query = db.selectFrom('disputes').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.dealId !== undefined) query = query.where('deal_id', '=', filter.dealId);
      const rows = await query.orderBy('id').execute();
      return rows.map(toDispute);
    },

    async decide(id, d) {
      if (d.status !== 'upheld' && d.status !== 'rejected') throw new StoreError('status must be upheld or rejected', { field: 'status' });
      if (typeof d.note !== 'string' || d.note.trim() === '') throw new StoreError('note must be a non-empty string', { field: 'note' });
      if (d.adjustment !== undefined && d.status !== 'upheld') throw new StoreError('adjustment: only an upheld dispute sets the split', { field: 'adjustment' });
      const by = requireActor(d.by, 'by');
      const at = d.at === undefined ? nowIso(ctx) : toIso(d.at, 'at');
      const key = parseId(id);
      return atomically(ctx, async (tx) => {
        const row =
          key === null
            ? undefined
            : await tx
                .updateTable('disputes')
                .set({
                  status: d.status,
                  decision_note: d.note,
                  decided_by_id: by.userId,
                  decided_by_name: by.name,
                  decided_at: at,
                  adjustment_applied: d.adjustment === undefined ? 0 : 1,
                })
                .where('id', '=', key)
                .where('status', '=', 'open')
                .returningAll()
                .executeTakeFirst();
        if (!row) {
          const existing = key === null ? undefined : await tx.selectFrom('disputes').select('status').where('id', '=', key).executeTakeFirst();
          if (!existing) throw new NotFoundError(`disputeId ${id}: no such dispute`, { field: 'disputeId' });
          throw new ConflictError(`status: dispute ${id} is already ${existing.status}`, { field: 'status' });
        }
        const dispute = toDispute(row);
        if (d.adjustment === undefined) return { dispute, adjustment: null };
        const values = {
          deal_id: dispute.dealId,
          dispute_id: dispute.id,
          shares: encodeJson(d.adjustment, 'adjustment'),
          note: d.note,
          set_by_id: by.userId,
          set_by_name: by.name,
          set_at: at,
        };
        await tx
          .insertInto('split_adjustments')
          .values(values)
          .onConflict((oc) =>
            oc.column('deal_id').doUpdateSet((eb) => ({
              dispute_id: eb.ref('excluded.dispute_id'),
              shares: eb.ref('excluded.shares'),
              note: eb.ref('excluded.note'),
              set_by_id: eb.ref('excluded.set_by_id'),
              set_by_name: eb.ref('excluded.set_by_name'),
              set_at: eb.ref('excluded.set_at'),
            })),
          )
          .execute();
        return { dispute, adjustment: toAdjustment(values) };
      });
    },

    async markAlerted(id, taskId, at) {
      const key = parseId(id);
      if (key === null) return false;
      const result = await db
        .updateTable('disputes')
        .set({ alerted_at: at === undefined ? nowIso(ctx) : toIso(at, 'at'), alert_task_id: requireText(taskId, 'taskId') })
        .where('id', '=', key)
        .where('status', '=', 'open')
        .where('alerted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async adjustmentsFor(dealIds) {
      const out: SplitAdjustment[] = [];
      for (const part of chunks([...new Set(dealIds)], IDS_PER_QUERY)) {
        const rows = await db.selectFrom('split_adjustments').selectAll().where('deal_id', 'in', part).execute();
        out.push(...rows.map(toAdjustment));
      }
      return out;
    },

    async disputedDealIds(dealIds) {
      const out = new Set<string>();
      for (const part of chunks([...new Set(dealIds)], IDS_PER_QUERY)) {
        const rows = await db.selectFrom('disputes').select('deal_id').distinct().where('deal_id', 'in', part).execute();
        for (const r of rows) out.add(r.deal_id);
      }
      return [...out].sort();
    },

    async closedDealsBetween(from, to) {
      const rows = await db
        .selectFrom('account_index')
        .select(['deal_id', 'status', 'close_date', 'partner_ids'])
        .where('status', 'in', ['won', 'lost'])
        .where('close_date', '>=', toDateOnly(from, 'from'))
        // Exclusive next day, so a close date stored with a time of day on `to` still counts.
        .where('close_date', '<', new Date(Date.parse(`${toDateOnly(to, 'to')}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
        .orderBy('deal_id')
        .execute();
      return rows.map((r) => ({ dealId: r.deal_id, status: r.status as 'won' | 'lost', closeDate: String(r.close_date).slice(0, 10), partnerIds: decodeJson(r.partner_ids) as string[] }));
    },
  };
}
