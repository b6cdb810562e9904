import { BarChart, Button, ErrorState, LineChart, Table, Tag, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { ProgramOverview } from '@cosell/contract';
import { ProgramOverview as ProgramOverviewSchema } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, programReportFixture } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { ProgramTab } from './program-tab';
import { percentText, programCsv } from '@cosell/card-kit';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const overview: ProgramOverview = {
  report: programReportFixture('2026-Q4'),
  dealsRead: 7,
  partnerDeals: 6,
  skipped: [],
  skippedCount: 0,
  trend: [
    programReportFixture('2026-Q1', { coSellPipelineShare: null, disputeRate: null }),
    programReportFixture('2026-Q2', { coSellPipelineShare: '0.2000' }),
    programReportFixture('2026-Q3', { coSellPipelineShare: '0.1000' }),
    programReportFixture('2026-Q4'),
  ],
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(<ProgramTab actions={renderer.mocks.actions} api={createCardApiClient(fetcher)} fetcher={fetcher} today="2026-12-02" />);
  return { ...renderer, backend };
}

describe('ProgramTab', () => {
  it('the fixture is what the contract accepts', () => {
    expect(ProgramOverviewSchema.safeParse(overview).success).toBe(true);
  });

  it("shows the quarter's metrics with their targets and verdicts", async () => {
    const r = setup(() => ({ status: 200, body: overview }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'program-metrics')).toBeTruthy());
    expect(r.backend.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/program/current' });
    const table = deepText(r.findByTestId(Table, 'program-metrics'));
    expect(table).toContain('Co-sell pipeline share');
    expect(table).toContain('73.67 %');
    expect(table).toContain('15–25 % of partner pipeline');
    expect(table).toContain('-33.33 pts');
    expect(table).toContain('8780.00 vs 2540.00 USD');
    expect(r.findByTestId(Tag, 'verdict-coSellPipelineShare').text).toBe('above');
    expect(r.findByTestId(Tag, 'verdict-coSellPipelineShare').props.variant).toBe('warning');
    expect(r.findByTestId(Tag, 'verdict-avgWonDealSize').props.variant).toBe('success');
    expect(r.findByTestId(Tag, 'verdict-disputeRate').text).toBe('rules unclear');
    expect(r.findByTestId(Tag, 'verdict-disputeRate').props.variant).toBe('error');
    expect(r.findByTestId(Text, 'dispute-rate').text).toContain('33.33 %');
  });

  it('draws one small chart per metric over the last four quarters, oldest first', async () => {
    const r = setup(() => ({ status: 200, body: overview }));
    await r.waitFor(() => expect(r.findByTestId(BarChart, 'chart-coSellPipelineShare')).toBeTruthy());
    const share = r.findByTestId(BarChart, 'chart-coSellPipelineShare').props.data as Array<{ quarter: string; value: number }>;
    expect(share.map((p) => p.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(share.map((p) => p.value)).toEqual([0, 20, 10, 73.67]);
    expect(r.findAll(BarChart)).toHaveLength(3);
    expect(r.findAll(LineChart)).toHaveLength(2);
    expect((r.findByTestId(LineChart, 'chart-avgWonDealSize').props.data as Array<{ value: number }>)[3]?.value).toBe(8780);
  });

  it('ranks the pairings by partner name: invest in the top, review the bottom', async () => {
    const r = setup(() => ({ status: 200, body: overview }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'pairings')).toBeTruthy());
    expect(r.findByTestId(Text, 'invest').text).toBe('Invest in (top 3): Northwind + Stackly; Stackly + Referly, Inc');
    expect(r.findByTestId(Text, 'review').text).toBe('Review (bottom 3, worst first): Stackly + Referly, Inc; Northwind + Stackly');
    const pairings = deepText(r.findByTestId(Table, 'pairings'));
    expect(pairings).toContain('Northwind + Stackly');
    expect(pairings).not.toContain('11+12');
  });

  it('exports the figures as CSV', async () => {
    const r = setup(() => ({ status: 200, body: overview }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'export-csv')).toBeTruthy());
    expect(r.maybeFind(TextArea)).toBeNull();
    r.findByTestId(Button, 'export-csv').trigger('onClick');
    const csv = String(r.find(TextArea).props.value);
    expect(csv).toBe(programCsv(overview));
    expect(csv.split('\n')[0]).toBe('section,quarter,figure,value,currency,verdict');
    expect(csv).toContain('metric,2026-Q4,co-sell pipeline share,0.7367,,above');
    // A quarter without the figure has an empty value (the fixture keeps its verdict).
    expect(csv).toContain('metric,2026-Q1,co-sell pipeline share,,,above');
    // A partner name with a comma is quoted.
    expect(csv).toContain('pairing,2026-Q4,2,"Stackly + Referly, Inc",0.00,USD,0,1,1,1.0000');
  });

  it('says what went wrong when the backend cannot answer, and retries', async () => {
    let calls = 0;
    const r = setup(() => (++calls === 1 ? { status: 503, body: { error: { code: 'unavailable', message: 'HubSpot did not answer' } } } : { status: 200, body: overview }));
    await r.waitFor(() => expect(r.find(ErrorState)).toBeTruthy());
    expect(deepText(r.find(ErrorState))).toContain('HubSpot did not answer');
    r.find(ErrorState).find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Table, 'program-metrics')).toBeTruthy());
  });
});

describe('percentText', () => {
  it.each([
    ['0.1875', '18.75 %'],
    ['0.3100', '31 %'],
    ['1.0000', '100 %'],
    ['0.0000', '0 %'],
    ['0.0005', '0.05 %'],
    ['-0.3333', '-33.33 %'],
    [null, '—'],
  ])('%s → %s', (rate, text) => {
    expect(percentText(rate)).toBe(text);
  });
});
