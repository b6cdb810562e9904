import { currencyMinorUnits, divideRoundHalfAwayFromZero } from '../money';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parseDecimal(text: string): { value: bigint; scale: number } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  return { value: BigInt(`${m[1] ?? ''}${m[2]}${fraction}`), scale: fraction.length };
}

/**
 * A ledger line's amount in the portal's home currency, at the deal's own rate: the line's share of
 * the deal amount applied to the deal's `amount_in_home_currency` (HubSpot's conversion at the
 * deal's rate), rounded half away from zero to the home currency's minor unit. Null when there is
 * nothing to convert with (no home amount, a zero or unreadable deal amount, an unknown currency).
 *
 * @example homeAmountOf(10850n, { amount: '1000.00', currency: 'EUR', amountInHomeCurrency: '1085.00' }, 'USD') // 11772n
 */
export function homeAmountOf(
  lineMinor: bigint,
  deal: { amount: string | null; currency: string; amountInHomeCurrency: string | null | undefined },
  homeCurrency: string,
): bigint | null {
  const lineDigits = currencyMinorUnits(deal.currency);
  const homeDigits = currencyMinorUnits(homeCurrency);
  if (lineDigits === undefined || homeDigits === undefined) return null;
  if (deal.currency === homeCurrency) return lineDigits === homeDigits ? lineMinor : null;
  if (deal.amount === null || deal.amountInHomeCurrency === null || deal.amountInHomeCurrency === undefined) return null;
  const amount = parseDecimal(deal.amount);
  const home = parseDecimal(deal.amountInHomeCurrency);
  if (!amount || !home || amount.value === 0n) return null;
  // line/10^ld × (home/10^hs) / (amount/10^as) × 10^hd
  const numerator = lineMinor * home.value * 10n ** BigInt(amount.scale + homeDigits);
  const denominator = amount.value * 10n ** BigInt(home.scale + lineDigits);
  return divideRoundHalfAwayFromZero(numerator, denominator);
}
