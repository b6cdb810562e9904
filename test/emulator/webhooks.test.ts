import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Signature } from '@hubspot/api-client';
import type { Client } from '@hubspot/api-client';
import type { EmulatorOptions, WebhookEvent } from '../../src/emulator';
import { emulatorWithClient } from './emulator-fixture';

interface Received {
  url: string;
  body: string;
  events: WebhookEvent[];
  headers: Record<string, string | string[] | undefined>;
}

/** A stand-in backend: records every POST and answers with whatever `respond` says. */
async function startReceiver(respond: (n: number) => { status: number; delayMs?: number } = () => ({ status: 200 })) {
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let n = 0;
  let origin = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { status, delayMs } = respond(n++);
      const finish = () => {
        received.push({ url: `${origin}${req.url}`, body, events: JSON.parse(body) as WebhookEvent[], headers: req.headers });
        res.statusCode = status;
        res.end();
      };
      if (!delayMs) return finish();
      const t = setTimeout(() => {
        timers.delete(t);
        finish();
      }, delayMs);
      timers.add(t);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/webhooks/hubspot`;
  return {
    url,
    received,
    events: () => received.flatMap((r) => r.events),
    close: () => new Promise<void>((r) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** Independent v3 check written from HubSpot's description (not the emulator's signing code). */
function independentV3(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-hubspot-request-timestamp']);
  const expected = createHmac('sha256', secret).update(`POST${r.url}${r.body}${ts}`).digest();
  const given = Buffer.from(String(r.headers['x-hubspot-signature-v3']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() - Number(ts)) < 300_000;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(respond?: Parameters<typeof startReceiver>[0], opts: EmulatorOptions = {}) {
  const receiver = await startReceiver(respond);
  const { hs, client } = await emulatorWithClient({ ...opts, webhookTargetUrl: receiver.url, webhookDelivery: { batchWindowMs: 10, retryBaseMs: 10, maxAttempts: 4, ...opts.webhookDelivery } });
  cleanup.push(() => receiver.close(), () => hs.close());
  return { receiver, hs, client };
}

async function createSchema(client: Client) {
  await client.crm.properties.coreApi.create('companies', {
    name: 'cosell_partner_type', label: 'Partner type', type: 'enumeration' as never, fieldType: 'select' as never, groupName: 'companyinformation',
    options: ['reseller', 'technology', 'services', 'referral'].map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
  });
  await client.crm.properties.coreApi.create('deals', { name: 'cosell_model', label: 'Co-sell model', type: 'string' as never, fieldType: 'text' as never, groupName: 'dealinformation' });
  const sourcing = await client.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Sourcing partner', name: 'sourcing_partner' });
  const selling = await client.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Selling partner', name: 'selling_partner' });
  return { sourcing: sourcing.results[0]!.typeId, selling: selling.results[0]!.typeId };
}

describe('webhooks-hsmeta.json', () => {
  it('subscribes to deal inputs and company partner fields, never to cosell_* deal outputs', () => {
    const json = JSON.parse(readFileSync(new URL('../../extensions/app/webhooks/webhooks-hsmeta.json', import.meta.url), 'utf8')) as {
      type: string; config: { subscriptions: { legacyCrmObjects: Array<{ subscriptionType: string; propertyName?: string }> } };
    };
    expect(json.type).toBe('webhooks');
    const subs = json.config.subscriptions.legacyCrmObjects.map((s) => `${s.subscriptionType}${s.propertyName ? `:${s.propertyName}` : ''}`);
    expect(subs).toEqual(expect.arrayContaining([
      'deal.creation', 'deal.deletion', 'deal.associationChange', 'deal.propertyChange:dealstage', 'deal.propertyChange:amount',
      'deal.propertyChange:closedate', 'deal.propertyChange:deal_currency_code', 'deal.propertyChange:pipeline',
      'company.propertyChange:cosell_partner_type', 'company.propertyChange:domain', 'company.associationChange',
    ]));
    expect(subs.filter((s) => s.startsWith('deal.propertyChange:cosell_'))).toEqual([]);
  });
});

describe('webhook delivery', () => {
  it('sends signed batches for app changes, stamped INTEGRATION with sourceId = appId', async () => {
    const { receiver, hs, client } = await setup();
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Hooked', amount: '500', dealstage: 'qualifiedtobuy' }, associations: [] });
    await hs.admin.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const [post] = receiver.received;
    expect(post!.headers['content-type']).toContain('application/json');
    expect(Signature.isValid({
      signatureVersion: 'v3', method: 'POST', clientSecret: hs.clientSecret, requestBody: post!.body, url: post!.url,
      signature: String(post!.headers['x-hubspot-signature-v3']), timestamp: Number(post!.headers['x-hubspot-request-timestamp']),
    })).toBe(true);
    expect(independentV3(hs.clientSecret, post!)).toBe(true);
    expect(independentV3('some-other-secret', post!)).toBe(false);

    const types = post!.events.map((e) => `${e.subscriptionType}${e.propertyName ? `:${e.propertyName}` : ''}`).sort();
    // dealname has no subscription; the pipeline HubSpot fills in from the stage is a change too.
    expect(types).toEqual(['deal.creation', 'deal.propertyChange:amount', 'deal.propertyChange:dealstage', 'deal.propertyChange:pipeline']);
    for (const e of post!.events) {
      expect(e).toMatchObject({
        objectId: Number(deal.id), portalId: Number(hs.portalId), appId: Number(hs.appId), changeSource: 'INTEGRATION',
        sourceId: hs.appId, attemptNumber: 0, eventId: expect.any(Number), subscriptionId: expect.any(Number), occurredAt: expect.any(Number),
      });
    }
    expect(post!.events.find((e) => e.propertyName === 'amount')!.propertyValue).toBe('500');
  });

  it('stamps as-user changes CRM_UI and ignores unsubscribed (output) properties', async () => {
    const { receiver, hs, client } = await setup();
    await createSchema(client);
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'User edit' }, associations: [] });
    await hs.admin.flushWebhooks();
    receiver.received.length = 0;
    await client.crm.deals.basicApi.update(deal.id, { properties: { cosell_model: 'solo' } });
    await hs.admin.actAsUser('deals', deal.id, { dealstage: 'closedwon' }, '777');
    await hs.admin.flushWebhooks();
    expect(receiver.events()).toEqual([expect.objectContaining({
      subscriptionType: 'deal.propertyChange', propertyName: 'dealstage', propertyValue: 'closedwon', changeSource: 'CRM_UI', sourceId: 'userId:777',
    })]);
    // Writing the same value again changes nothing, so nothing is sent.
    await client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'closedwon' } });
    await hs.admin.flushWebhooks();
    expect(receiver.events()).toHaveLength(1);
  });

  it('reports association changes in both directions, including removals', async () => {
    const { receiver, hs, client } = await setup();
    const { sourcing } = await createSchema(client);
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Assoc hook' }, associations: [] });
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Partner', cosell_partner_type: 'reseller' }, associations: [] });
    await hs.admin.flushWebhooks();
    receiver.received.length = 0;

    await hs.admin.setAssociationLabelsAsUser('deals', deal.id, 'companies', company.id, ['Sourcing partner']);
    await hs.admin.flushWebhooks();
    const added = receiver.events();
    expect(added).toEqual(expect.arrayContaining([
      expect.objectContaining({ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: Number(deal.id), toObjectId: Number(company.id), associationRemoved: false, isPrimaryAssociation: false, changeSource: 'CRM_UI' }),
      expect.objectContaining({ subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: Number(company.id), toObjectId: Number(deal.id), associationRemoved: false }),
    ]));
    expect(hs.admin.getAssociations('deals', deal.id, 'companies')[0]!.typeIds).toEqual([341, sourcing]);
    // Exactly HubSpot's shape: the two ends and no objectId (docs/hubspot-webhook-events.md).
    for (const e of added) {
      expect(Object.keys(e).sort()).toEqual([
        'appId', 'associationRemoved', 'associationType', 'attemptNumber', 'changeSource', 'eventId', 'fromObjectId', 'isPrimaryAssociation',
        'occurredAt', 'portalId', 'sourceId', 'subscriptionId', 'subscriptionType', 'toObjectId',
      ]);
    }

    receiver.received.length = 0;
    await client.crm.associations.v4.basicApi.archive('deals', deal.id, 'companies', company.id);
    await hs.admin.flushWebhooks();
    expect(receiver.events().filter((e) => e.associationType === 'DEAL_TO_COMPANY')).toEqual([
      expect.objectContaining({ associationRemoved: true, changeSource: 'INTEGRATION', sourceId: hs.appId }),
    ]);

    // A note the app attaches to the deal is not a partner change: no associationChange event.
    receiver.received.length = 0;
    await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'touchpoint', hs_timestamp: '2026-01-01T00:00:00Z' },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 214 }] }],
    });
    await hs.admin.flushWebhooks();
    expect(receiver.events()).toEqual([]);

    await client.crm.companies.basicApi.update(company.id, { properties: { cosell_partner_type: 'services', industry: 'Software' } });
    await client.crm.deals.basicApi.archive(deal.id);
    await hs.admin.flushWebhooks();
    expect(receiver.events().map((e) => `${e.subscriptionType}:${e.propertyName ?? ''}`).sort()).toEqual(['company.propertyChange:cosell_partner_type', 'deal.deletion:']);
  });

  it('splits more than 100 events into batches of at most 100', async () => {
    // A long batching window so both calls' events are pending together when flushed.
    const { receiver, hs, client } = await setup(undefined, { webhookDelivery: { batchWindowMs: 5_000 } });
    for (const chunk of [0, 1]) {
      await client.crm.deals.batchApi.create({ inputs: Array.from({ length: 75 }, (_, i) => ({ properties: { dealname: `Bulk ${chunk}-${i}` }, associations: [] })) });
    }
    await hs.admin.flushWebhooks();
    expect(receiver.events()).toHaveLength(150);
    expect(receiver.received.map((r) => r.events.length).sort((a, b) => a - b)).toEqual([50, 100]);
    expect(new Set(receiver.events().map((e) => e.objectId)).size).toBe(150);
  });

  it('retries failures with growing delays and an incremented attemptNumber', async () => {
    const { receiver, hs, client } = await setup((n) => ({ status: n < 2 ? 503 : 204 }), { webhookDelivery: { retryBaseMs: 40 } });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Retry' }, associations: [] });
    // Not flushWebhooks(): a flush sends retries at once, and this test is about the delays.
    for (let i = 0; i < 200 && hs.admin.deliveries().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const attempts = hs.admin.deliveries();
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([[0, 503], [1, 503], [2, 204]]);
    expect(receiver.received.map((r) => r.events[0]!.attemptNumber)).toEqual([0, 1, 2]);
    const gap1 = attempts[1]!.at - attempts[0]!.at;
    const gap2 = attempts[2]!.at - attempts[1]!.at;
    expect(gap1).toBeGreaterThanOrEqual(35);
    expect(gap2).toBeGreaterThanOrEqual(75);
  });

  it('treats a slow answer and a refused connection as failures, and gives up after maxAttempts', async () => {
    const { receiver, hs, client } = await setup((n) => ({ status: 200, delayMs: n === 0 ? 400 : 0 }), { webhookDelivery: { timeoutMs: 100, retryBaseMs: 60_000 } });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Slow' }, associations: [] });
    await hs.admin.flushWebhooks();
    expect(hs.admin.deliveries().map((d) => d.status)).toEqual(['error', 200]);
    expect(hs.admin.deliveries()[0]!.error).toContain('no response');
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);

    hs.admin.setWebhookTarget('http://127.0.0.1:9/unreachable');
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Refused' }, associations: [] });
    await hs.admin.flushWebhooks();
    const refused = hs.admin.deliveries().filter((d) => d.url?.includes('unreachable'));
    // The flush sent the retries without their delays, and stopped at maxAttempts (4).
    expect(refused.map((d) => d.attempt)).toEqual([0, 1, 2, 3]);
    expect(refused.every((d) => d.status === 'error')).toBe(true);
  });

  it('drops, duplicates and reorders deliveries when told to', async () => {
    const { receiver, hs, client } = await setup(undefined, { webhookDelivery: { batchWindowMs: 5_000 } });
    hs.admin.setFaults({ dropDeliveries: 1 });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Dropped' }, associations: [] });
    await hs.admin.flushWebhooks();
    expect(receiver.received).toHaveLength(0);
    expect(hs.admin.deliveries().map((d) => d.status)).toEqual(['dropped']);

    hs.admin.setFaults({ duplicateDeliveries: true });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Twice' }, associations: [] });
    await hs.admin.flushWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);

    receiver.received.length = 0;
    hs.admin.setFaults({ duplicateDeliveries: false, reorderDeliveries: true });
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Order' }, associations: [] });
    await client.crm.deals.basicApi.update(deal.id, { properties: { amount: '1' } });
    await client.crm.deals.basicApi.update(deal.id, { properties: { amount: '2' } });
    await hs.admin.flushWebhooks();
    const events = receiver.events();
    expect(events.map((e) => e.propertyValue ?? e.subscriptionType)).toEqual(['2', '1', 'deal.creation']);
    expect(events[0]!.eventId).toBeGreaterThan(events[2]!.eventId);
  });
});

describe('merges', () => {
  it('merges two deals through the SDK\'s apiRequest, moves associations and sends deal.merge', async () => {
    const { receiver, hs, client } = await setup();
    const { sourcing } = await createSchema(client);
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Partner' }, associations: [] });
    const keep = await client.crm.deals.basicApi.create({ properties: { dealname: 'Keep', amount: '10' }, associations: [] });
    const lose = await client.crm.deals.basicApi.create({ properties: { dealname: 'Lose', amount: '99', closedate: '2026-06-30T00:00:00Z' }, associations: [] });
    await client.crm.associations.v4.basicApi.create('deals', lose.id, 'companies', company.id, [{ associationCategory: 'USER_DEFINED' as never, associationTypeId: sourcing }]);
    await hs.admin.flushWebhooks();
    receiver.received.length = 0;

    // The SDK's deals discovery has no merge API; its generic apiRequest reaches the same path.
    const res = await client.apiRequest({ method: 'POST', path: '/crm/v3/objects/deals/merge', body: { primaryObjectId: keep.id, objectIdToMerge: lose.id } });
    expect(((await res.json()) as { id: string }).id).toBe(keep.id);
    expect(hs.admin.getObject('deals', keep.id)).toMatchObject({ dealname: 'Keep', amount: '10', closedate: '2026-06-30T00:00:00.000Z' });
    expect(hs.admin.getObject('deals', lose.id)).toBeUndefined();
    expect(hs.admin.getAssociations('deals', keep.id, 'companies')).toEqual([expect.objectContaining({ toId: company.id, typeIds: [341, sourcing] })]);
    await hs.admin.flushWebhooks();
    expect(receiver.events()).toEqual([expect.objectContaining({
      subscriptionType: 'deal.merge', primaryObjectId: Number(keep.id), mergedObjectIds: [Number(lose.id)], newObjectId: Number(keep.id), numberOfPropertiesMoved: expect.any(Number), changeSource: 'INTEGRATION',
    })]);
    // The merge's record ids are the documented fields; objectId is not sent (see docs/hubspot-webhook-events.md).
    expect(receiver.events()[0]).not.toHaveProperty('objectId');
  });
});
