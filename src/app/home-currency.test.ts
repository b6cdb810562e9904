import { describe, expect, it } from 'vitest';
import { homeTotalOf } from './home-currency';
import type { HomeCurrency } from './home-currency';

const usd = (rates: Record<string, bigint>): HomeCurrency => ({ ok: true, currency: 'USD', rates: new Map(Object.entries(rates).map(([c, numerator]) => [c, { numerator }])) });

describe('homeTotalOf', () => {
  it('converts each currency exactly at its minor units, rounds once per currency, then adds', () => {
    // 10,000 JPY × 0.0067 = 67.00 USD; 1.234 KWD × 3.25 = 4.0105 → 4.01 USD; 0.05 EUR × 1.1 = 0.055 → 0.06 USD (half away from zero).
    const home = usd({ JPY: 6_700n, KWD: 3_250_000n, EUR: 1_100_000n });
    expect(
      homeTotalOf(
        [
          { currency: 'JPY', amount: '10000' },
          { currency: 'KWD', amount: '1.234' },
          { currency: 'EUR', amount: '0.05' },
          { currency: 'USD', amount: '0.10' },
        ],
        home,
      ),
    ).toEqual({ homeTotal: { currency: 'USD', amount: '71.17' }, homeTotalNote: null });
  });

  it('keeps negative amounts (a clawback) exact', () => {
    expect(homeTotalOf([{ currency: 'EUR', amount: '-100.00' }, { currency: 'USD', amount: '8.00' }], usd({ EUR: 1_080_000n }))).toEqual({
      homeTotal: { currency: 'USD', amount: '-100.00' },
      homeTotalNote: null,
    });
  });

  it('names every currency with an amount and no rate, sorted, and gives no total', () => {
    const out = homeTotalOf(
      [
        { currency: 'GBP', amount: '1.00' },
        { currency: 'CHF', amount: '2.00' },
        { currency: 'EUR', amount: '3.00' },
        { currency: 'JPY', amount: '0' },
      ],
      usd({ EUR: 1_080_000n }),
    );
    expect(out).toEqual({ homeTotal: null, homeTotalNote: "HubSpot has no exchange rate from CHF and GBP to USD, so there is no total in USD; a portal admin can add them in HubSpot's currency settings." });
  });

  it("passes the reason on when the portal's currencies are unknown", () => {
    expect(homeTotalOf([{ currency: 'USD', amount: '1.00' }], { ok: false, reason: 'HubSpot did not answer.' })).toEqual({ homeTotal: null, homeTotalNote: 'HubSpot did not answer.' });
  });
});
