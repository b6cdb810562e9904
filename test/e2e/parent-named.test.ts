import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/app-deps';
import { readDealContexts } from '../../src/app/deal-context';
import { recomputeDeals } from '../../src/features/attribution/recompute-deals';
import type { EmulatorSeed } from '../../src/emulator';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

/**
 * Two sister companies under one parent, each with a co-sell deal: the conflict text names the
 * parent by its CRM name, read from HubSpot, never "company <id>".
 */
function siblingsSeed(): EmulatorSeed {
  const deal = (key: string, name: string, company: string, partners: Array<[string, string]>) => ({
    key,
    properties: { dealname: name, dealstage: 'appointmentscheduled', pipeline: 'default', amount: '1000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
    companies: [{ companyKey: company, labels: [], primary: true }, ...partners.map(([companyKey, label]) => ({ companyKey, labels: [label] }))],
  });
  return {
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme-corp.example' },
      { key: 'europe', name: 'Acme Europe', domain: 'acme-europe.example', parentKey: 'acme' },
      { key: 'nordics', name: 'Acme Nordics', domain: 'acme-nordics.example', parentKey: 'acme' },
      { key: 'solo', name: 'Umbrella', domain: 'umbrella.example' },
      { key: 'northwind', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'bluepeak', name: 'Bluepeak', domain: 'bluepeak.example', properties: { cosell_partner_type: 'services' } },
      { key: 'keystone', name: 'Keystone', domain: 'keystone.example', properties: { cosell_partner_type: 'technology' } },
    ],
    deals: [
      deal('europe-deal', 'Acme Europe rollout', 'europe', [['northwind', 'Sourcing partner'], ['bluepeak', 'Selling partner']]),
      deal('nordics-deal', 'Acme Nordics expansion', 'nordics', [['northwind', 'Sourcing partner'], ['keystone', 'Selling partner']]),
      deal('parent-deal', 'Acme Corp platform', 'acme', [['northwind', 'Sourcing partner']]),
      deal('solo-deal', 'Umbrella pilot', 'solo', [['bluepeak', 'Sourcing partner'], ['keystone', 'Selling partner']]),
    ],
  };
}

describe('conflict text names the parent company', () => {
  let s: Stack;
  const details = (key: string) => String(s.hs.admin.getObject('deals', s.seed.deals[key]!)?.cosell_conflict_details ?? '');
  const ids = () => [...Object.values(s.seed.deals), ...Object.values(s.seed.companies)];

  beforeAll(async () => {
    s = await startStack(siblingsSeed());
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says "Acme Corp (parent of Acme Europe and Acme Nordics)" on both sister deals', async () => {
    await recomputeDeals(s.deps, [s.seed.deals['europe-deal']!, s.seed.deals['nordics-deal']!], 'test');
    for (const key of ['europe-deal', 'nordics-deal']) {
      const text = details(key);
      expect(text).toContain(
        'Deal "Acme Europe rollout" and deal "Acme Nordics expansion" are on the same account, Acme Corp (parent of Acme Europe and Acme Nordics), with different partners: Northwind + Bluepeak vs Northwind + Keystone.',
      );
      for (const id of ids()) expect(text).not.toMatch(new RegExp(`\\b${id}\\b`));
    }
  });

  it('keeps the parent\'s name in the account index, so a neighbour read from it is named too', async () => {
    await recomputeDeals(s.deps, [s.seed.deals['nordics-deal']!], 'test');
    expect(details('nordics-deal')).toContain('Acme Corp (parent of Acme Europe and Acme Nordics)');
    const [europe] = await s.store.accountIndex.get([s.seed.deals['europe-deal']!]);
    expect(europe?.account).toMatchObject({ companyName: 'Acme Europe', parentCompanyName: 'Acme Corp', parentCompanyId: s.seed.companies['acme'] });
  });

  it('reads the parents in one extra batch, only for parents not read already', async () => {
    const calls: string[][] = [];
    const gateway = { ...s.gateway, readCompanies: async (companyIds: string[]) => (calls.push([...companyIds].sort()), s.gateway.readCompanies(companyIds)) };
    const deps: AppDeps = { ...s.deps, gateway };
    const c = s.seed.companies;
    const sorted = (...keys: string[]) => keys.map((k) => c[k]!).sort();

    const both = await readDealContexts(deps, [s.seed.deals['europe-deal']!, s.seed.deals['nordics-deal']!]);
    expect(calls).toEqual([sorted('europe', 'nordics', 'northwind', 'bluepeak', 'keystone'), sorted('acme')]);
    expect(both.get(s.seed.deals['europe-deal']!)?.account).toMatchObject({ companyName: 'Acme Europe', parentCompanyName: 'Acme Corp' });

    // The parent is a customer in the same batch: already read, no extra call.
    calls.length = 0;
    const withParent = await readDealContexts(deps, [s.seed.deals['europe-deal']!, s.seed.deals['parent-deal']!]);
    expect(calls).toEqual([sorted('europe', 'acme', 'northwind', 'bluepeak')]);
    expect(withParent.get(s.seed.deals['europe-deal']!)?.account).toMatchObject({ parentCompanyName: 'Acme Corp' });

    // No parent at all: no extra call.
    calls.length = 0;
    const solo = await readDealContexts(deps, [s.seed.deals['solo-deal']!]);
    expect(calls).toEqual([sorted('solo', 'bluepeak', 'keystone')]);
    expect(solo.get(s.seed.deals['solo-deal']!)?.account).not.toHaveProperty('parentCompanyName');
  });
});
