// The one contract suite every Store adapter must pass "One contract test suite runs
// against both". store.sqlite.test.ts and store.pg.test.ts call registerStoreContract with a
// factory for a fresh, empty database per test.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KyselyStore } from '../../src/store/kysely-store';
import { migrateToLatest } from '../../src/store/migrations';
import type { NewAccountIndexEntry, NewInboxItem, Store } from '../../src/store/store';
import { ConflictError, NotFoundError, StoreError } from '../../src/store/store-error';

export interface TestDatabase {
  /** Opens a store on this test's database. With `shared`, every call reaches the same data. */
  open(opts: { now: () => Date }): Promise<Store>;
  /** Drops whatever `open` created (temp files, schemas). Stores are closed by the suite first. */
  cleanup(): Promise<void>;
}

export interface StoreCapabilities {
  /** True when a second `open` sees the first one's data (false for ':memory:'). */
  shared: boolean;
  /** True when two stores can hold overlapping write transactions (Postgres, not SQLite). */
  concurrentWriters: boolean;
}

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function createTestClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = new Date(iso).getTime();
    },
  };
}

function event(dedupeKey: string, subject = 'deal:1', extra: Partial<NewInboxItem> = {}): NewInboxItem {
  return { dedupeKey, kind: 'event', subject, payload: { dedupeKey }, occurredAt: '2026-03-02T08:59:00.000Z', ...extra };
}

function ids(items: Array<{ id: string }>): string[] {
  return items.map((i) => i.id).sort();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

/**
 * Registers the contract `describe` blocks.
 * @example registerStoreContract('sqlite file', makeTempSqlite, { shared: true, concurrentWriters: false });
 */
export function registerStoreContract(name: string, makeDatabase: () => Promise<TestDatabase>, capabilities: StoreCapabilities): void {
  describe(`Store contract: ${name}`, () => {
    let database: TestDatabase;
    let clock: TestClock;
    let store: Store;
    const opened: Store[] = [];

    async function open(): Promise<Store> {
      const s = await database.open({ now: clock.now });
      opened.push(s);
      return s;
    }

    beforeEach(async () => {
      clock = createTestClock();
      database = await makeDatabase();
      store = await open();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await database.cleanup();
    });

    describe('lifecycle', () => {
      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('applies migrations idempotently: starting twice keeps the data and re-runs nothing', async () => {
        await store.cursors.set('c', 'kept');
        if (capabilities.shared) {
          const second = await open();
          expect(await second.cursors.get('c')).toBe('kept');
          const third = await open();
          expect(await third.cursors.get('c')).toBe('kept');
        }
        if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
        if (store.dialect === 'sqlite') {
          // Same handle, second run: nothing left to apply, no error.
          const again = await migrateToLatest(store.db as unknown as Kysely<unknown>, 'sqlite');
          expect(again.error).toBeUndefined();
          expect(again.results).toEqual([]);
        }
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
        expect(applied.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_account_index', '0004_ledger_chain', '0006_idempotency_and_registration_lifecycle', '0008_account_index_company_name']);
      });
    });

    describe('rule sets', () => {
      const ruleSet = (version: string) => ({ version, effectiveFrom: '2026-04-01', poolRate: '0.25', weights: { sourcing: 40 } });

      it('drafts, updates and publishes; the draft is consumed', async () => {
        const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('2026.1'), createdBy: 'user:1', basedOnVersion: '2025.4' });
        expect(draft).toMatchObject({ ruleSet: ruleSet('2026.1'), createdBy: 'user:1', basedOnVersion: '2025.4', createdAt: clock.now().toISOString() });
        clock.advance(1000);
        const updated = await store.ruleSets.updateDraft(draft.id, { ...ruleSet('2026.1'), poolRate: '0.3' }, 'user:2');
        expect(updated).toMatchObject({ id: draft.id, updatedBy: 'user:2', updatedAt: clock.now().toISOString(), createdBy: 'user:1' });
        expect(await store.ruleSets.listDrafts()).toEqual([updated]);

        const published = await store.ruleSets.publish(draft.id, 'user:3');
        expect(published).toEqual({
          version: '2026.1',
          ruleSet: { ...ruleSet('2026.1'), poolRate: '0.3' },
          effectiveFrom: '2026-04-01',
          basedOnVersion: '2025.4',
          draftId: draft.id,
          draftCreatedBy: 'user:1',
          publishedBy: 'user:3',
          publishedAt: clock.now().toISOString(),
        });
        expect(await store.ruleSets.getDraft(draft.id)).toBeNull();
        expect(await store.ruleSets.listDrafts()).toEqual([]);
        expect(await store.ruleSets.getPublished('2026.1')).toEqual(published);
        const err = await rejection(store.ruleSets.updateDraft(draft.id, ruleSet('x'), 'user:1'));
        expect(err).toBeInstanceOf(NotFoundError);
        expect((err as StoreError).field).toBe('draftId');
      });

      it('rejects publishing a version twice and leaves the second draft in place', async () => {
        const first = await store.ruleSets.createDraft({ ruleSet: ruleSet('v1'), createdBy: 'u' });
        await store.ruleSets.publish(first.id, 'u');
        const second = await store.ruleSets.createDraft({ ruleSet: { ...ruleSet('v1'), poolRate: '0.5' }, createdBy: 'u' });
        const err = await rejection(store.ruleSets.publish(second.id, 'u'));
        expect(err).toBeInstanceOf(ConflictError);
        expect((err as StoreError).field).toBe('version');
        expect(await store.ruleSets.getDraft(second.id)).not.toBeNull();
        expect((await store.ruleSets.getPublished('v1'))?.ruleSet).toEqual(ruleSet('v1'));

        const renamed = await store.ruleSets.publish(second.id, 'u', { version: 'v2' });
        expect(renamed.version).toBe('v2');
        expect((await store.ruleSets.listPublished()).map((p) => p.version)).toEqual(['v1', 'v2']);
      });

      it('names the field for an unknown draft or a rule set without a version', async () => {
        for (const id of ['999', 'not-an-id']) {
          const err = await rejection(store.ruleSets.publish(id, 'u'));
          expect(err).toBeInstanceOf(NotFoundError);
          expect((err as StoreError).field).toBe('draftId');
        }
        const draft = await store.ruleSets.createDraft({ ruleSet: { weights: {} }, createdBy: 'u' });
        const err = await rejection(store.ruleSets.publish(draft.id, 'u'));
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).field).toBe('ruleSet.version');
        expect(await store.ruleSets.listPublished()).toEqual([]);
      });

      it('refuses UPDATE and DELETE of a published rule set at the database level', async () => {
        const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('locked'), createdBy: 'u' });
        await store.ruleSets.publish(draft.id, 'u');
        if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
        const db = store.db;
        await expect(db.updateTable('published_rule_sets').set({ rule_set: '{}' }).where('version', '=', 'locked').execute()).rejects.toThrow(/immutable/);
        await expect(db.deleteFrom('published_rule_sets').where('version', '=', 'locked').execute()).rejects.toThrow(/immutable/);
        expect((await store.ruleSets.getPublished('locked'))?.ruleSet).toEqual(ruleSet('locked'));
      });

      it('deletes drafts', async () => {
        const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('d'), createdBy: 'u' });
        expect(await store.ruleSets.deleteDraft(draft.id)).toBe(true);
        expect(await store.ruleSets.deleteDraft(draft.id)).toBe(false);
        expect(await store.ruleSets.getDraft(draft.id)).toBeNull();
      });
    });

    describe('deal plans', () => {
      it('upserts with a revision and detects concurrent edits', async () => {
        expect(await store.dealPlans.get('42')).toBeNull();
        const plan = { relationshipOwner: 'partner:7', stageLeads: { discovery: 'us' }, commitments: [{ partnerId: '7', responseSlaHours: 24 }] };
        const first = await store.dealPlans.put('42', plan, 'user:1', { expectedRevision: 0 });
        expect(first).toMatchObject({ dealId: '42', plan, revision: 1, updatedBy: 'user:1' });
        clock.advance(5000);
        const second = await store.dealPlans.put('42', { ...plan, relationshipOwner: 'us' }, 'user:2');
        expect(second).toMatchObject({ revision: 2, updatedBy: 'user:2', createdAt: first.createdAt, updatedAt: clock.now().toISOString() });

        const stale = await rejection(store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 1 }));
        expect(stale).toBeInstanceOf(ConflictError);
        expect((stale as StoreError).field).toBe('revision');
        expect(await rejection(store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 0 }))).toBeInstanceOf(ConflictError);
        expect((await store.dealPlans.get('42'))?.plan).toEqual({ ...plan, relationshipOwner: 'us' });

        const third = await store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 2 });
        expect(third.revision).toBe(3);
      });

      it('round-trips bigint values inside JSON exactly', async () => {
        const plan = { expected: { amountMinor: 2n ** 64n + 1n }, list: [1n, -3n], text: 'x' };
        await store.dealPlans.put('7', plan, 'u');
        expect((await store.dealPlans.get('7'))?.plan).toEqual(plan);
      });

      it('reads the plans of many deals at once, leaving out deals without one', async () => {
        await store.dealPlans.put('1', { n: 1 }, 'u');
        await store.dealPlans.put('3', { n: 3 }, 'u');
        expect(await store.dealPlans.getMany([])).toEqual([]);
        const rows = await store.dealPlans.getMany(['3', '2', '1', '3']);
        expect(rows.map((r) => [r.dealId, r.plan]).sort()).toEqual([
          ['1', { n: 1 }],
          ['3', { n: 3 }],
        ]);
      });
    });

    describe('touchpoints', () => {
      it('adds, lists by deal and by partner in time order, and records the note id', async () => {
        const later = await store.touchpoints.add({
          dealId: 'd1', partnerId: 'p1', kind: 'demo', occurredAt: '2026-03-01T15:00:00Z', summary: 'Demo', loggedBy: 'user:1',
        });
        const earlier = await store.touchpoints.add({
          dealId: 'd1', partnerId: 'p2', kind: 'intro', occurredAt: new Date('2026-02-01T10:00:00Z'), summary: 'Intro', loggedBy: 'user:1',
        });
        await store.touchpoints.add({ dealId: 'd2', partnerId: 'p1', kind: 'poc', occurredAt: '2026-02-15T10:00:00Z', summary: 'POC', loggedBy: 'user:2' });
        expect(later).toMatchObject({ occurredAt: '2026-03-01T15:00:00.000Z', noteId: null, createdAt: clock.now().toISOString() });

        expect((await store.touchpoints.listByDeal('d1')).map((t) => t.id)).toEqual([earlier.id, later.id]);
        expect((await store.touchpoints.listByPartner('p1')).map((t) => t.dealId)).toEqual(['d2', 'd1']);

        await store.touchpoints.setNoteId(later.id, 'note-9');
        expect((await store.touchpoints.get(later.id))?.noteId).toBe('note-9');
        const missing = await rejection(store.touchpoints.setNoteId('12345', 'n'));
        expect(missing).toBeInstanceOf(NotFoundError);
      });

      it('names the field of a bad kind or timestamp and stores nothing', async () => {
        const base = { dealId: 'd1', partnerId: 'p1', summary: 's', loggedBy: 'u' };
        const badKind = await rejection(store.touchpoints.add({ ...base, kind: 'lunch' as 'demo', occurredAt: '2026-03-01T00:00:00Z' }));
        expect((badKind as StoreError).field).toBe('kind');
        const badTime = await rejection(store.touchpoints.add({ ...base, kind: 'email', occurredAt: 'yesterday-ish' }));
        expect((badTime as StoreError).field).toBe('occurredAt');
        expect(await store.touchpoints.listByDeal('d1')).toEqual([]);
      });
    });

    describe('registrations', () => {
      it('keeps the snapshot, supersedes on re-registering, and closes', async () => {
        const snapshot = { partners: [{ partnerId: 'p1', roles: ['sourcing'], expectedContribution: 'intro' }], split: { p1: 1000n } };
        const first = await store.registrations.create({ dealId: 'd1', snapshot, registeredBy: 'user:1' });
        expect(first).toMatchObject({ dealId: 'd1', snapshot, status: 'open', registeredAt: clock.now().toISOString(), supersededBy: null });
        await store.registrations.create({ dealId: 'd2', snapshot: {}, registeredBy: 'user:2', registeredAt: '2026-01-01T00:00:00Z' });
        clock.advance(60_000);
        const second = await store.registrations.create({ dealId: 'd1', snapshot: { partners: [] }, registeredBy: 'user:1' });

        expect(await store.registrations.latestForDeal('d1')).toEqual(second);
        const history = await store.registrations.listForDeal('d1');
        expect(history.map((r) => [r.id, r.status, r.supersededBy])).toEqual([
          [first.id, 'superseded', second.id],
          [second.id, 'open', null],
        ]);
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2', 'd1']);

        await store.registrations.close('d1');
        const closed = await store.registrations.latestForDeal('d1');
        expect(closed).toMatchObject({ status: 'closed', closedAt: clock.now().toISOString() });
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);
        expect(await store.registrations.latestForDeal('none')).toBeNull();
      });

      it('expires at read time, renews, and withdraws with a reason (withdrawn and expired ones are not open)', async () => {
        const reg = await store.registrations.create({ dealId: 'd1', snapshot: {}, registeredBy: 'u1', expiresAt: '2026-03-03T09:00:00.000Z' });
        // Without an expiry the default term applies (90 days).
        const other = await store.registrations.create({ dealId: 'd2', snapshot: {}, registeredBy: 'u1' });
        expect(other.expiresAt).toBe('2026-05-31T09:00:00.000Z');
        expect(reg.expiresAt).toBe('2026-03-03T09:00:00.000Z');
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d1', 'd2']);
        clock.advance(24 * 3600_000);
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);
        expect((await store.registrations.listOpen({ at: '2026-03-03T08:59:59.000Z' })).map((r) => r.dealId)).toEqual(['d1', 'd2']);

        const renewed = await store.registrations.renew(reg.id, { by: 'u2', expiresAt: '2026-06-01T09:00:00.000Z' });
        expect(renewed).toMatchObject({ status: 'open', expiresAt: '2026-06-01T09:00:00.000Z', renewedBy: 'u2', renewedAt: clock.now().toISOString() });
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d1', 'd2']);

        const withdrawn = await store.registrations.withdraw(reg.id, { by: 'u3', reason: 'customer chose another reseller' });
        expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnBy: 'u3', withdrawReason: 'customer chose another reseller', withdrawnAt: clock.now().toISOString() });
        expect(await store.registrations.get(reg.id)).toEqual(withdrawn);
        expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);

        const again = await rejection(store.registrations.withdraw(reg.id, { by: 'u3', reason: 'x' }));
        expect(again).toBeInstanceOf(ConflictError);
        expect((again as StoreError).message).toMatch(/withdrawn, not open/);
        expect(await rejection(store.registrations.renew(reg.id, { by: 'u3', expiresAt: '2027-01-01T00:00:00Z' }))).toBeInstanceOf(ConflictError);
        const missing = await rejection(store.registrations.withdraw('999', { by: 'u3', reason: 'x' }));
        expect(missing).toBeInstanceOf(NotFoundError);
        expect((missing as StoreError).field).toBe('registrationId');
        expect((await rejection(store.registrations.withdraw(other.id, { by: 'u3', reason: '' })) as StoreError).field).toBe('reason');
      });
    });

    describe('idempotency keys', () => {
      const opts = () => ({ expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000), staleAfterMs: 120_000 });

      it('one claim per scope and key; the answer is replayed with the request it answered', async () => {
        expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'new' });
        expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'in_progress', request: { summary: 'a' } });
        // Another deal (scope) is another key.
        expect(await store.idempotency.claim('p:createTouchpoint:2', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'new' });
        await store.idempotency.answer('p:createTouchpoint:1', 'k1', 201, { id: '7', amount: 5n });
        expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'b' }, opts())).toEqual({ state: 'answered', request: { summary: 'a' }, status: 201, response: { id: '7', amount: 5n } });
      });

      it('a released claim, a stale claim and an expired key free the key', async () => {
        await store.idempotency.claim('s', 'k', {}, opts());
        await store.idempotency.release('s', 'k');
        expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
        clock.advance(121_000);
        expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
        await store.idempotency.answer('s', 'k', 201, { id: '1' });
        // An answered key is not released by release(), only by expiring.
        await store.idempotency.release('s', 'k');
        expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('answered');
        clock.advance(7 * 86_400_000);
        expect(await store.idempotency.pruneExpired(clock.now())).toBe(1);
        expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
      });
    });

    describe('ledger', () => {
      const entry = (dealId: string, partners: Array<[string, bigint]>, over: Partial<Parameters<Store['ledger']['append']>[0]> = {}) => ({
        dealId,
        trigger: 'webhook',
        ruleVersion: 'v1',
        inputs: { amountMinor: 100000n },
        plan: { writes: [] },
        dealStatus: 'won' as const,
        closeDate: '2026-02-10',
        allocations: partners.map(([partnerId, amountMinor]) => ({ partnerId, amountMinor, currency: 'EUR' })),
        ...over,
      });

      it('appends every computation and returns the latest', async () => {
        const a = await store.ledger.append(entry('d1', [['p1', 100n], ['p2', 200n]], { dealStatus: 'open', closeDate: null }));
        clock.advance(1000);
        const b = await store.ledger.append(entry('d1', [['p1', 150n]], { trigger: 'reconcile', closeDate: '2026-02-10T17:00:00Z' }));
        expect(b).toMatchObject({ dealId: 'd1', trigger: 'reconcile', closeDate: '2026-02-10', computedAt: clock.now().toISOString() });
        expect(await store.ledger.latestForDeal('d1')).toEqual(b);
        const all = await store.ledger.listForDeal('d1');
        expect(all).toEqual([a, b]);
        expect(all[0]?.allocations).toEqual([
          { partnerId: 'p1', amountMinor: 100n, currency: 'EUR' },
          { partnerId: 'p2', amountMinor: 200n, currency: 'EUR' },
        ]);
        expect(all[0]?.inputs).toEqual({ amountMinor: 100000n });
        expect(await store.ledger.latestForDeal('nope')).toBeNull();
      });

      it('sums a partner\'s latest entries exactly beyond 2^63, per currency and status, inside the period', async () => {
        const huge = 2n ** 62n + 7n;
        await store.ledger.append(entry('d1', [['p1', 1n]])); // superseded below: must not count
        await store.ledger.append(entry('d1', [['p1', huge], ['p2', 5n]]));
        await store.ledger.append(entry('d2', [['p1', huge]]));
        await store.ledger.append(entry('d3', [['p1', 2n ** 53n + 1n]], { dealStatus: 'open', closeDate: '2026-02-20' }));
        await store.ledger.append(entry('d4', [['p1', 9n]], { dealStatus: 'lost', closeDate: '2026-02-21' }));
        await store.ledger.append({ ...entry('d5', []), allocations: [{ partnerId: 'p1', amountMinor: 300n, currency: 'USD' }] });
        await store.ledger.append(entry('d6', [['p1', 1000n]], { closeDate: '2026-03-01' })); // outside [from, to)
        // No close date: the computation date (2026-03-02) decides the period.
        await store.ledger.append(entry('d7', [['p1', 11n]], { dealStatus: 'open', closeDate: null }));

        const feb = await store.ledger.partnerTotals('p1', '2026-02-01', '2026-03-01');
        expect(feb.byCurrency).toEqual([
          { currency: 'EUR', openMinor: 2n ** 53n + 1n, wonMinor: 2n * huge, lostMinor: 9n, deals: { open: 1, won: 2, lost: 1 } },
          { currency: 'USD', openMinor: 0n, wonMinor: 300n, lostMinor: 0n, deals: { open: 0, won: 1, lost: 0 } },
        ]);
        expect(2n * huge > 2n ** 63n).toBe(true);
        expect(feb.lines.map((l) => l.dealId)).toEqual(['d1', 'd2', 'd5', 'd3', 'd4']);

        const march = await store.ledger.partnerTotals('p1', '2026-03-01', '2026-04-01');
        expect(march.lines.map((l) => [l.dealId, l.amountMinor])).toEqual([['d6', 1000n], ['d7', 11n]]);
        expect((await store.ledger.partnerTotals('p2', '2026-01-01', '2027-01-01')).byCurrency[0]?.wonMinor).toBe(5n);
        expect(await store.ledger.partnerTotals('nobody', '2026-01-01', '2027-01-01')).toEqual({
          partnerId: 'nobody', from: '2026-01-01', to: '2027-01-01', byCurrency: [], lines: [],
        });
      });

      it('equals the bigint sum of arbitrary amounts (property)', async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(fc.bigInt({ min: 0n, max: 2n ** 80n }), { minLength: 1, maxLength: 6 }), async (amounts) => {
            run += 1;
            const partner = `prop-${run}`;
            for (const [i, amount] of amounts.entries()) await store.ledger.append(entry(`prop-${run}-${i}`, [[partner, amount]]));
            const totals = await store.ledger.partnerTotals(partner, '2026-01-01', '2027-01-01');
            expect(totals.byCurrency[0]?.wonMinor).toBe(amounts.reduce((a, b) => a + b, 0n));
          }),
          { numRuns: 15 },
        );
      });

      it('appendIfChanged records a computation once, however many callers append it at once', async () => {
        const e = entry('dup', [['p1', 100n]], { inputs: { amountMinor: 100000n, b: 1, a: 2 } });
        // Postgres: three pools racing. SQLite: one handle, whose calls still interleave between the
        // read of the latest entry and the insert (better-sqlite3 waits for a file lock synchronously,
        // so two handles in ONE process would stall each other's open transactions; instances on
        // SQLite are separate processes).
        const stores = capabilities.shared && store.dialect === 'postgres' ? [store, await open(), await open()] : [store];
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % stores.length]!.ledger.appendIfChanged({ ...e, trigger: `t${i}` })));
        expect(results.filter((r) => r !== null).length).toBe(1);
        // Same computation, keys in another order: still the same.
        expect(await store.ledger.appendIfChanged({ ...e, inputs: { a: 2, b: 1, amountMinor: 100000n } })).toBeNull();
        const changed = await store.ledger.appendIfChanged({ ...e, allocations: [], plan: { writes: ['x'] } });
        expect(changed).not.toBeNull();
        // Back to the first result: recorded again, because it follows a different entry.
        expect(await store.ledger.appendIfChanged(e)).not.toBeNull();
        expect((await store.ledger.listForDeal('dup')).map((x) => (x.plan as { writes: string[] }).writes.length)).toEqual([0, 1, 0]);
      });

      it('cannot hold two entries after the same one (unique deal + predecessor)', async () => {
        const first = await store.ledger.append(entry('chain', [['p1', 1n]]));
        if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
        const row = { deal_id: 'chain', trigger: 't', rule_version: 'v1', inputs: '{}', plan: '{}', deal_status: 'won', close_date: null, period_date: '2026-02-10', computed_at: clock.now().toISOString(), entry_hash: null };
        await store.db.insertInto('ledger_entries').values({ ...row, prev_entry_id: first.id }).execute();
        await expect(store.db.insertInto('ledger_entries').values({ ...row, prev_entry_id: first.id }).execute()).rejects.toThrow(/unique|duplicate/i);
      });

      it('refuses a float amount or a bad date, naming the field, and stores nothing', async () => {
        const float = await rejection(
          store.ledger.append({ ...entry('d1', []), allocations: [{ partnerId: 'p1', amountMinor: 10.5 as unknown as bigint, currency: 'EUR' }] }),
        );
        expect((float as StoreError).field).toBe('allocations[0].amountMinor');
        const date = await rejection(store.ledger.append(entry('d1', [['p1', 1n]], { closeDate: '2026-13-45' })));
        expect((date as StoreError).field).toBe('closeDate');
        const period = await rejection(store.ledger.partnerTotals('p1', 'March', '2026-04-01'));
        expect((period as StoreError).field).toBe('from');
        expect(await store.ledger.listForDeal('d1')).toEqual([]);
      });
    });

    describe('inbox', () => {
      it('deduplicates on dedupeKey within one call, across calls and after completion', async () => {
        expect(await store.inbox.enqueue([event('a'), event('b'), event('a')])).toEqual({ inserted: 2, duplicates: 1 });
        expect(await store.inbox.enqueue([event('b'), event('c')])).toEqual({ inserted: 1, duplicates: 1 });
        const claimed = await store.inbox.claim({ workerId: 'w1', limit: 10, leaseMs: 30_000 });
        expect(await store.inbox.complete(ids(claimed), 'w1')).toBe(3);
        expect(await store.inbox.enqueue([event('a'), event('c')])).toEqual({ inserted: 0, duplicates: 2 });
        expect(await store.inbox.enqueue([])).toEqual({ inserted: 0, duplicates: 0 });
        expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 3, dead: 0 });
      });

      it('enqueues all or nothing: a bad item names its field and stores none of the batch', async () => {
        const err = await rejection(store.inbox.enqueue([event('ok'), { ...event('bad'), occurredAt: 'not a time' }]));
        expect((err as StoreError).field).toBe('items[1].occurredAt');
        expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 0 });
      });

      it('enqueues a large batch in one call', async () => {
        const batch = Array.from({ length: 1200 }, (_, i) => event(`bulk-${i}`, `deal:${i % 7}`));
        expect(await store.inbox.enqueue(batch)).toEqual({ inserted: 1200, duplicates: 0 });
        expect((await store.inbox.stats()).pending).toBe(1200);
      });

      it('leases items: two workers never get the same item, oldest first, limit respected', async () => {
        await store.inbox.enqueue([
          event('late', 'deal:1', { availableAt: '2026-03-02T08:30:00Z' }),
          event('early', 'deal:2', { availableAt: '2026-03-02T08:00:00Z' }),
          event('mid', 'deal:3', { availableAt: '2026-03-02T08:15:00Z' }),
        ]);
        const w1 = await store.inbox.claim({ workerId: 'w1', limit: 2, leaseMs: 30_000 });
        expect(w1.map((i) => i.dedupeKey)).toEqual(['early', 'mid']);
        expect(w1[0]).toMatchObject({ status: 'leased', leaseOwner: 'w1', claims: 1, attempts: 0, leaseExpiresAt: new Date(clock.now().getTime() + 30_000).toISOString() });
        const w2 = await store.inbox.claim({ workerId: 'w2', limit: 5, leaseMs: 30_000 });
        expect(w2.map((i) => i.dedupeKey)).toEqual(['late']);
        expect(await store.inbox.claim({ workerId: 'w3', limit: 5, leaseMs: 30_000 })).toEqual([]);
        expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 3, done: 0, dead: 0 });
      });

      it('passes over items of a deal another holder has locked, without counting a claim', async () => {
        await store.inbox.enqueue([event('busy', 'deal:7'), event('free', 'deal:8')]);
        expect(await store.locks.tryAcquire('deal:7', 'w1', 10_000)).toBe(true);
        const w2 = await store.inbox.claim({ workerId: 'w2', limit: 5, leaseMs: 30_000 });
        expect(w2.map((i) => i.dedupeKey)).toEqual(['free']);
        // The holder itself may claim it; others once the lock is released or has expired.
        clock.advance(10_000);
        const later = await store.inbox.claim({ workerId: 'w3', limit: 5, leaseMs: 30_000 });
        expect(later).toMatchObject([{ dedupeKey: 'busy', claims: 1 }]);
      });

      it('never hands one item to two concurrent claimers', async () => {
        await store.inbox.enqueue(Array.from({ length: 60 }, (_, i) => event(`c-${i}`)));
        const stores = capabilities.shared ? [store, await open(), await open()] : [store];
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => stores[i % stores.length]!.inbox.claim({ workerId: `w${i}`, limit: 15, leaseMs: 60_000 })),
        );
        const all = results.flat().map((i) => i.id);
        expect(all.length).toBe(60);
        expect(new Set(all).size).toBe(60);
      });

      it('gives an expired lease to the next claimer; the old worker can no longer finish it', async () => {
        await store.inbox.enqueue([event('x')]);
        const [item] = await store.inbox.claim({ workerId: 'crashed', limit: 1, leaseMs: 10_000 });
        clock.advance(9_999);
        expect(await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 10_000 })).toEqual([]);
        clock.advance(1);
        const [again] = await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 10_000 });
        expect(again).toMatchObject({ id: item!.id, leaseOwner: 'w2', claims: 2 });
        expect(await store.inbox.complete([item!.id], 'crashed')).toBe(0);
        expect(await store.inbox.retryLater(item!.id, 'crashed', 'late', clock.now())).toBe(false);
        expect(await store.inbox.deadLetter(item!.id, 'crashed', 'late')).toBe(false);
        expect(await store.inbox.complete([item!.id], 'w2')).toBe(1);
      });

      it('merges expired leases and pending items in availableAt order within the limit', async () => {
        await store.inbox.enqueue([
          event('a', 'deal:1', { availableAt: '2026-03-02T08:00:00Z' }),
          event('b', 'deal:1', { availableAt: '2026-03-02T08:10:00Z' }),
        ]);
        await store.inbox.claim({ workerId: 'crashed', limit: 2, leaseMs: 1000 });
        await store.inbox.enqueue([
          event('c', 'deal:1', { availableAt: '2026-03-02T08:05:00Z' }),
          event('d', 'deal:1', { availableAt: '2026-03-02T08:20:00Z' }),
          event('e', 'deal:1', { availableAt: '2026-03-02T08:30:00Z' }),
        ]);
        clock.advance(1000);
        const claimed = await store.inbox.claim({ workerId: 'w2', limit: 4, leaseMs: 1000 });
        expect(claimed.map((i) => i.dedupeKey)).toEqual(['a', 'c', 'b', 'd']);
        expect(claimed.every((i) => i.leaseOwner === 'w2')).toBe(true);
      });

      it('never returns completed items, even after their lease would have expired', async () => {
        await store.inbox.enqueue([event('done-1'), event('open-1')]);
        const claimed = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 1000 });
        await store.inbox.complete(ids(claimed), 'w1');
        clock.advance(3_600_000);
        const next = await store.inbox.claim({ workerId: 'w2', limit: 10, leaseMs: 1000 });
        expect(next.map((i) => i.dedupeKey)).toEqual(['open-1']);
      });

      it('extends a lease only for its holder', async () => {
        await store.inbox.enqueue([event('long')]);
        const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 1000 });
        expect(await store.inbox.extendLease([item!.id], 'w2', 60_000)).toBe(0);
        expect(await store.inbox.extendLease([item!.id], 'w1', 60_000)).toBe(1);
        clock.advance(30_000);
        expect(await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 1000 })).toEqual([]);
      });

      it('retries later: attempts+1, lastError kept, not claimable before availableAt', async () => {
        await store.inbox.enqueue([event('r')]);
        const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
        const retryAt = new Date(clock.now().getTime() + 60_000);
        expect(await store.inbox.retryLater(item!.id, 'w1', 'HubSpot 429', retryAt)).toBe(true);
        expect(await store.inbox.get(item!.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HubSpot 429', availableAt: retryAt.toISOString(), leaseOwner: null });
        clock.advance(59_999);
        expect(await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 })).toEqual([]);
        clock.advance(1);
        const [again] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
        expect(again).toMatchObject({ id: item!.id, attempts: 1, claims: 2 });
      });

      it('defers without an attempt: claim taken back, not claimable before availableAt, only by the lease holder', async () => {
        await store.inbox.enqueue([event('blocked')]);
        const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
        const until = new Date(clock.now().getTime() + 15 * 60_000);
        expect(await store.inbox.defer(item!.id, 'w2', 'not mine', until)).toBe(false);
        expect(await store.inbox.defer(item!.id, 'w1', 'deferred: HubSpot daily limit', until)).toBe(true);
        expect(await store.inbox.get(item!.id)).toMatchObject({ status: 'pending', attempts: 0, claims: 0, lastError: 'deferred: HubSpot daily limit', availableAt: until.toISOString(), leaseOwner: null });
        clock.advance(15 * 60_000 - 1);
        expect(await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 })).toEqual([]);
        clock.advance(1);
        const [again] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
        expect(again).toMatchObject({ id: item!.id, attempts: 0, claims: 1 });
        expect(await store.inbox.defer(again!.id, 'w1', 'again', clock.now())).toBe(true);
        expect(await store.inbox.defer(again!.id, 'w1', 'twice', clock.now())).toBe(false);
      });

      it('dead-letters with the error, lists them, and requeues all or some', async () => {
        await store.inbox.enqueue([event('d1'), event('d2'), event('d3')]);
        const claimed = await store.inbox.claim({ workerId: 'w1', limit: 3, leaseMs: 30_000 });
        for (const item of claimed) expect(await store.inbox.deadLetter(item.id, 'w1', `boom ${item.dedupeKey}`)).toBe(true);
        expect(await store.inbox.claim({ workerId: 'w1', limit: 3, leaseMs: 30_000 })).toEqual([]);
        const dead = await store.inbox.listDeadLetters();
        expect(dead.map((d) => [d.dedupeKey, d.status, d.lastError, d.attempts, d.deadAt])).toEqual([
          ['d1', 'dead', 'boom d1', 1, clock.now().toISOString()],
          ['d2', 'dead', 'boom d2', 1, clock.now().toISOString()],
          ['d3', 'dead', 'boom d3', 1, clock.now().toISOString()],
        ]);
        expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 3 });

        expect(await store.inbox.requeueDeadLetters([dead[0]!.id, 'junk'])).toBe(1);
        expect(await store.inbox.get(dead[0]!.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'boom d1' });
        expect(await store.inbox.requeueDeadLetters()).toBe(2);
        expect(await store.inbox.listDeadLetters()).toEqual([]);
        expect((await store.inbox.claim({ workerId: 'w2', limit: 10, leaseMs: 30_000 })).length).toBe(3);
        expect(await store.inbox.requeueDeadLetters([])).toBe(0);
      });

      it('stores rejected items straight as dead letters, with the same dedupe as enqueue', async () => {
        await store.inbox.enqueue([event('same')]);
        const dead = [{ ...event('r1'), error: 'events[3].occurredAt: bad' }, { ...event('r2'), error: 'events[4]: bad' }, { ...event('r1'), error: 'again' }, { ...event('same'), error: 'x' }];
        expect(await store.inbox.enqueueDead(dead)).toEqual({ inserted: 2, duplicates: 2 });
        expect(await store.inbox.enqueueDead(dead.slice(0, 2))).toEqual({ inserted: 0, duplicates: 2 });
        // A dead key is taken: the same item enqueued later is a duplicate, not a second row.
        expect(await store.inbox.enqueue([event('r2')])).toEqual({ inserted: 0, duplicates: 1 });
        expect((await store.inbox.listDeadLetters()).map((d) => [d.dedupeKey, d.status, d.lastError, d.attempts, d.claims, d.deadAt])).toEqual([
          ['r1', 'dead', 'events[3].occurredAt: bad', 0, 0, clock.now().toISOString()],
          ['r2', 'dead', 'events[4]: bad', 0, 0, clock.now().toISOString()],
        ]);
        expect(await store.inbox.claim({ workerId: 'w', limit: 10, leaseMs: 1000 })).toMatchObject([{ dedupeKey: 'same' }]);
        const err = await rejection(store.inbox.enqueueDead([{ ...event('r3'), error: '' }]));
        expect((err as StoreError).field).toBe('items[0].error');
        expect(await store.inbox.enqueueDead([])).toEqual({ inserted: 0, duplicates: 0 });
      });

      it('prunes done items older than the cut-off, and only those', async () => {
        await store.inbox.enqueue([event('old'), event('pending')]);
        const [old] = await store.inbox.claim({ workerId: 'w', limit: 1, leaseMs: 1000 });
        await store.inbox.complete([old!.id], 'w');
        clock.advance(86_400_000);
        expect(await store.inbox.pruneDone(clock.now())).toBe(1);
        expect(await store.inbox.stats()).toEqual({ pending: 1, leased: 0, done: 0, dead: 0 });
        expect(await store.inbox.enqueue([event('old')])).toEqual({ inserted: 1, duplicates: 0 });
      });

      it('rejects nonsense claim options by field', async () => {
        const err = await rejection(store.inbox.claim({ workerId: 'w', limit: 0, leaseMs: 1000 }));
        expect((err as StoreError).field).toBe('limit');
      });

      if (capabilities.concurrentWriters) {
        it('lets a second connection claim while the first holds its claimed rows locked (SKIP LOCKED)', async () => {
          await store.inbox.enqueue(Array.from({ length: 10 }, (_, i) => event(`s-${i}`)));
          const other = await open();
          await store.transaction(async (tx) => {
            const mine = await tx.inbox.claim({ workerId: 'a', limit: 4, leaseMs: 60_000 });
            expect(mine.length).toBe(4);
            // Without SKIP LOCKED the other claim would wait for this transaction: fail fast instead.
            const theirs = await Promise.race([
              other.inbox.claim({ workerId: 'b', limit: 10, leaseMs: 60_000 }),
              new Promise<never>((_, reject) => setTimeout(() => reject(new Error('second claimer blocked on locked rows')), 5000)),
            ]);
            expect(theirs.length).toBe(6);
            expect(ids(mine).filter((id) => ids(theirs).includes(id))).toEqual([]);
          });
        });
      }
    });

    describe('locks', () => {
      it('is exclusive until the TTL, renewable by its holder, free after release', async () => {
        expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true);
        expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(false);
        expect(await store.locks.tryAcquire('other', 'b', 10_000)).toBe(true);
        clock.advance(8_000);
        expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true); // renew → until +18 s
        clock.advance(9_000);
        expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(false);
        clock.advance(1_000);
        expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(true); // a's lease ran out
        expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(false);
        await store.locks.release('scheduler', 'a'); // not the holder: no effect
        expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(false);
        await store.locks.release('scheduler', 'b');
        expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true);
      });

      it('takes many at once, reports who holds the rest, extends only what is still held', async () => {
        expect(await store.locks.tryAcquire('deal:2', 'b', 10_000)).toBe(true);
        const got = await store.locks.tryAcquireMany(['deal:3', 'deal:1', 'deal:2', 'deal:1'], 'a', 10_000);
        expect(got.acquired.sort()).toEqual(['deal:1', 'deal:3']);
        expect(got.heldByOthers).toEqual([{ name: 'deal:2', holder: 'b', acquiredAt: clock.now().toISOString(), expiresAt: new Date(clock.now().getTime() + 10_000).toISOString() }]);
        clock.advance(10_000);
        expect(await store.locks.tryAcquire('deal:3', 'c', 10_000)).toBe(true); // a's ran out: c takes it over
        expect((await store.locks.extend(['deal:1', 'deal:3'], 'a', 10_000)).sort()).toEqual([]);
        expect(await store.locks.tryAcquireMany(['deal:1'], 'a', 10_000)).toEqual({ acquired: ['deal:1'], heldByOthers: [] });
        clock.advance(5_000);
        expect(await store.locks.extend(['deal:1', 'deal:3'], 'a', 10_000)).toEqual(['deal:1']);
        await store.locks.releaseMany(['deal:1', 'deal:3'], 'a');
        expect(await store.locks.tryAcquire('deal:1', 'z', 1_000)).toBe(true);
        expect(await store.locks.tryAcquire('deal:3', 'z', 1_000)).toBe(false); // c's, not a's to release
      });

      it('counts live locks by prefix (instance heartbeats)', async () => {
        await store.locks.tryAcquire('instance:a', 'a', 6_000);
        await store.locks.tryAcquire('instance:b', 'b', 3_000);
        await store.locks.tryAcquire('scheduler', 'a', 6_000);
        expect(await store.locks.countLive('instance:')).toBe(2);
        clock.advance(3_000);
        expect(await store.locks.countLive('instance:')).toBe(1);
      });

      it('grants a free lock to exactly one of many concurrent contenders', async () => {
        const stores = capabilities.shared ? [store, await open()] : [store];
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % stores.length]!.locks.tryAcquire('race', `h${i}`, 10_000)));
        expect(results.filter(Boolean).length).toBe(1);
      });
    });

    describe('cursors', () => {
      it('gets null, then what was set last', async () => {
        expect(await store.cursors.get('reconcile')).toBeNull();
        await store.cursors.set('reconcile', '2026-03-01T00:00:00Z');
        await store.cursors.set('reconcile', '2026-03-02T00:00:00Z');
        await store.cursors.set('other', 'x');
        expect(await store.cursors.get('reconcile')).toBe('2026-03-02T00:00:00Z');
      });
    });

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

    describe('audit', () => {
      it('records who changed what, when and from which request; lists newest first with filters', async () => {
        await store.audit.record({ actor: 'user:1', action: 'plan.put', entityType: 'deal', entityId: '42', before: null, after: { owner: 'p1' }, requestId: 'req-1' });
        clock.advance(1000);
        await store.audit.record({ actor: 'user:2', action: 'ruleset.publish', entityType: 'ruleSet', entityId: 'v1' });
        clock.advance(1000);
        await store.audit.record({ actor: 'user:1', action: 'plan.put', entityType: 'deal', entityId: '42', before: { owner: 'p1' }, after: { owner: 'us' } });

        const all = await store.audit.list();
        expect(all.map((e) => e.action)).toEqual(['plan.put', 'ruleset.publish', 'plan.put']);
        expect(all[2]).toMatchObject({ actor: 'user:1', entityId: '42', before: null, after: { owner: 'p1' }, requestId: 'req-1', at: '2026-03-02T09:00:00.000Z' });
        expect(all[1]).toMatchObject({ before: null, after: null, requestId: null });
        expect((await store.audit.list({ entityType: 'deal', entityId: '42' })).length).toBe(2);
        expect((await store.audit.list({ actor: 'user:2' })).map((e) => e.entityId)).toEqual(['v1']);
        expect((await store.audit.list({ since: '2026-03-02T09:00:01Z' })).length).toBe(2);
        expect((await store.audit.list({ limit: 1 }))[0]?.after).toEqual({ owner: 'us' });
      });
    });

    describe('transactions', () => {
      it('rolls back every repository on a throw', async () => {
        const boom = new Error('boom');
        const err = await rejection(
          store.transaction(async (tx) => {
            await tx.ruleSets.createDraft({ ruleSet: { version: 'tx' }, createdBy: 'u' });
            await tx.inbox.enqueue([event('tx-1'), event('tx-2')]);
            await tx.ledger.append({
              dealId: 'd1', trigger: 'card', ruleVersion: 'v1', inputs: {}, plan: {}, dealStatus: 'open', closeDate: null,
              allocations: [{ partnerId: 'p1', amountMinor: 1n, currency: 'EUR' }],
            });
            await tx.dealPlans.put('d1', {}, 'u');
            await tx.audit.record({ actor: 'u', action: 'a', entityType: 'deal', entityId: 'd1' });
            await tx.cursors.set('c', 'v');
            await tx.transaction(async (inner) => inner.registrations.create({ dealId: 'd1', snapshot: {}, registeredBy: 'u' }));
            expect(await tx.inbox.stats()).toMatchObject({ pending: 2 });
            throw boom;
          }),
        );
        expect(err).toBe(boom);
        expect(await store.ruleSets.listDrafts()).toEqual([]);
        expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 0 });
        expect(await store.ledger.listForDeal('d1')).toEqual([]);
        expect(await store.dealPlans.get('d1')).toBeNull();
        expect(await store.audit.list()).toEqual([]);
        expect(await store.cursors.get('c')).toBeNull();
        expect(await store.registrations.latestForDeal('d1')).toBeNull();
        // The dedupe keys were rolled back too, so the same events can come in again.
        expect(await store.inbox.enqueue([event('tx-1')])).toEqual({ inserted: 1, duplicates: 0 });
      });

      it('commits and returns the callback result', async () => {
        const result = await store.transaction(async (tx) => {
          await tx.cursors.set('c', 'committed');
          return 'ok';
        });
        expect(result).toBe('ok');
        expect(await store.cursors.get('c')).toBe('committed');
      });
    });
  });
}
