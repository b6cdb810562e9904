import type { AttributionPlan, DealCoSellState } from '@cosell/contract';

/** A deal co-sell state as the backend would send it: two partner companies offered, none on the deal. */
export function dealStateFixture(overrides: Partial<DealCoSellState> = {}): DealCoSellState {
  return {
    deal: {
      id: '101',
      name: 'Acme rollout',
      amount: '12345.00',
      currency: 'EUR',
      pipelineId: 'default',
      stageId: 'qualifiedtobuy',
      stageLabel: 'Qualified to buy',
      isClosed: false,
      isClosedWon: false,
      closeDate: null,
    },
    partners: [],
    partnerCompanies: [
      { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null },
      { companyId: '12', name: 'Techlink', partnerType: 'technology', domain: 'techlink.example', parentCompanyId: null },
      { companyId: '13', name: 'Servico', partnerType: 'services', domain: 'servico.example', parentCompanyId: null },
    ],
    model: null,
    plan: { relationshipOwner: null, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [] },
    unassigned: ['Relationship owner', 'Post-sale: onboarding', 'Post-sale: support', 'Post-sale: renewal'],
    split: null,
    splitErrors: [],
    conflicts: [],
    touchpoints: [],
    registration: null,
    warnings: [],
    computedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

/** The split the backend computes for Northwind (sourcing) + Techlink (selling) under sell_with 2026.1. */
export function splitFixture(): AttributionPlan {
  return {
    dealId: '101',
    model: 'sell_with',
    ruleVersion: '2026.1',
    currency: 'EUR',
    dealAmount: '12345.00',
    pool: { rate: '25', amount: '3086.25', currency: 'EUR' },
    allocations: [
      { partnerId: '11', partnerName: 'Northwind Resellers', roles: ['sourcing'], weight: '20', share: '0.333333', amount: '1028.75' },
      { partnerId: '12', partnerName: 'Techlink', roles: ['selling'], weight: '40', share: '0.666667', amount: '2057.50' },
    ],
    unallocated: '0.00',
    warnings: [],
    explanation: [
      'Deal amount: 12345.00 EUR.',
      'Pool rate: co-sell rate 25%.',
      'Pool: 12345.00 × 25% = 3086.25 EUR',
      'Role weights (sell_with): sourcing 20 → Northwind Resellers; selling 40 → Techlink; renormalised over 60.',
      'Northwind Resellers: 20/60 = 0.333333 → 1028.75 EUR',
      'Techlink: 40/60 = 0.666667 → 2057.50 EUR (largest remainder gets the cent)',
    ],
  };
}
