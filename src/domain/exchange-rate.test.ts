import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertMinorUnits, parseExchangeRate } from './exchange-rate';
import { CURRENCY_CODES, currencyMinorUnits } from './money';

function rate(text: string) {
  const parsed = parseExchangeRate(text, 'conversionRate');
  if (!parsed.ok) throw new Error(`test rate ${text} did not parse`);
  return parsed.value;
}

describe('parseExchangeRate', () => {
  it.each([
    ['1', 1_000_000n],
    ['1.085', 1_085_000n],
    ['0.000001', 1n],
    ['149.123456', 149_123_456n],
    [' 2.5 ', 2_500_000n],
  ])('%j → %s / 10^6', (text, numerator) => {
    expect(parseExchangeRate(text, 'rates[0].conversionRate')).toEqual({ ok: true, value: { numerator } });
  });

  it.each(['0', '0.000000', '-1.2', '1.0000001', '1e3', '', 'abc', '.5'])('refuses %j, naming the field', (text) => {
    const result = parseExchangeRate(text, 'rates[2].conversionRate');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('rates[2].conversionRate');
  });
});

describe('convertMinorUnits', () => {
  it.each([
    // amount (minor), from, to, rate, expected (minor of `to`)
    [10000n, 'EUR', 'USD', '1.085', 10850n], // €100.00 → $108.50
    [1n, 'EUR', 'USD', '1.5', 2n], // 1.5 cents → 2 (half away from zero)
    [-1n, 'EUR', 'USD', '1.5', -2n], // a negative half rounds away from zero too
    [1n, 'EUR', 'USD', '1.499999', 1n], // 1.499999 cents → 1
    [123456n, 'GBP', 'USD', '1.271234', 156941n], // 1234.56 × 1.271234 = 1569.4186… → 1569.42
    [1000n, 'JPY', 'USD', '0.006712', 671n], // ¥1000 → $6.712 → $6.71 (0 → 2 digits)
    [12345n, 'USD', 'JPY', '149.5', 18456n], // $123.45 → ¥18455.775 → ¥18456 (2 → 0 digits)
    [1000n, 'KWD', 'USD', '3.25', 325n], // 1.000 KWD → $3.25 (3 → 2 digits)
    [100n, 'USD', 'KWD', '0.307', 307n], // $1.00 → 0.307 KWD (2 → 3 digits)
    [0n, 'EUR', 'USD', '1.085', 0n],
    [999999999999999999999n, 'EUR', 'USD', '1.000001', 1000000999999999999999n], // beyond 2^53
  ])('%s %s → %s at %s = %s', (amount, from, to, rateText, expected) => {
    expect(convertMinorUnits(amount, from, to, rate(rateText))).toEqual({ ok: true, value: expected });
  });

  it('names the side whose currency is unknown', () => {
    expect(convertMinorUnits(1n, 'XXX', 'USD', rate('1'))).toEqual({
      ok: false,
      errors: [{ path: 'from', message: 'unknown currency "XXX"' }],
    });
    expect(convertMinorUnits(1n, 'USD', 'usd', rate('1'))).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'unknown currency "usd"' }],
    });
  });

  const currency = fc.constantFrom(...CURRENCY_CODES);
  const numerator = fc.bigInt({ min: 1n, max: 10n ** 12n });
  const amount = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });

  it('is within half a minor unit of the exact value, with ties going away from zero', () => {
    fc.assert(
      fc.property(amount, currency, currency, numerator, (minor, from, to, n) => {
        const result = convertMinorUnits(minor, from, to, { numerator: n });
        if (!result.ok) return false;
        // exact = minor × n × 10^to / (10^from × 10^6) = top / bottom; check |result×bottom − top| ≤ bottom/2
        const top = minor * n * 10n ** BigInt(currencyMinorUnits(to) ?? 0);
        const bottom = 10n ** BigInt(currencyMinorUnits(from) ?? 0) * 10n ** 6n;
        const error2 = 2n * (result.value * bottom - top);
        const absError2 = error2 < 0n ? -error2 : error2;
        if (absError2 > bottom) return false;
        // On an exact tie the result's magnitude is the larger neighbour (away from zero).
        if (absError2 === bottom) {
          const absResult = result.value < 0n ? -result.value : result.value;
          const absTop = top < 0n ? -top : top;
          return absResult * bottom > absTop;
        }
        return true;
      }),
    );
  });

  it('is odd-symmetric and identity at rate 1 between currencies with the same digits', () => {
    fc.assert(
      fc.property(amount, currency, numerator, (minor, code, n) => {
        const plus = convertMinorUnits(minor, code, 'USD', { numerator: n });
        const minus = convertMinorUnits(-minor, code, 'USD', { numerator: n });
        const same = convertMinorUnits(minor, code, code, { numerator: 1_000_000n });
        return plus.ok && minus.ok && plus.value === -minus.value && same.ok && same.value === minor;
      }),
    );
  });

  it('is monotone in the amount', () => {
    fc.assert(
      fc.property(amount, amount, currency, currency, numerator, (a, b, from, to, n) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const x = convertMinorUnits(low, from, to, { numerator: n });
        const y = convertMinorUnits(high, from, to, { numerator: n });
        return x.ok && y.ok && x.value <= y.value;
      }),
    );
  });
});
