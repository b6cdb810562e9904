import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, fiscalQuarterOf, previousFiscalQuarter } from '../../src/domain';
import { IncentivesSimulation } from '../../src/contract/card-api';
import type { Stack } from '../e2e/start-stack';
import { startStack, threePartnerSeed } from '../e2e/start-stack';

/** "Try on last quarter": the settings page runs the quarter math on the portal's won partner deals. */
describe('incentives simulation on the portal\'s deals (HTTP)', () => {
  let s: Stack;
  const tried = {
    ...structuredClone(DEFAULT_RULE_SET),
    version: '2026.2',
    effectiveFrom: '2027-01-01',
    incentives: {
      fiscalYearStartMonth: 1,
      coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '100.00', currency: 'USD' } },
      tiers: [{ name: 'Co-sell Silver', minCoSellWins: 1, benefits: [], commissionUpliftPercent: '2' }],
    },
  };

  beforeAll(async () => {
    s = await startStack(threePartnerSeed(), { settingsAllowedUsers: ['1'] });
    const [northwind, stackly] = [s.seed.companies.p1!, s.seed.companies.p2!];
    // Both seed deals co-sold by Northwind (selling) and Stackly (sourcing), then won:
    // d1 closes 2026-06-30 (2026-Q2), d2 2026-07-15 (2026-Q3).
    for (const deal of [s.seed.deals.d1!, s.seed.deals.d2!]) {
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', northwind, ['Selling partner']);
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', stackly, ['Sourcing partner']);
      await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
    }
    await s.settle();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('computes a quarter under the rule set tried, by partner name, beside what the published rules pay', async () => {
    // 2026-Q3 given explicitly (the page sends none: the last full quarter), so the test does not depend on today.
    const res = await s.card('POST', '/api/v1/settings/incentives-simulation', { ruleSet: tried, quarter: '2026-Q3' });
    expect(res.status).toBe(200);
    const sim = IncentivesSimulation.parse(res.json);
    expect(sim.errors).toEqual([]);
    expect(sim.quarter).toEqual({ label: '2026-Q3', firstDay: '2026-07-01', lastDay: '2026-09-30' });
    expect(sim.wonDeals).toBe(2);
    // d2: 999.99 × 25 % = 250.00; selling 40 and sourcing 20 of 60 → Northwind 166.67, Stackly 83.33.
    // Each held Co-sell Silver in 2026-Q3 (one co-sell win in 2026-Q2, d1): 2 % → 3.33 and 1.67 (1.6666 → 1.67).
    // Each won once in 2026-Q3: the 100.00 bonus. The published default pays commission only.
    expect(sim.partners).toEqual([
      { companyId: s.seed.companies.p1!, name: 'Northwind', currency: 'USD', coSellWins: 1, heldTier: 'Co-sell Silver', tier: 'Co-sell Silver', commission: '166.67', bonus: '100.00', uplift: '0.00', tierUplift: '3.33', total: '270.00', publishedTotal: '166.67' },
      { companyId: s.seed.companies.p2!, name: 'Stackly', currency: 'USD', coSellWins: 1, heldTier: 'Co-sell Silver', tier: 'Co-sell Silver', commission: '83.33', bonus: '100.00', uplift: '0.00', tierUplift: '1.67', total: '185.00', publishedTotal: '83.33' },
    ]);
  });

  it('by default, takes the last full fiscal quarter by the calendar of the rule set tried', async () => {
    const fromApril = { ...tried, incentives: { ...tried.incentives, fiscalYearStartMonth: 4 } };
    const sim = IncentivesSimulation.parse((await s.card('POST', '/api/v1/settings/incentives-simulation', { ruleSet: fromApril })).json);
    const expected = previousFiscalQuarter(fiscalQuarterOf(new Date().toISOString().slice(0, 10), 4)!, 4);
    expect(sim.quarter).toEqual({ label: expected.label, firstDay: expected.firstDay, lastDay: expected.lastDay });
  });

  it('answers an invalid rule set with its field errors, computing nothing', async () => {
    const bad = { ...tried, incentives: { ...tried.incentives, tiers: [{ name: 'Co-sell Silver', minCoSellWins: 1, benefits: [], commissionUpliftPercent: '0' }] } };
    const sim = IncentivesSimulation.parse((await s.card('POST', '/api/v1/settings/incentives-simulation', { ruleSet: bad })).json);
    expect(sim.errors).toEqual([{ path: 'ruleSet.incentives.tiers[0].commissionUpliftPercent', message: 'must be more than 0 and at most 100' }]);
    expect(sim.partners).toEqual([]);
  });

  it('is for the people allowed to change settings only', async () => {
    const res = await s.card('POST', '/api/v1/settings/incentives-simulation', { ruleSet: tried }, { userId: '2' });
    expect(res.status).toBe(403);
  });
});
