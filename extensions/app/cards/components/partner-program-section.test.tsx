import { Button, ErrorState, Heading, Table, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PartnerScorecard as Scorecard } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, programReportFixture } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { PartnerScorecard } from './partner-scorecard';

const context = { crm: { objectId: 11, objectTypeId: '0-2' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

const scorecard: Scorecard = {
  partner: { companyId: '11', name: 'Northwind', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null },
  quarters: [{ label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31', wonCoSellDeals: 1, commissionEarned: [{ currency: 'USD', amount: '100.00' }], homeTotal: { currency: 'USD', amount: '100.00' }, homeTotalNote: null }],
  homeCurrency: 'USD',
  quarter: { label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
  openCoSellDeals: 1,
  wonCoSellDealsThisQuarter: 1,
  commissionEarned: [{ currency: 'USD', amount: '100.00' }],
  pairings: [],
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<PartnerScorecard context={context} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} />);
  return { ...renderer, backend };
}

describe('PartnerScorecard: the partner against the program targets', () => {
  it('loads only when asked, then shows its own figures with the same bands and verdicts', async () => {
    const own = programReportFixture('2026-Q4', { coSellPipelineShare: '0.2000', targets: { ...programReportFixture('2026-Q4').targets, coSellPipelineShare: { value: '0.2000', band: { min: '0.1500', max: '0.2500' }, verdict: 'within', message: 'co-sell pipeline share 20 % — within the 15–25 % target' } } });
    const r = setup((req) => (req.path.endsWith('/program/current') ? { status: 200, body: own } : { status: 200, body: scorecard }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind'));
    expect(r.backend.calls).toHaveLength(1);
    r.findByTestId(Button, 'show-program').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Table, 'partner-program-table')).toBeTruthy());
    expect(r.backend.calls[1]).toMatchObject({ method: 'GET', path: '/api/v1/partners/11/program/current' });
    expect(r.findByTestId(Tag, 'partner-verdict-coSellPipelineShare').text).toBe('within');
    expect(r.findByTestId(Tag, 'partner-verdict-coSellPipelineShare').props.variant).toBe('success');
    expect(r.findByTestId(Tag, 'partner-verdict-winRateDelta').text).toBe('below');
    const table = deepText(r.findByTestId(Table, 'partner-program-table'));
    expect(table).toContain('20 %');
    expect(table).toContain('15–25 % of partner pipeline');
  });

  it('says so when the figures cannot be read', async () => {
    const r = setup((req) => (req.path.endsWith('/program/current') ? { status: 503, body: { error: { code: 'unavailable', message: 'HubSpot did not answer' } } } : { status: 200, body: scorecard }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind'));
    r.findByTestId(Button, 'show-program').trigger('onClick');
    await r.waitFor(() => expect(r.find(ErrorState).props.title).toBe("Couldn't load the program figures"));
  });
});
