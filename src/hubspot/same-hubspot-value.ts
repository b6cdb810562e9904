import type { PropertySpec } from './app-schema';

/**
 * Would writing `next` over `current` change anything HubSpot shows? HubSpot treats a missing
 * value and "" alike, and normalises number properties ("40.00" is stored as "40"), so a naive
 * string compare would rewrite every number on every run and the skip would never kick in.
 * Only number properties are normalised: a text value that merely looks numeric ("2026.1" vs
 * "2026.10", a rule version) is a different value, so anything not known to be a number is
 * compared exactly.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

function canonicalDecimal(v: string): string {
  let [int = '0', frac = ''] = v.replace(/^-/, '').split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const sign = v.startsWith('-') && (int !== '0' || frac !== '') ? '-' : '';
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/** `type` is the HubSpot property type (from the app schema); unknown (undefined) means exact comparison. */
export function sameHubSpotValue(current: string | null | undefined, next: string, type: PropertySpec['type'] | undefined): boolean {
  const a = current ?? '';
  if (a === next) return true;
  if (type === 'number' && DECIMAL.test(a) && DECIMAL.test(next)) return canonicalDecimal(a) === canonicalDecimal(next);
  return false;
}
