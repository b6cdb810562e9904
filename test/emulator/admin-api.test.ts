import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import type { EmulatorHandle } from '../../src/emulator';
import { emulatorWithClient } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
beforeAll(async () => {
  // A target nobody listens on: deliveries fail fast (connection refused) and give up after 2 tries.
  ({ hs, client } = await emulatorWithClient({ webhookTargetUrl: 'http://127.0.0.1:9/webhooks/hubspot', webhookDelivery: { maxAttempts: 2 } }));
});
afterAll(async () => {
  await hs.close();
});

const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${hs.baseUrl}/_emulator${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

/** A raw call, so the test can send the Host header a DNS-rebinding page would send. */
function rawAdmin(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${hs.baseUrl}/_emulator${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin HTTP API under /_emulator (no token)', () => {
  it('reports connection info', async () => {
    const res = await admin('/info');
    expect(await res.json()).toEqual({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, appId: hs.appId, portalId: hs.portalId, clientSecret: hs.clientSecret });
  });

  it('answers only local requests: a rebound Host or a foreign Origin gets 403 and no secret, and there are no CORS headers', async () => {
    const port = new URL(hs.baseUrl).port;
    const rebound = await rawAdmin('/info', { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain(hs.clientSecret);
    expect(rebound.body).not.toContain(hs.accessToken);
    expect((JSON.parse(rebound.body) as { message: string }).message).toMatch(/^emulator admin API: Host "attacker\.example:\d+" is not this local server/);

    const foreign = await rawAdmin('/faults', { origin: 'https://attacker.example', 'content-type': 'application/json' }, 'POST', JSON.stringify({ next5xx: 5 }));
    expect(foreign.status).toBe(403);
    expect(hs.admin.faults().next5xx).toBe(0);

    const local = await rawAdmin('/info', { host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(local.status).toBe(200);
    expect(local.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('seeds, acts as a user, sets labels as a user and reads objects and associations', async () => {
    await client.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Sourcing partner', name: 'sourcing_partner' });
    const seeded = await admin('/seed', {
      body: {
        companies: [{ key: 'acme', name: 'Acme', domain: 'acme.example' }, { key: 'p1', name: 'Partner One' }],
        deals: [{ key: 'd1', properties: { dealname: 'Seeded', dealstage: 'qualifiedtobuy', amount: 100 }, companies: [{ companyKey: 'acme', labels: [], primary: true }, { companyKey: 'p1', labels: ['Sourcing partner'] }] }],
      },
    });
    expect(seeded.status).toBe(200);
    const report = (await seeded.json()) as { deals: Record<string, string>; companies: Record<string, string>; labels: Record<string, number> };
    const dealId = report.deals.d1!;
    expect(report.labels['Sourcing partner']).toBeGreaterThanOrEqual(1000);

    expect(await (await admin(`/objects/deals/${dealId}`)).json()).toMatchObject({ dealname: 'Seeded', amount: '100', hs_object_id: dealId });
    expect((await admin('/objects/deals/999')).status).toBe(404);

    expect((await admin('/act-as-user', { body: { objectType: 'deals', id: dealId, properties: { amount: '250' }, userId: '42' } })).status).toBe(204);
    expect(hs.admin.getObject('deals', dealId)!.amount).toBe('250');

    expect((await admin('/association-labels-as-user', { body: { fromType: 'deals', fromId: dealId, toType: 'companies', toId: report.companies.p1, labelNames: [] } })).status).toBe(204);
    const assoc = (await (await admin(`/associations/deals/${dealId}/companies`)).json()) as Array<{ toId: string; labels: string[] }>;
    expect(assoc.find((a) => a.toId === report.companies.p1)!.labels).toEqual([]);
    expect(assoc.find((a) => a.toId === report.companies.acme)!.labels).toEqual(['Primary']);

    // No labels on a pair that was never associated leaves it unassociated.
    const loner = (await client.crm.deals.basicApi.create({ properties: { dealname: 'Loner' }, associations: [] })).id;
    await hs.admin.setAssociationLabelsAsUser('deals', loner, 'companies', report.companies.p1!, []);
    expect(hs.admin.getAssociations('deals', loner, 'companies')).toEqual([]);
    await hs.admin.setAssociationLabelsAsUser('deals', loner, 'companies', report.companies.p1!, ['Sourcing partner']);
    expect(hs.admin.getAssociations('deals', loner, 'companies')).toEqual([expect.objectContaining({ labels: ['Sourcing partner'] })]);
  });

  it('names the field of a bad seed or a bad admin request', async () => {
    const bad = await admin('/seed', { body: { deals: [{ key: 'x', properties: { dealname: 'X' }, companies: [{ companyKey: 'missing', labels: [] }] }] } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', errors: [{ in: 'deals[0].companies[0].companyKey' }] });
    const shape = await admin('/seed', { body: { owners: [{ key: 'o', email: 'not-an-email', firstName: 'A', lastName: 'B' }] } });
    expect(await shape.json()).toMatchObject({ errors: [{ in: 'owners[0].email' }] });
    const noLabel = await admin('/association-labels-as-user', { body: { fromType: 'deals', fromId: '1', toType: 'companies', toId: '2', labelNames: ['Nope'] } });
    expect(noLabel.status).toBe(400);
    expect(await noLabel.json()).toMatchObject({ errors: [{ in: 'labelNames[0]' }] });
  });

  it('rejects a fault setting it does not understand, naming the field, and injects nothing', async () => {
    const before = hs.admin.faults();
    const typo = await admin('/faults', { body: { latncyMs: 2000, next5xx: 'lots' } });
    expect(typo.status).toBe(400);
    const body = (await typo.json()) as { status: string; category: string; message: string; errors: Array<{ in: string; message: string }> };
    expect(body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(body.errors.map((e) => e.in).sort()).toEqual(['latncyMs', 'next5xx']);
    expect(body.message).toMatch(/^faults\.(latncyMs|next5xx): /);
    for (const bad of [{ fail5xxRate: 1.5 }, { next429: -1 }, { latencyMs: 2.5 }, { next429Policy: 'hourly' }, { duplicateDeliveries: 'yes' }]) {
      const res = await admin('/faults', { body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { errors: Array<{ in: string }> }).errors[0]!.in).toBe(Object.keys(bad)[0]);
    }
    expect((await admin('/faults', { body: [1] })).status).toBe(400);
    expect(hs.admin.faults()).toEqual(before);
  });

  it('validates in-process setFaults the same way', () => {
    const before = hs.admin.faults();
    expect(() => hs.admin.setFaults({ latncyMs: 2000 } as never)).toThrow(/latncyMs/);
    expect(() => hs.admin.setFaults({ next5xx: 'lots' } as never)).toThrow(/next5xx/);
    expect(hs.admin.faults()).toEqual(before);
    hs.admin.setFaults({ latencyMs: 0, next429Policy: 'daily' });
    expect(hs.admin.faults()).toEqual({ ...before, next429Policy: 'daily' });
    hs.admin.setFaults({ next429Policy: 'burst' });
  });

  it('sets faults and exposes the request log and deliveries', async () => {
    await admin('/requests', { method: 'DELETE' });
    const faults = await admin('/faults', { body: { next5xx: 1 } });
    expect(await faults.json()).toMatchObject({ next5xx: 1 });
    await expect(client.crm.deals.basicApi.getPage()).rejects.toMatchObject({ code: 500 });
    await client.crm.deals.basicApi.getPage();
    const log = (await (await admin('/requests')).json()) as Array<{ method: string; path: string; status: number }>;
    expect(log.map((e) => [e.method, e.status])).toEqual([['GET', 500], ['GET', 200]]);
    expect(log[0]!.path).toContain('/crm/v3/objects/deals');
    expect((await admin('/flush-webhooks', { method: 'POST' })).status).toBe(204);
    const deliveries = (await (await admin('/deliveries')).json()) as Array<{ status: unknown; attempt: number; url: string }>;
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 'error' && d.attempt <= 1)).toBe(true);
    expect((await admin('/webhook-target', { body: { url: 'http://127.0.0.1:9/elsewhere' } })).status).toBe(204);
    await hs.admin.actAsUser('deals', (await client.crm.deals.basicApi.getPage(1)).results[0]!.id, { amount: '999' });
    await hs.admin.flushWebhooks();
    expect(hs.admin.deliveries().at(-1)!.url).toBe('http://127.0.0.1:9/elsewhere');
  });
});
