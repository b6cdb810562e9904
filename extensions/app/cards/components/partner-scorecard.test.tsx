import { Button, EmptyState, ErrorState, Flex, Heading, LoadingSpinner, Select, StatisticsItem, Table, TableRow, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PartnerScorecard as Scorecard } from '@cosell/contract';
import { createFakeHubspotFetch, deepText } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { PartnerScorecard } from './partner-scorecard';

const context = { crm: { objectId: 11, objectTypeId: '0-2' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

/** `usdTotal`: what the backend would send as the home-currency total (EUR at 1.08); null with `note` when it has none. */
const quarter = (label: string, start: string, end: string, won: number, eur: string, usd: string, usdTotal: string | null, note: string | null = null) => ({
  label,
  start,
  end,
  wonCoSellDeals: won,
  commissionEarned: [
    { currency: 'EUR', amount: eur },
    { currency: 'USD', amount: usd },
  ],
  homeTotal: usdTotal === null ? null : { currency: 'USD', amount: usdTotal },
  homeTotalNote: note,
});

const scorecard: Scorecard = {
  partner: { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null },
  quarters: [
    quarter('Q4 2026', '2026-10-01', '2026-12-31', 3, '4120.50', '99.00', '4549.14'),
    quarter('Q3 2026', '2026-07-01', '2026-09-30', 1, '0.00', '1500.00', '1500.00'),
    quarter('Q2 2026', '2026-04-01', '2026-06-30', 0, '0.00', '0.00', '0.00'),
    quarter('Q1 2026', '2026-01-01', '2026-03-31', 2, '10.00', '20.00', '30.80'),
    quarter('Q4 2025', '2025-10-01', '2025-12-31', 9, '999.00', '999.00', '2077.92'),
  ],
  homeCurrency: 'USD',
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
    // Each currency keeps its own figure; the total in the home currency comes on top, at HubSpot's rates.
    const texts = r.findAll(Text).map((t) => deepText(t));
    expect(texts).toContain('Total in USD: $4,549.14');
    expect(texts).toContain("Converted from EUR at HubSpot's current exchange rates.");
    expect(texts.join(' ')).not.toContain('Shown per currency');
    expect(deepText(r.findByTestId(Table, 'pairings-table'))).toContain('Northwind Resellers + Techlink');
  });

  it('shows a quiet quarter as $0.00, one currency without the per-currency note', async () => {
    const usdOnly: Scorecard = {
      ...scorecard,
      quarters: [{ label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31', wonCoSellDeals: 0, commissionEarned: [{ currency: 'USD', amount: '0.00' }], homeTotal: { currency: 'USD', amount: '0.00' }, homeTotalNote: null }],
    };
    const r = setup(() => ({ status: 200, body: usdOnly }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(statsOf(r).USD).toBe('$0.00 USD');
    const texts = r.findAll(Text).map((t) => deepText(t)).join(' ');
    expect(texts).not.toContain('Shown per currency');
    // Everything is already in the home currency: no total line repeating the one figure.
    expect(texts).not.toContain('Total in USD');
    expect(deepText(r.findByTestId(Table, 'trend-table'))).not.toContain('Total in USD');
  });

  it('converts a single foreign currency into the home currency', async () => {
    const eurOnly: Scorecard = {
      ...scorecard,
      quarters: [{ label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31', wonCoSellDeals: 1, commissionEarned: [{ currency: 'EUR', amount: '100.00' }], homeTotal: { currency: 'USD', amount: '108.00' }, homeTotalNote: null }],
    };
    const r = setup(() => ({ status: 200, body: eurOnly }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(r.findAll(Text).map((t) => deepText(t))).toContain('Total in USD: $108.00');
    expect(r.findAll(Text).map((t) => deepText(t))).toContain("Converted from EUR at HubSpot's current exchange rates.");
  });

  it('names only the currencies that had an amount to convert', async () => {
    const r = setup(() => ({ status: 200, body: { ...scorecard, quarters: [scorecard.quarters[1]!] } }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    const texts = r.findAll(Text).map((t) => deepText(t));
    // Q3 2026: 0.00 EUR and 1,500.00 USD. Nothing was converted, so no line says EUR was.
    expect(texts).toContain('Total in USD: $1,500.00');
    expect(texts.join(' ')).not.toContain('Converted from');
  });

  it('names the currency without a rate instead of a total, and keeps the per-currency figures', async () => {
    const note = "HubSpot has no exchange rate from GBP to USD, so there is no total in USD; a portal admin can add it in HubSpot's currency settings.";
    const gbp: Scorecard = {
      ...scorecard,
      quarters: [
        {
          label: 'Q4 2026', start: '2026-10-01', end: '2026-12-31', wonCoSellDeals: 1,
          commissionEarned: [{ currency: 'GBP', amount: '50.00' }, { currency: 'USD', amount: '10.00' }],
          homeTotal: null, homeTotalNote: note,
        },
      ],
    };
    const r = setup(() => ({ status: 200, body: gbp }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(statsOf(r)).toMatchObject({ GBP: '£50.00 GBP', USD: '$10.00 USD' });
    const texts = r.findAll(Text).map((t) => deepText(t));
    expect(texts).toContain(`Shown per currency (GBP, USD): ${note}`);
    expect(texts.join(' ')).not.toContain('Total in USD:');
    // The trend's total column says which quarters have no total rather than showing a wrong one.
    expect(deepText(r.findByTestId(Table, 'trend-table'))).toContain('No rate');
  });

  it("still shows the scorecard per currency when HubSpot's currency settings could not be read", async () => {
    const reason = "HubSpot's currency settings could not be read just now, so there is no total in the portal's home currency.";
    const offline: Scorecard = {
      ...scorecard,
      homeCurrency: null,
      quarters: scorecard.quarters.map((q) => ({ ...q, homeTotal: null, homeTotalNote: reason })),
    };
    const r = setup(() => ({ status: 200, body: offline }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(statsOf(r)).toMatchObject({ EUR: '€4,120.50 EUR', USD: '$99.00 USD' });
    expect(r.findAll(Text).map((t) => deepText(t))).toContain(`Shown per currency (EUR, USD): ${reason}`);
    // No home currency known: no total column in the trend either.
    expect(deepText(r.findByTestId(Table, 'trend-table'))).not.toContain('Total in');
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
    expect(rows[0]).toMatch(/Quarter.*Co-sell deals won.*Commission earned \(EUR\).*Commission earned \(USD\).*Total in USD/);
    expect(rows.slice(1).map((t) => t.split(/\s+/).slice(0, 2).join(' '))).toEqual(['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026']);
    expect(rows[2]).toContain('$0.00 USD');
    expect(rows[4]).toContain('€4,120.50 EUR');
    expect(rows[4]).toContain('$4,549.14 USD');
    expect(rows[1]).toContain('$30.80 USD');
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

  it('shows the latest account map: accounts per list and what is new since the map before', async () => {
    const accountMap = {
      mappedAt: '2026-11-20T10:00:00.000Z',
      previousMappedAt: '2026-08-15T09:00:00.000Z',
      counts: { customer_overlap: 12, prospect_overlap: 5, our_customer_their_prospect: 3, both_prospects: 40, whitespace: 88 },
      newCounts: { customer_overlap: 2, prospect_overlap: 5, our_customer_their_prospect: 0, both_prospects: 1, whitespace: 15 },
    };
    const r = setup(() => ({ status: 200, body: { ...scorecard, accountMap } }));
    await r.waitFor(() => expect(r.find(Table, { testId: 'account-map-table' })).toBeTruthy());
    const rows = r.find(Table, { testId: 'account-map-table' }).findAll(TableRow).map((row) => deepText(row));
    expect(rows).toEqual([
      'List Accounts New since last map',
      'Customer overlap (both customers) 12 2',
      'Prospect overlap (warm intro) 5 5',
      'Our customer, their prospect 3 0',
      'Both prospects 40 1',
      'Whitespace (their customers we do not have) 88 15',
    ]);
    expect(deepText(r.find(Flex, { testId: 'account-map' }))).toContain('"new" compares with the map of 2026-08-15');
  });

  it('says so when no account map was saved with the partner', async () => {
    const r = setup(() => ({ status: 200, body: { ...scorecard, accountMap: null } }));
    await r.waitFor(() => expect(r.find(Flex, { testId: 'account-map' })).toBeTruthy());
    expect(deepText(r.find(Flex, { testId: 'account-map' }))).toContain('No account map has been saved with this partner yet.');
    expect(r.maybeFind(Table, { testId: 'account-map-table' })).toBeNull();
  });
});

describe('PartnerScorecard: pairing program', () => {
  it("shows the partner's pairings with progress against target", async () => {
    const progress = {
      day: 40,
      registrations: 2,
      registrationsTarget: 5,
      registrationWindowEnds: '2026-12-20',
      activeDeals: 1,
      activeDealsTarget: { min: 3, max: 5, byDay: 60 },
      wonDeals: 0,
      pipeline: [],
      closedRevenue: [],
      behind: [],
    };
    const programPairings = [{ id: '4', partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller' }, { companyId: '12', name: 'Techlink', partnerType: 'technology' }], status: 'active' as const, startDate: '2026-10-24', progress }];
    const r = setup(() => ({ status: 200, body: { ...scorecard, programPairings } }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'program-pairings-table')).toBeTruthy());
    const text = deepText(r.findByTestId(Table, 'program-pairings-table'));
    expect(text).toContain('Northwind Resellers + Techlink (day 40)');
    expect(text).toContain('2 of 5');
    expect(text).toContain('1 of 3–5');
  });

  it('shows no pairing program section when the partner is in none', async () => {
    const r = setup(() => ({ status: 200, body: { ...scorecard, programPairings: [] } }));
    await r.waitFor(() => expect(r.find(Heading).text).toBe('Northwind Resellers'));
    expect(r.maybeFindByTestId(Table, 'program-pairings-table')).toBeNull();
  });
});
