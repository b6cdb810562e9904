import { describe, expect, it } from 'vitest';
import { allocationSchemaRequest, planAllocationRecords } from './allocation-object';
import type { DealAllocations, ExistingAllocationRecord } from './allocation-object';

const deal: DealAllocations = {
  dealId: '301', dealName: 'Acme platform', status: 'won', currency: 'USD', ruleVersion: '2026.1',
  allocations: [
    { partnerId: '201', partnerName: 'Northwind', roles: ['sourcing'], weight: '33.3333', share: '0.333333', amount: '833.33' },
    { partnerId: '202', partnerName: 'Stackly', roles: ['selling', 'implementation'], weight: '66.6667', share: '0.666667', amount: '1666.67' },
  ],
};

describe('planAllocationRecords', () => {
  it('creates a full record per partner when the deal has none, named "<deal> — <partner>"', () => {
    const plan = planAllocationRecords(deal, []);
    expect(plan.archive).toEqual([]);
    expect(plan.upserts.map((u) => [u.key, u.isNew, u.properties.cosell_allocation_name, u.properties.cosell_roles, u.properties.cosell_amount])).toEqual([
      ['301:201', true, 'Acme platform — Northwind', 'sourcing', '833.33'],
      ['301:202', true, 'Acme platform — Stackly', 'selling;implementation', '1666.67'],
    ]);
  });

  it('writes only changed values (numbers compared exactly, trailing zeros ignored) and archives partners no longer on the deal', () => {
    const first = planAllocationRecords(deal, []);
    const existing: ExistingAllocationRecord[] = [
      { id: 'a', properties: { ...first.upserts[0]!.properties, cosell_amount: '833.330', cosell_status: 'open' } },
      { id: 'b', properties: { ...first.upserts[1]!.properties, cosell_amount: '1666.66' } },
      { id: 'c', properties: { cosell_allocation_key: '301:299', cosell_partner_name: 'Gone' } },
    ];
    const plan = planAllocationRecords(deal, existing);
    expect(plan.upserts).toEqual([
      { key: '301:201', partnerId: '201', isNew: false, properties: { cosell_status: 'won' } },
      { key: '301:202', partnerId: '202', isNew: false, properties: { cosell_amount: '1666.67' } },
    ]);
    expect(plan.archive).toEqual(['c']);
  });

  it('a deal without a split archives every record; the same state again plans nothing', () => {
    const records = planAllocationRecords(deal, []).upserts.map((u, i) => ({ id: String(i), properties: u.properties }));
    expect(planAllocationRecords(deal, records)).toEqual({ upserts: [], archive: [] });
    expect(planAllocationRecords({ ...deal, allocations: [] }, records).archive).toEqual(['0', '1']);
  });
});

describe('allocationSchemaRequest', () => {
  it('names the object, its labels, a unique key and only properties it defines as required/primary', () => {
    const body = allocationSchemaRequest();
    const names = body.properties.map((p) => p.name);
    expect(body).toMatchObject({ name: 'cosell_partner_allocation', labels: { singular: 'Partner allocation', plural: 'Partner allocations' }, associatedObjects: ['DEAL', 'COMPANY'] });
    expect(body.properties.find((p) => p.name === 'cosell_allocation_key')?.hasUniqueValue).toBe(true);
    for (const n of [body.primaryDisplayProperty, ...body.requiredProperties, ...body.searchableProperties, ...body.secondaryDisplayProperties]) expect(names).toContain(n);
    expect(body.properties.find((p) => p.name === 'cosell_status')?.options?.map((o) => o.value)).toEqual(['open', 'won', 'lost']);
  });
});
