import type { Selectable } from 'kysely';
import type { CompanyIndexTable } from './database-schema';
import type { CompanyIndexRepo, IndexedCompany, IndexedCompanyRow } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { chunks, fromDbTime, IDS_PER_QUERY, requireText, toIso } from './store-codec';
import { StoreError } from './store-error';

// 5 bound parameters per row: far below both dialects' limits.
const ROWS_PER_INSERT = 500;

function toRow(row: Selectable<CompanyIndexTable>): IndexedCompanyRow {
  return { companyId: row.company_id, name: row.name, domain: row.domain, lifecycleStage: row.lifecycle_stage, updatedAt: fromDbTime(row.updated_at) };
}

function validate(c: IndexedCompany, i: number): void {
  requireText(c.companyId, `companies[${i}].companyId`);
  if (typeof c.name !== 'string') throw new StoreError(`companies[${i}].name must be a string`, { field: `companies[${i}].name` });
  if (c.domain !== null && (typeof c.domain !== 'string' || c.domain === '')) throw new StoreError(`companies[${i}].domain must be a non-empty string or null`, { field: `companies[${i}].domain` });
}

const byId = (a: { companyId: string }, b: { companyId: string }) => (a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0);

export function createCompanyIndexRepo(ctx: StoreContext): CompanyIndexRepo {
  const { db } = ctx;
  return {
    async upsert(companies) {
      if (companies.length === 0) return;
      companies.forEach(validate);
      // One row per company (the last one given wins), written in id order so two writers lock rows alike.
      const latest = new Map<string, IndexedCompany>();
      for (const c of companies) latest.set(c.companyId, c);
      const sorted = [...latest.values()].sort(byId);
      const at = nowIso(ctx);
      await atomically(ctx, async (tx) => {
        for (const part of chunks(sorted, ROWS_PER_INSERT)) {
          await tx
            .insertInto('company_index')
            .values(part.map((c) => ({ company_id: c.companyId, name: c.name, domain: c.domain, lifecycle_stage: c.lifecycleStage, updated_at: at })))
            .onConflict((oc) =>
              oc.column('company_id').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                domain: eb.ref('excluded.domain'),
                lifecycle_stage: eb.ref('excluded.lifecycle_stage'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
        }
      });
    },

    async remove(companyIds) {
      let removed = 0;
      for (const part of chunks([...new Set(companyIds)], IDS_PER_QUERY)) {
        const result = await db.deleteFrom('company_index').where('company_id', 'in', part).executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      return removed;
    },

    async get(companyIds) {
      const out: IndexedCompanyRow[] = [];
      for (const part of chunks([...new Set(companyIds)], IDS_PER_QUERY)) {
        const rows = await db.selectFrom('company_index').selectAll().where('company_id', 'in', part).execute();
        out.push(...rows.map(toRow));
      }
      return out.sort(byId);
    },

    async page({ after, limit }) {
      if (!Number.isInteger(limit) || limit < 1) throw new StoreError('limit must be a positive integer', { field: 'limit' });
      let query = db.selectFrom('company_index').selectAll().orderBy('company_id').limit(limit);
      if (after) query = query.where('company_id', '>', after);
      return (await query.execute()).map(toRow);
    },

    async count() {
      const row = await db.selectFrom('company_index').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async removeNotUpdatedSince(before) {
      const at = toIso(before, 'before');
      const result = await db.deleteFrom('company_index').where('updated_at', '<', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
