import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CrmGateway } from '../../src/hubspot/crm-gateway';
import type { Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import { createApp } from '../../webhooks/create-app';
import { signV3 } from '../../webhooks/verify-signature';

const secret = 'intake-test-secret-current';
const previous = 'intake-test-secret-previous';
const portalId = '777';

/** A gateway that fails the test if the intake ever calls HubSpot inside the request. */
const noCrm = new Proxy({} as CrmGateway, {
  get: (_t, prop) => () => {
    throw new Error(`the webhook request called the CRM (${String(prop)})`);
  },
});

const event = (over: Record<string, unknown> = {}) => ({
  eventId: 1, subscriptionId: 10, portalId: Number(portalId), appId: 5, occurredAt: 1_760_000_000_000, subscriptionType: 'deal.propertyChange',
  attemptNumber: 0, objectId: 42, changeSource: 'CRM_UI', sourceId: 'userId:9', propertyName: 'dealstage', propertyValue: 'closedwon', ...over,
});

describe('POST /webhooks/hubspot (real app, port 0, in-memory SQLite)', () => {
  let store: Store;
  let server: Server;
  let base: string;
  let enqueued = 0;
  beforeAll(async () => {
    store = await createStore({ sqlitePath: ':memory:' });
    const app = createApp({
      store, gateway: noCrm, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: '5', portalId,
      config: { publicUrl: 'https://cosell.example.com', clientSecrets: [secret, previous], portalId, settingsAllowedUsers: [], settingsAllowedTeams: [], settingsOpenToAll: false },
      onEnqueued: () => {
        enqueued += 1;
      },
    });
    server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await store.close();
  });
  beforeEach(() => {
    enqueued = 0;
  });

  // HubSpot signs the public URL; the request reaches us on an internal address.
  const publicUrl = 'https://cosell.example.com/webhooks/hubspot';
  async function post(body: string, o: { contentType?: string; sign?: boolean; secret?: string; timestamp?: number; signedBody?: string } = {}) {
    const timestamp = String(o.timestamp ?? Date.now());
    const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json' };
    if (o.sign !== false) {
      headers['x-hubspot-request-timestamp'] = timestamp;
      headers['x-hubspot-signature-v3'] = signV3({ method: 'POST', url: publicUrl, body: o.signedBody ?? body, timestamp, secret: o.secret ?? secret });
    }
    const res = await fetch(`${base}/webhooks/hubspot`, { method: 'POST', headers, body });
    return { status: res.status, json: (await res.json()) as { error?: { code: string; fields?: Array<{ path: string }> }; inserted?: number; duplicates?: number; ignored?: number; rejected?: number; received?: number } };
  }

  it.each([
    ['wrong content type (even unsigned) → 415', () => post(JSON.stringify([event()]), { contentType: 'text/plain', sign: false }), 415],
    ['missing signature headers → 400', () => post(JSON.stringify([event()]), { sign: false }), 400],
    ['bad signature → 401', () => post(JSON.stringify([event()]), { secret: 'someone-else-secret' }), 401],
    ['stale timestamp → 401', () => post(JSON.stringify([event()]), { timestamp: Date.now() - 6 * 60_000 }), 401],
    ['future timestamp → 401', () => post(JSON.stringify([event()]), { timestamp: Date.now() + 6 * 60_000 }), 401],
    ['oversized with a bad signature → 401 (signature first)', () => post(JSON.stringify([event({ pad: 'x'.repeat(1_100_000) })]), { secret: 'someone-else-secret' }), 401],
    ['oversized and signed → 413', () => post(JSON.stringify([event({ pad: 'x'.repeat(1_100_000) })])), 413],
    ['signed but not JSON → 400', () => post('[{'), 400],
    ['signed but not an array → 400', () => post(JSON.stringify(event())), 400],
  ])('%s, nothing stored', async (_name, send, status) => {
    const before = await store.inbox.stats();
    const res = await send();
    expect(res.status).toBe(status);
    expect(await store.inbox.stats()).toEqual(before);
    expect(enqueued).toBe(0);
  });

  it('keeps an invalid event as a dead letter naming the field, and still takes the valid ones', async () => {
    const batch = [event({ occurredAt: 7_000 }), event({ occurredAt: 7_001, objectId: 'abc' })];
    const res = await post(JSON.stringify(batch));
    expect(res).toMatchObject({ status: 200, json: { received: 2, inserted: 1, rejected: 1 } });
    const dead = (await store.inbox.listDeadLetters()).filter((d) => d.lastError?.startsWith('events[1].objectId:'));
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ status: 'dead', kind: 'event', payload: expect.objectContaining({ objectId: 'abc' }) });
    // HubSpot retries the same delivery (another attempt number): neither the event nor the dead letter doubles.
    const again = await post(JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: 1 }))));
    expect(again).toMatchObject({ status: 200, json: { inserted: 0, duplicates: 1, rejected: 1 } });
    expect((await store.inbox.listDeadLetters()).filter((d) => d.lastError?.startsWith('events[1].objectId:'))).toHaveLength(1);
  });

  it('accepts association events as HubSpot sends them (no objectId), with the property changes delivered alongside', async () => {
    const assoc = (over: Record<string, unknown>) => {
      const { objectId: _drop, propertyName: _p, propertyValue: _v, ...rest } = event({ occurredAt: 8_000, ...over });
      return { ...rest, associationRemoved: false, isPrimaryAssociation: false };
    };
    const batch = [
      assoc({ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: 42, toObjectId: 7 }),
      assoc({ subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: 7, toObjectId: 42 }),
      event({ occurredAt: 8_001 }),
    ];
    const res = await post(JSON.stringify(batch));
    expect(res).toMatchObject({ status: 200, json: { received: 3, inserted: 3, rejected: 0 } });
  });

  it.each([
    ['beyond what a date can hold', 1e20],
    ['Number.MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ])('an occurredAt %s is a dead letter, not a 500', async (_name, occurredAt) => {
    const res = await post(JSON.stringify([event({ occurredAt: 9_000 }), event({ occurredAt })]));
    expect(res).toMatchObject({ status: 200, json: { inserted: expect.any(Number), rejected: 1 } });
    expect((await store.inbox.listDeadLetters()).some((d) => d.lastError?.startsWith('events[1].occurredAt:'))).toBe(true);
  });

  it('an unknown field nested 3,000 levels deep is a dead letter, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const body = `[${JSON.stringify(event({ occurredAt: 9_100 }))},${JSON.stringify(event({ occurredAt: 9_101 })).replace(/}$/, `,"extra":${deep}}`)}]`;
    const res = await post(body);
    expect(res).toMatchObject({ status: 200, json: { inserted: 1, rejected: 1 } });
    const dead = (await store.inbox.listDeadLetters()).find((d) => d.lastError?.startsWith('events[1]:'));
    expect(dead?.lastError).toMatch(/deeper than 32 levels/);
  });

  it('accepts and skips subscription types it does not handle (HubSpot adds them)', async () => {
    const res = await post(JSON.stringify([event({ occurredAt: 9_200, subscriptionType: 'contact.privacyDeletion' }), event({ occurredAt: 9_201, subscriptionType: 'conversation.newMessage', objectId: undefined })]));
    expect(res).toMatchObject({ status: 200, json: { received: 2, inserted: 0, ignored: 2, rejected: 0 } });
  });

  it('an empty array is answered 200 with nothing stored', async () => {
    const before = await store.inbox.stats();
    const res = await post('[]');
    expect(res).toMatchObject({ status: 200, json: { received: 0, inserted: 0, rejected: 0 } });
    expect(await store.inbox.stats()).toEqual(before);
  });

  it('a malformed percent-encoding in a path is a 400, not a 500', async () => {
    const res = await fetch(`${base}/api/v1/deals/%ff/cosell`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('accepts the previous secret during rotation', async () => {
    const res = await post(JSON.stringify([event({ occurredAt: 1 })]), { secret: previous });
    expect(res).toMatchObject({ status: 200, json: { inserted: 1 } });
  });

  it('enqueues a batch in one go, deduplicates on what happened (not eventId/attempt), ignores other portals', async () => {
    const batch = [
      event({ occurredAt: 100 }),
      event({ occurredAt: 100, eventId: 99, attemptNumber: 3 }), // same event, retried with another id
      event({ occurredAt: 101 }),
      event({ occurredAt: 100, propertyValue: 'closedlost' }),
      event({ occurredAt: 100, portalId: 1 }),
    ];
    const res = await post(JSON.stringify(batch));
    expect(res).toMatchObject({ status: 200, json: { inserted: 3, duplicates: 1, ignored: 1 } });
    expect(enqueued).toBe(1);
    const again = await post(JSON.stringify(batch.slice(0, 4).reverse()));
    expect(again.json).toMatchObject({ inserted: 0, duplicates: 4 });
  });

  it('acknowledges but does not store echoes on output properties; edits made with our token to inputs are stored', async () => {
    // The app's token is also used by the portal admins' own scripts: such an edit to an input must count.
    const res = await post(JSON.stringify([event({ occurredAt: 500, changeSource: 'INTEGRATION', sourceId: '5' }), event({ occurredAt: 501, propertyName: 'cosell_model' }), event({ occurredAt: 502, changeSource: 'INTEGRATION', sourceId: '6' })]));
    expect(res).toMatchObject({ status: 200, json: { inserted: 2, ignored: 1 } });
  });

  it('acknowledges a 100-event batch well inside HubSpot’s 5 s', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => event({ occurredAt: 10_000 + i, objectId: 1000 + i }));
    const started = performance.now();
    const res = await post(JSON.stringify(batch));
    const ms = performance.now() - started;
    expect(res.json.inserted).toBe(100);
    expect(ms).toBeLessThan(1000);
  });
});
