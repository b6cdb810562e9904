// The portal's won partner deals as the quarter incentive math takes them: shared by the settings
// page's "Try on last quarter" simulation and the quarter-incentives job of the payouts feature.
import type { IncentiveDeal } from '../domain';
import { currencyMinorUnits, parseMoney } from '../domain';
import type { AppDeps } from './app-deps';
import { readDealContexts } from './deal-context';
import type { DealContext } from './deal-context';

const READ_BATCH = 100;

/** A won deal as the incentive math takes it, or null when its split cannot be computed. */
function incentiveDeal(ctx: DealContext): IncentiveDeal | null {
  const { deal } = ctx;
  const currency = deal.currency ?? 'USD';
  if (!deal.amount || !deal.closeDate || currencyMinorUnits(currency) === undefined) return null;
  const amount = parseMoney(deal.amount, currency, 'amount');
  if (!amount.ok || amount.value < 0n) return null;
  return {
    id: deal.id,
    name: deal.name,
    amount: deal.amount,
    currency,
    closeDate: deal.closeDate,
    stage: ctx.status,
    model: ctx.settings.model,
    partners: ctx.partners.map((p) => ({ id: p.companyId, name: p.name, roles: p.roles })),
    pipeline: deal.pipelineId,
    properties: deal.properties ?? null,
  };
}

export interface WonPartnerDeals {
  deals: IncentiveDeal[];
  /** Won deals whose split cannot be computed (no amount, no close date, unknown currency). */
  skippedDeals: number;
  /** Every partner company, by id, with its name. */
  partnerNames: Map<string, string>;
}

/**
 * The won partner deals closing from `firstDay` to `lastDay` (YYYY-MM-DD, both included) that the
 * account index knows, read from HubSpot as they are now (a deal the index holds as won but no
 * longer won in HubSpot is left out). `alsoRead`: deal properties the rules' overrides test.
 */
export async function readWonPartnerDeals(deps: Pick<AppDeps, 'gateway' | 'store'>, firstDay: string, lastDay: string, alsoRead: readonly string[]): Promise<WonPartnerDeals> {
  const partners = await deps.gateway.listPartnerCompanies();
  const ids = new Set<string>();
  for (const partner of partners) {
    for (const entry of await deps.store.accountIndex.listByPartner(partner.id)) {
      if (entry.status === 'won' && entry.closeDate && entry.closeDate.slice(0, 10) >= firstDay && entry.closeDate.slice(0, 10) <= lastDay) ids.add(entry.dealId);
    }
  }
  const deals: IncentiveDeal[] = [];
  let skippedDeals = 0;
  const all = [...ids].sort();
  for (let i = 0; i < all.length; i += READ_BATCH) {
    const contexts = await readDealContexts(deps, all.slice(i, i + READ_BATCH), alsoRead);
    for (const ctx of contexts.values()) {
      if (ctx.status !== 'won') continue;
      const deal = incentiveDeal(ctx);
      if (deal) deals.push(deal);
      else skippedDeals += 1;
    }
  }
  return { deals, skippedDeals, partnerNames: new Map(partners.map((p) => [p.id, p.name])) };
}
