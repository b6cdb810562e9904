// Store contract: account mapping's company index and saved maps (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountMapEntry, NewAccountMap, Store } from '../../../src/store/store';
import { StoreError } from '../../../src/store/store-error';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function accountMappingContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('company index', () => {
    it('upserts, reads, pages by id, counts and removes', async () => {
      await store.companyIndex.upsert([
        { companyId: '30', name: 'Gamma', domain: 'gamma.com', lifecycleStage: 'lead' },
        { companyId: '10', name: 'Alpha', domain: 'alpha.co.uk', lifecycleStage: 'customer' },
        { companyId: '20', name: 'Beta', domain: null, lifecycleStage: null },
      ]);
      expect(await store.companyIndex.get(['20', 'missing'])).toEqual([{ companyId: '20', name: 'Beta', domain: null, lifecycleStage: null, updatedAt: '2026-03-02T09:00:00.000Z' }]);
      const first = await store.companyIndex.page({ limit: 2 });
      expect(first.map((r) => r.companyId)).toEqual(['10', '20']);
      const rest = await store.companyIndex.page({ after: '20', limit: 2 });
      expect(rest.map((r) => r.companyId)).toEqual(['30']);
      expect(await store.companyIndex.count()).toBe(3);
      clock.advance(1000);
      await store.companyIndex.upsert([{ companyId: '10', name: 'Alpha Ltd', domain: 'alpha.com', lifecycleStage: 'lead' }]);
      expect(await store.companyIndex.get(['10'])).toEqual([{ companyId: '10', name: 'Alpha Ltd', domain: 'alpha.com', lifecycleStage: 'lead', updatedAt: '2026-03-02T09:00:01.000Z' }]);
      expect(await store.companyIndex.remove(['30', 'nope'])).toBe(1);
      expect(await store.companyIndex.count()).toBe(2);
    });

    it('removes rows not written since a reconcile started', async () => {
      await store.companyIndex.upsert([
        { companyId: '1', name: 'One', domain: 'one.com', lifecycleStage: null },
        { companyId: '2', name: 'Two', domain: 'two.com', lifecycleStage: null },
      ]);
      clock.advance(60_000);
      const started = clock.now();
      await store.companyIndex.upsert([{ companyId: '2', name: 'Two', domain: 'two.com', lifecycleStage: null }]);
      expect(await store.companyIndex.removeNotUpdatedSince(started)).toBe(1);
      expect((await store.companyIndex.page({ limit: 10 })).map((r) => r.companyId)).toEqual(['2']);
    });

    it('refuses a row without an id, naming the field, and writes nothing of the call', async () => {
      const error = await rejection(store.companyIndex.upsert([{ companyId: '1', name: 'One', domain: null, lifecycleStage: null }, { companyId: '', name: 'x', domain: null, lifecycleStage: null }]));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).field).toBe('companies[1].companyId');
      expect(await store.companyIndex.count()).toBe(0);
    });
  });

  describe('account maps', () => {
    const match = (domain: string, ours: string[], extra: Partial<AccountMapEntry> = {}): AccountMapEntry => ({
      kind: 'match', category: 'customer_overlap', domain, ours, theirRows: [2], icp: null, isNew: true, ...extra,
    });
    const whitespace = (domain: string, extra: Partial<AccountMapEntry> = {}): AccountMapEntry => ({
      kind: 'whitespace', category: 'whitespace', domain, ours: [], theirRows: [5, 9], icp: true, isNew: true, ...extra,
    });
    const map = (partnerId: string, entries: AccountMapEntry[], extra: Partial<NewAccountMap> = {}): NewAccountMap => ({
      partnerId, createdBy: 'cli', hashed: false, summary: { rows: entries.length }, entries, ...extra,
    });

    it('saves a map with its entries and reads it back as saved', async () => {
      const entries = [match('acme.com', ['9000', '9001'], { theirRows: [2, 7] }), match('beta.com', ['12'], { category: 'prospect_overlap', isNew: false }), whitespace('gamma.com', { icp: false })];
      const saved = await store.accountMaps.save(map('p1', entries, { hashed: true }));
      expect(saved).toEqual({ id: expect.any(String), partnerId: 'p1', createdBy: 'cli', createdAt: '2026-03-02T09:00:00.000Z', hashed: true, summary: { rows: 3 }, entryCount: 3, newCount: 2 });
      expect(await store.accountMaps.get(saved.id)).toEqual(saved);
      expect(await store.accountMaps.entries(saved.id)).toEqual(entries);
      expect(await store.accountMaps.get('999999')).toBeNull();
      expect(await store.accountMaps.entries('not-an-id')).toEqual([]);
    });

    it('keeps many entries in order', async () => {
      const entries = Array.from({ length: 1203 }, (_, i) => match(`d${String(i).padStart(5, '0')}.com`, [String(i + 1)]));
      const saved = await store.accountMaps.save(map('p1', entries));
      const back = await store.accountMaps.entries(saved.id);
      expect(back).toHaveLength(1203);
      expect(back[1202]).toEqual(entries[1202]);
    });

    it('finds the latest map per partner and the matches of those maps only', async () => {
      await store.accountMaps.save(map('p1', [match('old.com', ['1'])]));
      clock.advance(1000);
      const p1 = await store.accountMaps.save(map('p1', [match('acme.com', ['9000']), whitespace('w.com')]));
      const p2 = await store.accountMaps.save(map('p2', [match('acme.com', ['9000'], { category: 'prospect_overlap' }), match('zed.com', ['77'])]));
      expect((await store.accountMaps.latest('p1'))?.id).toBe(p1.id);
      expect(await store.accountMaps.latest('p3')).toBeNull();
      expect((await store.accountMaps.listForPartner('p1')).map((m) => m.id)[0]).toBe(p1.id);
      expect((await store.accountMaps.latestPerPartner()).map((m) => [m.partnerId, m.id])).toEqual([['p1', p1.id], ['p2', p2.id]]);
      const all = await store.accountMaps.latestMatches();
      expect(all.map((m) => [m.partnerId, m.domain, m.category, m.ours])).toEqual([
        ['p1', 'acme.com', 'customer_overlap', ['9000']],
        ['p2', 'acme.com', 'prospect_overlap', ['9000']],
        ['p2', 'zed.com', 'customer_overlap', ['77']],
      ]);
      expect((await store.accountMaps.latestMatches({ companyIds: ['77', '1'] })).map((m) => m.domain)).toEqual(['zed.com']);
    });

    it('refuses an entry without a domain, naming it, and stores nothing', async () => {
      const error = await rejection(store.accountMaps.save(map('p1', [match('a.com', ['1']), match('', ['2'])])));
      expect((error as StoreError).field).toBe('entries[1].domain');
      expect(await store.accountMaps.latest('p1')).toBeNull();
    });

    it('keeps the parts of an upload until it is deleted; a part sent again replaces itself; old uploads are pruned', async () => {
      const part = (n: number, rows: string[][]) => ({ part: n, parts: 2, firstRow: 2 + n * 2, header: ['Website', 'Status'], rows });
      expect(await store.accountMaps.putUploadPart('u1', part(1, [['b.com', 'Customer'], ['ü.de', '']]))).toEqual({ received: 1, parts: 2 });
      expect(await store.accountMaps.putUploadPart('u1', part(1, [['b.com', 'Customer'], ['ü.de', 'Prospect']]))).toEqual({ received: 1, parts: 2 });
      expect(await store.accountMaps.putUploadPart('u1', part(0, [['a.com', 'Customer'], ['x', '']]))).toEqual({ received: 2, parts: 2 });
      await store.accountMaps.putUploadPart('u2', part(0, [['c.com', '']]));
      expect(await store.accountMaps.uploadParts('u1')).toEqual([part(0, [['a.com', 'Customer'], ['x', '']]), part(1, [['b.com', 'Customer'], ['ü.de', 'Prospect']])]);
      const error = await rejection(store.accountMaps.putUploadPart('u1', { ...part(0, []), part: 2 }));
      expect((error as StoreError).field).toBe('part');
      await store.accountMaps.deleteUpload('u1');
      expect(await store.accountMaps.uploadParts('u1')).toEqual([]);
      clock.advance(60_000);
      await store.accountMaps.putUploadPart('u3', part(0, []));
      expect(await store.accountMaps.pruneUploads(new Date(clock.now().getTime() - 1000))).toBe(1);
      expect((await store.accountMaps.uploadParts('u3')).length).toBe(1);
      expect(await store.accountMaps.uploadParts('u2')).toEqual([]);
    });

    it('claims a reminder once per partner and map; a released claim can be taken again', async () => {
      expect(await store.accountMaps.claimReminder('p1', '5')).toBe(true);
      expect(await store.accountMaps.claimReminder('p1', '5')).toBe(false);
      await store.accountMaps.releaseReminder('p1', '5');
      expect(await store.accountMaps.claimReminder('p1', '5')).toBe(true);
      await store.accountMaps.setReminderTask('p1', '5', 'task-1');
      await store.accountMaps.releaseReminder('p1', '5');
      expect(await store.accountMaps.getReminder('p1', '5')).toEqual({ taskId: 'task-1', createdAt: '2026-03-02T09:00:00.000Z' });
      expect(await store.accountMaps.claimReminder('p1', '6')).toBe(true);
      expect(await store.accountMaps.getReminder('p2', '5')).toBeNull();
    });
  });
}
