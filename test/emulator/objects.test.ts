import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/AssociationSpec';
import type { EmulatorHandle } from '../../src/emulator';
import { apiError, emulatorWithClient, sdkFor } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
beforeAll(async () => {
  ({ hs, client } = await emulatorWithClient());
});
afterAll(async () => {
  await hs.close();
});

describe('objects basic API through @hubspot/api-client', () => {
  it('creates, reads, updates and archives a deal; values come back as strings', async () => {
    const created = await client.crm.deals.basicApi.create({ properties: { dealname: 'Basic', amount: 1234.5 as unknown as string, dealstage: 'qualifiedtobuy' }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.amount).toBe('1234.5');
    expect(created.properties.hs_object_id).toBe(created.id);

    const read = await client.crm.deals.basicApi.getById(created.id, ['dealname', 'amount', 'pipeline', 'closedate', 'hs_is_closed']);
    expect(read.properties).toEqual({ dealname: 'Basic', amount: '1234.5', pipeline: 'default', closedate: null, hs_is_closed: 'false' });

    const before = hs.admin.getObject('deals', created.id)!.hs_lastmodifieddate!;
    await new Promise((r) => setTimeout(r, 5));
    const updated = await client.crm.deals.basicApi.update(created.id, { properties: { dealstage: 'closedwon', closedate: '2026-03-31T00:00:00Z' } });
    expect(updated.properties.dealstage).toBe('closedwon');
    expect(updated.properties.hs_lastmodifieddate! > before).toBe(true);
    expect(hs.admin.getObject('deals', created.id)).toMatchObject({ hs_is_closed_won: 'true', closedate: '2026-03-31T00:00:00.000Z' });

    await client.crm.deals.basicApi.archive(created.id);
    const gone = await apiError(client.crm.deals.basicApi.getById(created.id));
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('lists with paging and returns HubSpot default properties when none are named', async () => {
    for (let i = 0; i < 3; i++) await client.crm.contacts.basicApi.create({ properties: { email: `p${i}@example.com`, firstname: `P${i}` }, associations: [] });
    const first = await client.crm.contacts.basicApi.getPage(2);
    expect(first.results).toHaveLength(2);
    expect(Object.keys(first.results[0]!.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    const second = await client.crm.contacts.basicApi.getPage(2, first.paging!.next!.after);
    expect(second.results.map((r) => r.properties.email)).toEqual(['p2@example.com']);
    expect(second.paging).toBeUndefined();
    const all = await client.crm.contacts.getAll();
    expect(all).toHaveLength(3);
  });

  it('creates a deal with associations and reads them inline', async () => {
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Acme', domain: 'acme.example' }, associations: [] });
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: 'With company' },
      associations: [{ to: { id: company.id }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }] }],
    });
    const read = await client.crm.deals.basicApi.getById(deal.id, ['dealname'], undefined, ['companies']);
    const ids = read.associations?.companies?.results.map((r) => r.id);
    expect(ids).toContain(company.id);
    const companyRead = await client.crm.companies.basicApi.getById(company.id, ['num_associated_deals']);
    expect(companyRead.properties.num_associated_deals).toBe('1');
  });

  it('creates notes and tasks associated to a deal (types 214 and 216)', async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Activities' }, associations: [] });
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'Partner intro call', hs_timestamp: '2026-01-05T10:00:00Z' },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 214 }] }],
    });
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: 'Resolve conflict', hs_timestamp: String(Date.UTC(2026, 0, 6)), hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH' },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 216 }] }],
    });
    expect(note.properties.hs_timestamp).toBe('2026-01-05T10:00:00.000Z');
    expect(task.properties.hs_timestamp).toBe('2026-01-06T00:00:00.000Z');
    const notes = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'notes');
    expect(notes.results.map((r) => String(r.toObjectId))).toEqual([note.id]);
    const tasks = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'tasks');
    expect(tasks.results.map((r) => String(r.toObjectId))).toEqual([task.id]);
  });

  it('rejects unknown properties and invalid enumeration values with a body naming the property', async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Validation' }, associations: [] });
    const unknown = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { cosell_nope: 'x' } }));
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', errors: [{ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['cosell_nope'] } }] });
    expect(unknown.body.correlationId).toEqual(expect.any(String));
    expect(String(unknown.body.message)).toContain('cosell_nope');

    const badEnum = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { deal_currency_code: 'XYZ' } }));
    expect(badEnum.code).toBe(400);
    expect(badEnum.body).toMatchObject({ errors: [{ code: 'INVALID_OPTION', context: { propertyName: ['deal_currency_code'] } }] });

    const badStage = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'not-a-stage' } }));
    expect(badStage.body).toMatchObject({ errors: [{ code: 'INVALID_OPTION', context: { propertyName: ['dealstage'] } }] });

    const badNumber = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { amount: '12,5' } }));
    expect(badNumber.body).toMatchObject({ errors: [{ context: { propertyName: ['amount'] } }] });

    const readOnly = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { hs_object_id: '1' } }));
    expect(readOnly.body).toMatchObject({ errors: [{ code: 'READ_ONLY_VALUE' }] });
    // Nothing was written by the rejected calls.
    expect(hs.admin.getObject('deals', deal.id)!.deal_currency_code).toBeUndefined();
  });

  it('requires the bearer token (401 INVALID_AUTHENTICATION)', async () => {
    const wrong = sdkFor(hs, 'not-the-token');
    const err = await apiError(wrong.crm.deals.basicApi.getPage());
    expect(err.code).toBe(401);
    expect(err.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    const res = await fetch(`${hs.baseUrl}/crm/v3/objects/deals`);
    expect(res.status).toBe(401);
  });
});

describe('objects batch API', () => {
  it('batch create, read, update, upsert and archive', async () => {
    const created = await client.crm.companies.batchApi.create({
      inputs: [0, 1, 2].map((i) => ({ properties: { name: `Batch ${i}`, domain: `batch${i}.example` }, associations: [] })),
    });
    expect(created.status).toBe('COMPLETE');
    const ids = created.results.map((r) => r.id);
    expect(ids).toHaveLength(3);

    const read = await client.crm.companies.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['name', 'domain'], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.properties.name).sort()).toEqual(['Batch 0', 'Batch 1', 'Batch 2']);

    const updated = await client.crm.companies.batchApi.update({ inputs: ids.map((id, i) => ({ id, properties: { industry: `I${i}` } })) });
    expect(updated.results).toHaveLength(3);
    expect(hs.admin.getObject('companies', ids[1]!)!.industry).toBe('I1');

    await client.crm.companies.batchApi.archive({ inputs: [{ id: ids[0]! }] });
    const partial = await client.crm.companies.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['name'], propertiesWithHistory: [] });
    expect(partial.results).toHaveLength(2);
    expect(partial).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: [ids[0]] } }] });
  });

  it('upserts by a unique-value property', async () => {
    await client.crm.properties.coreApi.create('deals', {
      name: 'external_ref', label: 'External ref', type: 'string' as never, fieldType: 'text' as never, groupName: 'dealinformation', hasUniqueValue: true,
    });
    const first = await client.crm.deals.batchApi.upsert({ inputs: [{ id: 'ext-1', idProperty: 'external_ref', properties: { dealname: 'Upserted' } }] });
    expect(first.results[0]).toMatchObject({ _new: true });
    const second = await client.crm.deals.batchApi.upsert({ inputs: [{ id: 'ext-1', idProperty: 'external_ref', properties: { dealname: 'Upserted again' } }] });
    expect(second.results[0]).toMatchObject({ _new: false, id: first.results[0]!.id });
    expect(hs.admin.getObject('deals', first.results[0]!.id)!.dealname).toBe('Upserted again');
    const byRef = await client.crm.deals.basicApi.getById('ext-1', ['dealname'], undefined, undefined, false, 'external_ref');
    expect(byRef.id).toBe(first.results[0]!.id);
  });

  it('rejects more than 100 inputs and duplicate ids with a 400 VALIDATION_ERROR', async () => {
    const tooMany = await apiError(client.crm.deals.batchApi.read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })), properties: [], propertiesWithHistory: [] }));
    expect(tooMany.code).toBe(400);
    expect(tooMany.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const tooManyUpdates = await apiError(client.crm.deals.batchApi.update({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1), properties: {} })) }));
    expect(tooManyUpdates.code).toBe(400);
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Dup' }, associations: [] });
    const dup = await apiError(client.crm.deals.batchApi.update({ inputs: [{ id: deal.id, properties: { amount: '1' } }, { id: deal.id, properties: { amount: '2' } }] }));
    expect(dup.code).toBe(400);
    expect(String(dup.body.message)).toContain('Duplicate');
  });

  it('rejects the whole batch when one input has an invalid value', async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Atomic', amount: '10' }, associations: [] });
    const other = await client.crm.deals.basicApi.create({ properties: { dealname: 'Atomic 2', amount: '20' }, associations: [] });
    const err = await apiError(client.crm.deals.batchApi.update({ inputs: [{ id: deal.id, properties: { amount: '11' } }, { id: other.id, properties: { amount: 'lots' } }] }));
    expect(err.code).toBe(400);
    expect(hs.admin.getObject('deals', deal.id)!.amount).toBe('10');
  });
});

describe('pipelines and owners', () => {
  it('serves the default deal pipeline with stage metadata', async () => {
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const def = pipelines.results.find((p) => p.id === 'default')!;
    const won = def.stages.find((s) => s.id === 'closedwon')!;
    expect(won.metadata).toEqual({ probability: '1.0', isClosed: 'true' });
    expect(def.stages.find((s) => s.id === 'closedlost')!.metadata).toEqual({ probability: '0.0', isClosed: 'true' });
    const stages = await client.crm.pipelines.pipelineStagesApi.getAll('deals', 'default');
    expect(stages.results.map((s) => s.id)).toContain('appointmentscheduled');
  });

  it('lists owners from a seed and filters by email', async () => {
    const report = await hs.admin.seed({ owners: [{ key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' }, { key: 'bo', email: 'bo@example.com', firstName: 'Bo', lastName: 'Chan' }] });
    const page = await client.crm.owners.ownersApi.getPage();
    expect(page.results.map((o) => o.email)).toEqual(expect.arrayContaining(['ana@example.com', 'bo@example.com']));
    const one = await client.crm.owners.ownersApi.getPage('bo@example.com');
    expect(one.results.map((o) => o.id)).toEqual([report.owners.bo]);
    const owner = await client.crm.owners.ownersApi.getById(Number(report.owners.ana));
    expect(owner.firstName).toBe('Ana');
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Owned', hubspot_owner_id: report.owners.ana! }, associations: [] });
    expect(deal.properties.hubspot_owner_id).toBe(report.owners.ana);
    const badOwner = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { hubspot_owner_id: '1' } }));
    expect(badOwner.code).toBe(400);
  });
});
