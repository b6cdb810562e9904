import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app/app-deps';
import { getPartnerScorecard, quarterOf, SCORECARD_QUARTERS } from './scorecard-service';
import type { AccountIndexEntry, PartnerCurrencyTotals, PartnerTotals } from '../../store/store';

const partner = { id: '200001', name: 'Northwind Resellers', partnerType: 'reseller', domain: 'northwind.example', parentCompanyId: null };

function entry(dealId: string, status: AccountIndexEntry['status'], closeDate: string | null, partnerIds: string[]): AccountIndexEntry {
  return { dealId, name: `Deal ${dealId}`, status, closeDate, partnerIds, partnerNames: { '200001': 'Northwind Resellers', '200002': 'Bluepeak Channel' }, account: {} as AccountIndexEntry['account'], updatedAt: '2026-11-01T00:00:00Z' };
}

function won(currency: string, wonMinor: bigint): PartnerCurrencyTotals {
  return { currency, openMinor: 0n, wonMinor, lostMinor: 0n, deals: { open: 0, won: 1, lost: 0 } };
}

/** Hand-made dependencies: the scorecard reads a company, the account index and one ledger total per quarter. */
function deps(now: string, deals: AccountIndexEntry[], totalsByQuarterStart: Record<string, PartnerCurrencyTotals[]>): { deps: AppDeps; asked: string[] } {
  const asked: string[] = [];
  const store = {
    accountIndex: { listByPartner: async () => deals },
    ledger: {
      partnerTotals: async (partnerId: string, from: string, to: string): Promise<PartnerTotals> => {
        asked.push(`${from}..${to}`);
        return { partnerId, from, to, byCurrency: totalsByQuarterStart[from] ?? [], lines: [] };
      },
    },
  };
  const gateway = { readCompanies: async (ids: string[]) => new Map(ids.filter((id) => id === partner.id).map((id) => [id, partner])) };
  return { deps: { store, gateway, clock: () => new Date(now) } as unknown as AppDeps, asked };
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
    });
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
});
