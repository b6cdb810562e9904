import { Button, EmptyState, ErrorState, Heading, LoadingSpinner, StatisticsItem, Table } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PartnerScorecard as Scorecard } from '../shared/card-api';
import { createFakeHubspotFetch, deepText } from '../shared/fake-hubspot-fetch';
import type { FakeAnswer, FakeRequest } from '../shared/fake-hubspot-fetch';
import { createHubspotFetcher } from '../shared/hubspot-fetcher';
import { PartnerScorecard } from './partner-scorecard';

const context = { crm: { objectId: 11, objectTypeId: '0-2' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

const scorecard: Scorecard = {
  partner: { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null },
  quarter: { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
  openCoSellDeals: 4,
  wonCoSellDealsThisQuarter: 3,
  commissionEarned: [
    { currency: 'EUR', amount: '4120.50' },
    { currency: 'USD', amount: '99.00' },
  ],
  pairings: [{ pairingKey: '11|12', partners: [{ companyId: '11', name: 'Northwind Resellers' }, { companyId: '12', name: 'Techlink' }], openDeals: 2, wonDeals: 1 }],
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<PartnerScorecard context={context} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} />);
  return { ...renderer, backend };
}

describe('PartnerScorecard', () => {
  it("shows this quarter's open and won co-sell deals, commission per currency and pairings", async () => {
    const r = setup(() => ({ status: 200, body: scorecard }));
    expect(r.find(LoadingSpinner)).toBeTruthy();
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(r.backend.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/partners/11/scorecard' });
    const stats = Object.fromEntries(r.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number]));
    expect(stats).toEqual({
      'Open co-sell deals': 4,
      'Co-sell deals won this quarter': 3,
      'Commission earned this quarter': '€4,120.50 + $99.00',
    });
    expect(deepText(r.findByTestId(Table, 'pairings-table'))).toContain('Northwind Resellers + Techlink');
  });

  it('says so when the company is not a partner', async () => {
    const r = setup(() => ({ status: 404, body: { error: { code: 'not_found', message: 'company 11 is not a partner' } } }));
    await r.waitFor(() => expect(r.find(EmptyState).props.title).toBe('Not a partner'));
  });

  it('shows an error with a retry for other failures', async () => {
    let fail = true;
    const r = setup(() => (fail ? { status: 500, body: { error: { code: 'internal', message: 'boom' } } } : { status: 200, body: { ...scorecard, pairings: [] } }));
    await r.waitFor(() => expect(deepText(r.find(ErrorState))).toContain('boom'));
    fail = false;
    r.find(ErrorState).find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.find(EmptyState).props.title).toBe('No pairings yet'));
  });
});
