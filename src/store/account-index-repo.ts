import type { Kysely, Selectable } from 'kysely';
import type { AccountIndexTable, Database } from './database-schema';
import { accountKeysOf } from '../domain/account-keys';
import type { AccountIndexEntry, AccountIndexRepo, AccountIndexStatus, DealAccount, NewAccountIndexEntry } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { chunks, decodeJson, encodeJson, fromDbTime, IDS_PER_QUERY, requireText } from './store-codec';
import { StoreError } from './store-error';

const STATUSES: readonly AccountIndexStatus[] = ['open', 'won', 'lost'];

// Bound parameters per statement stay far below SQLite's (32766) and Postgres' (65535) limits.
const ROWS_PER_INSERT = 200;

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new Error(`account_index.${field} is not a string array`);
  return value;
}

function stringRecord(value: unknown, field: string): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new Error(`account_index.${field} is not a string map`);
  }
  return value as Record<string, string>;
}

function toEntry(row: Selectable<AccountIndexTable>): AccountIndexEntry {
  if (!(STATUSES as readonly string[]).includes(row.status)) throw new Error(`account_index.status holds unknown status ${row.status}`);
  return {
    dealId: row.deal_id,
    name: row.name,
    status: row.status as AccountIndexStatus,
    closeDate: row.close_date,
    partnerIds: stringArray(decodeJson(row.partner_ids), 'partner_ids'),
    partnerNames: stringRecord(decodeJson(row.partner_names), 'partner_names'),
    account: {
      companyId: row.company_id,
      domain: row.domain,
      parentCompanyId: row.parent_company_id,
      ...(row.company_name ? { companyName: row.company_name } : {}),
      ...(row.parent_company_name ? { parentCompanyName: row.parent_company_name } : {}),
    },
    updatedAt: fromDbTime(row.updated_at),
  };
}

function validate(e: NewAccountIndexEntry, i: number): void {
  requireText(e.dealId, `entries[${i}].dealId`);
  if (typeof e.name !== 'string') throw new StoreError(`entries[${i}].name must be a string`, { field: `entries[${i}].name` });
  if (!STATUSES.includes(e.status)) throw new StoreError(`entries[${i}].status must be one of ${STATUSES.join(', ')}`, { field: `entries[${i}].status` });
  if (!Array.isArray(e.partnerIds) || !e.partnerIds.every((p) => typeof p === 'string' && p !== '')) {
    throw new StoreError(`entries[${i}].partnerIds must be non-empty strings`, { field: `entries[${i}].partnerIds` });
  }
}

function byDealId(a: AccountIndexEntry, b: AccountIndexEntry): number {
  return a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0;
}

export function createAccountIndexRepo(ctx: StoreContext): AccountIndexRepo {
  const { db } = ctx;

  async function removeIn(handle: Kysely<Database>, dealIds: string[]): Promise<number> {
    let removed = 0;
    for (const part of chunks(dealIds, IDS_PER_QUERY)) {
      // Explicit, not only ON DELETE CASCADE: SQLite enforces it only with foreign_keys on.
      await handle.deleteFrom('account_index_partners').where('deal_id', 'in', part).execute();
      await handle.deleteFrom('account_keys').where('deal_id', 'in', part).execute();
      const result = await handle.deleteFrom('account_index').where('deal_id', 'in', part).executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }

  return {
    async upsert(entries) {
      if (entries.length === 0) return;
      entries.forEach(validate);
      // One row per deal (the last entry wins), written in dealId order so two writers lock rows
      // in the same order on Postgres and cannot deadlock each other.
      const latest = new Map<string, NewAccountIndexEntry>();
      for (const e of entries) latest.set(e.dealId, e);
      const sorted = [...latest.values()].sort((a, b) => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0));
      const at = nowIso(ctx);
      await atomically(ctx, async (tx) => {
        for (const part of chunks(sorted, ROWS_PER_INSERT)) {
          await tx
            .insertInto('account_index')
            .values(
              part.map((e) => ({
                deal_id: e.dealId,
                name: e.name,
                status: e.status,
                close_date: e.closeDate,
                partner_ids: encodeJson([...new Set(e.partnerIds)], 'partnerIds'),
                partner_names: encodeJson(e.partnerNames ?? {}, 'partnerNames'),
                company_id: e.account.companyId,
                domain: e.account.domain,
                parent_company_id: e.account.parentCompanyId,
                company_name: e.account.companyName ?? null,
                parent_company_name: e.account.parentCompanyName ?? null,
                updated_at: at,
              })),
            )
            .onConflict((oc) =>
              oc.column('deal_id').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                status: eb.ref('excluded.status'),
                close_date: eb.ref('excluded.close_date'),
                partner_ids: eb.ref('excluded.partner_ids'),
                partner_names: eb.ref('excluded.partner_names'),
                company_id: eb.ref('excluded.company_id'),
                domain: eb.ref('excluded.domain'),
                parent_company_id: eb.ref('excluded.parent_company_id'),
                company_name: eb.ref('excluded.company_name'),
                parent_company_name: eb.ref('excluded.parent_company_name'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
          await tx.deleteFrom('account_index_partners').where('deal_id', 'in', part.map((e) => e.dealId)).execute();
          const links = part.flatMap((e) => [...new Set(e.partnerIds)].map((partnerId) => ({ deal_id: e.dealId, partner_id: partnerId })));
          for (const linkPart of chunks(links, ROWS_PER_INSERT * 4)) await tx.insertInto('account_index_partners').values(linkPart).execute();
          // The entry's account keys, defined once in the domain, replaced with the row.
          await tx.deleteFrom('account_keys').where('deal_id', 'in', part.map((e) => e.dealId)).execute();
          const keys = part.flatMap((e) => accountKeysOf(e.account).map((key) => ({ deal_id: e.dealId, key })));
          for (const keyPart of chunks(keys, ROWS_PER_INSERT * 4)) await tx.insertInto('account_keys').values(keyPart).execute();
        }
      });
    },

    async remove(dealIds) {
      const ids = [...new Set(dealIds)];
      if (ids.length === 0) return 0;
      return atomically(ctx, (tx) => removeIn(tx, ids));
    },

    async get(dealIds) {
      const ids = [...new Set(dealIds)];
      const out: AccountIndexEntry[] = [];
      for (const part of chunks(ids, IDS_PER_QUERY)) {
        const rows = await db.selectFrom('account_index').selectAll().where('deal_id', 'in', part).execute();
        out.push(...rows.map(toEntry));
      }
      return out.sort(byDealId);
    },

    async listSharingAccounts(accounts: DealAccount[]) {
      const keys = [...new Set(accounts.flatMap((a) => accountKeysOf(a)))];
      const found = new Map<string, AccountIndexEntry>();
      for (const part of chunks(keys, IDS_PER_QUERY)) {
        // An equality join on account_keys.key (its index), whatever kind of key matched.
        const rows = await db
          .selectFrom('account_index')
          .selectAll('account_index')
          .where('deal_id', 'in', (eb) => eb.selectFrom('account_keys').select('account_keys.deal_id').where('account_keys.key', 'in', part))
          .execute();
        for (const row of rows) if (!found.has(row.deal_id)) found.set(row.deal_id, toEntry(row));
      }
      return [...found.values()].sort(byDealId);
    },

    async listOpen() {
      const rows = await db.selectFrom('account_index').selectAll().where('status', '=', 'open').orderBy('deal_id').execute();
      return rows.map(toEntry);
    },

    async listByPartner(partnerId) {
      requireText(partnerId, 'partnerId');
      const rows = await db
        .selectFrom('account_index')
        .selectAll('account_index')
        .where('deal_id', 'in', (eb) => eb.selectFrom('account_index_partners').select('deal_id').where('partner_id', '=', partnerId))
        .orderBy('deal_id')
        .execute();
      return rows.map(toEntry);
    },
  };
}
