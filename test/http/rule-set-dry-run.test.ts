import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../src/domain';
import { DealPipelineList, ErrorResponse, PublishRuleSetResponse, RuleSetDraft, RuleSetDryRunResponse } from '../../src/contract/card-api';
import type { Stack } from '../e2e/start-stack';
import { startStack, threePartnerSeed } from '../e2e/start-stack';

/** the publish preview comes from a backend dry run; publishing reports deals recomputed. */
describe('rule set dry run and publish (HTTP)', () => {
  let s: Stack;
  let deal: string;
  let northwind: string;
  let stackly: string;
  // Takes effect before the deal's close date (2026-06-30), so it applies to it.
  const next = {
    ...structuredClone(DEFAULT_RULE_SET),
    version: '2026.2',
    effectiveFrom: '2026-04-01',
    pool: { soloRate: 20, coSellRate: 30 },
    models: { ...structuredClone(DEFAULT_RULE_SET.models), sell_with: { sourcing: 20, selling: 30, technical_validation: 25, influence: 15, implementation: 10 } },
  };

  beforeAll(async () => {
    s = await startStack(threePartnerSeed(), { settingsAllowedUsers: ['1'] });
    deal = s.seed.deals.d1!;
    [northwind, stackly] = [s.seed.companies.p1!, s.seed.companies.p2!];
    const res = await s.card('PUT', `/api/v1/deals/${deal}/partners`, {
      partners: [
        { companyId: northwind, roles: ['sourcing', 'selling'] },
        { companyId: stackly, roles: ['technical_validation', 'influence'] },
      ],
    });
    expect(res.status).toBe(200);
    // 2026.1: pool 25 % of 10,000.00 = 2,500.00; every paid role held: Northwind 60 → 1,500.00, Stackly 40 → 1,000.00.
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ cosell_pool_amount: '2500.00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says how many open deals change and the change in pool and per partner, by name, writing nothing', async () => {
    const res = await s.card('POST', '/api/v1/rule-sets/dry-run', { ruleSet: next });
    expect(res.status).toBe(200);
    // Under 2026.2: pool 30 % = 3,000.00; weights present 50 + 40 = 90 (implementation 10 unheld, renormalized):
    // Northwind 3000·50/90 = 1,666.67 (+166.67), Stackly 3000·40/90 = 1,333.33 (+333.33).
    expect(RuleSetDryRunResponse.parse(res.json)).toEqual({
      version: '2026.2',
      errors: [],
      openDeals: 1, // the other deal has no partners: no split can change
      changedDeals: 1,
      poolChange: [{ currency: 'USD', amount: '500.00' }],
      partners: [
        { companyId: stackly, name: 'Stackly', change: [{ currency: 'USD', amount: '333.33' }] },
        { companyId: northwind, name: 'Northwind', change: [{ currency: 'USD', amount: '166.67' }] },
      ],
      skippedDeals: 0,
      overrideCatches: { overrides: [], baseDeals: 1 },
    });
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ cosell_pool_amount: '2500.00', cosell_rule_version: '2026.1' });
  });

  it('counts, by override name, the open deals each override catches and those left to the base rules', async () => {
    const withOverrides = {
      ...next,
      overrides: [
        { name: 'Small deals', when: { maxAmount: '5000.00' }, pool: { coSellRate: 10 } },
        { name: 'Sales pipeline', when: { pipelines: ['default'], minAmount: '5000.00' }, pool: { coSellRate: 35 } },
        { name: 'Everything else big', when: { minAmount: '5000.00' }, pool: { coSellRate: 40 } },
      ],
    };
    const res = RuleSetDryRunResponse.parse((await s.card('POST', '/api/v1/rule-sets/dry-run', { ruleSet: withOverrides })).json);
    expect(res.errors).toEqual([]);
    // The one open partner deal (10,000.00 in the default pipeline) is caught by the first override that matches.
    expect(res.overrideCatches).toEqual({
      overrides: [
        { name: 'Small deals', deals: 0 },
        { name: 'Sales pipeline', deals: 1 },
        { name: 'Everything else big', deals: 0 },
      ],
      baseDeals: 0,
    });
    // And the split follows it: pool 35 % of 10,000.00 instead of 25 %.
    expect(res.poolChange).toEqual([{ currency: 'USD', amount: '1000.00' }]);
  });

  it('lists the portal\'s deal pipelines by label for choosing an override\'s pipelines', async () => {
    const res = await s.card('GET', '/api/v1/settings/deal-pipelines');
    expect(res.status).toBe(200);
    expect(DealPipelineList.parse(res.json).pipelines).toContainEqual({ id: 'default', label: 'Sales Pipeline' });
  });

  it('reports no change for a rule set that takes effect after every open deal closes', async () => {
    const later = { ...next, version: '2026.3', effectiveFrom: '2026-09-01' };
    const res = RuleSetDryRunResponse.parse((await s.card('POST', '/api/v1/rule-sets/dry-run', { ruleSet: later })).json);
    expect(res).toMatchObject({ openDeals: 1, changedDeals: 0, poolChange: [], partners: [] });
  });

  it('answers an invalid rule set with its field errors (version pattern included), computing nothing', async () => {
    const res = RuleSetDryRunResponse.parse((await s.card('POST', '/api/v1/rule-sets/dry-run', { ruleSet: { ...next, version: 'next' } })).json);
    expect(res.errors).toContainEqual({ path: 'ruleSet.version', message: 'must look like 2026.3 (the year, a dot, and a number from 1 within that year)' });
    expect(res.openDeals).toBe(0);
  });

  it('is for the people allowed to change settings only', async () => {
    const res = await s.card('POST', '/api/v1/rule-sets/dry-run', { ruleSet: next }, { userId: '2' });
    expect(res.status).toBe(403);
    expect(ErrorResponse.parse(res.json).error.code).toBe('forbidden');
  });

  it('publishing recomputes the open partner deals before answering and says how many', async () => {
    const draft = RuleSetDraft.parse((await s.card('POST', '/api/v1/rule-sets/drafts', { ruleSet: next })).json);
    const res = await s.card('POST', `/api/v1/rule-sets/drafts/${draft.id}/publish`);
    expect(res.status).toBe(200);
    expect(PublishRuleSetResponse.parse(res.json)).toMatchObject({ published: { version: '2026.2' }, dealsRecomputed: 1, dealsPending: 0 });
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ cosell_pool_amount: '3000.00', cosell_rule_version: '2026.2' });
  });
});
