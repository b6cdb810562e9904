// Outbound partner webhooks against a real (in-memory) store, with the resolver and transport
// injected: signatures checked by a separate HMAC implementation, retries after 5xx, and no
// delivery to http:// or to private addresses.
import { createHmac, timingSafeEqual } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, OutboundHttp } from '../../app/app-deps';
import type { CrmCompany, CrmGateway } from '../../hubspot/crm-gateway';
import { createStore } from '../../store';
import type { Store } from '../../store/store';
import type { NotifyStageChangeJob } from './notifications-job-schemas';
import { attemptDelivery, replayDelivery, webhookSettingsProblems } from './outbound-webhooks';
import { notifyStageChange } from './stage-change';

const SECRET = 'northwind-shared-secret-0001';
const URL_OK = 'https://hooks.northwind.example/cosell';

/** Verifies `X-Cosell-Signature: t=…,v1=…` the way a partner would, written apart from the app's signer. */
function partnerVerifies(header: string, body: string, secret: string): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t)) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${t}.${body}`, 'utf8')).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function fakeOutbound(addresses: Record<string, string[]>, statuses: number[]): OutboundHttp & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    async resolve(host) {
      const found = addresses[host];
      if (!found) throw new Error(`ENOTFOUND ${host}`);
      return found;
    },
    async post(url, headers, body) {
      sent.push({ url, headers, body });
      const status = statuses.shift();
      if (status === undefined) throw new Error('connect ECONNREFUSED');
      return { status };
    },
  };
}

const job: NotifyStageChangeJob = {
  type: 'notify-stage-change',
  dealId: '301',
  dealName: 'Acme platform',
  stageId: 'contractsent',
  stageLabel: 'Contract Sent',
  entryId: '9',
  occurredAt: '2026-05-01T09:00:00.000Z',
  partners: [
    { companyId: '11', name: 'Northwind', roles: ['sourcing'], amountMinor: '58824', currency: 'USD' },
    { companyId: '12', name: 'Stackly', roles: ['selling'], amountMinor: '191176', currency: 'USD' },
  ],
};

describe('outbound partner webhooks', () => {
  let store: Store;
  let now: Date;
  let tasks: Array<{ subject: string; ownerId?: string }>;
  let notes: Array<{ bodyHtml: string; dealIds?: string[]; companyIds?: string[] }>;

  function deps(outbound: OutboundHttp): AppDeps {
    const companies = new Map<string, CrmCompany>([
      ['11', { id: '11', name: 'Northwind', domain: null, partnerType: 'reseller', parentCompanyId: null, ownerId: '501' }],
      ['12', { id: '12', name: 'Stackly', domain: null, partnerType: 'technology', parentCompanyId: null, ownerId: '502' }],
    ]);
    const gateway: Partial<CrmGateway> = {
      readCompanies: async (ids) => new Map(ids.flatMap((id) => (companies.has(id) ? [[id, companies.get(id)!] as const] : []))),
      createTask: async (t) => {
        tasks.push(t);
        return String(500_000 + tasks.length);
      },
      createNote: async (n) => {
        notes.push(n);
        return String(400_000 + notes.length);
      },
    };
    return { store, gateway: gateway as CrmGateway, clock: () => now, logger: pino({ level: 'silent' }), appId: undefined, portalId: undefined, outbound };
  }

  beforeEach(async () => {
    now = new Date('2026-05-01T09:00:00.000Z');
    tasks = [];
    notes = [];
    store = await createStore({ sqlitePath: ':memory:', now: () => now });
    await store.appSettings.put('notifications', { webhooks: [{ partnerId: '11', url: URL_OK, secret: SECRET }] }, '1');
  });
  afterEach(async () => {
    await store.close();
  });

  it('queues one delivery per partner with a webhook; a second run of the job adds none', async () => {
    const out = fakeOutbound({}, []);
    expect(await notifyStageChange(deps(out), job)).toEqual({ sent: 2, already: 0, webhooks: 1 });
    expect(await notifyStageChange(deps(out), job)).toEqual({ sent: 0, already: 2, webhooks: 0 });
    expect(tasks.map((t) => t.ownerId)).toEqual(['501', '502']);
    const deliveries = await store.notifications.listDeliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ partnerId: '11', status: 'pending', eventType: 'deal.stage_changed' });
    expect(JSON.parse(deliveries[0]!.body)).toEqual({
      id: 'stage:301:contractsent:9',
      type: 'deal.stage_changed',
      occurredAt: '2026-05-01T09:00:00.000Z',
      data: {
        deal: { id: '301', name: 'Acme platform' },
        stage: { id: 'contractsent', label: 'Contract Sent' },
        partner: { id: '11', name: 'Northwind', roles: ['sourcing'], projectedCommission: { amount: '588.24', currency: 'USD' } },
        partners: [
          { id: '11', name: 'Northwind', roles: ['sourcing'] },
          { id: '12', name: 'Stackly', roles: ['selling'] },
        ],
      },
    });
    expect((await store.inbox.stats()).pending).toBe(1);
  });

  it('with kind note, writes one note on the deal and every partner instead of tasks, once', async () => {
    await store.appSettings.put('notifications', { kind: 'note' }, '1');
    const out = fakeOutbound({}, []);
    expect(await notifyStageChange(deps(out), job)).toEqual({ sent: 1, already: 0, webhooks: 0 });
    expect(await notifyStageChange(deps(out), job)).toEqual({ sent: 0, already: 1, webhooks: 0 });
    expect(tasks).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ dealIds: ['301'], companyIds: ['11', '12'] });
    expect(notes[0]!.bodyHtml).toContain('<strong>Acme platform moved to Contract Sent</strong>');
    expect(notes[0]!.bodyHtml).toContain('<li>Stackly: selling; projected commission 1911.76 USD</li>');
  });

  it('skips stages the settings do not choose', async () => {
    await store.appSettings.put('notifications', { stages: ['closedwon'] }, '1');
    expect(await notifyStageChange(deps(fakeOutbound({}, [])), job)).toEqual({ sent: 0, already: 0, webhooks: 0 });
    expect(tasks).toEqual([]);
  });

  it('signs what it sends so the partner can verify it, and retries after a 5xx with backoff', async () => {
    const out = fakeOutbound({ 'hooks.northwind.example': ['93.184.215.14'] }, [503, 200]);
    await notifyStageChange(deps(out), job);
    const [d] = await store.notifications.listDeliveries();

    const first = await attemptDelivery(deps(out), d!.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: '2026-05-01T09:00:30.000Z' });
    // The retry is its own inbox item, held back until the backoff has passed.
    const pending = await store.inbox.claim({ workerId: 't', limit: 10, leaseMs: 1000 });
    expect(pending.map((i) => i.dedupeKey)).toEqual([`deliver-webhook:${d!.id}:1`]);
    await store.inbox.complete(pending.map((i) => i.id), 't');
    now = new Date('2026-05-01T09:00:30.000Z');
    const retry = await store.inbox.claim({ workerId: 't', limit: 10, leaseMs: 1000 });
    expect(retry.map((i) => i.dedupeKey)).toEqual([`deliver-webhook:${d!.id}:2`]);

    const second = await attemptDelivery(deps(out), d!.id);
    expect(second).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(out.sent).toHaveLength(2);
    for (const s of out.sent) {
      expect(s.url).toBe(URL_OK);
      expect(s.body).toBe(d!.body);
      expect(s.headers['X-Cosell-Event']).toBe('deal.stage_changed');
      expect(s.headers['X-Cosell-Delivery']).toBe(d!.id);
      expect(partnerVerifies(s.headers['X-Cosell-Signature']!, s.body, SECRET)).toBe(true);
      expect(partnerVerifies(s.headers['X-Cosell-Signature']!, s.body.replace('588.24', '999.99'), SECRET)).toBe(false);
      expect(partnerVerifies(s.headers['X-Cosell-Signature']!, s.body, 'another-secret-entirely')).toBe(false);
    }
    expect(out.sent[1]!.headers['X-Cosell-Signature']).toMatch(/^t=1777626030,v1=[0-9a-f]{64}$/);
    // Delivered is final: another attempt sends nothing.
    await attemptDelivery(deps(out), d!.id);
    expect(out.sent).toHaveLength(2);
  });

  it('gives up 24 hours after the event, and at once on a 4xx', async () => {
    const out = fakeOutbound({ 'hooks.northwind.example': ['93.184.215.14'] }, [500, 400]);
    await notifyStageChange(deps(out), job);
    const [d] = await store.notifications.listDeliveries();
    now = new Date('2026-05-02T08:59:50.000Z');
    expect(await attemptDelivery(deps(out), d!.id)).toMatchObject({ status: 'failed', lastStatus: 500, nextAttemptAt: null, lastError: 'HTTP 500: still failing 24 hours after the event; given up' });

    const again = await replayDelivery(deps(out), d!.id);
    expect(again).toMatchObject({ status: 'pending', body: d!.body, partnerId: '11' });
    expect(await attemptDelivery(deps(out), again!.id)).toMatchObject({ status: 'failed', lastStatus: 400, lastError: "HTTP 400: the partner's endpoint refused it; not retried" });
  });

  it('never sends to a host that resolves to a private, loopback or link-local address', async () => {
    for (const address of ['10.0.0.5', '127.0.0.1', '169.254.169.254', '::1', 'fd00::7']) {
      const out = fakeOutbound({ 'hooks.northwind.example': ['93.184.215.14', address] }, [200]);
      const { delivery } = await store.notifications.createDelivery({ eventKey: `e-${address}`, eventType: 'deal.stage_changed', partnerId: '11', url: URL_OK, body: '{}' });
      const r = await attemptDelivery(deps(out), delivery.id);
      expect(r).toMatchObject({ status: 'failed', attempts: 1 });
      expect(r!.lastError).toContain(`resolves to a private, loopback or link-local address (${address})`);
      expect(out.sent).toEqual([]);
    }
  });

  it('never sends to an http:// URL, even one stored past the settings check', async () => {
    // Written straight into the store (as an old version or a hand edit might): invalid settings
    // are read as the defaults, which have no webhook.
    await store.appSettings.put('notifications', { webhooks: [{ partnerId: '11', url: 'http://hooks.northwind.example/cosell', secret: SECRET }] }, '1');
    const out = fakeOutbound({ 'hooks.northwind.example': ['93.184.215.14'] }, [200]);
    const { delivery } = await store.notifications.createDelivery({ eventKey: 'e-http', eventType: 'deal.stage_changed', partnerId: '11', url: 'http://hooks.northwind.example/cosell', body: '{}' });
    expect(await attemptDelivery(deps(out), delivery.id)).toMatchObject({ status: 'failed' });
    expect(out.sent).toEqual([]);
  });

  it('refuses such URLs when settings are saved', async () => {
    const out = fakeOutbound({ 'hooks.northwind.example': ['93.184.215.14'], 'intranet.example': ['192.168.1.20'] }, []);
    expect(await webhookSettingsProblems(deps(out), [{ url: URL_OK }, { url: 'https://intranet.example/x' }, { url: 'https://unknown.example/x' }])).toEqual([
      { path: 'webhooks[1].url', message: 'intranet.example resolves to a private, loopback or link-local address (192.168.1.20)' },
      { path: 'webhooks[2].url', message: 'cannot resolve unknown.example: ENOTFOUND unknown.example' },
    ]);
  });
});
