import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import { readDemoSeed, startEmulator } from '../../src/emulator';
import type { EmulatorHandle, EmulatorSeed } from '../../src/emulator';
import { runSetup } from '../../src/hubspot/provisioning';
import { sdkFor } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
beforeAll(async () => {
  // The demo seed uses the app's schema, so setup runs first — exactly what `cosell emulator --seed demo` does.
  hs = await startEmulator({ seed: 'demo', beforeSeed: async (p) => { await runSetup({ ...p, apply: true, sleep: async () => undefined }); } });
  client = sdkFor(hs);
});
afterAll(async () => {
  await hs.close();
});

describe('the demo seed', () => {
  const seed = readDemoSeed() as Required<EmulatorSeed>;

  it("gives the portal a home currency (USD) and rates for every other currency its deals use, in HubSpot's shapes", async () => {
    const get = async (path: string) => (await fetch(`${hs.baseUrl}${path}`, { headers: { authorization: `Bearer ${hs.accessToken}` } })).json() as Promise<Record<string, unknown>>;
    expect(await get('/settings/v3/currencies/company-currency')).toMatchObject({ id: 'USD' });
    const rates = (await get('/settings/v3/currencies/exchange-rates/current')).results as Array<{ fromCurrencyCode: string; toCurrencyCode: string; conversionRate: number }>;
    expect(rates.map((r) => [r.fromCurrencyCode, r.toCurrencyCode, r.conversionRate])).toEqual([['EUR', 'USD', 1.08], ['GBP', 'USD', 1.27]]);
    const dealCurrencies = new Set(seed.deals.map((d) => d.properties['deal_currency_code']));
    for (const c of dealCurrencies) expect(c === 'USD' || rates.some((r) => r.fromCurrencyCode === c)).toBe(true);
  });

  it('refuses a seed rate from the company currency itself or with more than 6 decimals, naming the field', async () => {
    await expect(hs.admin.seed({ currencies: { companyCurrency: 'USD', exchangeRates: [{ fromCurrencyCode: 'USD', conversionRate: 1 }] } })).rejects.toThrow(
      'seed currencies.exchangeRates[0].fromCurrencyCode: is the company currency itself',
    );
    await expect(hs.admin.seed({ currencies: { companyCurrency: 'USD', exchangeRates: [{ fromCurrencyCode: 'EUR', conversionRate: 1.0000001 }] } })).rejects.toThrow(
      /currencies\.exchangeRates\[0\]\.conversionRate.*at most 6 decimals/,
    );
  });

  it('has partners of all four types and ~20 customers, some parent/child, two sharing a registrable domain', () => {
    const partners = seed.companies.filter((c) => c.properties?.cosell_partner_type);
    expect(new Set(partners.map((c) => c.properties!.cosell_partner_type))).toEqual(new Set(['reseller', 'technology', 'services', 'referral']));
    expect(partners.length).toBeGreaterThanOrEqual(10);
    const customers = seed.companies.filter((c) => !c.properties?.cosell_partner_type);
    expect(customers.length).toBeGreaterThanOrEqual(18);
    expect(customers.some((c) => c.parentKey)).toBe(true);
    expect(customers.some((c) => c.domain === 'hooli.co.uk') && customers.some((c) => c.domain === 'shop.hooli.co.uk')).toBe(true);
  });

  it('loads ~50 deals across open and closed stages, with co-sell and conflicting partner sets', async () => {
    const deals = await client.crm.deals.getAll(undefined, undefined, ['dealstage', 'amount', 'hs_is_closed_won']);
    expect(deals.length).toBeGreaterThanOrEqual(45);
    const stages = new Set(deals.map((d) => d.properties.dealstage));
    expect(stages).toContain('closedwon');
    expect(stages).toContain('closedlost');
    expect(stages).toContain('qualifiedtobuy');

    const labelled = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: deals.map((d) => ({ id: d.id })).slice(0, 1000) });
    const partnerCounts = labelled.results.map((r) => r.to.filter((t) => t.associationTypes.some((a) => a.category === 'USER_DEFINED')).length);
    expect(partnerCounts.filter((n) => n >= 2).length).toBeGreaterThanOrEqual(10);
    expect(partnerCounts.filter((n) => n === 1).length).toBeGreaterThanOrEqual(5);
    const labels = new Set(labelled.results.flatMap((r) => r.to.flatMap((t) => t.associationTypes.map((a) => a.label))));
    for (const l of ['Sourcing partner', 'Selling partner', 'Technical validation partner', 'Implementation partner', 'Influence partner']) expect(labels).toContain(l);

    // Conflicts: one account with two open deals naming different partner combinations.
    const acme = seed.deals.filter((d) => d.key.startsWith('d-conflict') && d.companies?.some((c) => c.companyKey === 'c-acme'));
    expect(acme).toHaveLength(2);
    const sets = acme.map((d) => d.companies!.filter((c) => (c.labels ?? []).length > 0).map((c) => c.companyKey).sort().join('+'));
    expect(sets[0]).not.toBe(sets[1]);
  });

  it('names every deal uniquely, so the preview picker and reports can tell them apart', () => {
    const names = seed.deals.map((d) => String(d.properties?.dealname ?? ''));
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    expect(repeated).toEqual([]);
    expect(names.every((n) => n.trim().length > 0)).toBe(true);
  });

  it('is rejected with a field path when the schema it needs is missing', async () => {
    const bare = await startEmulator();
    try {
      await expect(bare.admin.seed(seed)).rejects.toThrow(/seed companies\[0\]\.properties\.cosell_partner_type/);
      expect(bare.admin.getObject('companies', '200001')).toBeUndefined();
    } finally {
      await bare.close();
    }
  });
});
