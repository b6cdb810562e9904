// Scorecard: a partner's co-sell deals and commission by quarter (company record tab).

import type * as Api from '../../contract/card-api';
import { formatMoney, pairingKey } from '../../domain';
import type { AppDeps } from '../../app/app-deps';
import { homeTotalOf, readHomeCurrency } from '../../app/home-currency';
import { toApiCompany } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { partnerPairingSummaries } from '../pairings/pairings-service';
import { notFound, ok } from '../shared/outcome';
import { partnerMapSummary } from '../account-mapping/account-mapping-service';

/** Calendar quarter (UTC) containing `now`, or `back` quarters before it. */
export function quarterOf(now: Date, back = 0): { label: string; start: string; end: string; endExclusive: string } {
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
  const y = Math.floor(index / 4);
  const q = index - y * 4;
  const iso = (yy: number, m: number, d: number) => new Date(Date.UTC(yy, m, d)).toISOString().slice(0, 10);
  return { label: `Q${q + 1} ${y}`, start: iso(y, q * 3, 1), end: iso(y, q * 3 + 3, 0), endExclusive: iso(y, q * 3 + 3, 1) };
}

/** How many quarters the scorecard returns (this one and the seven before): the picker's range; the trend uses the first four. */
export const SCORECARD_QUARTERS = 8;

/**
 * The currency a partner with no ledger lines at all is shown in ("$0.00") when HubSpot's currency
 * settings cannot be read (otherwise the portal's home currency is used). HubSpot portals start in USD.
 */
const FALLBACK_CURRENCY = 'USD';

export async function getPartnerScorecard(deps: AppDeps, companyId: string): Promise<Outcome<Api.PartnerScorecard>> {
  if (!/^\d+$/.test(companyId)) return notFound(`company ${companyId} not found`);
  const company = (await deps.gateway.readCompanies([companyId])).get(companyId);
  if (!company) return notFound(`company ${companyId} not found`);
  const now = deps.clock();
  const periods = Array.from({ length: SCORECARD_QUARTERS }, (_, back) => quarterOf(now, back));
  const quarter = periods[0]!;
  const accountMap = await partnerMapSummary(deps, companyId);
  const [home, deals, ...totals] = await Promise.all([
    readHomeCurrency(deps),
    deps.store.accountIndex.listByPartner(companyId),
    ...periods.map((p) => deps.store.ledger.partnerTotals(companyId, p.start, p.endExclusive)),
  ]);
  const within = (d: (typeof deals)[number], p: (typeof periods)[number]) => !!d.closeDate && d.closeDate >= p.start && d.closeDate < p.endExclusive;
  const inQuarter = (d: (typeof deals)[number]) => within(d, quarter);
  const coSell = deals.filter((d) => d.partnerIds.length >= 2);
  const pairings = new Map<string, Api.PartnerScorecard['pairings'][number]>();
  for (const d of coSell) {
    const key = pairingKey(d.partnerIds);
    const p = pairings.get(key) ?? { pairingKey: key, partners: d.partnerIds.map((id) => ({ companyId: id, name: d.partnerNames[id] ?? null })), openDeals: 0, wonDeals: 0 };
    if (d.status === 'open') p.openDeals += 1;
    if (d.status === 'won' && inQuarter(d)) p.wonDeals += 1;
    pairings.set(key, p);
  }
  // Every currency seen over the window, so each quarter shows the same currencies (zero where quiet).
  const seen = [...new Set(totals.flatMap((t) => t.byCurrency.map((c) => c.currency)))].sort();
  const currencies = seen.length ? seen : [home.ok ? home.currency : FALLBACK_CURRENCY];
  const quarters = periods.map((p, i) => {
    const byCurrency = new Map(totals[i]!.byCurrency.map((c) => [c.currency, c.wonMinor]));
    const commissionEarned = currencies.map((currency) => ({ currency, amount: formatMoney(byCurrency.get(currency) ?? 0n, currency) }));
    return {
      label: p.label,
      start: p.start,
      end: p.end,
      wonCoSellDeals: coSell.filter((d) => d.status === 'won' && within(d, p)).length,
      commissionEarned,
      ...homeTotalOf(commissionEarned, home),
    };
  });
  return ok({
    partner: toApiCompany(company),
    homeCurrency: home.ok ? home.currency : null,
    quarters,
    quarter: { label: quarter.label, start: quarter.start, end: quarter.end },
    openCoSellDeals: coSell.filter((d) => d.status === 'open').length,
    wonCoSellDealsThisQuarter: quarters[0]!.wonCoSellDeals,
    commissionEarned: totals[0]!.byCurrency.filter((c) => c.wonMinor !== 0n).map((c) => ({ currency: c.currency, amount: formatMoney(c.wonMinor, c.currency) })),
    pairings: [...pairings.values()].sort((a, b) => b.openDeals + b.wonDeals - (a.openDeals + a.wonDeals) || a.pairingKey.localeCompare(b.pairingKey)),
    programPairings: await partnerPairingSummaries(deps, companyId),
    accountMap: accountMap.ok ? accountMap.value : null,
  });
}
