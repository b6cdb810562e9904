/**
 * The portal's home (company) currency and its current exchange rates, and totals converted into
 * it for the partner scorecard. HubSpot's facts: docs/hubspot.md §4.11; the exact conversion:
 * src/domain/exchange-rate.ts.
 *
 * A total is a convenience on top of the per-currency figures, so HubSpot not answering never fails
 * the scorecard: the read becomes a sentence saying there is no total, and why.
 */
import type { ExchangeRate } from '../domain/exchange-rate';
import { convertMinorUnits, parseExchangeRate } from '../domain/exchange-rate';
import { currencyMinorUnits, formatMoney, parseMoney } from '../domain/money';
import { CrmError } from '../hubspot/crm-errors';
import type { AppDeps } from './app-deps';

/** What the portal told us: its home currency and the rates from other currencies into it. */
export type HomeCurrency =
  | { ok: true; currency: string; rates: ReadonlyMap<string, ExchangeRate> }
  | { ok: false; reason: string };

export const HOME_CURRENCY_UNAVAILABLE = "HubSpot's currency settings could not be read just now, so there is no total in the portal's home currency.";

/**
 * Reads the company currency and the current rates into it (rates into another currency, left from
 * an earlier company currency, are ignored). A CRM failure is a value, not a throw.
 */
export async function readHomeCurrency(deps: Pick<AppDeps, 'gateway' | 'logger'>): Promise<HomeCurrency> {
  let currency: string;
  let list: Awaited<ReturnType<AppDeps['gateway']['readExchangeRates']>>;
  try {
    [currency, list] = await Promise.all([deps.gateway.readCompanyCurrency(), deps.gateway.readExchangeRates()]);
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    deps.logger.warn({ err: error }, 'could not read the HubSpot currency settings; the scorecard shows no home-currency total');
    return { ok: false, reason: HOME_CURRENCY_UNAVAILABLE };
  }
  if (currencyMinorUnits(currency) === undefined) {
    deps.logger.warn({ currency }, 'HubSpot names a company currency this app does not know; the scorecard shows no home-currency total');
    return { ok: false, reason: `The portal's home currency (${currency}) is not one this app can convert into, so there is no total in it.` };
  }
  const rates = new Map<string, ExchangeRate>();
  list.forEach((r, i) => {
    if (r.toCurrencyCode !== currency) return;
    const rate = parseExchangeRate(r.conversionRate, `exchangeRates[${i}].conversionRate`);
    if (rate.ok) rates.set(r.fromCurrencyCode, rate.value);
    else deps.logger.warn({ errors: rate.errors, from: r.fromCurrencyCode }, 'exchange rate HubSpot gave cannot be used; left out');
  });
  return { ok: true, currency, rates };
}

function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/**
 * The sum of `amounts` (decimal strings, one per currency) in the home currency, or why not. A
 * currency whose amount is zero needs no rate. Each currency is converted exactly and rounded once
 * to the home currency's minor unit, then the results are added.
 *
 * @example homeTotalOf([{ currency: 'EUR', amount: '100.00' }, { currency: 'USD', amount: '1.00' }], usdWithEurAt1_08)
 *   // { homeTotal: { currency: 'USD', amount: '109.00' }, homeTotalNote: null }
 */
export function homeTotalOf(
  amounts: ReadonlyArray<{ currency: string; amount: string }>,
  home: HomeCurrency,
): { homeTotal: { currency: string; amount: string } | null; homeTotalNote: string | null } {
  if (!home.ok) return { homeTotal: null, homeTotalNote: home.reason };
  let total = 0n;
  const missing: string[] = [];
  for (const m of amounts) {
    const minor = parseMoney(m.amount, m.currency, m.currency);
    if (!minor.ok) throw new Error(`homeTotalOf: ${m.amount} ${m.currency} is not an amount: ${minor.errors[0]?.message ?? ''}`);
    if (minor.value === 0n) continue;
    if (m.currency === home.currency) {
      total += minor.value;
      continue;
    }
    const rate = home.rates.get(m.currency);
    if (!rate) {
      missing.push(m.currency);
      continue;
    }
    const converted = convertMinorUnits(minor.value, m.currency, home.currency, rate);
    if (!converted.ok) {
      missing.push(m.currency);
      continue;
    }
    total += converted.value;
  }
  if (missing.length > 0) {
    const sorted = [...new Set(missing)].sort();
    return {
      homeTotal: null,
      homeTotalNote: `HubSpot has no exchange rate from ${listText(sorted)} to ${home.currency}, so there is no total in ${home.currency}; a portal admin can add ${sorted.length === 1 ? 'it' : 'them'} in HubSpot's currency settings.`,
    };
  }
  return { homeTotal: { currency: home.currency, amount: formatMoney(total, home.currency) }, homeTotalNote: null };
}
