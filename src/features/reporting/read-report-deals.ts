// Reads the portal's deals into the shape the program metrics take (the same deals file
// `cosell report --deals FILE` reads offline): amount and currency, create and close dates, stage,
// partners with their roles (the deal→company role labels), the deal's exchange rate into the home
// currency, and whether it was disputed (the disputes feature's deal property).
import type { ExchangeRate } from '../../domain/exchange-rate';
import { parseExchangeRate } from '../../domain/exchange-rate';
import { toIsoDate } from '../../domain/iso-date';
import { currencyMinorUnits, parseMoney } from '../../domain/money';
import type { ReportDeal } from '../../domain/reporting/metrics';
import type { AppDeps } from '../../app/app-deps';
import { buildContext } from '../../app/deal-context';
import { readHomeCurrency } from '../../app/home-currency';
import { toDealSettings } from '../../app/deal-settings';
import { DISPUTE_STATUS_PROPERTY } from '../../hubspot/app-schema';
import type { CrmCompany, StageInfo } from '../../hubspot/crm-gateway';

/** HubSpot's deal properties read besides the app's own: when it was created, its own rate into the company currency. */
export const REPORT_DEAL_PROPERTIES = ['createdate', 'hs_exchange_rate', DISPUTE_STATUS_PROPERTY] as const;

/** A partner deal left out of the figures, and why (named, for the person reading the report). */
export interface SkippedDeal {
  dealId: string;
  name: string;
  reason: string;
}

export interface PortalDeals {
  homeCurrency: string;
  /** Partner deals (at least one partner holding a role); direct deals are counted, not kept. */
  deals: ReportDeal[];
  /** Deals read in all (partner and direct). */
  read: number;
  direct: number;
  skipped: SkippedDeal[];
}

/** HubSpot's currency settings could not be read: no figure in the home currency can be given (retry later). */
export class HomeCurrencyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HomeCurrencyUnavailableError';
  }
}

export interface ReadReportDealsOptions {
  /** Called after each page with the number of deals read so far (progress on long reads). */
  onProgress?: (read: number) => void;
}

/**
 * Reads every deal of the portal, page by page (search past its 10,000-result cap, as reconcile
 * does), or the deals named by `dealIds`. The home currency and rates are HubSpot's: a deal in
 * another currency converts at its own `hs_exchange_rate` when it has one, else at the portal's
 * current rate; a deal with neither is skipped and listed, never guessed.
 *
 * @example const { deals, homeCurrency } = await readReportDeals(deps, 'all');
 */
export async function readReportDeals(
  deps: Pick<AppDeps, 'gateway' | 'logger'>,
  source: 'all' | readonly string[],
  opts: ReadReportDealsOptions = {},
): Promise<PortalDeals> {
  const home = await readHomeCurrency(deps);
  if (!home.ok) throw new HomeCurrencyUnavailableError(home.reason);
  const stages = await deps.gateway.readStages();
  const companies = new Map<string, CrmCompany>();
  const out: PortalDeals = { homeCurrency: home.currency, deals: [], read: 0, direct: 0, skipped: [] };
  const pages: AsyncIterable<string[]> | Iterable<string[]> = source === 'all' ? deps.gateway.searchDealIds({}) : chunk([...new Set(source)], 100);
  for await (const ids of pages) {
    if (ids.length === 0) continue;
    await readPage(deps, ids, { home: home.currency, rates: home.rates, stages, companies, out });
    opts.onProgress?.(out.read);
  }
  return out;
}

function* chunk(ids: string[], size: number): Iterable<string[]> {
  for (let i = 0; i < ids.length; i += size) yield ids.slice(i, i + size);
}

interface PageContext {
  home: string;
  rates: ReadonlyMap<string, ExchangeRate>;
  stages: Map<string, StageInfo>;
  companies: Map<string, CrmCompany>;
  out: PortalDeals;
}

async function readPage(deps: Pick<AppDeps, 'gateway'>, ids: string[], ctx: PageContext): Promise<void> {
  const [deals, links] = await Promise.all([deps.gateway.readDeals(ids, REPORT_DEAL_PROPERTIES), deps.gateway.readDealPartnerLinks(ids)]);
  const unknown = new Set<string>();
  for (const list of links.values()) for (const l of list) if (l.roles.length > 0 && !ctx.companies.has(l.companyId)) unknown.add(l.companyId);
  if (unknown.size > 0) for (const [id, c] of await deps.gateway.readCompanies([...unknown])) ctx.companies.set(id, c);
  const settings = toDealSettings(null).settings;
  for (const id of ids) {
    const deal = deals.get(id);
    if (!deal) continue;
    ctx.out.read += 1;
    const c = buildContext(deal, links.get(id) ?? [], ctx.companies, ctx.stages, settings);
    if (c.partners.length === 0) {
      ctx.out.direct += 1;
      continue;
    }
    const skip = (reason: string) => ctx.out.skipped.push({ dealId: id, name: deal.name, reason });
    const currency = (deal.currency ?? '').trim() || ctx.home;
    if (currencyMinorUnits(currency) === undefined) {
      skip(`its currency "${currency}" is not one the app knows`);
      continue;
    }
    let amountMinor = 0n;
    if (deal.amount !== null && deal.amount.trim() !== '') {
      const amount = parseMoney(deal.amount, currency, 'amount');
      if (!amount.ok) {
        skip(`its amount "${deal.amount}" is not an amount in ${currency}`);
        continue;
      }
      amountMinor = amount.value < 0n ? 0n : amount.value;
    }
    let exchangeRate: ExchangeRate | null = null;
    if (currency !== ctx.home) {
      exchangeRate = dealRate(deal.properties?.hs_exchange_rate ?? null) ?? ctx.rates.get(currency) ?? null;
      if (exchangeRate === null) {
        skip(`it is in ${currency} and neither the deal nor the portal has a rate into ${ctx.home}`);
        continue;
      }
    }
    const createDate = toIsoDate(deal.properties?.createdate ?? '');
    if (createDate === null) {
      skip('HubSpot gave no create date');
      continue;
    }
    if (c.status !== 'open' && deal.closeDate === null) {
      skip(`it is ${c.status} without a close date`);
      continue;
    }
    ctx.out.deals.push({
      id,
      name: deal.name,
      amountMinor,
      currency,
      exchangeRate,
      createDate,
      closeDate: deal.closeDate,
      stage: c.status,
      partners: c.partners.map((p) => ({ id: p.companyId, name: p.name, roles: p.roles })),
      disputed: (deal.properties?.[DISPUTE_STATUS_PROPERTY] ?? '').trim() !== '',
    });
  }
}

/**
 * The deal's own rate (`hs_exchange_rate`, units of the company currency per unit of the deal's),
 * when HubSpot has one that fits an exact rate (trailing zeros beyond 6 decimals are dropped).
 */
function dealRate(text: string | null): ExchangeRate | null {
  if (text === null || text.trim() === '') return null;
  const trimmed = text.trim().includes('.') ? text.trim().replace(/0+$/, '').replace(/\.$/, '') : text.trim();
  const parsed = parseExchangeRate(trimmed, 'hs_exchange_rate');
  return parsed.ok ? parsed.value : null;
}
