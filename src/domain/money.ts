import type { Result } from './result';
import { fail, ok } from './result';

/*
 * ISO 4217 active currency codes and their minor units (the "E" column of the standard's list one).
 * Most currencies have 2; the exceptions are listed explicitly so a reader can check them against
 * https://www.six-group.com/en/products-services/financial-information/data-standards.html.
 * Precious metals and testing codes (XAU, XTS, XXX…) have no minor unit and are not money here.
 */
const ZERO_DIGIT = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGIT = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGIT = 'CLF UYW';
const TWO_DIGIT =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
  'GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL ' +
  'MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK ' +
  'PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS ' +
  'TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...ZERO_DIGIT.split(' ').map((c) => [c, 0] as const),
  ...TWO_DIGIT.split(' ').map((c) => [c, 2] as const),
  ...THREE_DIGIT.split(' ').map((c) => [c, 3] as const),
  ...FOUR_DIGIT.split(' ').map((c) => [c, 4] as const),
]);

/** Every currency code this module knows, sorted (for pickers and property tests). */
export const CURRENCY_CODES: readonly string[] = [...MINOR_UNITS.keys()].sort();

/**
 * Number of digits after the decimal point for an ISO 4217 code, or undefined when unknown.
 * Codes are matched exactly (upper case), as ISO 4217 writes them.
 *
 * @example currencyMinorUnits('JPY') // 0
 */
export function currencyMinorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string into integer minor units of `currency`, exactly (no float on the way).
 * Extra trailing zeros are accepted ("10.500" USD is 1050n); digits the currency cannot hold are
 * an error rather than a silent rounding. Errors name `field`.
 *
 * @example parseMoney('1234.5', 'USD', 'deal.amount') // { ok: true, value: 123450n }
 */
export function parseMoney(text: string, currency: string, field: string): Result<bigint> {
  const digits = currencyMinorUnits(currency);
  if (digits === undefined) return fail(field, `unknown currency "${currency}"`);
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match) return fail(field, `"${text}" is not a decimal amount like "1234.50"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    return fail(
      field,
      `"${text}" has ${fraction.length} decimals; ${currency} allows at most ${digits}`,
    );
  }
  const minor = BigInt(whole + significant.padEnd(digits, '0'));
  return ok(sign ? -minor : minor);
}

/**
 * Formats integer minor units with exactly the currency's minor digits, no grouping.
 * Throws on an unknown currency: callers have validated it, so reaching here is a bug.
 *
 * @example formatMoney(123450n, 'USD') // "1234.50"
 * @example formatMoney(1235n, 'JPY')   // "1235"
 */
export function formatMoney(minor: bigint, currency: string): string {
  const digits = currencyMinorUnits(currency);
  if (digits === undefined) throw new Error(`formatMoney: unknown currency "${currency}"`);
  return formatScaled(minor, digits);
}

/** `minor / 10^digits` as a fixed-point string; shared by money, rates and shares. */
export function formatScaled(value: bigint, digits: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const text = abs.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Divides exactly-known rationals and rounds half away from zero — the rounding rule the issue
 * names for the pool (and for display values).
 *
 * @example divideRoundHalfAwayFromZero(5n, 2n) // 3n
 */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('divideRoundHalfAwayFromZero: division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

const PLAIN_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Compares two decimal strings exactly ("100000.00" vs "99999.999"): -1, 0 or 1. No float is
 * involved; both are scaled to the same number of decimals as bigints. Throws on a string that is
 * not a plain decimal: callers validate first.
 *
 * @example compareDecimals('100000.00', '100000') // 0
 */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const parse = (text: string) => {
    const match = PLAIN_DECIMAL.exec(text.trim());
    if (!match) throw new Error(`compareDecimals: "${text}" is not a decimal`);
    const [, sign, whole = '0', fraction = ''] = match;
    return { negative: sign === '-', whole, fraction };
  };
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const value = (d: { negative: boolean; whole: string; fraction: string }) => {
    const units = BigInt(d.whole + d.fraction.padEnd(scale, '0'));
    return d.negative ? -units : units;
  };
  const p = value(x);
  const q = value(y);
  return p < q ? -1 : p > q ? 1 : 0;
}
