import { describe, expect, it } from 'vitest';
import { formatMoney, formatShare } from './format-money';

describe('formatMoney', () => {
  it.each([
    ['1234.5', 'EUR', '€1,234.50'],
    ['1234.56', 'USD', '$1,234.56'],
    ['5000', 'JPY', '¥5,000'],
    ['-12.30', 'GBP', '-£12.30'],
    // Beyond 2^53: a float would lose the last digits.
    ['90071992547409.93', 'USD', '$90,071,992,547,409.93'],
  ])('formats %s %s as %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('falls back to number + code for an unknown currency', () => {
    expect(formatMoney('10.00', 'NOPE1')).toBe('10.00 NOPE1');
  });
});

describe('formatShare', () => {
  it('formats a fraction as a percentage', () => {
    expect(formatShare('0.25')).toBe('25%');
    expect(formatShare('0.333333')).toBe('33.33%');
  });
});
