import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import type { EmulatorHandle } from '../../src/emulator';
import { apiError, emulatorWithClient } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
let deal: string;
let companies: string[];
beforeAll(async () => {
  ({ hs, client } = await emulatorWithClient());
  deal = (await client.crm.deals.basicApi.create({ properties: { dealname: 'Assoc' }, associations: [] })).id;
  const res = await client.crm.companies.batchApi.create({ inputs: [0, 1, 2].map((i) => ({ properties: { name: `Partner ${i}` }, associations: [] })) });
  companies = res.results.map((r) => r.id).sort();
});
afterAll(async () => {
  await hs.close();
});

const labelsApi = () => client.crm.associations.v4.schema.definitionsApi;

describe('association labels (v4 definitions)', () => {
  it('lists HubSpot-defined types, creates, renames and deletes a USER_DEFINED label', async () => {
    const before = await labelsApi().getAll('deals', 'companies');
    expect(before.results).toEqual(expect.arrayContaining([
      expect.objectContaining({ typeId: 341, category: 'HUBSPOT_DEFINED' }),
      expect.objectContaining({ typeId: 5, category: 'HUBSPOT_DEFINED', label: 'Primary' }),
    ]));
    const created = await labelsApi().create('deals', 'companies', { label: 'Influence partner', name: 'influence_partner' });
    const typeId = created.results[0]!.typeId;
    expect(created.results[0]).toMatchObject({ category: 'USER_DEFINED', label: 'Influence partner' });
    expect(typeId).toBeGreaterThanOrEqual(1000);
    const inverse = await labelsApi().getAll('companies', 'deals');
    expect(inverse.results.some((r) => r.category === 'USER_DEFINED' && r.label === 'Influence partner')).toBe(true);

    const dup = await apiError(labelsApi().create('deals', 'companies', { label: 'Influence partner', name: 'influence_partner' }));
    expect(dup.code).toBe(409);

    await labelsApi().update('deals', 'companies', { associationTypeId: typeId, label: 'Influencing partner' });
    expect((await labelsApi().getAll('deals', 'companies')).results.find((r) => r.typeId === typeId)!.label).toBe('Influencing partner');
    await labelsApi().remove('deals', 'companies', typeId);
    expect((await labelsApi().getAll('deals', 'companies')).results.some((r) => r.typeId === typeId)).toBe(false);
  });
});

describe('association records (v4)', () => {
  it('PUT with labels, per-record read with paging, default associate and delete', async () => {
    const sourcing = (await labelsApi().create('deals', 'companies', { label: 'Sourcing partner', name: 'sourcing_partner' })).results[0]!.typeId;
    const labelled = await client.crm.associations.v4.basicApi.create('deals', deal, 'companies', companies[0]!, [{ associationCategory: Category.UserDefined, associationTypeId: sourcing }]);
    expect(labelled.labels).toEqual(['Sourcing partner']);
    await client.crm.associations.v4.basicApi.createDefault('deals', deal, 'companies', companies[1]!);
    await client.crm.associations.v4.basicApi.createDefault('deals', deal, 'companies', companies[2]!);

    const page1 = await client.crm.associations.v4.basicApi.getPage('deals', deal, 'companies', undefined, 2);
    expect(page1.results.map((r) => String(r.toObjectId))).toEqual(companies.slice(0, 2));
    expect(page1.results[0]!.associationTypes.map((t) => t.typeId).sort((a, b) => a - b)).toEqual([341, sourcing]);
    const page2 = await client.crm.associations.v4.basicApi.getPage('deals', deal, 'companies', page1.paging!.next!.after, 2);
    expect(page2.results.map((r) => String(r.toObjectId))).toEqual([companies[2]]);
    expect(page2.paging).toBeUndefined();

    // The inverse direction exists too.
    const back = await client.crm.associations.v4.basicApi.getPage('companies', companies[0]!, 'deals');
    expect(back.results.map((r) => String(r.toObjectId))).toEqual([deal]);
    expect(back.results[0]!.associationTypes.some((t) => t.category === 'USER_DEFINED' && t.label === 'Sourcing partner')).toBe(true);

    await client.crm.associations.v4.basicApi.archive('deals', deal, 'companies', companies[2]!);
    expect((await client.crm.associations.v4.basicApi.getPage('deals', deal, 'companies')).results).toHaveLength(2);
  });

  it('batch create, read (≤1000, 207 for records without associations), labels archive and archive', async () => {
    const selling = (await labelsApi().create('deals', 'companies', { label: 'Selling partner', name: 'selling_partner' })).results[0]!.typeId;
    const other = (await client.crm.deals.basicApi.create({ properties: { dealname: 'Assoc 2' }, associations: [] })).id;
    const created = await client.crm.associations.v4.batchApi.create('deals', 'companies', {
      inputs: [
        { _from: { id: other }, to: { id: companies[0]! }, types: [{ associationCategory: Category.UserDefined, associationTypeId: selling }] },
        { _from: { id: other }, to: { id: companies[1]! }, types: [{ associationCategory: Category.HubspotDefined, associationTypeId: 5 }] },
      ],
    });
    expect(created.results).toHaveLength(2);

    const lonely = (await client.crm.deals.basicApi.create({ properties: { dealname: 'No partners' }, associations: [] })).id;
    const read = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: [{ id: other }, { id: lonely }] });
    const row = read.results.find((r) => r._from.id === other)!;
    expect(row.to.map((t) => String(t.toObjectId)).sort()).toEqual(companies.slice(0, 2));
    expect(row.to.find((t) => String(t.toObjectId) === companies[0])!.associationTypes.map((t) => t.label)).toContain('Selling partner');
    expect(read).toMatchObject({ numErrors: 1 });

    const tooMany = await apiError(client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i + 1) })) }));
    expect(tooMany.code).toBe(400);
    const thousand = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: Array.from({ length: 1000 }, (_, i) => ({ id: String(i + 1) })) });
    expect(thousand.results).toEqual([]);

    await client.crm.associations.v4.batchApi.archiveLabels('deals', 'companies', {
      inputs: [{ _from: { id: other }, to: { id: companies[0]! }, types: [{ associationCategory: Category.UserDefined, associationTypeId: selling }] }],
    });
    expect(hs.admin.getAssociations('deals', other, 'companies').find((a) => a.toId === companies[0])!.typeIds).toEqual([341]);

    await client.crm.associations.v4.batchApi.archive('deals', 'companies', { inputs: [{ _from: { id: other }, to: [{ id: companies[0]! }, { id: companies[1]! }] }] });
    expect(hs.admin.getAssociations('deals', other, 'companies')).toEqual([]);

    await client.crm.associations.v4.batchApi.createDefault('deals', 'companies', { inputs: [{ _from: { id: other }, to: { id: companies[2]! } }] });
    expect(hs.admin.getAssociations('deals', other, 'companies').map((a) => a.toId)).toEqual([companies[2]]);
  });

  it('rejects a label id that does not belong to the object pair', async () => {
    const err = await apiError(client.crm.associations.v4.basicApi.create('deals', deal, 'companies', companies[0]!, [{ associationCategory: Category.HubspotDefined, associationTypeId: 214 }]));
    expect(err.code).toBe(400);
  });

  it('maintains company parent/child (13/14) and hs_parent_company_id', async () => {
    await client.crm.associations.v4.basicApi.create('companies', companies[0]!, 'companies', companies[1]!, [{ associationCategory: Category.HubspotDefined, associationTypeId: 13 }]);
    expect(hs.admin.getObject('companies', companies[1]!)!.hs_parent_company_id).toBe(companies[0]);
    const child = await client.crm.associations.v4.basicApi.getPage('companies', companies[1]!, 'companies');
    expect(child.results[0]!.associationTypes.map((t) => t.typeId)).toContain(14);
  });

  it('serves the v3 association batch read', async () => {
    const res = await client.crm.associations.batchApi.read('deals', 'companies', { inputs: [{ id: deal }] });
    expect(res.results[0]!.to.map((t) => t.id).sort()).toEqual(companies.slice(0, 2));
  });
});
