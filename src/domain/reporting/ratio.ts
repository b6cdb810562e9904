import { divideRoundHalfAwayFromZero, formatScaled } from '../money';

/**
 * An exact, non-reduced fraction of two integers. Report ratios are kept like this until the one
 * rounding at the end (docs/decisions/0013-reporting-metrics.md, "Ratios").
 */
export interface Ratio {
  numerator: bigint;
  /** Never 0: a zero denominator gives no ratio at all (`null`). */
  denominator: bigint;
}

/**
 * `numerator ÷ denominator`, or null when the denominator is zero (a rate over nothing is not 0).
 *
 * @example ratio(3n, 16n) // { numerator: 3n, denominator: 16n }
 * @example ratio(0n, 0n)  // null
 */
export function ratio(numerator: bigint, denominator: bigint): Ratio | null {
  if (denominator === 0n) return null;
  return denominator < 0n ? { numerator: -numerator, denominator: -denominator } : { numerator, denominator };
}

/** `a − b` exactly; null when either is null. */
export function subtractRatios(a: Ratio | null, b: Ratio | null): Ratio | null {
  if (a === null || b === null) return null;
  return { numerator: a.numerator * b.denominator - b.numerator * a.denominator, denominator: a.denominator * b.denominator };
}

/** Compares two ratios exactly (cross-multiplied): negative, 0 or positive like a sort comparator. */
export function compareRatios(a: Ratio, b: Ratio): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The ratio rounded once, half away from zero, to `digits` decimals, as a decimal string; null
 * stays null.
 *
 * @example formatRatio({ numerator: 3n, denominator: 16n }, 4) // "0.1875"
 * @example formatRatio({ numerator: 1n, denominator: 3n }, 1)  // "0.3"
 */
export function formatRatio(value: Ratio | null, digits: number): string | null {
  if (value === null) return null;
  return formatScaled(roundRatio(value, digits), digits);
}

/** The ratio × 10^digits, rounded once, half away from zero, as an integer. */
export function roundRatio(value: Ratio, digits: number): bigint {
  return divideRoundHalfAwayFromZero(value.numerator * 10n ** BigInt(digits), value.denominator);
}
