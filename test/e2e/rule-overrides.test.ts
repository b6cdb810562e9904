import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../src/domain';
import type { EmulatorSeed } from '../../src/emulator';
import { recomputeDeals } from '../../src/features/attribution/recompute-deals';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

/**
 * Rule overrides on a real read of the deal: the worker reads the pipeline and the deal properties
 * the published rule set lists, so an override on a property or a pipeline picks its deals.
 */
function seed(): EmulatorSeed {
  const deal = (key: string, name: string, territory: string | null) => ({
    key,
    properties: {
      dealname: name, dealstage: 'appointmentscheduled', pipeline: 'default', amount: '10000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z',
    },
    territory,
    companies: [{ companyKey: 'customer', labels: [], primary: true }, { companyKey: 'northwind', labels: ['Sourcing partner'] }, { companyKey: 'bluepeak', labels: ['Selling partner'] }],
  });
  return {
    companies: [
      { key: 'customer', name: 'Globex', domain: 'globex.example' },
      { key: 'northwind', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'bluepeak', name: 'Bluepeak', domain: 'bluepeak.example', properties: { cosell_partner_type: 'services' } },
    ],
    deals: [deal('emea', 'Globex EMEA rollout', 'emea'), deal('amer', 'Globex AMER rollout', 'AMER'), deal('none', 'Globex pilot', null)].map(({ territory: _t, ...d }) => d),
  };
}

const TERRITORIES: Record<string, string | null> = { emea: 'emea', amer: 'AMER', none: null };

describe('rule overrides read the deal from HubSpot', () => {
  let s: Stack;
  const prop = (key: string, name: string) => s.hs.admin.getObject('deals', s.seed.deals[key]!)?.[name];
  /** A call to the emulator's HubSpot API, as a portal admin (or another app) would make it. */
  const hubspot = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${s.hs.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${s.hs.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };

  beforeAll(async () => {
    s = await startStack(seed());
    // A portal's own deal property, as partner ops would create it in HubSpot's settings.
    await hubspot('POST', '/crm/v3/properties/deals', { name: 'territory', label: 'Territory', type: 'string', fieldType: 'text', groupName: 'dealinformation' });
    for (const [key, territory] of Object.entries(TERRITORIES)) {
      if (territory) await hubspot('PATCH', `/crm/v3/objects/deals/${s.seed.deals[key]!}`, { properties: { territory } });
    }
    const ruleSet = {
      ...structuredClone(DEFAULT_RULE_SET),
      version: '2026.2',
      effectiveFrom: '2026-02-01',
      dealProperties: ['territory'],
      overrides: [
        { name: 'EMEA deals', when: { properties: { territory: ['EMEA'] } }, pool: { coSellRate: 30 } },
        { name: 'Default pipeline, large', when: { pipelines: ['default'], minAmount: '50000.00' }, pool: { coSellRate: 40 } },
      ],
    };
    const draft = await s.deps.store.ruleSets.createDraft({ ruleSet, createdBy: 'test' });
    await s.deps.store.ruleSets.publish(draft.id, 'test');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a deal whose territory matches (case-insensitive) gets the override; the others the base rules', async () => {
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
    const base = DEFAULT_RULE_SET.pool.coSellRate;
    expect(prop('emea', 'cosell_pool_amount')).toBe('3000.00');
    expect(prop('emea', 'cosell_rule_version')).toBe('2026.2 · EMEA deals');
    for (const key of ['amer', 'none']) {
      expect(prop(key, 'cosell_pool_amount')).toBe(`${(10000 * base) / 100}.00`);
      expect(prop(key, 'cosell_rule_version')).toBe('2026.2');
    }
  });

  it('a pipeline condition matches once the amount qualifies', async () => {
    await hubspot('PATCH', `/crm/v3/objects/deals/${s.seed.deals.amer!}`, { properties: { amount: '60000.00' } });
    await recomputeDeals(s.deps, [s.seed.deals.amer!], 'test');
    expect(prop('amer', 'cosell_pool_amount')).toBe('24000.00');
    expect(prop('amer', 'cosell_rule_version')).toBe('2026.2 · Default pipeline, large');
  });
});
