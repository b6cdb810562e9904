import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALLOCATION_OBJECT_NAME } from '../../src/domain/reporting/allocation-object';
import { setUpAllocationObject } from '../../src/features/reporting/allocation-object-setup';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

/*
 * The optional "Partner allocation" object end to end: set up on the emulator, a co-sell deal
 * closing writes one record per partner with the split's amounts, associated to the deal and the
 * partner company; a partner taken off the deal loses its record. Off, nothing is written.
 */
describe('end to end: Partner allocation records', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  const records = (dealId: string): Array<Record<string, string> & { id: string }> =>
    s.hs.admin.getAssociations('deals', dealId, ALLOCATION_OBJECT_NAME).map((a) => ({ ...s.hs.admin.getObject(ALLOCATION_OBJECT_NAME, a.toId)!, id: a.toId }));

  it('closing a co-sell deal writes a record per partner, associated to the deal and the partner; a removed partner\'s record is archived', async () => {
    const setup = await setUpAllocationObject(s.gateway.customObjects!, { apply: true, store: s.store, actor: 'test' });
    expect(setup).toMatchObject({ ok: true, value: { schema: 'created', recordsEnabled: true } });
    const deal = s.seed.deals.d1!;
    const [p1, p2] = [s.seed.companies.p1!, s.seed.companies.p2!];
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p1, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p2, ['Selling partner']);
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
    await s.settle();

    const dealProps = s.hs.admin.getObject('deals', deal)!;
    const written = records(deal).sort((a, b) => a.cosell_partner_name!.localeCompare(b.cosell_partner_name!));
    expect(written.map((r) => [r.cosell_allocation_name, r.cosell_allocation_key, r.cosell_status, r.cosell_currency, r.cosell_roles])).toEqual([
      ['Acme platform — Northwind', `${deal}:${p1}`, 'won', 'USD', 'sourcing'],
      ['Acme platform — Stackly', `${deal}:${p2}`, 'won', 'USD', 'selling'],
    ]);
    // The records carry the split written on the deal: the sourcing and selling amounts, summing to the pool.
    expect(written.map((r) => r.cosell_amount)).toEqual([dealProps.cosell_sourcing_amount, dealProps.cosell_selling_amount]);
    expect(written[0]!.cosell_rule_version).toBe(dealProps.cosell_rule_version);
    for (const [record, partner] of [[written[0]!, p1], [written[1]!, p2]] as const) {
      expect(s.hs.admin.getAssociations(ALLOCATION_OBJECT_NAME, record.id, 'companies').map((a) => a.toId)).toEqual([partner]);
      expect(s.hs.admin.getAssociations(ALLOCATION_OBJECT_NAME, record.id, 'deals').map((a) => a.toId)).toEqual([deal]);
    }

    // A recompute that leaves the split as it was (a new close date) reads the records and writes nothing to them.
    s.hs.admin.clearRequestLog();
    await s.hs.admin.actAsUser('deals', deal, { closedate: '2026-07-01T12:00:00Z' });
    await s.settle();
    const paths = s.hs.admin.requestLog().map((r) => r.path);
    expect(paths.some((p) => /^\/crm\/v4\/associations\/deals\/2-\d+\/batch\/read/.test(p))).toBe(true);
    expect(paths.filter((p) => /batch\/(upsert|archive)|associate\/default/.test(p))).toEqual([]);

    // Stackly taken off the deal (its role label removed): its record goes, Northwind's takes the whole pool.
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p2, []);
    await s.settle();
    const after = records(deal);
    expect(after.map((r) => r.cosell_partner_name)).toEqual(['Northwind']);
    expect(s.hs.admin.getObject(ALLOCATION_OBJECT_NAME, written[1]!.id)).toBeUndefined();
    expect(after[0]!.cosell_amount).toBe(s.hs.admin.getObject('deals', deal)!.cosell_pool_amount);
    expect(after[0]!.cosell_share).toBe('1.000000');
  });

  it('writes nothing while the records are off, even with the object in the portal', async () => {
    await setUpAllocationObject(s.gateway.customObjects!, { apply: true, actor: 'test' });
    const deal = s.seed.deals.d1!;
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
    await s.settle();
    expect(s.hs.admin.getObject('deals', deal)!.cosell_sourcing_amount).toBeDefined();
    expect(records(deal)).toEqual([]);
  });
});
