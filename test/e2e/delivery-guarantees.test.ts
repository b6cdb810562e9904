import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorker } from '../../webhooks/worker';
import { signV3 } from '../../webhooks/verify-signature';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

/** Calls that change CRM data (reads and searches excluded). */
function crmWrites(s: Stack): number {
  // Batch reads are POSTs too, some with a query string (`batch/read?archived=false`).
  return s.hs.admin.requestLog().filter((r) => r.method !== 'GET' && !/\/(search|batch\/read)$/.test(r.path.split('?')[0]!) && !r.path.startsWith('/_emulator')).length;
}

async function postSigned(s: Stack, events: unknown[], opts: { secret?: string; tamper?: (body: string) => string } = {}) {
  const url = `${s.backend.url}/webhooks/hubspot`;
  const body = JSON.stringify(events);
  const timestamp = String(Date.now());
  const signature = signV3({ method: 'POST', url, body, timestamp, secret: opts.secret ?? s.hs.clientSecret });
  const sent = opts.tamper ? opts.tamper(body) : body;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp }, body: sent });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function labelThreeAndWin(s: Stack): Promise<string> {
  const deal = s.seed.deals.d1!;
  await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
  await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p2!, ['Selling partner']);
  await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p3!, ['Technical validation partner']);
  await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
  return deal;
}

describe('delivery guarantees (end to end against the emulator)', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('duplicated, reordered and retried deliveries change nothing further', async () => {
    const deal = await labelThreeAndWin(s);
    await s.settle();
    const final = s.hs.admin.getObject('deals', deal)!;
    const ledgerBefore = (await s.store.ledger.listForDeal(deal)).length;
    const writesBefore = crmWrites(s);
    const statsBefore = await s.store.inbox.stats();
    expect(ledgerBefore).toBeGreaterThan(0);

    // Replay every delivered event: reversed, duplicated, and as HubSpot retries (attemptNumber + 1).
    const delivered = s.hs.admin.deliveries().filter((d) => d.status === 200).flatMap((d) => d.events);
    expect(delivered.length).toBeGreaterThanOrEqual(4);
    const replay = [...delivered].reverse().flatMap((e) => [e, { ...e, attemptNumber: e.attemptNumber + 1 }]);
    const res = await postSigned(s, replay);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: replay.length, inserted: 0, duplicates: replay.length });

    await s.settle();

    expect(await s.store.inbox.stats()).toEqual(statsBefore);
    expect((await s.store.ledger.listForDeal(deal)).length).toBe(ledgerBefore);
    expect(crmWrites(s)).toBe(writesBefore);
    expect(s.hs.admin.getObject('deals', deal)).toEqual(final);
  });

  it('the same events delivered duplicated and out of order give the same result as a clean run', async () => {
    s.hs.admin.setFaults({ duplicateDeliveries: true, reorderDeliveries: true });
    const deal = await labelThreeAndWin(s);
    await s.settle();
    const props = s.hs.admin.getObject('deals', deal)!;
    expect(props.cosell_sourcing_amount).toBe('588.24');
    expect(props.cosell_selling_amount).toBe('1176.47');
    expect(props.cosell_technical_validation_amount).toBe('735.29');
    const stats = await s.store.inbox.stats();
    expect(stats.dead).toBe(0);
    // Every duplicate was dropped at the door: each delivered event is stored once.
    const distinct = new Set(s.hs.admin.deliveries().flatMap((d) => d.events.map((e) => `${e.subscriptionType}|${e.objectId}|${e.occurredAt}|${e.propertyName ?? ''}|${e.propertyValue ?? ''}|${e.fromObjectId ?? ''}|${e.toObjectId ?? ''}|${String(e.associationRemoved ?? '')}`)));
    expect(stats.done).toBe(distinct.size);
  });

  it("the app's own writes cause no new writes", async () => {
    const deal = s.seed.deals.d1!;
    // The card sets partners: the backend writes labels and outputs with the app's token.
    const res = await s.card('PUT', `/api/v1/deals/${deal}/partners`, {
      partners: [
        { companyId: s.seed.companies.p1!, roles: ['sourcing'] },
        { companyId: s.seed.companies.p2!, roles: ['selling'] },
      ],
    });
    expect(res.status).toBe(200);
    const writes = crmWrites(s);
    const ledger = (await s.store.ledger.listForDeal(deal)).length;
    await s.hs.admin.flushWebhooks();
    const echoes = s.hs.admin.deliveries().flatMap((d) => d.events);
    expect(echoes.length).toBeGreaterThan(0);
    expect(echoes.every((e) => e.changeSource === 'INTEGRATION' && e.sourceId === s.hs.appId)).toBe(true);

    // A user event on an output property is our echo too (we never subscribe to them, but a portal admin might).
    const echo = { ...echoes[0]!, subscriptionType: 'deal.propertyChange', propertyName: 'cosell_pool_amount', propertyValue: '1', changeSource: 'CRM_UI', sourceId: 'userId:5', occurredAt: Date.now(), objectId: Number(deal) };
    const res2 = await postSigned(s, [echo]);
    expect(res2).toMatchObject({ status: 200, json: { inserted: 0, ignored: 1 } });

    // Our own label writes come back as INTEGRATION events from our app id. They are processed (the
    // token is shared with the portal admins' scripts, whose edits must count), and the recompute finds
    // nothing changed: no write, no ledger entry, so no further event — no loop.
    expect(s.hs.admin.deliveries().every((d) => d.status === 200)).toBe(true);
    const deliveries = s.hs.admin.deliveries().length;
    await s.settle();
    expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: 0, dead: 0 });
    expect(crmWrites(s)).toBe(writes);
    expect((await s.store.ledger.listForDeal(deal)).length).toBe(ledger);
    await s.hs.admin.flushWebhooks();
    expect(s.hs.admin.deliveries().length).toBe(deliveries);
  });

  it('a tampered signature gets 401 and stores nothing; the untampered request is accepted', async () => {
    const event = { eventId: 1, subscriptionId: 1, portalId: Number(s.hs.portalId), appId: Number(s.hs.appId), occurredAt: Date.now(), subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: Number(s.seed.deals.d1), changeSource: 'CRM_UI', sourceId: 'userId:1', propertyName: 'amount', propertyValue: '5' };
    const before = await s.store.inbox.stats();
    const tampered = await postSigned(s, [event], { tamper: (b) => b.replace('"5"', '"6"') });
    expect(tampered.status).toBe(401);
    const wrongSecret = await postSigned(s, [event], { secret: 'not-the-app-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(await s.store.inbox.stats()).toEqual(before);
    const good = await postSigned(s, [event]);
    expect(good).toMatchObject({ status: 200, json: { inserted: 1 } });
  });

  it('killing the worker mid-batch loses nothing: the lease expires and another worker finishes', async () => {
    const deal = await labelThreeAndWin(s);
    await s.hs.admin.flushWebhooks();
    const pending = (await s.store.inbox.stats()).pending;
    expect(pending).toBeGreaterThan(0);

    const doomed = createWorker(s.deps, {
      leaseMs: 400,
      afterClaim: async () => {
        throw new Error('SIGKILL (simulated) after claiming');
      },
    });
    await expect(doomed.drain()).rejects.toThrow(/SIGKILL/);
    expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: pending });

    const survivor = createWorker(s.deps, { leaseMs: 30_000 });
    expect(await survivor.drain()).toEqual([]); // leases still held by the dead worker
    await new Promise((r) => setTimeout(r, 450));
    const reports = await survivor.drain();
    expect(reports.reduce((a, r) => a + r.claimed, 0)).toBe(pending);
    expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: 0, dead: 0, done: pending });
    expect(s.hs.admin.getObject('deals', deal)!.cosell_selling_amount).toBe('1176.47');
  });
});
