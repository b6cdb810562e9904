import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_ERRORS, readDeal } from './input';
import { dealSchema, parseReportFile } from './input-schema';

const good = {
  id: 'D-1',
  amount: '1000.00',
  currency: 'USD',
  createDate: '2026-10-01',
  closeDate: '2026-11-01',
  stage: 'won',
  partners: [
    { id: 'p1', name: 'Northwind', roles: ['sourcing'] },
    { id: 'p2', roles: ['selling'] },
  ],
};
const file = (...deals: Record<string, unknown>[]) => ({ deals });
const with_ = (over: Record<string, unknown>) => ({ ...good, ...over });

describe('parseReportFile', () => {
  it('reads a deal: exact amount, dates as calendar dates, roles, dispute flag', () => {
    const parsed = parseReportFile(file(with_({ createDate: '2026-10-01T09:30:00Z', disputed: true }), { ...good, id: 7, stage: 'open', closeDate: null, partners: [] }));
    expect(parsed).toEqual({
      ok: true,
      value: {
        homeCurrency: 'USD',
        deals: [
          { id: 'D-1', amountMinor: 100000n, currency: 'USD', exchangeRate: null, createDate: '2026-10-01', closeDate: '2026-11-01', stage: 'won', partners: good.partners, disputed: true },
          { id: '7', amountMinor: 100000n, currency: 'USD', exchangeRate: null, createDate: '2026-10-01', closeDate: null, stage: 'open', partners: [], disputed: false },
        ],
      },
    });
  });

  it('takes the one currency all deals share as the home currency, or the one given', () => {
    const eur = parseReportFile(file(with_({ currency: 'EUR' })));
    expect(eur.ok && eur.value.homeCurrency).toBe('EUR');
    const usd = parseReportFile({ homeCurrency: 'USD', deals: [with_({ currency: 'EUR', exchangeRate: '1.085' })] });
    expect(usd.ok && usd.value.deals[0]?.exchangeRate).toEqual({ numerator: 1_085_000n });
    const empty = parseReportFile(file());
    expect(empty).toEqual({ ok: true, value: { homeCurrency: 'USD', deals: [] } });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], '(input): must be an object with a "deals" list'],
    ['no deals list', {}, 'deals: must be a list of deals'],
    ['a deal that is not an object', file('x' as never), 'deals[0]: must be an object with id, amount, currency, createDate and stage'],
    ['a number amount', file(with_({ amount: 12.5 })), 'deals[0].amount: must be a decimal string'],
    ['a negative amount', file(with_({ amount: '-1' })), 'deals[0].amount: must not be negative'],
    ['too many decimals', file(with_({ amount: '1.005' })), 'deals[0].amount: "1.005" has 3 decimals; USD allows at most 2'],
    ['an unknown currency', file(with_({ currency: 'XYZ' })), 'deals[0].currency: unknown currency "XYZ"'],
    ['an unknown home currency', { homeCurrency: 'ABC', deals: [] }, 'homeCurrency: unknown currency "ABC"'],
    ['several currencies and no home currency', file(good, with_({ id: 'D-2', currency: 'EUR' })), 'homeCurrency: required when the deals are in more than one currency (EUR, USD)'],
    ['a foreign deal without a rate', { homeCurrency: 'USD', deals: [with_({ currency: 'EUR' })] }, 'deals[0].exchangeRate: required: the deal is in EUR and the home currency is USD'],
    ['a bad rate', { homeCurrency: 'USD', deals: [with_({ currency: 'EUR', exchangeRate: '1.0000001' })] }, 'deals[0].exchangeRate: "1.0000001" is not an exchange rate'],
    ['a number rate', { homeCurrency: 'USD', deals: [with_({ currency: 'EUR', exchangeRate: 1.08 })] }, 'deals[0].exchangeRate: must be a decimal string'],
    ['a rate other than 1 on a home-currency deal', file(with_({ exchangeRate: '1.2' })), 'deals[0].exchangeRate: must be 1 or left out: the deal is in the home currency USD'],
    ['a bad create date', file(with_({ createDate: '2026-02-30' })), 'deals[0].createDate: "2026-02-30" is not a date'],
    ['a garbled date-time', file(with_({ closeDate: '2026-11-01Tlater' })), 'deals[0].closeDate: "2026-11-01Tlater" is not a date'],
    ['a won deal with no close date', file(with_({ closeDate: null })), 'deals[0].closeDate: required for a won deal'],
    ['a lost deal closed before it was created', file(with_({ stage: 'lost', closeDate: '2026-09-30' })), 'deals[0].closeDate: 2026-09-30 is before the create date 2026-10-01'],
    ['an unknown stage', file(with_({ stage: 'closedwon' })), 'deals[0].stage: must be one of won, lost, open'],
    ['an unknown role', file(with_({ partners: [{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['sales'] }] })), 'deals[0].partners[1].roles[0]: unknown role "sales"'],
    ['a duplicate partner', file(with_({ partners: [{ id: 'a', roles: [] }, { id: 'a', roles: [] }] })), 'deals[0].partners[1].id: duplicate partner id "a"'],
    ['a partner without roles', file(with_({ partners: [{ id: 'a' }] })), 'deals[0].partners[0].roles: must be a list of roles'],
    ['a duplicate deal', file(good, good), 'deals[1].id: duplicate deal id "D-1" (also deals[0])'],
    ['a dispute flag that is not boolean', file(with_({ disputed: 'yes' })), 'deals[0].disputed: must be true or false'],
    ['an unknown field', file(with_({ amout: '1' })), 'deals[0].amout: unknown field "amout"'],
  ])('%s', (_name, raw, message) => {
    const parsed = parseReportFile(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });

  it('lists at most MAX_REPORTED_ERRORS errors and says how many more', () => {
    const deals = Array.from({ length: 120 }, (_, i) => with_({ id: `D-${i}`, amount: 'x' }));
    const parsed = parseReportFile(file(...deals));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(parsed.errors[0]?.path).toBe('deals[0].amount');
    expect(parsed.errors.at(-1)).toEqual({ path: '(input)', message: `… and ${120 - MAX_REPORTED_ERRORS + 1} more errors` });
  });
});

describe('the fast path agrees with the schema', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.constantFrom('won', 'lost', 'open', 'USD', '12.50', '2026-10-01', 'selling', ''),
    fc.integer(),
    fc.double(),
    fc.constant(2 ** 60),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );
  const partner = fc.dictionary(fc.constantFrom('id', 'name', 'roles', 'role'), fc.oneof(value, fc.array(value, { maxLength: 2 })), { maxKeys: 4 });
  const deal = fc.record(
    {
      id: value,
      name: value,
      amount: value,
      currency: value,
      exchangeRate: value,
      createDate: value,
      closeDate: value,
      stage: value,
      partners: fc.oneof(fc.array(partner, { maxLength: 3 }), value),
      disputed: value,
      extra: value,
    },
    { requiredKeys: [] },
  );

  // A well-formed deal with a few fields replaced or removed: close to the edge the fast path guards.
  const nearlyGood = fc
    .array(
      fc.record({
        key: fc.constantFrom('id', 'name', 'amount', 'currency', 'exchangeRate', 'createDate', 'closeDate', 'stage', 'partners', 'disputed', 'extra'),
        to: fc.oneof(value, fc.array(partner, { maxLength: 2 })),
        remove: fc.boolean(),
      }),
      { maxLength: 2 },
    )
    .map((changes) => {
      const out: Record<string, unknown> = { ...good, partners: good.partners };
      for (const c of changes) {
        if (c.remove) delete out[c.key];
        else out[c.key] = c.to;
      }
      return out;
    });

  it('whatever readDeal accepts, dealSchema accepts with the same result', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(nearlyGood, deal, value), (raw) => {
        const fast = readDeal(raw);
        const slow = dealSchema.safeParse(raw);
        if (fast !== undefined) {
          accepted++;
          expect(slow.success).toBe(true);
          if (slow.success) expect(fast).toEqual(slow.data);
        } else if (!slow.success) refused++;
      }),
      { numRuns: 3000 },
    );
    // Both sides of the edge were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it('reads a well-formed deal without the schema', () => {
    expect(readDeal(good)).toEqual({ ...good, partners: good.partners });
    expect(readDeal({ ...good, id: 7, partners: undefined })).toEqual({ ...good, id: '7', partners: [] });
  });
});
