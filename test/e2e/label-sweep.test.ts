import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL_SWEEP_TRIGGER, sweepPartnerLabels } from '../../src/features/attribution/sweep-partner-labels';
import { buildSchedule, createScheduler } from '../../webhooks/scheduler';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

describe('label sweep: roles changed natively without a webhook are picked up', () => {
  let s: Stack;
  let d1: string;
  let d2: string;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
    d1 = s.seed.deals.d1!;
    d2 = s.seed.deals.d2!;
    // Both deals get partners the ordinary way (webhooks delivered), so the app has computed them.
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p1!, ['Selling partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p2!, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d2, 'companies', s.seed.companies.p3!, ['Selling partner']);
    await s.settle();
    expect(s.hs.admin.getObject('deals', d1)?.cosell_model).toBe('sell_with');
    expect((await s.store.accountIndex.listOpen()).map((e) => e.dealId).sort()).toEqual([d1, d2].sort());
  });
  afterEach(async () => {
    await s.close();
  });

  it('a sweep over unchanged labels enqueues nothing', async () => {
    const report = await sweepPartnerLabels(s.deps);
    expect(report).toEqual({ checked: 2, changed: [], reads: 1 });
    expect((await s.store.inbox.stats()).pending).toBe(0);
  });

  it('a label added to an existing association with no webhook delivered is recomputed after the scheduled sweep; the unchanged deal is not', async () => {
    const technicalBefore = s.hs.admin.getObject('deals', d1)?.cosell_technical_validation_partner ?? '';
    expect(technicalBefore).toBe('');
    s.hs.admin.setFaults({ dropDeliveries: 100 });
    // The rep adds a second role to Stackly's existing association on the deal record.
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p2!, ['Sourcing partner', 'Technical validation partner']);
    await s.settle();
    // Nothing arrived: the deal still shows the old split.
    expect(s.hs.admin.deliveries().filter((d) => d.status === 'dropped').length).toBeGreaterThan(0);
    expect(s.hs.admin.getObject('deals', d1)?.cosell_technical_validation_partner ?? '').toBe('');

    const scheduler = createScheduler(s.deps, { holderId: 'only', entries: buildSchedule({ labelSweepMinutes: 15 }) });
    await scheduler.start();
    try {
      expect(await scheduler.tick('label-sweep')).toBe(true);
    } finally {
      await scheduler.stop();
    }
    // The tick only enqueued the sweep; the worker runs it, and it enqueues exactly the changed deal.
    expect((await s.store.inbox.stats()).pending).toBe(1);
    const sweepRun = await s.backend.worker.drain();
    expect(sweepRun.length).toBeGreaterThan(0);
    expect(s.hs.admin.getObject('deals', d1)?.cosell_technical_validation_partner).toBe('Stackly');
    const entry = await s.store.ledger.latestForDeal(d1);
    expect(entry?.trigger).toBe(LABEL_SWEEP_TRIGGER);
    // The unchanged deal got no recompute from the sweep.
    expect((await s.store.ledger.latestForDeal(d2))?.trigger).not.toBe(LABEL_SWEEP_TRIGGER);

    // Having recomputed, the next sweep finds nothing changed.
    expect((await sweepPartnerLabels(s.deps)).changed).toEqual([]);
  });

  it('enqueues only the changed deals, and sees a partner removed and a deal whose roles moved', async () => {
    s.hs.admin.setFaults({ dropDeliveries: 100 });
    // d2: Referly's role changes from selling to sourcing (same partner set, different roles).
    await s.hs.admin.setAssociationLabelsAsUser('deals', d2, 'companies', s.seed.companies.p3!, ['Sourcing partner']);
    const moved = await sweepPartnerLabels(s.deps);
    expect(moved.changed).toEqual([d2]);
    expect((await s.store.inbox.stats()).pending).toBe(1);
    await s.backend.worker.drain();
    expect((await s.store.ledger.latestForDeal(d2))?.trigger).toBe(LABEL_SWEEP_TRIGGER);
    expect((await s.store.ledger.latestForDeal(d1))?.trigger).not.toBe(LABEL_SWEEP_TRIGGER);
    expect(s.hs.admin.getObject('deals', d2)?.cosell_sourcing_partner).toBe('Referly');

    // d1: Northwind's label removed (the association stays), so it is no longer a partner.
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p1!, []);
    const removed = await sweepPartnerLabels(s.deps);
    expect(removed.changed).toEqual([d1]);
    await s.backend.worker.drain();
    expect(s.hs.admin.getObject('deals', d1)?.cosell_selling_partner ?? '').toBe('');
    expect((await sweepPartnerLabels(s.deps)).changed).toEqual([]);
  });

  it('reads labels in batches of at most 1,000 deals', async () => {
    s.hs.admin.clearRequestLog();
    const report = await sweepPartnerLabels(s.deps, { batchSize: 1 });
    expect(report.reads).toBe(2);
    const reads = s.hs.admin.requestLog().filter((r) => r.path.includes('/associations/') && r.path.includes('batch/read'));
    expect(reads).toHaveLength(2);
    // A larger requested batch is capped at HubSpot's limit.
    expect((await sweepPartnerLabels(s.deps, { batchSize: 5_000 })).reads).toBe(1);
  });
});

describe('label sweep schedule', () => {
  it('runs every 15 minutes by default, as configured, or not at all with 0', () => {
    const sweep = (minutes?: number) => buildSchedule(minutes === undefined ? {} : { labelSweepMinutes: minutes }).find((e) => e.name === 'label-sweep');
    expect(sweep()?.cron).toBe('*/15 * * * *');
    expect(sweep(5)?.cron).toBe('*/5 * * * *');
    expect(sweep(60)?.cron).toBe('7 * * * *');
    expect(sweep(0)).toBeUndefined();
    for (const m of [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]) expect(cron.validate(sweep(m)!.cron)).toBe(true);
    expect(sweep()?.job()).toEqual({ type: 'label-sweep' });
  });
});
