import { Alert, Button, MultiSelect, Select, Table, Tag, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PairingView, PartnerList } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { PairingsTab } from './pairings-tab';
import { settingsTabs } from './settings-tabs';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const partners: PartnerList = {
  partners: [
    { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', domain: null, parentCompanyId: null },
    { companyId: '12', name: 'Bluepeak Channel', partnerType: 'reseller', domain: null, parentCompanyId: null },
    { companyId: '13', name: 'Stackly', partnerType: 'technology', domain: null, parentCompanyId: null },
  ],
};

const progress = (over: Partial<PairingView['progress']> = {}): PairingView['progress'] => ({
  day: 40,
  registrations: 2,
  registrationsTarget: 5,
  registrationWindowEnds: '2026-12-20',
  activeDeals: 1,
  activeDealsTarget: { min: 3, max: 5, byDay: 60 },
  wonDeals: 0,
  pipeline: [{ currency: 'USD', amount: '12500.50' }],
  closedRevenue: [],
  behind: [],
  ...over,
});

const pairing = (over: Partial<PairingView> = {}): PairingView => ({
  id: '1',
  pairingKey: '11+13',
  partners: [
    { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller' },
    { companyId: '13', name: 'Stackly', partnerType: 'technology' },
  ],
  model: 'sell_with',
  startDate: '2026-09-22',
  targets: { registrations: 5, registrationWindowDays: 90, activeDealsMin: 3, activeDealsMax: 5, activeDealsByDay: 60 },
  status: 'active',
  decision: null,
  progress: progress(),
  suggestion: null,
  ...over,
});

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(<PairingsTab actions={renderer.mocks.actions} api={createCardApiClient(fetcher)} fetcher={fetcher} today="2026-12-02" />);
  return { ...renderer, backend };
}

const writes = (r: ReturnType<typeof setup>) => r.backend.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/check'));

describe('PairingsTab', () => {
  it('is one of the settings tabs', () => {
    expect(settingsTabs.map((t) => [t.id, t.title])).toContainEqual(['pairings', 'Pairings']);
  });

  it('lists pairings with progress against their targets, by name', async () => {
    const r = setup((req) => (req.path === '/api/v1/partners' ? { status: 200, body: partners } : { status: 200, body: { pairings: [pairing({ progress: progress({ behind: ['1 co-sell deal in active pipeline; the target is 3–5 by day 60'] }) })] } }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'pairings-table')).toBeTruthy());
    const table = deepText(r.findByTestId(Table, 'pairings-table'));
    expect(table).toContain('Northwind Resellers + Stackly');
    expect(table).toContain('2 of 5');
    expect(table).toContain('1 (target 3–5 by day 60)');
    expect(table).toContain('$12,500.50');
    expect(table).toContain('Behind: 1 co-sell deal in active pipeline');
    expect(r.findByTestId(Tag, 'status-1').text).toBe('active');
    expect(r.findByTestId(Text, 'no-review').text).toBe('No active pairing has reached day 90.');
  });

  it('shows the warnings before confirming, and starts only on confirmation', async () => {
    let started = false;
    const r = setup((req) => {
      if (req.path === '/api/v1/partners') return { status: 200, body: partners };
      if (req.path === '/api/v1/pairings/check') {
        return { status: 200, body: { partners: [], warnings: [{ code: 'same_partner_type', message: 'Northwind Resellers and Bluepeak Channel are both resellers: they compete rather than co-sell.' }] } };
      }
      if (req.method === 'POST' && req.path === '/api/v1/pairings') {
        started = true;
        return { status: 201, body: { pairing: pairing({ id: '2', partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller' }, { companyId: '12', name: 'Bluepeak Channel', partnerType: 'reseller' }] }), warnings: [] } };
      }
      return { status: 200, body: { pairings: started ? [pairing(), pairing({ id: '2' })] : [pairing()] } };
    });
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'pairing-partners' }).props.options).toHaveLength(3));
    expect(r.find(MultiSelect, { name: 'pairing-partners' }).props.options[0]).toEqual({ label: 'Northwind Resellers (Reseller)', value: '11' });
    expect(r.findByTestId(Button, 'pairing-check').props.disabled).toBe(true);
    fire(r.find(MultiSelect, { name: 'pairing-partners' }), 'onChange', ['11', '12']);
    fire(r.find(Select, { name: 'pairing-model' }), 'onChange', 'sell_through');
    r.findByTestId(Button, 'pairing-check').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'pairing-warning-same_partner_type')).toBeTruthy());
    expect(deepText(r.findByTestId(Alert, 'pairing-warning-same_partner_type'))).toContain('Northwind Resellers and Bluepeak Channel are both resellers');
    expect(r.findByTestId(Button, 'pairing-confirm').text).toBe('Start anyway');
    expect(writes(r)).toEqual([]);
    expect(r.backend.calls.find((c) => c.path === '/api/v1/pairings/check')?.body).toEqual({ partnerIds: ['11', '12'], startDate: '2026-12-02' });
    r.findByTestId(Button, 'pairing-confirm').trigger('onClick');
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toMatchObject({ type: 'success', message: 'Pairing started: Northwind Resellers + Bluepeak Channel.' }));
    expect(writes(r).map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/api/v1/pairings', { partnerIds: ['11', '12'], startDate: '2026-12-02', model: 'sell_through', targetRegistrations: 5 }]]);
    await r.waitFor(() => expect(r.findByTestId(Tag, 'status-2')).toBeTruthy());
  });

  it('changing the pairing after the check asks for a new check; cancelling starts nothing', async () => {
    const r = setup((req) => {
      if (req.path === '/api/v1/partners') return { status: 200, body: partners };
      if (req.path === '/api/v1/pairings/check') return { status: 200, body: { partners: [], warnings: [] } };
      return { status: 200, body: { pairings: [] } };
    });
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'pairing-partners' }).props.options).toHaveLength(3));
    fire(r.find(MultiSelect, { name: 'pairing-partners' }), 'onChange', ['11', '13']);
    r.findByTestId(Button, 'pairing-check').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'pairing-no-warnings')).toBeTruthy());
    expect(r.findByTestId(Button, 'pairing-confirm').text).toBe('Start pairing');
    fire(r.find(MultiSelect, { name: 'pairing-partners' }), 'onChange', ['11', '12']);
    expect(r.maybeFindByTestId(Button, 'pairing-confirm')).toBeNull();
    r.findByTestId(Button, 'pairing-check').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'pairing-cancel')).toBeTruthy());
    r.findByTestId(Button, 'pairing-cancel').trigger('onClick');
    expect(r.maybeFindByTestId(Button, 'pairing-confirm')).toBeNull();
    expect(writes(r)).toEqual([]);
  });

  it('reviews a pairing at day 90 with its suggestion and records the decision with a note', async () => {
    let decided = false;
    const due = pairing({ progress: progress({ day: 95, activeDeals: 0, registrations: 0 }), suggestion: { suggestion: 'end', reason: 'Nothing after 95 days: end the pairing.' } });
    const r = setup((req) => {
      if (req.path === '/api/v1/partners') return { status: 200, body: partners };
      if (req.path === '/api/v1/pairings/1/decision') {
        decided = true;
        return { status: 200, body: { ...due, status: 'ended', suggestion: null, decision: { status: 'ended', decidedBy: '7', decidedByName: 'Ana Ruiz', decidedAt: '2026-12-02T10:00:00.000Z', note: 'no pipeline' } } };
      }
      return { status: 200, body: { pairings: decided ? [{ ...due, status: 'ended', suggestion: null, decision: { status: 'ended', decidedBy: '7', decidedByName: 'Ana Ruiz', decidedAt: '2026-12-02T10:00:00.000Z', note: 'no pipeline' } }] : [due] } };
    });
    await r.waitFor(() => expect(r.findByTestId(Tag, 'suggestion-1').text).toBe('Suggest: end'));
    expect(r.findByTestId(Text, 'reason-1').text).toBe('Nothing after 95 days: end the pairing.');
    expect(r.findByTestId(Button, 'end-1').props.disabled).toBe(true); // a decision needs a note
    fire(r.find(TextArea, { name: 'note-1' }), 'onChange', 'no pipeline');
    r.findByTestId(Button, 'end-1').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'status-1').text).toBe('ended'));
    expect(writes(r).map((c) => [c.path, c.body])).toEqual([['/api/v1/pairings/1/decision', { status: 'ended', note: 'no pipeline' }]]);
    expect(deepText(r.findByTestId(Table, 'pairings-table'))).toContain('Ana Ruiz, 2026-12-02: no pipeline');
    expect(r.maybeFindByTestId(Tag, 'suggestion-1')).toBeNull();
  });

  it('shows a refused start with its reason', async () => {
    const r = setup((req) => {
      if (req.path === '/api/v1/partners') return { status: 200, body: partners };
      if (req.path === '/api/v1/pairings/check') return { status: 200, body: { partners: [], warnings: [] } };
      if (req.method === 'POST') return { status: 409, body: { error: { code: 'conflict', message: 'Northwind Resellers + Stackly are already an active pairing' } } };
      return { status: 200, body: { pairings: [] } };
    });
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'pairing-partners' }).props.options).toHaveLength(3));
    fire(r.find(MultiSelect, { name: 'pairing-partners' }), 'onChange', ['11', '13']);
    r.findByTestId(Button, 'pairing-check').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'pairing-confirm')).toBeTruthy());
    r.findByTestId(Button, 'pairing-confirm').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.find(Alert, { title: 'The pairing was not started' }))).toContain('already an active pairing'));
  });
});
