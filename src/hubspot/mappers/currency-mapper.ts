/**
 * HubSpot's currency settings → the app's shapes (docs/hubspot.md §4.11).
 *
 * The company currency answer is `{ id, createdAt }` with the currency code in `id`; the current
 * exchange rates answer `{ results: [...] }`, each with `fromCurrencyCode`, `toCurrencyCode` and a
 * JSON-number `conversionRate` (units of the company currency per unit of `fromCurrencyCode`, above 0,
 * at most 6 decimals). The rate leaves here as the decimal text HubSpot meant, never as a float to
 * compute with: a number that does not print as plain decimal text with at most 6 decimals is refused.
 */
import { z } from 'zod';
import type { Result } from '../../domain';
import type { ExchangeRateInfo } from '../crm-gateway';

const currencyCode = z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code' });

const companyCurrencySchema = z.object({ id: currencyCode });

const rateSchema = z.object({
  fromCurrencyCode: currencyCode,
  toCurrencyCode: currencyCode,
  conversionRate: z.union([z.number(), z.string()]),
  effectiveAt: z.string().nullish(),
});

const ratesSchema = z.object({ results: z.array(z.unknown()) });

const PLAIN_RATE = /^\d+(\.\d{1,6})?$/;

function issuePath(prefix: string, error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0]!;
  return { path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message };
}

export function parseCompanyCurrency(raw: unknown): Result<string> {
  const parsed = companyCurrencySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: [issuePath('companyCurrency', parsed.error)] };
  return { ok: true, value: parsed.data.id };
}

/**
 * Every well-formed rate, plus the problems with the others (a rate HubSpot sends in a shape we do
 * not expect is left out and reported, so one odd pair does not hide every other currency's total).
 */
export function parseExchangeRates(raw: unknown): { rates: ExchangeRateInfo[]; problems: Array<{ path: string; message: string }> } {
  const list = ratesSchema.safeParse(raw);
  if (!list.success) return { rates: [], problems: [issuePath('exchangeRates', list.error)] };
  const rates: ExchangeRateInfo[] = [];
  const problems: Array<{ path: string; message: string }> = [];
  list.data.results.forEach((item, i) => {
    const parsed = rateSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(issuePath(`exchangeRates.results[${i}]`, parsed.error));
      return;
    }
    const text = String(parsed.data.conversionRate);
    if (!PLAIN_RATE.test(text)) {
      problems.push({ path: `exchangeRates.results[${i}].conversionRate`, message: `"${text}" is not a rate with at most 6 decimals` });
      return;
    }
    rates.push({
      fromCurrencyCode: parsed.data.fromCurrencyCode,
      toCurrencyCode: parsed.data.toCurrencyCode,
      conversionRate: text,
      effectiveAt: parsed.data.effectiveAt ?? null,
    });
  });
  return { rates, problems };
}
