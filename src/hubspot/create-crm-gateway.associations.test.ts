import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrmPermanentError } from './crm-errors';
import { TEST_BASE, testGateway } from '../../test/support/hubspot-test-support';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const batchOf = (results: unknown[]) => ({ status: 'COMPLETE', results, startedAt: '2026-04-01T10:00:00.000Z', completedAt: '2026-04-01T10:00:00.000Z' });

// The portal's label ids are arbitrary: the gateway must learn them, not assume them.
const labelDefinitions = {
  results: [
    { typeId: 341, label: null, category: 'HUBSPOT_DEFINED' },
    { typeId: 5, label: 'Primary', category: 'HUBSPOT_DEFINED' },
    { typeId: 1201, label: 'Sourcing partner', category: 'USER_DEFINED' },
    { typeId: 1202, label: 'Selling partner', category: 'USER_DEFINED' },
    { typeId: 1203, label: 'Technical validation partner', category: 'USER_DEFINED' },
    { typeId: 1204, label: 'Implementation partner', category: 'USER_DEFINED' },
    { typeId: 1205, label: 'Influence partner', category: 'USER_DEFINED' },
    { typeId: 1300, label: 'Decision maker', category: 'USER_DEFINED' },
  ],
};
const labelsHandler = http.get(`${TEST_BASE}/crm/v4/associations/deals/companies/labels`, () => HttpResponse.json(labelDefinitions));

const assoc = (toObjectId: number, types: Array<[number, string | null, string]>) => ({
  toObjectId,
  associationTypes: types.map(([typeId, label, category]) => ({ typeId, label, category })),
});

describe('readDealPartnerLinks', () => {
  it('maps label ids to roles, keeps other labels, batches ≤1,000 and follows per-record paging', async () => {
    const inputs: Array<Array<{ id: string; after?: string }>> = [];
    server.use(
      labelsHandler,
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/read`, async ({ request }) => {
        const body = (await request.json()) as { inputs: Array<{ id: string; after?: string }> };
        inputs.push(body.inputs);
        return HttpResponse.json(
          batchOf(
            body.inputs.map((i) => {
              if (i.id === '1' && !i.after) {
                return {
                  from: { id: '1' },
                  to: [assoc(500, [[341, null, 'HUBSPOT_DEFINED'], [1201, 'Sourcing partner', 'USER_DEFINED'], [1202, 'Selling partner', 'USER_DEFINED']])],
                  paging: { next: { after: 'page2' } },
                };
              }
              if (i.id === '1') {
                return { from: { id: '1' }, to: [assoc(600, [[341, null, 'HUBSPOT_DEFINED'], [5, 'Primary', 'HUBSPOT_DEFINED'], [1300, 'Decision maker', 'USER_DEFINED']])] };
              }
              return { from: { id: i.id }, to: [] };
            }),
          ),
        );
      }),
    );
    const { gateway } = testGateway();
    const ids = ['1', ...Array.from({ length: 1200 }, (_, i) => String(1000 + i))];
    const links = await gateway.readDealPartnerLinks(ids);
    expect(inputs.slice(0, 2).map((x) => x.length).sort((a, b) => b - a)).toEqual([1000, 201]);
    // The second round follows the one paged record only.
    expect(inputs[2]).toEqual([{ id: '1', after: 'page2' }]);
    expect(inputs).toHaveLength(3);
    expect(links.get('1')).toEqual([
      { companyId: '500', roles: ['sourcing', 'selling'], otherLabels: [] },
      { companyId: '600', roles: [], otherLabels: ['Decision maker', 'Primary'] },
    ]);
    expect(links.get('1000')).toEqual([]);
    expect(links.size).toBe(1201);
  });
});

describe('setDealPartnerRoles', () => {
  it('creates missing role labels, archives removed ones, and unlinks only companies that held a role and are no longer listed', async () => {
    const created: unknown[] = [];
    const archived: unknown[] = [];
    const unlinked: unknown[] = [];
    server.use(
      labelsHandler,
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/read`, () =>
        HttpResponse.json(
          batchOf([
            {
              from: { id: '9' },
              to: [
                assoc(500, [[341, null, 'HUBSPOT_DEFINED'], [1201, 'Sourcing partner', 'USER_DEFINED'], [1300, 'Decision maker', 'USER_DEFINED']]),
                assoc(600, [[341, null, 'HUBSPOT_DEFINED'], [1205, 'Influence partner', 'USER_DEFINED']]),
                assoc(700, [[341, null, 'HUBSPOT_DEFINED']]),
                assoc(800, [[341, null, 'HUBSPOT_DEFINED'], [5, 'Primary', 'HUBSPOT_DEFINED']]),
                assoc(900, [[341, null, 'HUBSPOT_DEFINED'], [1201, 'Sourcing partner', 'USER_DEFINED'], [1204, 'Implementation partner', 'USER_DEFINED']]),
              ],
            },
          ]),
        ),
      ),
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/create`, async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json(batchOf([]), { status: 201 });
      }),
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/labels/archive`, async ({ request }) => {
        archived.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/archive`, async ({ request }) => {
        unlinked.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { gateway } = testGateway();
    await gateway.setDealPartnerRoles('9', [
      { companyId: '500', roles: ['sourcing', 'selling'] },
      { companyId: '600', roles: ['selling'] },
      { companyId: '700', roles: ['implementation'] },
    ]);
    const spec = (id: number) => ({ associationCategory: 'USER_DEFINED', associationTypeId: id });
    expect(created).toEqual([
      {
        inputs: [
          { from: { id: '9' }, to: { id: '500' }, types: [spec(1202)] },
          { from: { id: '9' }, to: { id: '600' }, types: [spec(1202)] },
          { from: { id: '9' }, to: { id: '700' }, types: [spec(1204)] },
        ],
      },
    ]);
    // 600 stays listed, so it loses only the role it no longer has; 500 keeps "Decision maker".
    expect(archived).toEqual([{ inputs: [{ from: { id: '9' }, to: { id: '600' }, types: [spec(1205)] }] }]);
    // 900 held roles and is no longer listed: the whole association goes. 800 (the customer) never held a role: untouched.
    expect(unlinked).toEqual([{ inputs: [{ from: { id: '9' }, to: [{ id: '900' }] }] }]);
  });

  it('makes no write when the roles already match', async () => {
    server.use(
      labelsHandler,
      http.post(`${TEST_BASE}/crm/v4/associations/deals/companies/batch/read`, () =>
        HttpResponse.json(batchOf([{ from: { id: '9' }, to: [assoc(500, [[341, null, 'HUBSPOT_DEFINED'], [1201, 'Sourcing partner', 'USER_DEFINED']])] }])),
      ),
    );
    const { gateway } = testGateway();
    await gateway.setDealPartnerRoles('9', [{ companyId: '500', roles: ['sourcing'] }]);
  });

  it('says to run setup when the portal lacks a role label', async () => {
    server.use(http.get(`${TEST_BASE}/crm/v4/associations/deals/companies/labels`, () => HttpResponse.json({ results: [] })));
    const { gateway } = testGateway();
    const error = await gateway.setDealPartnerRoles('9', [{ companyId: '500', roles: ['sourcing'] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmPermanentError);
    expect((error as Error).message).toContain('cosell setup --apply');
  });
});

describe('searchDealIds', () => {
  it('pages by 200 and continues past the 10,000-result cap with hs_object_id keyset paging', async () => {
    const total = 10_450;
    const requests: Array<{ filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value?: string; values?: string[] }> }>; after?: string; limit: number }> = [];
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/search`, async ({ request }) => {
        const body = (await request.json()) as (typeof requests)[number];
        requests.push(body);
        const gt = body.filterGroups[0]?.filters.find((f) => f.propertyName === 'hs_object_id')?.value;
        const all = Array.from({ length: total }, (_, i) => i + 1).filter((id) => gt === undefined || id > Number(gt));
        const offset = Number(body.after ?? 0);
        const page = all.slice(offset, offset + body.limit);
        const next = offset + body.limit;
        return HttpResponse.json({
          total: all.length,
          results: page.map((id) => ({ id: String(id), properties: { hs_object_id: String(id) }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })),
          ...(next < all.length && next < 10_000 ? { paging: { next: { after: String(next) } } } : {}),
        });
      }),
    );
    const { gateway } = testGateway();
    const since = new Date('2026-04-01T00:00:00Z');
    const ids: string[] = [];
    for await (const page of gateway.searchDealIds({ updatedSince: since, pipelineStages: ['a', 'b'] })) {
      expect(page.length).toBeLessThanOrEqual(200);
      ids.push(...page);
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    expect(requests[0]!.filterGroups[0]!.filters).toEqual([
      { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since.getTime()) },
      { propertyName: 'dealstage', operator: 'IN', values: ['a', 'b'] },
    ]);
    const restart = requests.find((r) => r.filterGroups[0]!.filters.some((f) => f.propertyName === 'hs_object_id'))!;
    expect(restart.filterGroups[0]!.filters.at(-1)).toEqual({ propertyName: 'hs_object_id', operator: 'GT', value: '10000' });
    expect(restart.after).toBeUndefined();
  });

  it('openOnly excludes the closed stages read from pipeline metadata', async () => {
    let filters: unknown;
    server.use(
      http.get(`${TEST_BASE}/crm/v3/pipelines/deals`, () =>
        HttpResponse.json({
          results: [
            {
              id: 'default',
              label: 'Sales',
              displayOrder: 0,
              archived: false,
              createdAt: '2026-01-01T00:00:00Z',
              updatedAt: '2026-01-01T00:00:00Z',
              stages: [
                { id: 'qualified', label: 'Qualified', displayOrder: 0, archived: false, metadata: { probability: '0.4', isClosed: 'false' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
                { id: 'won', label: 'Won', displayOrder: 1, archived: false, metadata: { probability: '1.0', isClosed: 'true' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
                { id: 'lost', label: 'Lost', displayOrder: 2, archived: false, metadata: { probability: '0.0', isClosed: 'true' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
              ],
            },
          ],
        }),
      ),
      http.post(`${TEST_BASE}/crm/v3/objects/deals/search`, async ({ request }) => {
        filters = ((await request.json()) as { filterGroups: Array<{ filters: unknown }> }).filterGroups[0]!.filters;
        return HttpResponse.json({ total: 0, results: [] });
      }),
    );
    const { gateway } = testGateway();
    const pages: string[][] = [];
    for await (const page of gateway.searchDealIds({ openOnly: true })) pages.push(page);
    expect(pages).toEqual([]);
    expect(filters).toEqual([{ propertyName: 'dealstage', operator: 'NOT_IN', values: ['won', 'lost'] }]);
    const stages = await gateway.readStages();
    expect(stages.get('won')).toEqual({ pipelineId: 'default', stageId: 'won', label: 'Won', isClosed: true, isWon: true, probability: 1 });
    expect(stages.get('lost')).toMatchObject({ isClosed: true, isWon: false, probability: 0 });
  });
});

describe('readStages cache', () => {
  it('serves from cache within the TTL and re-reads after it', async () => {
    let calls = 0;
    server.use(
      http.get(`${TEST_BASE}/crm/v3/pipelines/deals`, () => {
        calls++;
        return HttpResponse.json({ results: [{ id: 'p', label: 'P', displayOrder: 0, archived: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', stages: [] }] });
      }),
    );
    const { gateway, clock } = testGateway({ stagesTtlMs: 60_000 });
    await gateway.readStages();
    await gateway.readStages();
    expect(calls).toBe(1);
    clock.t += 60_001;
    await gateway.readStages();
    expect(calls).toBe(2);
  });
});

describe('companies', () => {
  const companyBag = (id: string, props: Record<string, string | null>) => ({ id, properties: { name: `Co ${id}`, domain: null, cosell_partner_type: null, ...props }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false });

  it('readCompanies maps partner type, domain and the parent from the child→parent association (14)', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/companies/batch/read`, () =>
        HttpResponse.json(batchOf([companyBag('1', { cosell_partner_type: 'reseller', domain: 'Acme.com' }), companyBag('2', {})])),
      ),
      http.post(`${TEST_BASE}/crm/v4/associations/companies/companies/batch/read`, () =>
        HttpResponse.json(
          batchOf([
            { from: { id: '1' }, to: [assoc(90, [[14, 'Parent Company', 'HUBSPOT_DEFINED']]), assoc(91, [[13, 'Child Company', 'HUBSPOT_DEFINED']])] },
            { from: { id: '2' }, to: [] },
          ]),
        ),
      ),
    );
    const { gateway } = testGateway();
    const companies = await gateway.readCompanies(['1', '2']);
    expect(companies.get('1')).toEqual({ id: '1', name: 'Co 1', domain: 'acme.com', partnerType: 'reseller', parentCompanyId: '90' });
    expect(companies.get('2')).toEqual({ id: '2', name: 'Co 2', domain: null, partnerType: null, parentCompanyId: null });
  });

  it('listPartnerCompanies searches HAS_PROPERTY cosell_partner_type and skips a record with an unknown type', async () => {
    let body: unknown;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/companies/search`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ total: 2, results: [companyBag('1', { cosell_partner_type: 'technology' }), companyBag('2', { cosell_partner_type: 'distributor' })] });
      }),
      http.post(`${TEST_BASE}/crm/v4/associations/companies/companies/batch/read`, () => HttpResponse.json(batchOf([]))),
    );
    const warnings: unknown[] = [];
    const { gateway } = testGateway({ logger: { debug: () => {}, info: () => {}, warn: (o) => warnings.push(o) } });
    const partners = await gateway.listPartnerCompanies();
    expect(partners.map((p) => [p.id, p.partnerType])).toEqual([['1', 'technology']]);
    expect(warnings).toHaveLength(1);
    expect(body).toMatchObject({ filterGroups: [{ filters: [{ propertyName: 'cosell_partner_type', operator: 'HAS_PROPERTY' }] }], limit: 200 });
  });

  it('readCompanyDealIds collects the associated deal ids', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v4/associations/companies/deals/batch/read`, () =>
        HttpResponse.json(batchOf([{ from: { id: '1' }, to: [assoc(11, [[342, null, 'HUBSPOT_DEFINED']]), assoc(12, [[342, null, 'HUBSPOT_DEFINED']])] }])),
      ),
    );
    const { gateway } = testGateway();
    const map = await gateway.readCompanyDealIds(['1', '2']);
    expect(map.get('1')).toEqual(['11', '12']);
    expect(map.get('2')).toEqual([]);
  });
});

describe('notes, tasks, owners, ping', () => {
  it('creates a note associated to the deal with type 214 and a task with 216', async () => {
    const sent: unknown[] = [];
    const created = (id: string) => ({ id, properties: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false });
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/notes`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(created('n1'), { status: 201 });
      }),
      http.post(`${TEST_BASE}/crm/v3/objects/tasks`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(created('t1'), { status: 201 });
      }),
    );
    const { gateway } = testGateway();
    expect(await gateway.createDealNote('9', '<p>Demo with Acme</p>', new Date('2026-04-01T09:00:00Z'))).toBe('n1');
    expect(await gateway.createDealTask('9', { subject: 'Follow up', body: 'SLA', dueAt: new Date('2026-04-02T09:00:00Z'), ownerId: '7' })).toBe('t1');
    expect(sent).toEqual([
      {
        properties: { hs_note_body: '<p>Demo with Acme</p>', hs_timestamp: '2026-04-01T09:00:00.000Z' },
        associations: [{ to: { id: '9' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }],
      },
      {
        properties: { hs_task_subject: 'Follow up', hs_task_body: 'SLA', hs_timestamp: '2026-04-02T09:00:00.000Z', hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO', hubspot_owner_id: '7' },
        associations: [{ to: { id: '9' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
      },
    ]);
  });

  it('lists owners across pages and pings with one cheap call', async () => {
    const owner = (id: string) => ({ id, email: `o${id}@x.test`, firstName: 'O', lastName: id, type: 'PERSON', archived: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    let pings = 0;
    server.use(
      http.get(`${TEST_BASE}/crm/v3/owners/`, ({ request }) => {
        const after = new URL(request.url).searchParams.get('after');
        return HttpResponse.json(after ? { results: [owner('2')] } : { results: [owner('1')], paging: { next: { after: 'x' } } });
      }),
      http.get(`${TEST_BASE}/crm/v3/objects/deals`, ({ request }) => {
        pings++;
        expect(request.headers.get('authorization')).toBe('Bearer test-token');
        expect(new URL(request.url).searchParams.get('limit')).toBe('1');
        return HttpResponse.json({ results: [] });
      }),
    );
    const { gateway } = testGateway();
    expect(await gateway.listOwners()).toEqual([
      { id: '1', email: 'o1@x.test', firstName: 'O', lastName: '1' },
      { id: '2', email: 'o2@x.test', firstName: 'O', lastName: '2' },
    ]);
    await gateway.ping();
    expect(pings).toBe(1);
  });
});
