import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler, SCHEDULE } from '../../webhooks/scheduler';
import { createWorker } from '../../webhooks/worker';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

describe('scheduler: one per deployment, ticks only enqueue, reconcile heals a missed webhook', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('every schedule entry is a valid cron expression', () => {
    expect(SCHEDULE.length).toBeGreaterThan(0);
    for (const e of SCHEDULE) expect(cron.validate(e.cron)).toBe(true);
  });

  it('only the lock holder enqueues; a second tick in the same minute enqueues nothing', async () => {
    const a = createScheduler(s.deps, { holderId: 'a' });
    const b = createScheduler(s.deps, { holderId: 'b' });
    await a.start();
    await b.start();
    try {
      expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
      expect(await b.tick('nightly-reconcile')).toBe(false);
      expect((await s.store.inbox.stats()).pending).toBe(0);
      expect(await a.tick('nightly-reconcile')).toBe(true);
      expect(await a.tick('nightly-reconcile')).toBe(false);
      expect((await s.store.inbox.stats()).pending).toBe(1);
      // The leader stops: the lock is released and the other instance takes over.
      await a.stop();
      expect(await b.tick('nightly-reconcile')).toBe(false); // same minute: deduplicated, but b now leads
      expect(b.isLeader()).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('the prune tick forgets only done items older than a week', async () => {
    await s.store.inbox.enqueue([{ dedupeKey: 'old', kind: 'job', subject: 'job:x', payload: { type: 'touchpoint-note', touchpointId: '0' }, occurredAt: new Date() }]);
    await s.backend.worker.drain();
    expect((await s.store.inbox.stats()).done).toBe(1);
    const scheduler = createScheduler(s.deps, { holderId: 'only' });
    await scheduler.start();
    try {
      expect(await scheduler.tick('weekly-inbox-prune')).toBe(true);
      await s.backend.worker.drain();
      // The prune job itself and the fresh item are younger than 7 days: both stay.
      expect((await s.store.inbox.stats()).done).toBe(2);
    } finally {
      await scheduler.stop();
    }
    const pruning = createScheduler({ ...s.deps, clock: () => new Date(Date.now() + 8 * 86_400_000) }, { holderId: 'later' });
    await pruning.start();
    try {
      expect(await pruning.tick('weekly-inbox-prune')).toBe(true);
    } finally {
      await pruning.stop();
    }
    const later = createWorker({ ...s.deps, clock: () => new Date(Date.now() + 8 * 86_400_000) });
    await later.drain();
    // Everything done before the cut-off is gone (only the prune job that just ran remains),
    // so the old dedupe key is forgotten and would be accepted again.
    expect((await s.store.inbox.stats()).done).toBe(1);
    expect((await s.store.inbox.enqueue([{ dedupeKey: 'old', kind: 'job', subject: 'job:x', payload: {}, occurredAt: new Date() }])).inserted).toBe(1);
  });

  it('a dropped webhook is healed by the reconcile tick', async () => {
    const deal = s.seed.deals.d1!;
    s.hs.admin.setFaults({ dropDeliveries: 100 });
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Selling partner']);
    await s.hs.admin.flushWebhooks();
    await s.backend.worker.drain();
    expect(s.hs.admin.getObject('deals', deal)?.cosell_model ?? '').toBe('');

    const scheduler = createScheduler(s.deps, { holderId: 'only' });
    await scheduler.start();
    try {
      expect(await scheduler.tick('nightly-reconcile')).toBe(true);
    } finally {
      await scheduler.stop();
    }
    await s.backend.worker.drain();
    expect(s.hs.admin.getObject('deals', deal)?.cosell_model).toBe('solo');
    expect(await s.store.cursors.get('reconcile:last-run')).not.toBeNull();
  });
});
