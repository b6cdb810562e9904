import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

describe('end to end: labels in HubSpot → webhooks → worker → output properties', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('three labelled partners and a move to closed won produce the exact split on the deal', async () => {
    const deal = s.seed.deals.d1!;
    const [p1, p2, p3] = [s.seed.companies.p1!, s.seed.companies.p2!, s.seed.companies.p3!];
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p1, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p2, ['Selling partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p3, ['Technical validation partner']);
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
    await s.settle();

    const props = s.hs.admin.getObject('deals', deal)!;
    // Default rules, sell_with, co-sell pool 25 % of 10,000.00 = 2,500.00. Roles present weigh
    // 20 + 40 + 25 = 85 (renormalized): 2500×20/85 = 588.235…, ×40/85 = 1176.470…, ×25/85 = 735.294…;
    // the one cent left over goes to the largest remainder (sourcing, .5294).
    expect(props.cosell_model).toBe('sell_with');
    expect(props.cosell_partner_count).toBe('3');
    expect(props.cosell_pool_amount).toBe('2500.00');
    expect(props.cosell_sourcing_amount).toBe('588.24');
    expect(props.cosell_selling_amount).toBe('1176.47');
    expect(props.cosell_technical_validation_amount).toBe('735.29');
    expect(props.cosell_rule_version).toBe('2026.1');
    expect(props.cosell_sourcing_partner).toBe('Northwind');

    const ledger = await s.store.ledger.listForDeal(deal);
    expect(ledger.at(-1)?.dealStatus).toBe('won');
    const sum = ledger.at(-1)!.allocations.reduce((a, x) => a + x.amountMinor, 0n);
    expect(sum).toBe(250000n);
  });
});
