import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, currencyMinorUnits, divideRoundHalfAwayFromZero, formatMoney, parseMoney } from './money';

describe('currencyMinorUnits', () => {
  it.each([
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0], ['KWD', 3], ['BHD', 3], ['OMR', 3],
    ['JOD', 3], ['TND', 3], ['CLF', 4],
  ])('%s has %i minor digits', (code, digits) => {
    expect(currencyMinorUnits(code)).toBe(digits);
  });

  it.each(['usd', 'XAU', 'ABC', '', 'US'])('%j is unknown', (code) => {
    expect(currencyMinorUnits(code)).toBeUndefined();
  });

  it('knows well over a hundred active codes', () => {
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
  });
});

describe('parseMoney', () => {
  it.each([
    ['1234.5', 'USD', 123450n],
    ['1234', 'USD', 123400n],
    ['0.01', 'USD', 1n],
    ['10.500', 'USD', 1050n], // trailing zeros beyond the minor unit carry no value
    ['1235', 'JPY', 1235n],
    ['1.234', 'KWD', 1234n],
    ['-7.5', 'EUR', -750n],
    ['  42.00 ', 'GBP', 4200n],
    ['99999999999999999999.99', 'USD', 9999999999999999999999n], // beyond 2^53: no float anywhere
  ])('%j %s → %s', (text, currency, minor) => {
    expect(parseMoney(text, currency, 'deal.amount')).toEqual({ ok: true, value: minor });
  });

  it('rejects digits the currency cannot hold, naming the field', () => {
    expect(parseMoney('1234.567', 'USD', 'deal.amount')).toEqual({
      ok: false,
      errors: [{ path: 'deal.amount', message: '"1234.567" has 3 decimals; USD allows at most 2' }],
    });
    expect(parseMoney('1.5', 'JPY', 'x')).toMatchObject({ ok: false, errors: [{ path: 'x' }] });
  });

  it.each(['', 'abc', '1,000.00', '1e3', '.5', '5.', '+5', '--1', '1.2.3', 'NaN'])('rejects %j', (text) => {
    const result = parseMoney(text, 'USD', 'deal.amount');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('deal.amount');
  });

  it('rejects an unknown currency, naming the field', () => {
    expect(parseMoney('1', 'XYZ', 'deal.currency')).toEqual({
      ok: false,
      errors: [{ path: 'deal.currency', message: 'unknown currency "XYZ"' }],
    });
  });
});

describe('formatMoney', () => {
  it.each([
    [123450n, 'USD', '1234.50'],
    [1n, 'USD', '0.01'],
    [0n, 'USD', '0.00'],
    [-5n, 'USD', '-0.05'],
    [1235n, 'JPY', '1235'],
    [1234n, 'KWD', '1.234'],
    [5n, 'KWD', '0.005'],
    [12345n, 'CLF', '1.2345'],
  ])('%s %s → %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('throws on an unknown currency (callers validate first)', () => {
    expect(() => formatMoney(1n, 'XYZ')).toThrow(/unknown currency/);
  });

  it('round-trips with parseMoney for every currency', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom(...CURRENCY_CODES), (minor, currency) => {
        expect(parseMoney(formatMoney(minor, currency), currency, 'x')).toEqual({ ok: true, value: minor });
      }),
    );
  });
});

describe('divideRoundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n], // 2.5 → 3
    [-5n, 2n, -3n], // -2.5 → -3 (away from zero, not towards +∞)
    [7n, 3n, 2n], // 2.33 → 2
    [8n, 3n, 3n], // 2.67 → 3
    [5n, -2n, -3n],
    [0n, 9n, 0n],
    [25025n, 100n, 250n], // 250.25 → 250
  ])('%s / %s → %s', (n, d, q) => {
    expect(divideRoundHalfAwayFromZero(n, d)).toBe(q);
  });

  it('throws on division by zero', () => {
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow();
  });

  it('is within half a unit of the exact quotient, ties away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const q = divideRoundHalfAwayFromZero(n, d);
        const diff2 = 2n * (n - q * d); // 2·(n/d − q)·d, so |n/d − q| ≤ 1/2 ⇔ |diff2| ≤ d
        expect(diff2 <= d && diff2 >= -d).toBe(true);
        const abs = (x: bigint) => (x < 0n ? -x : x);
        if (diff2 === d || diff2 === -d) expect(abs(q) * d > abs(n)).toBe(true); // a tie went away from zero
      }),
    );
  });
});
