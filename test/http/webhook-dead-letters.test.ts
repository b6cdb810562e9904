import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as inbox } from '../../src/cli/inbox';
import type { CrmGateway } from '../../src/hubspot/crm-gateway';
import type { Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import { createApp } from '../../webhooks/create-app';
import { signV3 } from '../../webhooks/verify-signature';
import { captureCliIo } from '../support/capture-cli-io';

const secret = 'dead-letter-test-secret';
const portalId = '777';
const publicUrl = 'https://cosell.example.com';

const noCrm = new Proxy({} as CrmGateway, {
  get: (_t, prop) => () => {
    throw new Error(`the webhook request called the CRM (${String(prop)})`);
  },
});

const event = (over: Record<string, unknown> = {}) => ({
  eventId: 1, subscriptionId: 10, portalId: Number(portalId), appId: 5, occurredAt: 1_760_000_000_000, subscriptionType: 'deal.propertyChange',
  attemptNumber: 0, objectId: 42, changeSource: 'CRM_UI', sourceId: 'userId:9', propertyName: 'dealstage', propertyValue: 'closedwon', ...over,
});

/** Invalid events in a delivery end up where operators look: `cosell inbox list` (and `--json`). */
describe('events rejected at intake are dead letters visible in `cosell inbox`', () => {
  let dir: string;
  let dbPath: string;
  let store: Store;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-dead-'));
    dbPath = join(dir, 'cosell.db');
    store = await createStore({ sqlitePath: dbPath });
    const app = createApp({
      store, gateway: noCrm, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: '5', portalId,
      config: { publicUrl, clientSecrets: [secret], portalId, settingsAllowedUsers: [], settingsAllowedTeams: [], settingsOpenToAll: false },
    });
    server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(events: unknown[]) {
    const body = JSON.stringify(events);
    const timestamp = String(Date.now());
    const res = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signV3({ method: 'POST', url: `${publicUrl}/webhooks/hubspot`, body, timestamp, secret }) },
      body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function cli(args: string[]) {
    const { io, out, err } = captureCliIo({ SQLITE_PATH: dbPath });
    const code = await inbox(args, io);
    return { code, out: out(), err: err() };
  }

  it('lists them with the reason naming the field; a retried delivery does not double them', async () => {
    const batch = [event(), event({ occurredAt: 1e20, objectId: 43 }), event({ objectId: 44, portalId: 'seven' }), event({ occurredAt: 1_760_000_000_001 })];
    const res = await post(batch);
    expect(res).toMatchObject({ status: 200, json: { received: 4, inserted: 2, duplicates: 0, ignored: 0, rejected: 2 } });
    expect(res.json.errors).toEqual([expect.stringMatching(/^events\[1\]\.occurredAt: /), expect.stringMatching(/^events\[2\]\.portalId: /)]);
    const retried = await post(batch.map((e) => ({ ...e, attemptNumber: 1 })));
    expect(retried).toMatchObject({ status: 200, json: { inserted: 0, duplicates: 2, rejected: 2 } });

    const listed = await cli(['list', '--json']);
    expect(listed.code).toBe(0);
    const dead = (JSON.parse(listed.out) as { deadLetters: Array<Record<string, unknown>> }).deadLetters;
    expect(dead).toEqual([
      expect.objectContaining({ kind: 'event', subject: 'deal:43', source: 'intake', attempts: 0, lastError: expect.stringMatching(/^events\[1\]\.occurredAt: must be whole epoch milliseconds from 1970 to before 2100$/), payload: expect.objectContaining({ objectId: 43 }) }),
      expect.objectContaining({ kind: 'event', subject: 'deal:44', source: 'intake', lastError: 'events[2].portalId: must be a numeric HubSpot id' }),
    ]);
    const human = await cli(['list']);
    expect(human.out).toContain('2 dead letter(s)');
    expect(human.out).toMatch(/#\d+ {2}deal:43 {2}\(webhook event rejected at intake, dead since /);
    expect(human.out).toContain('events[2].portalId: must be a numeric HubSpot id');
    expect(await store.inbox.stats()).toMatchObject({ pending: 2, dead: 2 });
  });

  it('retry leaves events rejected at intake dead (they are invalid as received) and says so', async () => {
    const [first] = (await store.inbox.listDeadLetters()).filter((d) => d.dedupeKey.startsWith('hs-rejected:'));
    const named = await cli(['retry', first!.id]);
    expect(named.code).toBe(2);
    expect(named.err).toContain('rejected at intake as invalid');
    const all = await cli(['retry', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toEqual({ requeued: 0, keptRejectedAtIntake: 2 });
    expect((await store.inbox.stats()).dead).toBe(2);
  });

  it('an association event rejected at intake is listed under its record', async () => {
    const assoc = { portalId: Number(portalId), occurredAt: 1_760_000_000_500, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: 7, associationRemoved: false };
    const res = await post([assoc]);
    expect(res).toMatchObject({ status: 200, json: { rejected: 1, errors: ['events[0].toObjectId: is required on an association change'] } });
    expect((await store.inbox.listDeadLetters()).find((d) => d.lastError?.startsWith('events[0].toObjectId'))?.subject).toBe('company:7');
  });
});
