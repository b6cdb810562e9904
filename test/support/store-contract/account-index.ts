// Store contract: account index (run on SQLite and Postgres by ./index.ts).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { KyselyStore } from '../../../src/store/kysely-store';
import type { NewAccountIndexEntry } from '../../../src/store/store';
import { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

/** The Kysely handle behind a store, for tests that look at rows the port does not expose. */
function dbOf(store: Store): Kysely<unknown> {
  if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
  return store.db as unknown as Kysely<unknown>;
}

export function accountIndexContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });
  const open = h.open;
  const capabilities = h.capabilities;

  describe('account index', () => {
    const entry = (dealId: string, account: Partial<NewAccountIndexEntry['account']>, extra: Partial<NewAccountIndexEntry> = {}): NewAccountIndexEntry => ({
      dealId,
      name: `Deal ${dealId}`,
      status: 'open',
      closeDate: null,
      partnerIds: ['p1', 'p2'],
      partnerNames: { p1: 'One', p2: 'Two' },
      account: { companyId: null, domain: null, parentCompanyId: null, ...account },
      ...extra,
    });
    const dealIds = (rows: Array<{ dealId: string }>) => rows.map((r) => r.dealId);

    it('upserts one row per deal, replaces it, reads it back, removes it', async () => {
      await store.accountIndex.upsert([entry('d1', { companyId: 'c1', domain: 'acme.com' }, { closeDate: '2026-03-31', partnerNames: { p1: 'Ünø', p2: 'Two' } })]);
      expect(await store.accountIndex.get(['d1', 'missing'])).toEqual([
        {
          dealId: 'd1', name: 'Deal d1', status: 'open', closeDate: '2026-03-31', partnerIds: ['p1', 'p2'], partnerNames: { p1: 'Ünø', p2: 'Two' },
          account: { companyId: 'c1', domain: 'acme.com', parentCompanyId: null }, updatedAt: '2026-03-02T09:00:00.000Z',
        },
      ]);
      clock.advance(1000);
      await store.accountIndex.upsert([entry('d1', { companyId: 'c9' }, { status: 'won', partnerIds: ['p3'] }), entry('d2', { companyId: 'c2' })]);
      const [d1] = await store.accountIndex.get(['d1']);
      expect(d1).toMatchObject({ status: 'won', partnerIds: ['p3'], account: { companyId: 'c9', domain: null }, updatedAt: '2026-03-02T09:00:01.000Z' });
      expect(dealIds(await store.accountIndex.listOpen())).toEqual(['d2']);
      expect(await store.accountIndex.remove(['d1', 'nope'])).toBe(1);
      expect(dealIds(await store.accountIndex.get(['d1', 'd2']))).toEqual(['d2']);
      expect(dealIds(await store.accountIndex.listByPartner('p3'))).toEqual([]);
    });

    it('keeps the customer company name for conflict text, and replaces or drops it with the row', async () => {
      await store.accountIndex.upsert([entry('d1', { companyId: 'c1', companyName: 'Acme Corp' })]);
      expect((await store.accountIndex.get(['d1']))[0]?.account).toEqual({ companyId: 'c1', domain: null, parentCompanyId: null, companyName: 'Acme Corp' });
      await store.accountIndex.upsert([entry('d1', { companyId: 'c1' })]);
      expect((await store.accountIndex.get(['d1']))[0]?.account).toEqual({ companyId: 'c1', domain: null, parentCompanyId: null });
    });

    it('lists the deals sharing an account: same company, parent/child, siblings, same domain — nothing else', async () => {
      await store.accountIndex.upsert([
        entry('same-company', { companyId: 'c1' }),
        entry('child', { companyId: 'c2', parentCompanyId: 'c1' }),
        entry('sibling', { companyId: 'c3', parentCompanyId: 'parent' }),
        entry('parent', { companyId: 'parent' }),
        entry('same-domain', { companyId: 'c4', domain: 'acme.com' }),
        entry('unrelated', { companyId: 'c5', domain: 'other.com', parentCompanyId: 'c6' }),
        entry('no-account', {}),
      ]);
      expect(dealIds(await store.accountIndex.listSharingAccounts([{ companyId: 'c1', domain: null, parentCompanyId: null }]))).toEqual(['child', 'same-company']);
      expect(dealIds(await store.accountIndex.listSharingAccounts([{ companyId: 'c7', domain: null, parentCompanyId: 'parent' }]))).toEqual(['parent', 'sibling']);
      expect(dealIds(await store.accountIndex.listSharingAccounts([{ companyId: null, domain: 'acme.com', parentCompanyId: null }]))).toEqual(['same-domain']);
      expect(
        dealIds(await store.accountIndex.listSharingAccounts([
          { companyId: 'c1', domain: null, parentCompanyId: null },
          { companyId: null, domain: 'acme.com', parentCompanyId: null },
        ])),
      ).toEqual(['child', 'same-company', 'same-domain']);
      expect(await store.accountIndex.listSharingAccounts([{ companyId: null, domain: null, parentCompanyId: null }])).toEqual([]);
      expect(await store.accountIndex.listSharingAccounts([])).toEqual([]);
    });

    it('stores each entry\'s account keys as rows, replaced with the entry and removed with it', async () => {
      const keysOf = async (dealId: string) =>
        (await sql<{ key: string }>`select key from account_keys where deal_id = ${dealId} order by key`.execute(dbOf(store))).rows.map((r) => r.key);
      await store.accountIndex.upsert([entry('d1', { companyId: 'c2', parentCompanyId: 'c1', domain: 'https://www.Acme.com/eu' })]);
      expect(await keysOf('d1')).toEqual(['company:c2', 'domain:acme.com', 'tree:c1', 'tree:c2']);
      await store.accountIndex.upsert([entry('d1', { companyId: 'c9', domain: 'localhost' })]);
      expect(await keysOf('d1')).toEqual(['company:c9', 'tree:c9']);
      expect(await store.accountIndex.listSharingAccounts([{ companyId: 'c1', domain: null, parentCompanyId: null }])).toEqual([]);
      expect(await store.accountIndex.listSharingAccounts([{ companyId: null, domain: 'acme.com', parentCompanyId: null }])).toEqual([]);
      await store.accountIndex.remove(['d1']);
      expect(await keysOf('d1')).toEqual([]);
    });

    it('a transaction that fails after an upsert leaves neither the entry nor its keys', async () => {
      await rejection(
        store.transaction(async (tx) => {
          await tx.accountIndex.upsert([entry('d1', { companyId: 'c1' })]);
          throw new Error('boom');
        }),
      );
      expect(await store.accountIndex.listSharingAccounts([{ companyId: 'c1', domain: null, parentCompanyId: null }])).toEqual([]);
      expect((await sql<{ n: number }>`select count(*) as n from account_keys`.execute(dbOf(store))).rows.map((r) => Number(r.n))).toEqual([0]);
    });

    it('matches a parent with its children, siblings with each other, and nothing further up or across the tree', async () => {
      await store.accountIndex.upsert([
        entry('hq', { companyId: 'hq' }),
        entry('europe', { companyId: 'eu', parentCompanyId: 'hq' }),
        entry('nordics', { companyId: 'no', parentCompanyId: 'hq' }),
        entry('oslo', { companyId: 'osl', parentCompanyId: 'no' }),
        entry('other-group', { companyId: 'x1', parentCompanyId: 'other-hq' }),
      ]);
      const sharing = async (account: Partial<NewAccountIndexEntry['account']>) =>
        dealIds(await store.accountIndex.listSharingAccounts([{ companyId: null, domain: null, parentCompanyId: null, ...account }]));
      expect(await sharing({ companyId: 'hq' })).toEqual(['europe', 'hq', 'nordics']);
      expect(await sharing({ companyId: 'eu', parentCompanyId: 'hq' })).toEqual(['europe', 'hq', 'nordics']);
      // Nordics is Oslo's parent and Europe's sibling; Oslo and HQ are two levels apart.
      expect(await sharing({ companyId: 'no', parentCompanyId: 'hq' })).toEqual(['europe', 'hq', 'nordics', 'oslo']);
      expect(await sharing({ companyId: 'osl', parentCompanyId: 'no' })).toEqual(['nordics', 'oslo']);
      expect(await sharing({ companyId: 'x2', parentCompanyId: 'third-hq' })).toEqual([]);
    });

    it('keeps the parent company\'s name for conflict text', async () => {
      await store.accountIndex.upsert([entry('d1', { companyId: 'eu', companyName: 'Acme Europe', parentCompanyId: 'hq', parentCompanyName: 'Acme Corp' })]);
      expect((await store.accountIndex.get(['d1']))[0]?.account).toEqual({
        companyId: 'eu', domain: null, parentCompanyId: 'hq', companyName: 'Acme Europe', parentCompanyName: 'Acme Corp',
      });
    });

    it('answers more account keys than one statement can bind', async () => {
      const many = Array.from({ length: 1200 }, (_, i) => entry(`d${i}`, { companyId: `c${i}` }));
      await store.accountIndex.upsert(many);
      const found = await store.accountIndex.listSharingAccounts(many.map((e) => e.account));
      expect(found.length).toBe(1200);
    });

    it('lists a partner\'s deals and follows partner changes', async () => {
      await store.accountIndex.upsert([entry('d1', {}, { partnerIds: ['p1', 'p2'] }), entry('d2', {}, { partnerIds: ['p2'] }), entry('d3', {}, { partnerIds: ['p3'] })]);
      expect(dealIds(await store.accountIndex.listByPartner('p2'))).toEqual(['d1', 'd2']);
      await store.accountIndex.upsert([entry('d1', {}, { partnerIds: ['p1'] })]);
      expect(dealIds(await store.accountIndex.listByPartner('p2'))).toEqual(['d2']);
      expect(dealIds(await store.accountIndex.listByPartner('p1'))).toEqual(['d1']);
    });

    it('refuses an entry without a deal id or with an unknown status, naming the field', async () => {
      const err = await rejection(store.accountIndex.upsert([entry('d1', {}), entry('', {})]));
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).field).toBe('entries[1].dealId');
      const bad = await rejection(store.accountIndex.upsert([entry('d1', {}, { status: 'maybe' as never })]));
      expect((bad as StoreError).field).toBe('entries[0].status');
      expect(await store.accountIndex.get(['d1'])).toEqual([]);
    });

    it('keeps every writer\'s rows when writers race (no read-modify-write of one shared value)', async () => {
      // Several connections with overlapping transactions where the database allows them (Postgres).
      const stores = capabilities.concurrentWriters ? [store, await open(), await open()] : [store];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.transaction(async (tx) => tx.accountIndex.upsert([entry(`d${i}`, { companyId: 'shared' })]))),
      );
      expect((await store.accountIndex.listSharingAccounts([{ companyId: 'shared', domain: null, parentCompanyId: null }])).length).toBe(12);
    });
  });
}
