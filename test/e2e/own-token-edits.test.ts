import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

/** Calls that change CRM data through the API (reads, searches and the emulator's admin API excluded). */
function crmWrites(s: Stack): Array<{ method: string; path: string }> {
  return s.hs.admin.requestLog().filter((r) => r.method !== 'GET' && !/\/(search|batch\/read)$/.test(r.path.split('?')[0]!) && !r.path.startsWith('/_emulator'));
}

/**
 * A static-auth app's access token is visible to the portal's admins, who use it in their own
 * scripts and imports. HubSpot stamps those edits `changeSource: INTEGRATION` with our app id —
 * exactly like the app's own writes — so the backend must process them, and rely on the
 * output-property skip and on never writing unchanged values to avoid a loop.
 */
describe("edits made with the app's token (an admin's script)", () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('are processed once, and the write-back they cause triggers no further write', async () => {
    const deal = s.seed.deals.d1!;
    const set = await s.card('PUT', `/api/v1/deals/${deal}/partners`, {
      partners: [
        { companyId: s.seed.companies.p1!, roles: ['sourcing'] },
        { companyId: s.seed.companies.p2!, roles: ['selling'] },
      ],
    });
    expect(set.status).toBe(200);
    await s.settle();
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ cosell_pool_amount: '2500.00' });
    const ledgerBefore = (await s.store.ledger.listForDeal(deal)).length;
    const writesBefore = crmWrites(s).length;
    const doneBefore = (await s.store.inbox.stats()).done;

    // The admin's script doubles the amount with the app's token.
    const res = await fetch(`${s.hs.baseUrl}/crm/v3/objects/deals/${deal}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${s.hs.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { amount: '20000.00' } }),
    });
    expect(res.status).toBe(200);
    await s.hs.admin.flushWebhooks();
    const delivered = s.hs.admin.deliveries().flatMap((d) => d.events).filter((e) => e.propertyName === 'amount' && e.propertyValue === '20000.00');
    expect(delivered).toEqual([expect.objectContaining({ changeSource: 'INTEGRATION', sourceId: s.hs.appId })]);

    await s.settle();
    // Processed: the split follows the new amount, one new ledger entry.
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ amount: '20000.00', cosell_pool_amount: '5000.00' });
    expect((await s.store.ledger.listForDeal(deal)).length).toBe(ledgerBefore + 1);
    // Once: the script's PATCH plus one write-back of the outputs, nothing else.
    const writes = crmWrites(s).slice(writesBefore);
    expect(writes[0]).toMatchObject({ method: 'PATCH', path: `/crm/v3/objects/deals/${deal}` });
    expect(writes.length).toBe(2);
    expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: 0, dead: 0, done: doneBefore + 1 });

    // No loop: the write-back touched only output properties (never subscribed, skipped if echoed),
    // so nothing new is delivered and another round of work writes nothing.
    const deliveries = s.hs.admin.deliveries().length;
    await s.settle();
    await s.hs.admin.flushWebhooks();
    expect(s.hs.admin.deliveries().length).toBe(deliveries);
    expect(crmWrites(s).length).toBe(writesBefore + 2);
    expect((await s.store.ledger.listForDeal(deal)).length).toBe(ledgerBefore + 1);
  });
});
