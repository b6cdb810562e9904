import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmDeal, CrmGateway, StageInfo } from '../hubspot/crm-gateway';
import { CrmDailyLimitError, CrmPermanentError, CrmRateLimitedError, CrmTransientError } from '../hubspot';
import type { Store } from '../store/store';
import { createStore } from '../store';
import { createTestClock } from '../../test/support/store-contract';
import type { AppDeps } from '../app/app-deps';
import { inboxWork } from '../features/feature-jobs';
import { jobItem, MAX_DEALS_PER_RECOMPUTE } from './inbox-job';
import { POISON_CLAIM_MARGIN, processInboxBatch } from './process-inbox-batch';
import { toInboxItems } from './webhook-events';

/** A small in-memory CRM: deals with an amount and no partners; `failOn` decides errors per read. */
function fakeGateway(failOn: (ids: string[]) => Error | null) {
  const reads: string[][] = [];
  const writes: string[] = [];
  const stage: StageInfo = { pipelineId: 'default', stageId: 'open', label: 'Open', isClosed: false, isWon: false, probability: 0.5 };
  const gateway = {
    async readDeals(ids: string[]) {
      reads.push(ids);
      const error = failOn(ids);
      if (error) throw error;
      return new Map<string, CrmDeal>(ids.map((id) => [id, { id, name: `Deal ${id}`, amount: '100.00', currency: 'USD', closeDate: '2026-06-01', stageId: 'open', pipelineId: 'default', ownerId: null, updatedAt: '2026-01-01T00:00:00Z', outputs: {} }]));
    },
    async readDealPartnerLinks(ids: string[]) {
      return new Map(ids.map((id) => [id, []]));
    },
    async readCompanies() {
      return new Map();
    },
    async readStages() {
      return new Map([['open', stage]]);
    },
    async writeDealProperties(changes: Array<{ dealId: string }>) {
      writes.push(...changes.map((c) => c.dealId));
      return { requested: changes.length, written: changes.length, skippedUnchanged: 0, apiCalls: 1 };
    },
  } as unknown as CrmGateway;
  return { gateway, reads, writes };
}

const event = (objectId: number) => ({ portalId: '9', occurredAt: 1000 + objectId, subscriptionType: 'deal.propertyChange', objectId: String(objectId), propertyName: 'amount', propertyValue: '1' });
const opts = { workerId: 'w', batchSize: 100, leaseMs: 60_000, maxAttempts: 3, backoffMs: () => 60_000, work: inboxWork };

describe('processInboxBatch', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ sqlitePath: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });
  const deps = (gateway: CrmGateway): AppDeps => ({ store, gateway, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: '1', portalId: '9' });

  it(`recomputes in chunks of at most ${MAX_DEALS_PER_RECOMPUTE} deals and completes every item`, async () => {
    const { gateway, reads, writes } = fakeGateway(() => null);
    const now = new Date();
    const pages = [0, 1, 2].map((p) => Array.from({ length: 150 }, (_, i) => String(1000 + p * 150 + i)));
    await store.inbox.enqueue(pages.map((dealIds, p) => jobItem({ type: 'recompute-deals', dealIds, trigger: 'reconcile' }, `page:${p}`, now)));
    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 3, completed: 3, dealsRecomputed: 450 });
    expect(reads.map((r) => r.length)).toEqual([150, 150, 150]);
    expect(new Set(writes).size).toBe(450);
  });

  it('a permanent error isolates the bad deal: only its item fails (dead-lettered), the others complete', async () => {
    const { gateway } = fakeGateway((ids) => (ids.includes('13') ? new CrmPermanentError({ message: 'bad deal', status: 400, objectType: 'deal', objectId: '13' }) : null));
    await store.inbox.enqueue(toInboxItems([11, 12, 13, 14].map(event)));
    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 4, completed: 3, dead: 1, retried: 0, dealsRecomputed: 3 });
    const dead = await store.inbox.listDeadLetters();
    expect(dead.map((d) => d.subject)).toEqual(['deal:13']);
    expect(dead[0]?.lastError).toMatch(/CrmPermanentError/);
  });

  it('a transient error retries the whole chunk later without calling HubSpot deal by deal', async () => {
    const { gateway, reads } = fakeGateway(() => new CrmTransientError({ message: 'HubSpot 503', attempts: 5 }));
    await store.inbox.enqueue(toInboxItems([21, 22, 23].map(event)));
    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 3, completed: 0, retried: 3, dead: 0 });
    expect(reads).toHaveLength(1);
    expect(await store.inbox.stats()).toMatchObject({ pending: 3 });
    // Backoff: nothing is due yet.
    expect((await processInboxBatch(deps(gateway), opts)).claimed).toBe(0);
  });
});

describe('processInboxBatch: poison items', () => {
  const clock = createTestClock('2026-03-02T09:00:00.000Z');
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ sqlitePath: ':memory:', now: clock.now });
  });
  afterEach(async () => {
    await store.close();
  });
  const deps = (gateway: CrmGateway): AppDeps => ({ store, gateway, clock: clock.now, logger: pino({ level: 'silent' }), appId: '1', portalId: '9' });

  /** A worker that claims and dies before reporting anything; its lease then runs out. */
  async function crashAfterClaim(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const claimed = await store.inbox.claim({ workerId: `crashed-${i}`, limit: 1, leaseMs: opts.leaseMs });
      expect(claimed).toHaveLength(1);
      clock.advance(opts.leaseMs + 1);
    }
  }

  it(`dead-letters an item claimed more than maxAttempts + ${POISON_CLAIM_MARGIN} times without finishing, without running it`, async () => {
    const { gateway, reads } = fakeGateway(() => null);
    await store.inbox.enqueue(toInboxItems([event(31)]));
    await crashAfterClaim(opts.maxAttempts + POISON_CLAIM_MARGIN);

    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 1, dead: 1, completed: 0 });
    expect(reads).toEqual([]);
    const dead = await store.inbox.listDeadLetters();
    expect(dead.map((d) => d.subject)).toEqual(['deal:31']);
    expect(dead[0]?.attempts).toBe(1);
    expect(dead[0]?.lastError).toMatch(new RegExp(`claimed ${opts.maxAttempts + POISON_CLAIM_MARGIN + 1} times without finishing`));
  });

  it('still runs an item that crashed fewer times, on its own after the rest of its batch has completed', async () => {
    const { gateway, reads } = fakeGateway(() => null);
    await store.inbox.enqueue(toInboxItems([event(41)]));
    await crashAfterClaim(2);
    await store.inbox.enqueue(toInboxItems([event(42), event(43)]));

    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 3, completed: 3, dead: 0 });
    // The fresh items together first, the suspect alone last.
    expect(reads).toEqual([['42', '43'], ['41']]);
    expect(await store.inbox.stats()).toMatchObject({ done: 3, leased: 0, dead: 0 });
  });

  it("runs a deal's suspects together (one recompute of that deal), each deal's apart from the others", async () => {
    const { gateway, reads } = fakeGateway(() => null);
    // Three events of deal 51 and one of deal 52, all claimed by a worker that then died.
    const edits = [1, 2, 3].map((n) => ({ ...event(51), occurredAt: 5000 + n, propertyValue: String(n) }));
    await store.inbox.enqueue(toInboxItems([...edits, event(52)]));
    const claimed = await store.inbox.claim({ workerId: 'crashed', limit: 10, leaseMs: opts.leaseMs });
    expect(claimed).toHaveLength(4);
    clock.advance(opts.leaseMs + 1);
    await store.inbox.enqueue(toInboxItems([event(53)]));

    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ claimed: 5, completed: 5, dead: 0 });
    // The fresh item first; then deal 51 once for its three suspects, and deal 52 on its own.
    expect(reads).toEqual([['53'], ['51'], ['52']]);
  });
});

describe('processInboxBatch: HubSpot blocked or throttled', () => {
  const clock = createTestClock('2026-03-02T09:00:00.000Z');
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ sqlitePath: ':memory:', now: clock.now });
  });
  afterEach(async () => {
    await store.close();
  });
  const deps = (gateway: CrmGateway): AppDeps => ({ store, gateway, clock: clock.now, logger: pino({ level: 'silent' }), appId: '1', portalId: '9' });

  it('a DAILY 429 defers the whole chunk to the block end, round after round: no attempt, never poison, never dead, never split per deal', async () => {
    let blockedUntil = new Date(clock.now().getTime() + 15 * 60_000);
    const { gateway, reads } = fakeGateway(() => new CrmDailyLimitError({ blockedUntil }));
    await store.inbox.enqueue(toInboxItems([21, 22, 23].map(event)));
    // More rounds than maxAttempts + the poison margin: a long block must not turn into dead letters.
    for (let round = 0; round < opts.maxAttempts + POISON_CLAIM_MARGIN + 2; round++) {
      const report = await processInboxBatch(deps(gateway), opts);
      expect(report).toMatchObject({ claimed: 3, deferred: 3, retried: 0, dead: 0, completed: 0 });
      for (const id of ['1', '2', '3']) {
        const item = await store.inbox.get(id);
        expect(item).toMatchObject({ status: 'pending', attempts: 0, claims: 0, availableAt: blockedUntil.toISOString() });
        expect(item?.lastError).toMatch(/^deferred: HubSpot's daily API limit is reached; runs again at /);
      }
      expect((await processInboxBatch(deps(gateway), opts)).claimed).toBe(0); // not before the block ends
      clock.set(blockedUntil.toISOString());
      blockedUntil = new Date(blockedUntil.getTime() + 15 * 60_000);
    }
    // One read per round: the chunk was never retried deal by deal.
    expect(reads.every((r) => r.length === 3)).toBe(true);
  });

  it('burst 429s past the gateway retries defer to the end of the window (at least 1 s), without an attempt', async () => {
    const now = clock.now().getTime();
    const { gateway } = fakeGateway(() => new CrmRateLimitedError({ message: 'batch read deals: HubSpot rate limit (TEN_SECONDLY_ROLLING)', attempts: 5, retryAt: new Date(now + 200) }));
    await store.inbox.enqueue(toInboxItems([31].map(event)));
    const report = await processInboxBatch(deps(gateway), opts);
    expect(report).toMatchObject({ deferred: 1, retried: 0, dead: 0 });
    const item = await store.inbox.get('1');
    expect(item).toMatchObject({ status: 'pending', attempts: 0, availableAt: new Date(now + 1_000).toISOString() });
    expect(item?.lastError).toMatch(/burst 429/);
  });

  it('a plain transient error still counts an attempt (only blocks and throttling are deferred)', async () => {
    const { gateway } = fakeGateway(() => new CrmTransientError({ message: 'batch read deals: HubSpot 502', attempts: 5, status: 502 }));
    await store.inbox.enqueue(toInboxItems([41].map(event)));
    expect(await processInboxBatch(deps(gateway), opts)).toMatchObject({ deferred: 0, retried: 1 });
    expect(await store.inbox.get('1')).toMatchObject({ attempts: 1 });
  });
});
