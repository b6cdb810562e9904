import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CrmGateway } from '../../src/hubspot/crm-gateway';
import type { Store } from '../../src/store/store';
import { createStore } from '../../src/store/store';
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
    return { status: res.status, json: (await res.json()) as { error?: { code: string; fields?: Array<{ path: string }> }; inserted?: number; duplicates?: number; ignored?: number } };
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

  it('names the invalid field of an event', async () => {
    const res = await post(JSON.stringify([event(), event({ objectId: 'abc' })]));
    expect(res.status).toBe(400);
    expect(res.json.error?.fields?.map((f) => f.path)).toEqual(['[1].objectId']);
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

  it('acknowledges but does not store our own echoes (own writes, output properties)', async () => {
    const res = await post(JSON.stringify([event({ occurredAt: 500, changeSource: 'INTEGRATION', sourceId: '5' }), event({ occurredAt: 501, propertyName: 'cosell_model' }), event({ occurredAt: 502, changeSource: 'INTEGRATION', sourceId: '6' })]));
    expect(res).toMatchObject({ status: 200, json: { inserted: 1, ignored: 2 } });
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
