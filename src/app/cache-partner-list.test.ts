import { describe, expect, it } from 'vitest';
import type { CrmCompany, CrmGateway } from '../hubspot/crm-gateway';
import { cachePartnerList } from './cache-partner-list';

describe('cachePartnerList', () => {
  it('serves the list from memory within the TTL, re-reads after it, and never caches a failure', async () => {
    let calls = 0;
    let fail = false;
    const company: CrmCompany = { id: '1', name: 'A', domain: null, partnerType: 'reseller', parentCompanyId: null };
    const fake = {
      listPartnerCompanies: async () => {
        calls += 1;
        if (fail) throw new Error('down');
        return [company];
      },
      ping: async () => undefined,
    } as unknown as CrmGateway;
    let t = 0;
    const g = cachePartnerList(fake, 1000, () => t);
    expect(await g.listPartnerCompanies()).toEqual([company]);
    t = 999;
    await g.listPartnerCompanies();
    expect(calls).toBe(1);
    t = 1000;
    fail = true;
    await expect(g.listPartnerCompanies()).rejects.toThrow('down');
    fail = false;
    expect(await g.listPartnerCompanies()).toEqual([company]);
    expect(calls).toBe(3);
    await expect(g.ping()).resolves.toBeUndefined();
  });
});
