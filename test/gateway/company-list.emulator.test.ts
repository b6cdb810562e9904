// The company listing account mapping indexes from: the CRM list endpoint, paged by 100, past the
// 10,000 results a search would stop at; and the batch read of the same properties.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import { startEmulator, type EmulatorHandle } from '../../src/emulator';

let hs: EmulatorHandle;

beforeEach(async () => {
  hs = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await hs.close();
});

const gateway = () => createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, limiter: createRateLimiter({ perTenSeconds: 100_000 }), sleep: async () => undefined });

describe('listAllCompanies / readCompanySummaries (emulator)', () => {
  it('lists every company past 10,000 with the list endpoint, never search', async () => {
    const records = Array.from({ length: 10_250 }, (_, i) => ({ name: `Company ${i}`, domain: `c${i}.example.com`, lifecyclestage: i % 2 ? 'customer' : 'lead' }));
    const ids = hs.admin.createRecords('companies', records);
    hs.admin.clearRequestLog();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of gateway().listAllCompanies()) {
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(100);
      seen.push(...page.map((c) => c.id));
    }
    expect(seen.length).toBe(10_250);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(pages).toBe(103);
    const log = hs.admin.requestLog();
    expect(log.filter((r) => r.path.includes('/search'))).toEqual([]);
    expect(log.filter((r) => r.method === 'GET' && r.path.startsWith('/crm/v3/objects/companies')).length).toBe(103);
  });

  it('reads name, domain, website, lifecycle stage and owner; unknown ids are absent', async () => {
    const report = await hs.admin.seed({
      owners: [{ key: 'pam', email: 'pam@example.com', firstName: 'Pam', lastName: 'Partner' }],
      companies: [
        { key: 'a', name: 'Acme', domain: 'acme.com', ownerKey: 'pam', properties: { lifecyclestage: 'customer', website: 'https://acme.com' } },
        { key: 'b', name: 'Blank' },
      ],
      deals: [],
    });
    const found = await gateway().readCompanySummaries([report.companies.a!, report.companies.b!, '999999']);
    expect([...found.keys()].sort()).toEqual([report.companies.a!, report.companies.b!].sort());
    expect(found.get(report.companies.a!)).toEqual({ id: report.companies.a, name: 'Acme', domain: 'acme.com', website: 'https://acme.com', lifecycleStage: 'customer', ownerId: report.owners.pam });
    expect(found.get(report.companies.b!)).toEqual({ id: report.companies.b, name: 'Blank', domain: null, website: null, lifecycleStage: null, ownerId: null });
  });
});
