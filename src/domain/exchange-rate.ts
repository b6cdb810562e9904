import { currencyMinorUnits, divideRoundHalfAwayFromZero } from './money';
import type { Result } from './result';
import { fail, ok } from './result';

/*
 * HubSpot stores an exchange rate as "units of the company currency per 1 unit of fromCurrency",
 * greater than 0 and with at most 6 decimals
 * (https://developers.hubspot.com/docs/api/settings/currencies). We keep it as a decimal string and
 * turn it into an integer numerator over 10^6 so a conversion is one bigint multiply-and-divide.
 */
const RATE = /^(\d+)(?:\.(\d{1,6}))?$/;
const RATE_DIGITS = 6;
const RATE_SCALE = 10n ** BigInt(RATE_DIGITS);

/** An exchange rate as an exact fraction `numerator / 10^6`. */
export interface ExchangeRate {
  /** The rate × 10^6, always > 0. */
  numerator: bigint;
}

/**
 * Parses HubSpot's `conversionRate` written as a decimal string ("1.08", "0.000123").
 * Errors name `field`: more than 6 decimals, a sign, an exponent or zero are all refused.
 *
 * @example parseExchangeRate('1.085', 'rates[0].conversionRate') // { ok: true, value: { numerator: 1085000n } }
 */
export function parseExchangeRate(text: string, field: string): Result<ExchangeRate> {
  const match = RATE.exec(text.trim());
  if (!match) {
    return fail(field, `"${text}" is not an exchange rate like "1.085" (at most 6 decimals)`);
  }
  const [, whole = '0', fraction = ''] = match;
  const numerator = BigInt(whole + fraction.padEnd(RATE_DIGITS, '0'));
  if (numerator === 0n) return fail(field, `"${text}" is zero; an exchange rate must be above 0`);
  return ok({ numerator });
}

/**
 * Converts `amountMinor` (minor units of `from`) into minor units of `to` at `rate` (units of `to`
 * per 1 unit of `from`), exactly, rounding once, half away from zero. Currencies with different
 * minor digits (JPY 0, USD 2, KWD 3) are handled by the scale factors, never by a float.
 *
 * amount_to_minor = amountMinor × numerator × 10^toDigits / (10^fromDigits × 10^6)
 *
 * @example convertMinorUnits(10000n, 'EUR', 'USD', { numerator: 1085000n }) // ok(10850n)
 */
export function convertMinorUnits(
  amountMinor: bigint,
  from: string,
  to: string,
  rate: ExchangeRate,
): Result<bigint> {
  const fromDigits = currencyMinorUnits(from);
  if (fromDigits === undefined) return fail('from', `unknown currency "${from}"`);
  const toDigits = currencyMinorUnits(to);
  if (toDigits === undefined) return fail('to', `unknown currency "${to}"`);
  const numerator = amountMinor * rate.numerator * 10n ** BigInt(toDigits);
  const denominator = 10n ** BigInt(fromDigits) * RATE_SCALE;
  return ok(divideRoundHalfAwayFromZero(numerator, denominator));
}
