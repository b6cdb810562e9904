import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '.';
import { registerStoreContract } from '../../test/support/store-contract';

registerStoreContract(
  'SQLite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    // A nested path proves createStore makes the directories it needs.
    const sqlitePath = join(dir, 'nested', 'cosell.db');
    return {
      open: ({ now }) => createStore({ sqlitePath, now }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { shared: true, concurrentWriters: false },
);

registerStoreContract(
  'SQLite :memory:',
  async () => ({ open: ({ now }) => createStore({ sqlitePath: ':memory:', now }), cleanup: async () => undefined }),
  { shared: false, concurrentWriters: false },
);

describe('SQLite store file', () => {
  it('runs in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    const store = await createStore({ sqlitePath: join(dir, 'wal.db') });
    try {
      const { KyselyStore } = await import('./kysely-store');
      if (!(store instanceof KyselyStore)) throw new Error('expected the Kysely store');
      const { sql } = await import('kysely');
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 0002_account_index', () => {
  it('drops the old JSON account index and the reconcile cursor (so the next reconcile is a full rebuild), keeping other cursors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    const sqlitePath = join(dir, 'upgrade.db');
    try {
      // A database as the previous release left it: only 0001 applied, the index in a cursor.
      const { Kysely, Migrator, SqliteDialect, sql } = await import('kysely');
      const { default: BetterSqlite3 } = await import('better-sqlite3');
      const { createMigrations } = await import('./migrations');
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(sqlitePath) }) });
      const migrations = createMigrations('sqlite');
      const result = await new Migrator({ db: old, provider: { getMigrations: async () => ({ '0001_initial': migrations['0001_initial']! }) } }).migrateToLatest();
      expect(result.error).toBeUndefined();
      const at = '2026-03-01T00:00:00.000Z';
      await sql`insert into cursors (name, value, updated_at) values ('cosell:account-index:v1', '{"deals":{}}', ${at}), ('reconcile:last-run', ${at}, ${at}), ('other', 'kept', ${at})`.execute(old);
      await old.destroy();

      const store = await createStore({ sqlitePath });
      try {
        expect(await store.cursors.get('cosell:account-index:v1')).toBeNull();
        expect(await store.cursors.get('reconcile:last-run')).toBeNull();
        expect(await store.cursors.get('other')).toBe('kept');
        expect(await store.accountIndex.listOpen()).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 0006_idempotency_and_registration_lifecycle', () => {
  it('gives registrations made before it the default 90-day term from when they were made, keeping them open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    const sqlitePath = join(dir, 'upgrade.db');
    try {
      const { Kysely, Migrator, SqliteDialect, sql } = await import('kysely');
      const { default: BetterSqlite3 } = await import('better-sqlite3');
      const { createMigrations } = await import('./migrations');
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(sqlitePath) }) });
      const m = createMigrations('sqlite');
      const before = { '0001_initial': m['0001_initial']!, '0002_account_index': m['0002_account_index']! };
      expect((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
      await sql`insert into registrations (deal_id, snapshot, registered_by, registered_at, status) values ('d1', '{"partners":[]}', 'u1', '2026-03-01T10:00:00.000Z', 'open')`.execute(old);
      await old.destroy();

      const store = await createStore({ sqlitePath, now: () => new Date('2026-04-01T00:00:00.000Z') });
      try {
        const reg = await store.registrations.latestForDeal('d1');
        expect(reg).toMatchObject({ status: 'open', expiresAt: '2026-05-30T10:00:00.000Z', withdrawnAt: null, renewedAt: null });
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d1']);
        expect(await store.registrations.listOpen({ at: '2026-05-30T10:00:00.000Z' })).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 0010_account_keys', () => {
  it('gives the account index rows written before it their account keys, so they are found by key at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    const sqlitePath = join(dir, 'upgrade.db');
    try {
      const { Kysely, Migrator, SqliteDialect, sql } = await import('kysely');
      const { default: BetterSqlite3 } = await import('better-sqlite3');
      const { createMigrations } = await import('./migrations');
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(sqlitePath) }) });
      const m = createMigrations('sqlite');
      const before = Object.fromEntries(Object.entries(m).filter(([name]) => name < '0010'));
      expect(Object.keys(before)).toContain('0008_account_index_company_name');
      expect((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
      const at = '2026-03-01T00:00:00.000Z';
      const rows: Array<[string, string, string | null, string | null]> = [
        ['hq-deal', 'hq', null, null],
        ['child-deal', 'eu', 'hq', 'eu.acme.com'],
        ['domain-deal', 'c7', null, 'www.acme.com'],
        ['elsewhere', 'c8', 'other-hq', 'other.com'],
      ];
      for (const [dealId, companyId, parentId, domain] of rows) {
        await sql`insert into account_index (deal_id, name, status, close_date, partner_ids, partner_names, company_id, domain, parent_company_id, updated_at)
          values (${dealId}, ${dealId}, 'open', null, '["p1","p2"]', '{}', ${companyId}, ${domain}, ${parentId}, ${at})`.execute(old);
      }
      // More rows than one back-fill page (filler-0000 … filler-1099), so the paging is exercised too.
      await sql`insert into account_index (deal_id, name, status, close_date, partner_ids, partner_names, company_id, domain, parent_company_id, updated_at)
        with recursive n(i) as (select 0 union all select i + 1 from n where i < 1099)
        select 'filler-' || substr('000' || i, -4), 'filler', 'open', null, '["p1","p2"]', '{}', 'f' || i, null, null, ${at} from n`.execute(old);
      await old.destroy();

      const store = await createStore({ sqlitePath });
      try {
        const ids = async (account: { companyId?: string; domain?: string; parentCompanyId?: string }) =>
          (await store.accountIndex.listSharingAccounts([{ companyId: null, domain: null, parentCompanyId: null, ...account }])).map((e) => e.dealId);
        expect(await ids({ companyId: 'hq' })).toEqual(['child-deal', 'hq-deal']);
        expect(await ids({ domain: 'acme.com' })).toEqual(['child-deal', 'domain-deal']);
        expect(await ids({ companyId: 'f1099' })).toEqual(['filler-1099']);
        expect(await ids({ companyId: 'nobody' })).toEqual([]);
        const db = (store as unknown as { db: InstanceType<typeof Kysely<unknown>> }).db;
        const count = await sql<{ n: number }>`select count(*) as n from account_keys`.execute(db);
        // hq: 2 keys; child: company, 2 trees, domain; domain-deal: 3; elsewhere: 4; fillers: 2 each.
        expect(Number(count.rows[0]?.n)).toBe(2 + 4 + 3 + 4 + 1100 * 2);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
