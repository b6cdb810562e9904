import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import type { EmulatorHandle } from '../../src/emulator';
import { apiError, emulatorWithClient } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
beforeAll(async () => {
  ({ hs, client } = await emulatorWithClient());
});
afterAll(async () => {
  await hs.close();
});

describe('properties and groups through @hubspot/api-client', () => {
  it('starts with HubSpot default properties', async () => {
    const deals = await client.crm.properties.coreApi.getAll('deals');
    const names = deals.results.map((p) => p.name);
    for (const n of ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'deal_currency_code', 'hubspot_owner_id', 'hs_lastmodifieddate', 'createdate', 'hs_object_id']) {
      expect(names).toContain(n);
    }
    const companies = await client.crm.properties.coreApi.getAll('companies');
    expect(companies.results.map((p) => p.name)).toEqual(expect.arrayContaining(['name', 'domain']));
    const notes = await client.crm.properties.coreApi.getAll('notes');
    expect(notes.results.map((p) => p.name)).toEqual(expect.arrayContaining(['hs_note_body', 'hs_timestamp']));
    const tasks = await client.crm.properties.coreApi.getAll('tasks');
    expect(tasks.results.map((p) => p.name)).toEqual(expect.arrayContaining(['hs_task_subject', 'hs_timestamp']));
  });

  it('creates a group and an enumeration property, updates its options, and enforces them on writes', async () => {
    const group = await client.crm.properties.groupsApi.create('companies', { name: 'cosell', label: 'Co-sell', displayOrder: 1 });
    expect(group).toMatchObject({ name: 'cosell', label: 'Co-sell' });
    expect((await client.crm.properties.groupsApi.getAll('companies')).results.map((g) => g.name)).toContain('cosell');
    await client.crm.properties.groupsApi.update('companies', 'cosell', { label: 'Co-sell (partners)' });
    expect((await client.crm.properties.groupsApi.getByName('companies', 'cosell')).label).toBe('Co-sell (partners)');

    const created = await client.crm.properties.coreApi.create('companies', {
      name: 'cosell_partner_type', label: 'Partner type', type: 'enumeration' as never, fieldType: 'select' as never, groupName: 'cosell',
      options: [{ label: 'Reseller', value: 'reseller', hidden: false, displayOrder: 0 }, { label: 'Technology', value: 'technology', hidden: false, displayOrder: 1 }],
    });
    expect(created).toMatchObject({ name: 'cosell_partner_type', groupName: 'cosell', hubspotDefined: false });
    expect((await client.crm.properties.coreApi.getByName('companies', 'cosell_partner_type')).options.map((o) => o.value)).toEqual(['reseller', 'technology']);

    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Partner', cosell_partner_type: 'reseller' }, associations: [] });
    const bad = await apiError(client.crm.companies.basicApi.update(company.id, { properties: { cosell_partner_type: 'services' } }));
    expect(bad.code).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ code: 'INVALID_OPTION', context: { propertyName: ['cosell_partner_type'] } }] });

    await client.crm.properties.coreApi.update('companies', 'cosell_partner_type', {
      options: ['reseller', 'technology', 'services', 'referral'].map((value, i) => ({ label: value, value, hidden: false, displayOrder: i })),
    });
    const ok = await client.crm.companies.basicApi.update(company.id, { properties: { cosell_partner_type: 'services' } });
    expect(ok.properties.cosell_partner_type).toBe('services');
  });

  it('rejects duplicates (409), unknown groups and missing options (400), and 404s unknown properties', async () => {
    await client.crm.properties.coreApi.create('deals', { name: 'cosell_model', label: 'Model', type: 'string' as never, fieldType: 'text' as never, groupName: 'dealinformation' });
    const dup = await apiError(client.crm.properties.coreApi.create('deals', { name: 'cosell_model', label: 'Model', type: 'string' as never, fieldType: 'text' as never, groupName: 'dealinformation' }));
    expect(dup.code).toBe(409);
    const noGroup = await apiError(client.crm.properties.coreApi.create('deals', { name: 'x_one', label: 'X', type: 'string' as never, fieldType: 'text' as never, groupName: 'missing' }));
    expect(noGroup.code).toBe(400);
    expect(noGroup.body).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ in: 'body.groupName' }] });
    const noOptions = await apiError(client.crm.properties.coreApi.create('deals', { name: 'x_two', label: 'X', type: 'enumeration' as never, fieldType: 'select' as never, groupName: 'dealinformation' }));
    expect(noOptions.code).toBe(400);
    const missing = await apiError(client.crm.properties.coreApi.getByName('deals', 'nope'));
    expect(missing.code).toBe(404);
  });

  it('batch creates and reads properties, and archives a custom one', async () => {
    const res = await client.crm.properties.batchApi.create('deals', {
      inputs: ['cosell_pool_amount', 'cosell_pool_rate'].map((name) => ({ name, label: name, type: 'number' as never, fieldType: 'number' as never, groupName: 'dealinformation' })),
    });
    expect(res.results.map((p) => p.name).sort()).toEqual(['cosell_pool_amount', 'cosell_pool_rate']);
    const read = await client.crm.properties.batchApi.read('deals', { archived: false, inputs: [{ name: 'cosell_pool_rate' }, { name: 'absent' }] });
    expect(read.results.map((p) => p.name)).toEqual(['cosell_pool_rate']);
    await client.crm.properties.coreApi.archive('deals', 'cosell_pool_rate');
    expect((await apiError(client.crm.properties.coreApi.getByName('deals', 'cosell_pool_rate'))).code).toBe(404);
  });
});

describe('options HubSpot derives from other settings', () => {
  it('lists pipeline stages as dealstage options and owners as hubspot_owner_id options', async () => {
    const stage = await client.crm.properties.coreApi.getByName('deals', 'dealstage');
    expect(stage.options.map((o) => o.value)).toEqual(expect.arrayContaining(['appointmentscheduled', 'closedwon', 'closedlost']));
    const pipeline = await client.crm.properties.coreApi.getByName('deals', 'pipeline');
    expect(pipeline.options.map((o) => o.value)).toEqual(['default']);
    const report = await hs.admin.seed({ owners: [{ key: 'o', email: 'o@example.com', firstName: 'Olu', lastName: 'Ade' }] });
    const owner = await client.crm.properties.coreApi.getByName('deals', 'hubspot_owner_id');
    expect(owner.options).toEqual([expect.objectContaining({ value: report.owners.o, label: 'Olu Ade' })]);
  });
});
