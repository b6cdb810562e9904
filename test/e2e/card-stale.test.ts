import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDealState } from '../../src/features/deals/deals-service';
import { DealCoSellState, ErrorResponse } from '../../src/contract/card-api';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

/**
 * Card reads answer within their time budget: when HubSpot is slow or failing, the card gets the
 * deal's state from the store, marked stale with the time of that data.
 */
describe('card reads when HubSpot is slow or failing', () => {
  let s: Stack;
  let deal: string;
  let live: DealCoSellState;
  beforeAll(async () => {
    s = await startStack(threePartnerSeed());
    deal = s.seed.deals.d1!;
    const { p1, p2 } = s.seed.companies;
    const set = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: p1, roles: ['sourcing', 'selling'] }, { companyId: p2, roles: ['technical_validation'] }] });
    expect(set.status).toBe(200);
    await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p1, kind: 'intro', occurredAt: '2026-05-02T10:00:00Z', summary: 'Intro call' });
    await s.settle();
    live = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${deal}/cosell`)).json);
    expect(live.stale ?? null).toBeNull();
    expect(live.split?.allocations).toHaveLength(2);
  });
  afterAll(async () => {
    s.hs.admin.setFaults({ latencyMs: 0, fail5xxRate: 0 });
    await s?.close();
  });

  async function withFaults<T>(faults: Parameters<Stack['hs']['admin']['setFaults']>[0], fn: () => Promise<T>): Promise<T> {
    s.hs.admin.setFaults(faults);
    try {
      return await fn();
    } finally {
      s.hs.admin.setFaults({ latencyMs: 0, fail5xxRate: 0 });
    }
  }

  it('a slow HubSpot: the stored split, marked stale with the time it was computed, within the budget', async () => {
    const ledger = await s.store.ledger.latestForDeal(deal);
    const { result, ms } = await withFaults({ latencyMs: 1_500 }, async () => {
      const started = Date.now();
      const result = await getDealState(s.deps, deal, { budgetMs: 300 });
      return { result, ms: Date.now() - started };
    });
    expect(ms).toBeLessThan(1_000);
    if (!result.ok) throw new Error(result.message);
    const state = DealCoSellState.parse(result.value);
    expect(state.stale).toEqual({ asOf: ledger!.computedAt, reason: 'crm_slow' });
    expect(state.split).toEqual(live.split);
    expect(state.partners).toEqual(live.partners);
    expect(state.deal).toMatchObject({ id: deal, name: 'Acme platform', amount: '10000.00', currency: 'USD', isClosed: false });
    expect(state.touchpoints.map((t) => t.summary)).toEqual(['Intro call']);
    expect(state.plan).toEqual(live.plan);
    expect(state.computedAt).toBe(live.computedAt);
  });

  it('through hubspot.fetch with the default 2 s budget: 200, stale, in well under 15 s', async () => {
    const { res, ms } = await withFaults({ latencyMs: 4_000 }, async () => {
      const started = Date.now();
      const res = await s.card('GET', `/api/v1/deals/${deal}/cosell`);
      return { res, ms: Date.now() - started };
    });
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(3_500);
    expect(DealCoSellState.parse(res.json).stale?.reason).toBe('crm_slow');
  });

  it('HubSpot failing (5xx): the stored state, marked crm_unavailable', async () => {
    const result = await withFaults({ fail5xxRate: 1 }, () => getDealState(s.deps, deal, { budgetMs: 5_000 }));
    expect(result.ok && result.value.stale?.reason).toBe('crm_unavailable');
    expect(result.ok && result.value.split).toEqual(live.split);
  });

  it('a deal never computed: 503 crm_unavailable within the budget, never a made-up split', async () => {
    const other = s.seed.deals.d2!;
    const started = Date.now();
    const res = await withFaults({ latencyMs: 4_000 }, () => s.card('GET', `/api/v1/deals/${other}/cosell`));
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(res.status).toBe(503);
    expect(ErrorResponse.parse(res.json).error).toMatchObject({ code: 'crm_unavailable' });
  });
});
