import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCURRENT_FOLLOW_UP_DELAY_MS, recomputeDeals } from '../../src/features/attribution/recompute-deals';
import type { EmulatorSeed } from '../../src/emulator';
import type { AccountIndexRepo, NewAccountIndexEntry, Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { withAccountIndex } from '../support/with-account-index';

/**
 * Two workers recomputing deals on one account at once (several instances on Postgres): worker A
 * reads the account index for deal u-a's neighbours, then worker B writes u-b's new row (u-b just
 * became a co-sell deal), then A loads its conflict candidates. B computed u-b before A's row was
 * there, so without a follow-up u-b would stay unflagged.
 */
function seed(): EmulatorSeed {
  const deal = (key: string, partners: Array<[string, string[]]>) => ({
    key,
    properties: { dealname: key, dealstage: 'appointmentscheduled', pipeline: 'default', amount: '1000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
    companies: [{ companyKey: 'umbrella', labels: [], primary: true }, ...partners.map(([companyKey, labels]) => ({ companyKey, labels }))],
  });
  return {
    companies: [
      { key: 'umbrella', name: 'Umbrella', domain: 'umbrella.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
      { key: 'p3', name: 'Referly', domain: 'referly.example', properties: { cosell_partner_type: 'referral' } },
    ],
    deals: [deal('u-a', [['p1', ['Sourcing partner']], ['p2', ['Selling partner']]]), deal('u-b', [['p1', ['Sourcing partner']]])],
  };
}

/** Runs `between` once, right after the first neighbour lookup of the next recompute. */
function interleavingStore(store: Store, hook: { between: (() => Promise<void>) | null }): Store {
  const index = store.accountIndex;
  const wrapped: AccountIndexRepo = {
    upsert: (e) => index.upsert(e),
    remove: (ids) => index.remove(ids),
    get: (ids) => index.get(ids),
    listOpen: () => index.listOpen(),
    listByPartner: (p) => index.listByPartner(p),
    listSharingAccounts: async (accounts) => {
      const rows = await index.listSharingAccounts(accounts);
      const between = hook.between;
      hook.between = null;
      if (between) await between();
      return rows;
    },
  };
  return withAccountIndex(store, wrapped);
}

describe('conflicts when two workers recompute one account at the same moment', () => {
  let s: Stack;
  const hook: { between: (() => Promise<void>) | null } = { between: null };
  const flag = (key: string) => s.hs.admin.getObject('deals', s.seed.deals[key]!)?.cosell_conflict;

  beforeAll(async () => {
    s = await startStack(seed(), { openStore: async () => interleavingStore(await createStore({ sqlitePath: ':memory:' }), hook) });
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('recomputes the concurrently changed deal again shortly, so both deals end up flagged', async () => {
    expect([flag('u-a'), flag('u-b')]).toEqual(['false', 'false']);
    const [ua, ub] = [s.seed.deals['u-a']!, s.seed.deals['u-b']!];
    // Worker B's part: p3 joins u-b in HubSpot and B writes u-b's index row. The webhooks of that
    // change are dropped, so only the follow-up can bring u-b's flag right.
    s.hs.admin.setFaults({ dropDeliveries: 100 });
    await s.hs.admin.setAssociationLabelsAsUser('deals', ub, 'companies', s.seed.companies.p3!, ['Selling partner']);
    await s.hs.admin.flushWebhooks();
    s.hs.admin.setFaults({ dropDeliveries: 0 });
    expect((await s.store.inbox.stats()).pending).toBe(0);
    const [row] = await s.store.accountIndex.get([ub]);
    const coSell: NewAccountIndexEntry = { ...row!, partnerIds: [s.seed.companies.p1!, s.seed.companies.p3!].sort() };
    hook.between = () => s.store.accountIndex.upsert([coSell]);

    // Worker A recomputes u-a and meets u-b's new row only when it loads conflict candidates.
    const report = await recomputeDeals(s.deps, [ua], 'test');
    expect(report.related).toEqual([]);
    expect(flag('u-a')).toBe('true');
    expect(flag('u-b')).toBe('false');

    // The follow-up for u-b waits in the inbox, then the worker recomputes it and flags it too.
    const before = (await s.store.inbox.stats()).pending;
    expect(before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, CONCURRENT_FOLLOW_UP_DELAY_MS + 200));
    await s.settle();
    expect(flag('u-b')).toBe('true');
    expect(String(s.hs.admin.getObject('deals', ub)?.cosell_conflict_details)).toContain('"u-a"'); // named, not by id
  });

  it('asks for no follow-up when nothing changed meanwhile', async () => {
    await recomputeDeals(s.deps, [s.seed.deals['u-a']!], 'test');
    expect((await s.store.inbox.stats()).pending).toBe(0);
  });
});
