import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator';
import { recomputeDeals } from '../../src/features/attribution/recompute-deals';
import type { AccountIndexRepo, Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { withAccountIndex } from '../support/with-account-index';

const stage = { open: 'appointmentscheduled', won: 'closedwon' } as const;

/**
 * Accounts: Globex (globex.example) and Globex Shop (shop.globex.example: same registrable domain),
 * Initech and its child Initech Labs, and Umbrella on its own.
 */
function conflictSeed(): EmulatorSeed {
  const deal = (key: string, company: string, partners: Array<[string, string[]]>, dealstage: string = stage.open) => ({
    key,
    properties: { dealname: key, dealstage, pipeline: 'default', amount: '1000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
    companies: [{ companyKey: company, labels: [], primary: true }, ...partners.map(([companyKey, labels]) => ({ companyKey, labels }))],
  });
  return {
    companies: [
      { key: 'globex', name: 'Globex', domain: 'globex.example' },
      { key: 'globex-shop', name: 'Globex Shop', domain: 'shop.globex.example' },
      { key: 'initech', name: 'Initech', domain: 'initech.example' },
      { key: 'initech-labs', name: 'Initech Labs', domain: 'initech-labs.example', parentKey: 'initech' },
      { key: 'umbrella', name: 'Umbrella', domain: 'umbrella.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
      { key: 'p3', name: 'Referly', domain: 'referly.example', properties: { cosell_partner_type: 'referral' } },
    ],
    deals: [
      deal('globex-a', 'globex', [['p1', ['Sourcing partner']], ['p2', ['Selling partner']]]),
      deal('globex-b', 'globex-shop', [['p1', ['Sourcing partner']], ['p3', ['Selling partner']]]),
      deal('globex-solo', 'globex', [['p3', ['Selling partner']]]),
      deal('initech-a', 'initech', [['p1', ['Sourcing partner']], ['p2', ['Selling partner']]]),
      deal('initech-b', 'initech-labs', [['p2', ['Sourcing partner']], ['p3', ['Selling partner']]]),
      deal('initech-won', 'initech', [['p1', ['Sourcing partner']], ['p3', ['Selling partner']]], stage.won),
      deal('umbrella-a', 'umbrella', [['p1', ['Sourcing partner']], ['p2', ['Selling partner']]]),
    ],
  };
}

/** Counts the account-index rows each read hands back, so a test can see what a recompute loaded. */
function countingStore(store: Store, reads: { rows: number; listOpen: number }): Store {
  const index = store.accountIndex;
  const counted: AccountIndexRepo = {
    upsert: (e) => index.upsert(e),
    remove: (ids) => index.remove(ids),
    get: async (ids) => tally(await index.get(ids)),
    listSharingAccounts: async (accounts) => tally(await index.listSharingAccounts(accounts)),
    listOpen: async () => {
      reads.listOpen += 1;
      return tally(await index.listOpen());
    },
    listByPartner: async (p) => tally(await index.listByPartner(p)),
  };
  function tally<T extends unknown[]>(rows: T): T {
    reads.rows += rows.length;
    return rows;
  }
  return withAccountIndex(store, counted);
}

describe('account conflicts over the account index', () => {
  let s: Stack;
  const reads = { rows: 0, listOpen: 0 };
  const id = (key: string) => s.seed.deals[key]!;
  const flagged = () =>
    Object.keys(s.seed.deals)
      .filter((key) => s.hs.admin.getObject('deals', id(key))?.cosell_conflict === 'true')
      .sort();

  beforeAll(async () => {
    s = await startStack(conflictSeed(), { openStore: async () => countingStore(await createStore({ sqlitePath: ':memory:' }), reads) });
    // Unrelated co-sell deals elsewhere in the index: a recompute must not read them.
    await s.store.accountIndex.upsert(
      Array.from({ length: 400 }, (_, i) => ({
        dealId: String(900_000 + i), name: `Other ${i}`, status: 'open' as const, closeDate: null, partnerIds: ['x1', 'x2'], partnerNames: {},
        account: { companyId: String(800_000 + i), domain: `other-${i}.example`, parentCompanyId: null },
      })),
    );
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    reads.rows = 0;
    reads.listOpen = 0;
  });

  it('flags open co-sell deals (2+ partners) sharing a company, registrable domain or parent with another partner combination', () => {
    // globex-solo (one partner) is not co-sell; initech-won is closed; umbrella-a is alone.
    const expected = ['globex-a', 'globex-b', 'initech-a', 'initech-b'];
    expect(flagged()).toEqual(expected);
    const details = String(s.hs.admin.getObject('deals', id('globex-b'))?.cosell_conflict_details ?? '');
    expect(details).toContain('globex-a');
    // the account and the partners by name, never company ids.
    const initech = String(s.hs.admin.getObject('deals', id('initech-b'))?.cosell_conflict_details ?? '');
    expect(initech).toContain('on the same account, Initech (parent of Initech Labs), with different partners: Northwind + Stackly vs Stackly + Referly.');
  });

  it('reads only the index rows on the accounts of the deals at hand, not the whole index', async () => {
    const report = await recomputeDeals(s.deps, [id('globex-a')], 'test');
    expect(report.related).toEqual([id('globex-b')]);
    expect(reads.listOpen).toBe(0);
    // Two lookups by account key (before the write: neighbours; after: conflict candidates), each
    // answering the three Globex deals, plus the deal's own row.
    expect(reads.rows).toBeLessThanOrEqual(3 + 3 + 1);
    expect(flagged()).toContain('globex-a');
  });

  it('a deal joins conflict detection when it gets a second partner and leaves it when it drops to one, on both sides', async () => {
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((k) => s.seed.companies[k]!);
    const put = (deal: string, partners: Array<{ companyId: string; roles: string[] }>) => s.card('PUT', `/api/v1/deals/${id(deal)}/partners`, { partners });
    expect((await put('globex-solo', [{ companyId: p3!, roles: ['selling'] }, { companyId: p2!, roles: ['sourcing'] }])).status).toBe(200);
    expect(flagged()).toContain('globex-solo');
    // Drop globex-b and globex-solo to one partner: globex-a is left without a co-sell rival.
    expect((await put('globex-b', [{ companyId: p1!, roles: ['sourcing'] }])).status).toBe(200);
    expect((await put('globex-solo', [{ companyId: p3!, roles: ['selling'] }])).status).toBe(200);
    expect(flagged()).toEqual(['initech-a', 'initech-b']);
    // And back: both sides flagged again.
    expect((await put('globex-b', [{ companyId: p1!, roles: ['sourcing'] }, { companyId: p3!, roles: ['selling'] }])).status).toBe(200);
    expect(flagged()).toEqual(['globex-a', 'globex-b', 'initech-a', 'initech-b']);
  });

  it('the scorecard counts a partner\'s co-sell deals from the index', async () => {
    const res = await s.card('GET', `/api/v1/partners/${s.seed.companies.p3!}/scorecard`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ openCoSellDeals: 2 });
    expect(reads.listOpen).toBe(0);
  });
});
