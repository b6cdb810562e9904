import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app/app-deps';
import { getPartnerScorecard, quarterOf, SCORECARD_QUARTERS } from './scorecard-service';
import type { AccountIndexEntry, PartnerCurrencyTotals, PartnerTotals } from '../../store/store';
import type { ExchangeRateInfo } from '../../hubspot/crm-gateway';
import { CrmTransientError } from '../../hubspot';

const partner = { id: '200001', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null };

function entry(dealId: string, status: AccountIndexEntry['status'], closeDate: string | null, partnerIds: string[]): AccountIndexEntry {
  return { dealId, name: `Deal ${dealId}`, status, closeDate, partnerIds, partnerNames: { '200001': 'Northwind Resellers', '200002': 'Bluepeak Channel' }, account: {} as AccountIndexEntry['account'], updatedAt: '2026-11-01T00:00:00Z' };
}

function won(currency: string, wonMinor: bigint): PartnerCurrencyTotals {
  return { currency, openMinor: 0n, wonMinor, lostMinor: 0n, deals: { open: 0, won: 1, lost: 0 } };
}

const rate = (from: string, conversionRate: string, to = 'USD'): ExchangeRateInfo => ({ fromCurrencyCode: from, toCurrencyCode: to, conversionRate, effectiveAt: null });

/** What the portal's currency settings answer: a home currency and rates, or a HubSpot failure. */
type Currencies = { home: string; rates: ExchangeRateInfo[] } | 'down';

/** Hand-made dependencies: the scorecard reads a company, the account index, one ledger total per quarter and the currency settings. */
function deps(
  now: string,
  deals: AccountIndexEntry[],
  totalsByQuarterStart: Record<string, PartnerCurrencyTotals[]>,
  currencies: Currencies = { home: 'USD', rates: [rate('EUR', '1.08')] },
): { deps: AppDeps; asked: string[]; warnings: string[] } {
  const asked: string[] = [];
  const store = {
    accountIndex: { listByPartner: async () => deals },
    pairings: { list: async () => [] },
    accountMaps: { listForPartner: async () => [] },
    ledger: {
      partnerTotals: async (partnerId: string, from: string, to: string): Promise<PartnerTotals> => {
        asked.push(`${from}..${to}`);
        return { partnerId, from, to, byCurrency: totalsByQuarterStart[from] ?? [], lines: [] };
      },
    },
  };
  const down = () => new CrmTransientError({ message: 'read company currency: HubSpot 503', attempts: 5, status: 503 });
  const gateway = {
    readCompanies: async (ids: string[]) => new Map(ids.filter((id) => id === partner.id).map((id) => [id, partner])),
    readCompanyCurrency: async () => {
      if (currencies === 'down') throw down();
      return currencies.home;
    },
    readExchangeRates: async () => {
      if (currencies === 'down') throw down();
      return currencies.rates;
    },
  };
  const warnings: string[] = [];
  const logger = { warn: (_obj: object, msg: string) => warnings.push(msg) };
  return { deps: { store, gateway, logger, clock: () => new Date(now) } as unknown as AppDeps, asked, warnings };
}

describe('quarterOf', () => {
  it('steps back across year boundaries', () => {
    const now = new Date('2026-02-15T10:00:00Z');
    expect(quarterOf(now)).toEqual({ label: 'Q1 2026', start: '2026-01-01', end: '2026-03-31', endExclusive: '2026-04-01' });
    expect(quarterOf(now, 1)).toEqual({ label: 'Q4 2025', start: '2025-10-01', end: '2025-12-31', endExclusive: '2026-01-01' });
    expect(quarterOf(now, 5)).toMatchObject({ label: 'Q4 2024', start: '2024-10-01' });
  });
});

describe('getPartnerScorecard', () => {
  it('returns this quarter and the seven before, each currency on its own with zeros, won co-sell deals per quarter', async () => {
    const { deps: d, asked } = deps(
      '2026-12-02T10:00:00Z',
      [
        entry('1', 'won', '2026-11-03', ['200001', '200002']),
        entry('2', 'won', '2026-08-20', ['200001', '200002']),
        entry('3', 'won', '2026-08-21', ['200001']), // solo: not co-sell
        entry('4', 'open', null, ['200001', '200002']),
      ],
      { '2026-10-01': [won('EUR', 412050n), won('USD', 9900n)], '2026-07-01': [won('USD', 150000n)] },
    );
    const result = await getPartnerScorecard(d, partner.id);
    if (!result.ok) throw new Error('expected a scorecard');
    const card = result.value;
    expect(asked).toHaveLength(SCORECARD_QUARTERS);
    expect(card.quarters.map((q) => q.label)).toEqual(['Q4 2026', 'Q3 2026', 'Q2 2026', 'Q1 2026', 'Q4 2025', 'Q3 2025', 'Q2 2025', 'Q1 2025']);
    expect(card.quarters[0]).toEqual({
      label: 'Q4 2026',
      start: '2026-10-01',
      end: '2026-12-31',
      wonCoSellDeals: 1,
      commissionEarned: [
        { currency: 'EUR', amount: '4120.50' },
        { currency: 'USD', amount: '99.00' },
      ],
      // 4,120.50 EUR × 1.08 = 4,450.14 USD, plus 99.00 USD.
      homeTotal: { currency: 'USD', amount: '4549.14' },
      homeTotalNote: null,
    });
    expect(card.homeCurrency).toBe('USD');
    expect(card.quarters[1]).toMatchObject({ wonCoSellDeals: 1, commissionEarned: [{ currency: 'EUR', amount: '0.00' }, { currency: 'USD', amount: '1500.00' }] });
    expect(card.quarters[2]).toMatchObject({ wonCoSellDeals: 0, commissionEarned: [{ currency: 'EUR', amount: '0.00' }, { currency: 'USD', amount: '0.00' }] });
    expect(card).toMatchObject({ openCoSellDeals: 1, wonCoSellDealsThisQuarter: 1 });
  });

  it('shows a partner with no ledger lines as 0.00 in one currency', async () => {
    const { deps: d } = deps('2026-12-02T10:00:00Z', [], {});
    const result = await getPartnerScorecard(d, partner.id);
    if (!result.ok) throw new Error('expected a scorecard');
    for (const q of result.value.quarters) expect(q.commissionEarned).toEqual([{ currency: 'USD', amount: '0.00' }]);
  });

  it("shows a partner with no ledger lines in the portal's home currency", async () => {
    const { deps: d } = deps('2026-12-02T10:00:00Z', [], {}, { home: 'EUR', rates: [] });
    const result = await getPartnerScorecard(d, partner.id);
    if (!result.ok) throw new Error('expected a scorecard');
    expect(result.value.quarters[0]).toMatchObject({ commissionEarned: [{ currency: 'EUR', amount: '0.00' }], homeTotal: { currency: 'EUR', amount: '0.00' }, homeTotalNote: null });
  });

  it('gives no total, and says which currency has no rate, when a currency with commission lacks one', async () => {
    const { deps: d } = deps(
      '2026-12-02T10:00:00Z',
      [],
      { '2026-10-01': [won('GBP', 5000n), won('USD', 1000n)], '2026-07-01': [won('USD', 2500n)] },
      { home: 'USD', rates: [rate('EUR', '1.08'), rate('GBP', '1.3', 'CAD')] },
    );
    const result = await getPartnerScorecard(d, partner.id);
    if (!result.ok) throw new Error('expected a scorecard');
    const [q4, q3] = result.value.quarters;
    expect(q4).toMatchObject({ homeTotal: null });
    // A rate into another currency (CAD, an earlier company currency) does not count.
    expect(q4!.homeTotalNote).toBe("HubSpot has no exchange rate from GBP to USD, so there is no total in USD; a portal admin can add it in HubSpot's currency settings.");
    // A quarter with nothing earned in GBP needs no GBP rate.
    expect(q3).toMatchObject({ commissionEarned: [{ currency: 'GBP', amount: '0.00' }, { currency: 'USD', amount: '25.00' }], homeTotal: { currency: 'USD', amount: '25.00' }, homeTotalNote: null });
  });

  it("still answers per currency, with a note and no total, when HubSpot's currency settings cannot be read", async () => {
    const { deps: d, warnings } = deps('2026-12-02T10:00:00Z', [], { '2026-10-01': [won('EUR', 412050n), won('USD', 9900n)] }, 'down');
    const result = await getPartnerScorecard(d, partner.id);
    if (!result.ok) throw new Error('expected a scorecard');
    expect(result.value.homeCurrency).toBeNull();
    expect(result.value.quarters[0]).toMatchObject({
      commissionEarned: [{ currency: 'EUR', amount: '4120.50' }, { currency: 'USD', amount: '99.00' }],
      homeTotal: null,
      homeTotalNote: "HubSpot's currency settings could not be read just now, so there is no total in the portal's home currency.",
    });
    expect(warnings).toEqual(['could not read the HubSpot currency settings; the scorecard shows no home-currency total']);
  });
});
