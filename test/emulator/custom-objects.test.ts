import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator';
import type { EmulatorHandle } from '../../src/emulator';

let hs: EmulatorHandle;
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${hs.baseUrl}${path}`, {
    method, headers: { authorization: `Bearer ${hs.accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- HubSpot-shaped JSON, asserted field by field below
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
};

const schema = {
  name: 'widget_share',
  labels: { singular: 'Widget share', plural: 'Widget shares' },
  primaryDisplayProperty: 'title',
  requiredProperties: ['title'],
  properties: [
    { name: 'title', label: 'Title', type: 'string', fieldType: 'text' },
    { name: 'share_key', label: 'Key', type: 'string', fieldType: 'text', hasUniqueValue: true },
    { name: 'weight', label: 'Weight', type: 'number', fieldType: 'number' },
    { name: 'status', label: 'Status', type: 'enumeration', fieldType: 'select', options: [{ label: 'Open', value: 'open' }, { label: 'Won', value: 'won' }] },
  ],
  associatedObjects: ['DEAL', 'COMPANY'],
};

beforeAll(async () => {
  hs = await startEmulator({ portalId: '4242' });
});
afterAll(async () => {
  await hs.close();
});

describe('custom object schemas', () => {
  let typeId = '';
  it('creates a schema, lists it and reads it by objectTypeId and by name; a duplicate name is 409', async () => {
    const created = await call('POST', '/crm/v3/schemas', schema);
    expect(created.status).toBe(201);
    typeId = created.body.objectTypeId;
    expect(typeId).toMatch(/^2-\d+$/);
    expect(created.body).toMatchObject({ name: 'widget_share', fullyQualifiedName: 'p4242_widget_share', primaryDisplayProperty: 'title' });
    expect(created.body.associations).toHaveLength(2);
    expect(created.body.properties.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['title', 'weight', 'hs_object_id']));
    expect((await call('GET', '/crm/v3/schemas')).body.results.map((s: { name: string }) => s.name)).toEqual(['widget_share']);
    expect((await call('GET', `/crm/v3/schemas/${typeId}`)).body.objectTypeId).toBe(typeId);
    expect((await call('GET', '/crm/v3/schemas/widget_share')).body.objectTypeId).toBe(typeId);
    expect((await call('GET', '/crm/v3/schemas/nothing_here')).status).toBe(404);
    expect((await call('POST', '/crm/v3/schemas', schema)).status).toBe(409);
  });

  it('rejects a schema whose primary display property is not among its properties, naming the field', async () => {
    const bad = await call('POST', '/crm/v3/schemas', { ...schema, name: 'other', primaryDisplayProperty: 'missing' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('primaryDisplayProperty');
  });

  it('stores records through the objects routes (by objectTypeId and p_name), validates values, upserts by a unique property', async () => {
    const deal = await call('POST', '/crm/v3/objects/deals', { properties: { dealname: 'Big one' } });
    const company = await call('POST', '/crm/v3/objects/companies', { properties: { name: 'Acme' } });
    const dealDef = schema && (await call('GET', `/crm/v3/schemas/${typeId}`)).body.associations.find((a: { toObjectTypeId: string }) => a.toObjectTypeId === '0-3');
    const created = await call('POST', `/crm/v3/objects/${typeId}`, {
      properties: { title: 'Big one — Acme', share_key: 'd:1', weight: '0.5', status: 'open' },
      associations: [{ to: { id: deal.body.id }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: Number(dealDef.id) }] }],
    });
    expect(created.status).toBe(201);
    const bad = await call('POST', `/crm/v3/objects/p_widget_share`, { properties: { status: 'maybe' } });
    expect(bad.status).toBe(400);

    const upsert = await call('POST', '/crm/v3/objects/p_widget_share/batch/upsert', {
      inputs: [
        { id: 'd:1', idProperty: 'share_key', properties: { weight: '0.25' } },
        { id: 'd:2', idProperty: 'share_key', properties: { title: 'Second', weight: '0.75' } },
      ],
    });
    expect(upsert.status).toBe(200);
    expect(upsert.body.results.map((r: { new: boolean }) => r.new)).toEqual([false, true]);
    const read = await call('POST', `/crm/v3/objects/${typeId}/batch/read`, { idProperty: 'share_key', properties: ['weight', 'title'], inputs: [{ id: 'd:1' }, { id: 'd:2' }] });
    expect(read.body.results.map((r: { properties: Record<string, string> }) => [r.properties.title, r.properties.weight])).toEqual([['Big one — Acme', '0.25'], ['Second', '0.75']]);

    // Associations both ways through v4, to the deal (created inline) and the company (added now).
    const second = upsert.body.results[1].id as string;
    const put = await call('PUT', `/crm/v4/objects/${typeId}/${second}/associations/default/companies/${company.body.id}`);
    expect(put.status).toBeLessThan(300);
    const fromDeal = await call('GET', `/crm/v4/objects/deals/${deal.body.id}/associations/${typeId}`);
    expect(fromDeal.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).toEqual([created.body.id]);
    const fromCompany = await call('GET', `/crm/v4/objects/companies/${company.body.id}/associations/p_widget_share`);
    expect(fromCompany.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).toEqual([second]);

    await call('POST', `/crm/v3/objects/${typeId}/batch/archive`, { inputs: [{ id: second }] });
    expect((await call('GET', `/crm/v3/objects/${typeId}/${second}`)).status).toBe(404);
    expect((await call('GET', `/crm/v4/objects/companies/${company.body.id}/associations/${typeId}`)).body.results).toEqual([]);
  });
});

describe('a portal without custom objects', () => {
  it('answers 403 on the schemas API', async () => {
    const plain = await startEmulator({ customObjects: false });
    try {
      const res = await fetch(`${plain.baseUrl}/crm/v3/schemas`, { headers: { authorization: `Bearer ${plain.accessToken}` } });
      expect(res.status).toBe(403);
    } finally {
      await plain.close();
    }
  });
});

describe('custom object properties', () => {
  it('lists a custom object\'s properties through the properties API by its p_ name', async () => {
    const res = await call('GET', '/crm/v3/properties/p_widget_share');
    expect(res.status).toBe(200);
    expect(res.body.results.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['title', 'share_key', 'status']));
  });
});
