/**
 * Formats a money amount given as an exact decimal string ("1234.50", as the card API sends it) in a
 * currency, never through a float: Intl.NumberFormat formats numeric strings exactly (ES2023).
 *
 * @example formatMoney('1234.5', 'EUR') // '€1,234.50'
 * @example formatMoney('5000', 'JPY')   // '¥5,000'
 */
export function formatMoney(decimal: string, currency: string, locale = 'en-US'): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal as `${number}`);
  } catch {
    // An unknown currency code must not break the card: show the number and the code.
    return `${decimal} ${currency}`;
  }
}

/**
 * Formats a share given as a decimal fraction string ("0.333333") as a percentage.
 *
 * @example formatShare('0.25') // '25%'
 */
export function formatShare(fraction: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits }).format(fraction as `${number}`);
}
