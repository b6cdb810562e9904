import { Button, EmptyState, ErrorState, Heading, LoadingSpinner, Select, StatisticsItem, Table, TableRow, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PartnerScorecard as Scorecard } from '@cosell/contract';
import { createFakeHubspotFetch, deepText } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { PartnerScorecard } from './partner-scorecard';

const context = { crm: { objectId: 11, objectTypeId: '0-2' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

const quarter = (label: string, start: string, end: string, won: number, eur: string, usd: string) => ({
  label,
  start,
  end,
  wonCoSellDeals: won,
  commissionEarned: [
    { currency: 'EUR', amount: eur },
    { currency: 'USD', amount: usd },
  ],
});

const scorecard: Scorecard = {
  partner: { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null },
  quarters: [
    quarter('Q4 2026', '2026-10-01', '2026-12-31', 3, '4120.50', '99.00'),
    quarter('Q3 2026', '2026-07-01', '2026-09-30', 1, '0.00', '1500.00'),
    quarter('Q2 2026', '2026-04-01', '2026-06-30', 0, '0.00', '0.00'),
    quarter('Q1 2026', '2026-01-01', '2026-03-31', 2, '10.00', '20.00'),
    quarter('Q4 2025', '2025-10-01', '2025-12-31', 9, '999.00', '999.00'),
  ],
  quarter: { label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
  openCoSellDeals: 4,
  wonCoSellDealsThisQuarter: 3,
  commissionEarned: [
    { currency: 'EUR', amount: '4120.50' },
    { currency: 'USD', amount: '99.00' },
  ],
  pairings: [{ pairingKey: '11|12', partners: [{ companyId: '11', name: 'Northwind Resellers' }, { companyId: '12', name: 'Techlink' }], openDeals: 2, wonDeals: 1 }],
};

const statsOf = (r: ReturnType<typeof setup>) => Object.fromEntries(r.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number]));

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<PartnerScorecard context={context} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} />);
  return { ...renderer, backend };
}

describe('PartnerScorecard', () => {
  it("shows this quarter's open and won co-sell deals, commission per currency with its code, and pairings", async () => {
    const r = setup(() => ({ status: 200, body: scorecard }));
    expect(r.find(LoadingSpinner)).toBeTruthy();
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(r.backend.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/partners/11/scorecard' });
    expect(statsOf(r)).toEqual({
      'Open co-sell deals (now)': 4,
      'Co-sell deals won in Q4 2026': 3,
      EUR: '€4,120.50 EUR',
      USD: '$99.00 USD',
    });
    expect(r.findAll(Text).map((t) => deepText(t))).toContain('Commission earned this quarter (Q4 2026)');
    // Two currencies are never added up; the card says why there is no single total.
    expect(r.findAll(Text).map((t) => deepText(t)).join(' ')).toMatch(/Shown per currency \(EUR, USD\): HubSpot's exchange rates are not available .* no\s+total in the portal's home currency/);
    expect(deepText(r.findByTestId(Table, 'pairings-table'))).toContain('Northwind Resellers + Techlink');
  });

  it('shows a quiet quarter as $0.00, one currency without the per-currency note', async () => {
    const usdOnly: Scorecard = { ...scorecard, quarters: [{ label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31', wonCoSellDeals: 0, commissionEarned: [{ currency: 'USD', amount: '0.00' }] }] };
    const r = setup(() => ({ status: 200, body: usdOnly }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(statsOf(r).USD).toBe('$0.00 USD');
    expect(r.findAll(Text).map((t) => deepText(t)).join(' ')).not.toContain('Shown per currency');
  });

  it('picks an earlier quarter from the quarter picker', async () => {
    const r = setup(() => ({ status: 200, body: scorecard }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    const picker = r.find(Select);
    expect(picker.props.options.map((o: { label: string }) => o.label)).toEqual(['Q4 2026 (this quarter)', 'Q3 2026', 'Q2 2026', 'Q1 2026', 'Q4 2025']);
    // The testing types of Select's onChange are narrower than its runtime call; the value is a plain string.
    (picker.trigger as unknown as (event: 'onChange', value: string) => void)('onChange', '2026-07-01');
    await r.waitFor(() => expect(statsOf(r)['Co-sell deals won in Q3 2026']).toBe(1));
    expect(statsOf(r)).toMatchObject({ EUR: '€0.00 EUR', USD: '$1,500.00 USD' });
    expect(r.findAll(Text).map((t) => deepText(t))).toContain('Commission earned in Q3 2026');
    expect(r.backend.calls).toHaveLength(1);
  });

  it('shows the trend over the last four quarters, oldest first, per currency', async () => {
    const r = setup(() => ({ status: 200, body: scorecard }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    const rows = r.findByTestId(Table, 'trend-table').findAll(TableRow).map((row) => deepText(row));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/Quarter.*Co-sell deals won.*Commission earned \(EUR\).*Commission earned \(USD\)/);
    expect(rows.slice(1).map((t) => t.split(/\s+/).slice(0, 2).join(' '))).toEqual(['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026']);
    expect(rows[2]).toContain('$0.00 USD');
    expect(rows[4]).toContain('€4,120.50 EUR');
    expect(rows.join(' ')).not.toContain('Q4 2025');
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
