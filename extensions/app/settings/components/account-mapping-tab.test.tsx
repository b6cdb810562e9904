import { Alert, Button, Checkbox, Input, Select, StatisticsItem, Table, TableRow, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { AccountMapRunResult } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { AccountMappingTab } from './account-mapping-tab';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };
const partners = { partners: [{ companyId: '500', name: 'Northwind', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null }] };

const result: AccountMapRunResult = {
  partner: { companyId: '500', name: 'Northwind' },
  previousMappedAt: '2026-09-01T10:00:00.000Z',
  savedMapId: '12',
  summary: { rows: 3, accounts: 3, rejected: 0, customer_overlap: 1, prospect_overlap: 1, our_customer_their_prospect: 0, both_prospects: 0, whitespace: 1, whitespace_icp: 1 },
  newCounts: { customer_overlap: 0, prospect_overlap: 1, our_customer_their_prospect: 0, both_prospects: 0, whitespace: 1 },
  matches: [
    { category: 'customer_overlap', domain: 'acme.com', ours: [{ companyId: '9000', name: 'Acme Inc' }], theirRows: [2], isNew: false },
    { category: 'prospect_overlap', domain: 'globex.co.uk', ours: [{ companyId: '9002', name: 'Globex Ltd' }], theirRows: [3], isNew: true },
  ],
  whitespace: [{ domain: 'wayne.com', name: 'Wayne', theirRows: [4], icp: true, isNew: true }],
  gone: [{ category: 'both_prospects', domain: 'umbrella.com' }],
  rejected: [],
  truncated: false,
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(<AccountMappingTab actions={renderer.mocks.actions} api={createCardApiClient(fetcher)} fetcher={fetcher} today="2026-12-02" />);
  return { ...renderer, backend };
}

const answer = (req: FakeRequest): FakeAnswer => {
  if (req.path === '/api/v1/partners') return { status: 200, body: partners };
  if (req.method === 'PUT') return { status: 200, body: { uploadId: req.path.split('/').pop(), received: 1, parts: 1 } };
  return { status: 200, body: result };
};

describe('AccountMappingTab', () => {
  it('sends the pasted list with the ICP, runs the map and shows the summary, the lists, what is new and what is gone', async () => {
    const r = setup(answer);
    await r.waitFor(() => expect(r.find(Select, { name: 'partner' })).toBeTruthy());
    fire(r.find(Select, { name: 'partner' }), 'onChange', '500');
    fire(r.find(TextArea, { name: 'list' }), 'onChange', 'Account Name\tWebsite\tStatus\tIndustry\nAcme\tacme.com\tCustomer\tSoftware\nGlobex\tglobex.co.uk\tCustomer\tRetail\nWayne\twayne.com\tCustomer\tSoftware');
    fire(r.find(Input, { name: 'industries' }), 'onChange', 'Software');
    fire(r.find(Button, { variant: 'primary' }), 'onClick');
    await r.waitFor(() => expect(r.find(Table, { testId: 'map-matches' })).toBeTruthy());
    const [upload, run] = r.backend.calls.filter((c) => c.method !== 'GET');
    expect(upload).toMatchObject({ method: 'PUT', path: expect.stringMatching(/^\/api\/v1\/account-maps\/uploads\/map-[a-z0-9-]+$/) });
    expect(upload!.body).toEqual({ part: 0, parts: 1, firstRow: 2, header: ['Account Name', 'Website', 'Status', 'Industry'], rows: [['Acme', 'acme.com', 'Customer', 'Software'], ['Globex', 'globex.co.uk', 'Customer', 'Retail'], ['Wayne', 'wayne.com', 'Customer', 'Software']] });
    expect(run).toMatchObject({ method: 'POST', path: '/api/v1/account-maps/run' });
    expect(run!.body).toMatchObject({ partnerId: '500', save: true, icp: { industries: ['Software'] } });
    const stats = Object.fromEntries(r.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number]));
    expect(stats['Prospect overlap (warm intro)']).toBe('1 (1 new)');
    expect(stats['Whitespace (their customers we do not have)']).toBe('1 (1 new)');
    const rows = r.find(Table, { testId: 'map-matches' }).findAll(TableRow).map((row) => deepText(row));
    expect(rows[1]).toBe('Customer overlap (both customers) acme.com Acme Inc 2');
    expect(rows[2]).toBe('Prospect overlap (warm intro) globex.co.uk Globex Ltd 3 New');
    expect(deepText(r.find(Text, { testId: 'map-gone' }))).toBe('Gone since the last saved map: umbrella.com (Both prospects)');
    expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toMatchObject({ type: 'success', message: 'Map saved for Northwind; our companies get the overlap properties shortly.' });
    fire(r.findAll(Button).find((b) => deepText(b) === 'Export CSV')!, 'onClick');
    await r.waitFor(() => expect(r.find(TextArea, { name: 'csv' }).props.value).toContain('prospect_overlap,globex.co.uk,Globex Ltd,,3,,yes'));
  });

  it('asks for a partner and a list before sending anything, and can run without saving', async () => {
    const r = setup(answer);
    await r.waitFor(() => expect(r.find(Select, { name: 'partner' })).toBeTruthy());
    fire(r.find(Button, { variant: 'primary' }), 'onClick');
    await r.waitFor(() => expect(deepText(r.find(Alert))).toContain('Pick the partner'));
    fire(r.find(Select, { name: 'partner' }), 'onChange', '500');
    fire(r.find(Button, { variant: 'primary' }), 'onClick');
    await r.waitFor(() => expect(deepText(r.find(Alert))).toContain('Paste the partner'));
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    fire(r.find(Checkbox, { name: 'save' }), 'onChange', false);
    fire(r.find(TextArea, { name: 'list' }), 'onChange', 'Website\nacme.com');
    fire(r.find(Button, { variant: 'primary' }), 'onClick');
    await r.waitFor(() => expect(r.backend.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(r.backend.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ save: false, icp: null });
  });
});
