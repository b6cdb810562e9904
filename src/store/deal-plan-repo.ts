import type { Selectable } from 'kysely';
import type { DealPlansTable } from './database-schema';
import type { DealPlanRepo, DealPlanRow } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { chunks, decodeJson, encodeJson, fromDbTime, IDS_PER_QUERY, isUniqueViolation, requireText } from './store-codec';
import { ConflictError, StoreError } from './store-error';

function toRow(row: Selectable<DealPlansTable>): DealPlanRow {
  return {
    dealId: row.deal_id,
    plan: decodeJson(row.plan),
    revision: Number(row.revision),
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
    createdAt: fromDbTime(row.created_at),
  };
}

export function createDealPlanRepo(ctx: StoreContext): DealPlanRepo {
  const { db } = ctx;
  return {
    async get(dealId) {
      const row = await db.selectFrom('deal_plans').selectAll().where('deal_id', '=', dealId).executeTakeFirst();
      return row ? toRow(row) : null;
    },

    async getMany(dealIds) {
      const out: DealPlanRow[] = [];
      for (const part of chunks([...new Set(dealIds)], IDS_PER_QUERY)) {
        const rows = await db.selectFrom('deal_plans').selectAll().where('deal_id', 'in', part).execute();
        out.push(...rows.map(toRow));
      }
      return out;
    },

    // Each branch is one statement, so concurrent writers are serialised by the database and an
    // expectedRevision check cannot be raced.
    async put(dealId, plan, by, opts = {}) {
      requireText(dealId, 'dealId');
      requireText(by, 'by');
      const json = encodeJson(plan, 'plan');
      const at = nowIso(ctx);
      const expected = opts.expectedRevision;
      if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) {
        throw new StoreError('expectedRevision must be a non-negative integer', { field: 'expectedRevision' });
      }
      const conflict = () =>
        new ConflictError(`revision: the plan of deal ${dealId} changed since revision ${String(expected)}; reload and retry`, { field: 'revision' });

      if (expected === undefined) {
        const row = await db
          .insertInto('deal_plans')
          .values({ deal_id: dealId, plan: json, revision: 1, created_at: at, updated_by: by, updated_at: at })
          .onConflict((oc) =>
            oc.column('deal_id').doUpdateSet((eb) => ({
              plan: eb.ref('excluded.plan'),
              revision: eb('deal_plans.revision', '+', 1),
              updated_by: eb.ref('excluded.updated_by'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRow(row);
      }
      if (expected === 0) {
        try {
          const row = await db
            .insertInto('deal_plans')
            .values({ deal_id: dealId, plan: json, revision: 1, created_at: at, updated_by: by, updated_at: at })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toRow(row);
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict();
          throw error;
        }
      }
      const row = await db
        .updateTable('deal_plans')
        .set((eb) => ({ plan: json, revision: eb('revision', '+', 1), updated_by: by, updated_at: at }))
        .where('deal_id', '=', dealId)
        .where('revision', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict();
      return toRow(row);
    },
  };
}
