import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributionInput, AttributionPlan } from './compute-attribution';
import { computeAttribution } from './compute-attribution';
import { formatMoney, parseMoney } from './money';
import type { Result } from './result';
import type { RuleSet } from './rule-set';
import { DEFAULT_RULE_SET } from './rule-set';
import type { AttributionModel, Role } from './vocabulary';
import { ATTRIBUTION_MODELS, ROLES } from './vocabulary';

type PartnerIn = AttributionInput['partners'][number];
const p = (id: string, ...roles: string[]): PartnerIn => ({ id, roles });
const deal = (amount: string, currency = 'USD', extra: Partial<AttributionInput['deal']> = {}) => ({ id: 'D-1', amount, currency, ...extra });
const rules = (over: Partial<RuleSet> = {}): RuleSet => ({ ...structuredClone(DEFAULT_RULE_SET), ...over });

function plan(input: Omit<AttributionInput, 'rules'> & { rules?: AttributionInput['rules'] }): AttributionPlan {
  const result = computeAttribution({ rules: DEFAULT_RULE_SET, ...input });
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.errors)}`);
  return result.value;
}
const amounts = (value: AttributionPlan) => Object.fromEntries(value.allocations.map((a) => [a.partnerId, a.amount]));
const codes = (value: AttributionPlan) => value.warnings.map((w) => (w.partnerId ? `${w.code}:${w.partnerId}` : w.code));

describe('computeAttribution — worked examples', () => {
  it.each<{ name: string; input: Omit<AttributionInput, 'rules'> & { rules?: RuleSet }; model: AttributionModel; pool: string; split: Record<string, string>; unallocated: string }>([
    {
      // pool 10000 × 25% = 2500.00; weights p1 = sourcing 20 + selling 40/2 = 40, p2 = tv 25,
      // p3 = selling 40/2 + implementation 0 = 20; present 85 (influence 15 renormalized away).
      // exact: 2500·40/85 = 1176.4705…, 2500·25/85 = 735.2941…, 2500·20/85 = 588.2352…
      // floors sum to 2499.99; the cent goes to the largest remainder (.5294…): p3.
      name: 'three partners, sell_with by default, renormalized',
      input: { deal: deal('10000'), partners: [p('p2', 'technical_validation'), p('p1', 'sourcing', 'selling'), p('p3', 'selling', 'implementation')] },
      model: 'sell_with', pool: '2500.00', split: { p1: '1176.47', p2: '735.29', p3: '588.24' }, unallocated: '0.00',
    },
    {
      // every sell_with role held once: 250.00 × 20/40/25/15 % = 50 / 100 / 62.50 / 37.50, no rounding.
      name: 'all four paid roles held',
      input: { deal: deal('1000'), partners: [p('a', 'sourcing'), p('b', 'selling'), p('c', 'technical_validation'), p('d', 'influence')] },
      model: 'sell_with', pool: '250.00', split: { a: '50.00', b: '100.00', c: '62.50', d: '37.50' }, unallocated: '0.00',
    },
    {
      // solo: 1000 × 20% = 200.00, all to the only partner whatever its roles.
      name: 'one partner is solo',
      input: { deal: deal('1000'), partners: [p('only', 'sourcing')] },
      model: 'solo', pool: '200.00', split: { only: '200.00' }, unallocated: '0.00',
    },
    {
      name: 'no partners is none',
      input: { deal: deal('5000'), partners: [] },
      model: 'none', pool: '0.00', split: {}, unallocated: '0.00',
    },
    {
      // JPY has no minor unit: 1001 × 25% = 250.25 → 250. a = selling 40, b = sourcing 20:
      // 250·40/60 = 166.67, 250·20/60 = 83.33 → floors 166 + 83 = 249; the yen goes to a.
      name: 'JPY rounds to whole yen',
      input: { deal: deal('1001', 'JPY'), partners: [p('a', 'selling'), p('b', 'sourcing')] },
      model: 'sell_with', pool: '250', split: { a: '167', b: '83' }, unallocated: '0',
    },
    {
      // KWD has 3 decimals: 1.003 = 1003 fils × 25% = 250.75 → 251 fils. sell_through 70/30:
      // 175.7 and 75.3 → floors 175 + 75 = 250; the fils goes to a (.7 > .3).
      name: 'KWD rounds to the fils',
      input: { deal: deal('1.003', 'KWD'), model: 'sell_through', partners: [p('a', 'selling'), p('b', 'influence')] },
      model: 'sell_through', pool: '0.251', split: { a: '0.176', b: '0.075' }, unallocated: '0.000',
    },
    {
      // pool 0.06 × 25% = 1.5 cents → 2 (half away from zero).
      name: 'pool rounds half away from zero',
      input: { deal: deal('0.06'), partners: [p('a', 'selling'), p('b', 'selling')] },
      model: 'sell_with', pool: '0.02', split: { a: '0.01', b: '0.01' }, unallocated: '0.00',
    },
    {
      // 100 × 25% = 25.00 = 2500 cents; three equal sellers: 833.33 each → 833 × 3 = 2499;
      // equal remainders and equal weights → the lowest id, "a", even though listed second.
      name: 'equal ties go to the lowest partner id',
      input: { deal: deal('100'), partners: [p('b', 'selling'), p('a', 'selling'), p('c', 'selling')] },
      model: 'sell_with', pool: '25.00', split: { a: '8.34', b: '8.33', c: '8.33' }, unallocated: '0.00',
    },
    {
      // rules sell_with sourcing 25 / selling 75; pool 0.08 × 25% = 2 cents; a (25) 0.5, b (75) 1.5:
      // equal remainders .5 → the larger weight (b) wins over the lower id (a).
      name: 'remainder ties go to the larger weight before the lower id',
      input: { deal: deal('0.08'), partners: [p('a', 'sourcing'), p('b', 'selling')], rules: rules({ models: { sell_with: { sourcing: 25, selling: 75 } } }) },
      model: 'sell_with', pool: '0.02', split: { a: '0.00', b: '0.02' }, unallocated: '0.00',
    },
    {
      // retain: 2500.00 pool; p1 sourcing 20% = 500.00, p2 selling 40% = 1000.00; the 40% of
      // technical validation + influence nobody holds stays unallocated: 1000.00.
      name: 'retain keeps the weight of missing roles unallocated',
      input: { deal: deal('10000'), partners: [p('p1', 'sourcing'), p('p2', 'selling')], rules: rules({ missingRoles: 'retain' }) },
      model: 'sell_with', pool: '2500.00', split: { p1: '500.00', p2: '1000.00' }, unallocated: '1000.00',
    },
    {
      // same deal renormalized: 20:40 → 833.33 / 1666.67 (1666.666… has the larger remainder).
      name: 'renormalize shares the whole pool among those present',
      input: { deal: deal('10000'), partners: [p('p1', 'sourcing'), p('p2', 'selling')] },
      model: 'sell_with', pool: '2500.00', split: { p1: '833.33', p2: '1666.67' }, unallocated: '0.00',
    },
    {
      // retain with rounding, JPY: pool 250 (as above); three sellers share 40% → 13.3333% each,
      // 33.33 yen each; allocated total = round(250 × 40%) = 100 → 33 × 3 + 1 to "a"; 150 unallocated.
      name: 'retain with a rounding unit',
      input: { deal: deal('1001', 'JPY'), partners: [p('c', 'selling'), p('b', 'selling'), p('a', 'selling')], rules: rules({ missingRoles: 'retain' }) },
      model: 'sell_with', pool: '250', split: { a: '34', b: '33', c: '33' }, unallocated: '150',
    },
    {
      // sell_to sourcing 20 / selling 80 at the co-sell rate: 400.00 → 80.00 / 320.00.
      name: 'an explicit co-sell model',
      input: { deal: deal('1600'), model: 'sell_to', partners: [p('x', 'selling'), p('y', 'sourcing')] },
      model: 'sell_to', pool: '400.00', split: { x: '320.00', y: '80.00' }, unallocated: '0.00',
    },
  ])('$name', ({ input, model, pool, split, unallocated }) => {
    const value = plan(input);
    expect(value.model).toBe(model);
    expect(value.pool.amount).toBe(pool);
    expect(amounts(value)).toEqual(split);
    expect(value.unallocated).toBe(unallocated);
  });

  it('reports weight and share per partner', () => {
    const value = plan({ deal: deal('10000'), partners: [p('p2', 'technical_validation'), p('p1', 'sourcing', 'selling'), p('p3', 'selling', 'implementation')] });
    expect(value.allocations.map((a) => [a.partnerId, a.roles, a.weight, a.share, a.amountMinor])).toEqual([
      ['p1', ['sourcing', 'selling'], '40', '0.470588', '117647'], // 40/85
      ['p2', ['technical_validation'], '25', '0.294118', '73529'], // 25/85
      ['p3', ['selling', 'implementation'], '20', '0.235294', '58824'], // 20/85
    ]);
    expect(value).toMatchObject({ dealId: 'D-1', ruleVersion: '2026.1', currency: 'USD', dealAmount: '10000.00', pool: { rate: '25', amountMinor: '250000', currency: 'USD' } });
  });

  it('shows fractional weights of shared roles to 4 decimals; shares use weight/100 under retain', () => {
    const value = plan({ deal: deal('100'), partners: [p('a', 'selling'), p('b', 'selling'), p('c', 'selling')], rules: rules({ missingRoles: 'retain' }) });
    expect(value.allocations.map((a) => [a.weight, a.share])).toEqual([['13.3333', '0.133333'], ['13.3333', '0.133333'], ['13.3333', '0.133333']]);
    // 2500 cents × 40% = 1000 allocated exactly: 333.33 → 334/333/333 (tie → lowest id); 1500 left.
    expect(amounts(value)).toEqual({ a: '3.34', b: '3.33', c: '3.33' });
    expect(value.unallocated).toBe('15.00');
  });

  it('keeps the partner name on the allocation', () => {
    const value = plan({ deal: deal('10'), partners: [{ id: 'p1', name: 'Acme Cloud', type: 'reseller', roles: ['selling'] }] });
    expect(value.allocations[0]).toMatchObject({ partnerId: 'p1', partnerName: 'Acme Cloud' });
  });

  it('normalizes the currency code to upper case', () => {
    expect(plan({ deal: deal('10', 'eur'), partners: [] }).currency).toBe('EUR');
  });

  it('explains the math step by step, ending with the rule version', () => {
    const value = plan({ deal: deal('10000'), partners: [p('p2', 'technical_validation'), { id: 'p1', name: 'Acme', roles: ['sourcing', 'selling'] }, p('p3', 'selling', 'implementation')] });
    expect(value.explanation).toEqual([
      'Deal D-1: amount 10000.00 USD; model Sell with (default model for 3 partners); rule set 2026.1 (effective 2026-01-01).',
      'Pool rate: co-sell rate 25%.',
      'Pool: 10000.00 × 25% = 2500.00 USD.',
      'Role sourcing 20%: Acme.',
      'Role selling 40%: shared equally by Acme, p3 (20 each).',
      'Role technical validation 25%: p2.',
      'Role implementation 0%: held by p3, worth nothing under Sell with.',
      'Role influence 15%: nobody holds it; its weight is renormalized across the partners present.',
      'Weights present: 85 of 100; missing roles are renormalized, so share = weight / 85.',
      'Acme: weight 40 = sourcing 20 + selling 20; share 0.470588; 1176.47 USD.',
      'p2: weight 25 = technical validation 25; share 0.294118; 735.29 USD.',
      'p3: weight 20 = selling 20 + implementation 0; share 0.235294; 588.24 USD (588.23 + 0.01 rounding).',
      'Rounding: each amount was rounded down to 0.01 USD; the 1 leftover unit of 0.01 USD went to the largest remainder (ties: larger weight, then lower partner id): p3.',
      'Rule set version 2026.1.',
    ]);
  });

  it('explains a rounded pool and retained weight', () => {
    const value = plan({ deal: deal('1001', 'JPY'), partners: [p('a', 'selling'), p('b', 'selling')], rules: rules({ missingRoles: 'retain' }) });
    expect(value.explanation).toContain('Pool: 1001 × 25% = 250.25 → 250 JPY (rounded half away from zero to 1 JPY).');
    expect(value.explanation).toContain('Role sourcing 20%: nobody holds it; its weight is retained: that part of the pool stays unallocated.');
    expect(value.explanation).toContain('Weights present: 40 of 100; missing roles are retained, so share = weight / 100 and the rest of the pool stays unallocated.');
    expect(value.explanation.join('\n')).not.toContain('renormalized');
    expect(value.explanation).toContain('Unallocated: 150 JPY of the pool is not paid to any partner.');
  });
});

describe('computeAttribution — names, never ids or machine keys', () => {
  const named = (id: string, name: string, ...roles: string[]): PartnerIn => ({ id, name, roles });
  const northwind = named('301', 'Northwind Resellers', 'sourcing', 'selling');
  const ironbridge = named('302', 'Ironbridge', 'implementation');
  const bluepeak = named('303', 'Bluepeak', 'selling');

  it('words the shipped default\'s implementation warning so it explains itself', () => {
    const value = plan({ deal: deal('1000'), partners: [northwind, ironbridge] });
    expect(value.warnings.find((w) => w.code === 'role_worth_zero')).toEqual({
      code: 'role_worth_zero',
      partnerId: '302',
      message:
        'Implementation earns nothing under the rules in force (2026.1); partner ops can change that in Settings. ' +
        'Ironbridge holds implementation on this deal, which earns 0 under Sell with.',
    });
    expect(value.warnings.find((w) => w.code === 'zero_allocation')?.message).toBe('Ironbridge is allocated 0.00 USD');
  });

  it.each<[string, Omit<AttributionInput, 'rules'> & { rules?: RuleSet }, string, string]>([
    ['a solo deal', { deal: deal('1000'), partners: [named('301', 'Northwind Resellers', 'selling')] }, 'explanation', 'Solo deal: the whole pool goes to Northwind Resellers.'],
    ['a co-sell model with one partner', { deal: deal('1000'), model: 'sell_with', partners: [named('301', 'Northwind Resellers', 'selling')] }, 'warning', 'the co-sell model Sell with needs 2 or more partners; with only Northwind Resellers on it, this deal is treated as solo'],
    ['a role listed twice', { deal: deal('1000'), partners: [named('301', 'Northwind Resellers', 'selling', 'selling'), bluepeak] }, 'warning', 'Northwind Resellers lists selling more than once; it counts once'],
    ['a partner with no role', { deal: deal('1000'), partners: [named('304', 'Stackly'), bluepeak] }, 'warning', 'Stackly is on the deal with no role, so it is paid nothing'],
    ['a shared role', { deal: deal('1000'), partners: [northwind, bluepeak] }, 'explanation', 'Role selling 40%: shared equally by Northwind Resellers, Bluepeak (20 each).'],
    ['a partner line', { deal: deal('1000'), partners: [northwind, bluepeak] }, 'explanation', 'Bluepeak: weight 20 = selling 20; share 0.333333; 83.33 USD.'],
    ['model none', { deal: deal('1000'), model: 'none', partners: [northwind, bluepeak] }, 'explanation', 'Partners on the deal (Northwind Resellers, Bluepeak) are listed with 0: under No partner attribution nobody is paid.'],
  ])('%s names partners and models', (_name, input, where, text) => {
    const value = plan(input);
    const texts = where === 'warning' ? value.warnings.map((w) => w.message) : value.explanation;
    expect(texts).toContain(text);
  });

  it('names the deal when its name is known', () => {
    const value = plan({ deal: { ...deal('0'), name: 'Acme platform' }, partners: [northwind, bluepeak] });
    expect(value.explanation[0]).toBe('Deal "Acme platform": amount 0.00 USD; model Sell with (default model for 2 partners); rule set 2026.1 (effective 2026-01-01).');
    expect(value.warnings.find((w) => w.code === 'zero_amount')?.message).toBe('deal "Acme platform" has amount 0: every allocation is 0');
  });

  it('never shows an id or a machine key where a name is known (property)', () => {
    const NAMES = ['Northwind Resellers', 'Bluepeak', 'Stackly', 'Keystone', 'Ironbridge'];
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }),
        fc.array(fc.array(fc.constantFrom(...ROLES), { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
        fc.option(fc.constantFrom(...ATTRIBUTION_MODELS), { nil: undefined }),
        (which, roles, model) => {
          const partners = which.map((i) => ({ id: `id${9000 + i}`, name: NAMES[i]!, roles: roles[i]! }));
          const result = computeAttribution({ deal: deal('12345.67'), partners, rules: DEFAULT_RULE_SET, ...(model ? { model } : {}) });
          if (!result.ok) return; // e.g. solo with several partners: an error, not a text
          const text = [...result.value.explanation, ...result.value.warnings.map((w) => w.message)].join('\n');
          expect(text).not.toMatch(/id9\d{3}/);
          expect(text).not.toMatch(/sell_with|sell_through|sell_to|technical_validation|missingRoles/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('computeAttribution — the explanation never contradicts the numbers', () => {
  it('says the pool stays unallocated when no partner holds a paid role (renormalize cannot apply)', () => {
    const value = plan({ deal: deal('1000'), partners: [p('a', 'implementation'), p('b', 'implementation')] });
    expect(value.unallocated).toBe('250.00');
    const text = value.explanation.join('\n');
    expect(text).not.toContain('renormalized');
    expect(value.explanation).toContain('Role selling 40%: nobody holds it; no partner holds a role worth anything, so there is nothing to renormalize: that part of the pool stays unallocated.');
    expect(value.explanation).toContain('Weights present: 0 of 100; no partner is paid, so the whole pool of 250.00 USD stays unallocated.');
    expect(value.explanation).toContain('Unallocated: 250.00 USD of the pool is not paid to any partner.');
  });

  it('does not say "renormalized" when every paid role is held', () => {
    const value = plan({ deal: deal('1000'), partners: [p('a', 'sourcing', 'selling'), p('b', 'technical_validation', 'influence')] });
    expect(value.explanation.join('\n')).not.toContain('renormaliz');
    expect(value.explanation).toContain('Weights present: 100 of 100; every paid role is held, so share = weight / 100.');
  });

  it('mentions renormalizing only when something was renormalized, and any unallocated amount always (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = computeAttribution(input);
        if (!result.ok) return;
        const { explanation, unallocated } = result.value;
        const text = explanation.join('\n');
        const unallocatedMinor = parseMoney(unallocated, result.value.currency, 'unallocated');
        const left = unallocatedMinor.ok ? unallocatedMinor.value : -1n;
        if (text.includes('renormalized across the partners present')) {
          expect(left).toBe(0n);
          expect(text).toContain('missing roles are renormalized');
        }
        if (left > 0n) expect(text).toContain(`Unallocated: ${unallocated} ${result.value.currency}`);
        if (left > 0n) expect(text).toMatch(/stays unallocated|is not paid/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('computeAttribution — rule selection', () => {
  const r2025 = rules({ version: '2025.1', effectiveFrom: '2025-01-01', pool: { soloRate: 10, coSellRate: 15 } });
  const history = [DEFAULT_RULE_SET, r2025];
  const two = [p('a', 'selling'), p('b', 'sourcing')];

  it('uses the rule set in force on the close date (date-times accepted)', () => {
    const value = plan({ deal: deal('100', 'USD', { closeDate: '2025-12-31T18:00:00Z' }), partners: two, rules: history });
    expect(value.ruleVersion).toBe('2025.1');
    expect(value.pool.amount).toBe('15.00');
  });

  it('lets asOf override the close date', () => {
    const value = plan({ deal: deal('100', 'USD', { closeDate: '2025-06-01' }), asOf: '2026-02-01', partners: two, rules: history });
    expect(value.ruleVersion).toBe('2026.1');
  });

  it('uses the latest rule set when there is no date at all', () => {
    expect(plan({ deal: deal('100', 'USD', { closeDate: null }), partners: two, rules: history }).ruleVersion).toBe('2026.1');
  });

  it('errors when no rule set is in force', () => {
    const result = computeAttribution({ deal: deal('100', 'USD', { closeDate: '2024-06-01' }), partners: two, rules: history });
    expect(result).toEqual({ ok: false, errors: [{ path: 'rules', message: 'no rule set in force on 2024-06-01 (the earliest, "2025.1", takes effect 2025-01-01)' }] });
  });
});

describe('computeAttribution — warnings, never a silent zero', () => {
  it.each<[string, Omit<AttributionInput, 'rules'> & { rules?: RuleSet }, string[]]>([
    ['a co-sell model with one partner is solo', { deal: deal('1000'), model: 'sell_with', partners: [p('p1', 'selling')] }, ['co_sell_with_one_partner:p1']],
    ['a 2+ partner deal under none', { deal: deal('1000'), model: 'none', partners: [p('a', 'selling'), p('b', 'sourcing')] }, ['partners_under_none']],
    ['a partner with no role', { deal: deal('1000'), partners: [p('a', 'selling'), p('b')] }, ['no_role:b', 'zero_allocation:b']],
    ['a role worth 0 under the model', { deal: deal('1000'), partners: [p('a', 'selling'), p('b', 'implementation')] }, ['role_worth_zero:b', 'zero_allocation:b']],
    ['a zero amount', { deal: deal('0'), partners: [p('a', 'selling'), p('b', 'sourcing')] }, ['zero_amount']],
    ['a pool that rounds to 0', { deal: deal('0.01'), partners: [p('a', 'selling'), p('b', 'sourcing')] }, ['zero_pool']],
    ['all weights 0', { deal: deal('1000'), partners: [p('a', 'implementation'), p('b', 'implementation')] }, ['all_weights_zero', 'role_worth_zero:a', 'role_worth_zero:b', 'zero_allocation:a', 'zero_allocation:b']],
    ['a role listed twice', { deal: deal('1000'), partners: [p('b', 'sourcing', 'sourcing'), p('a', 'selling', 'selling')] }, ['duplicate_role:a', 'duplicate_role:b']],
    ['a co-sell model with no partners', { deal: deal('1000'), model: 'sell_to', partners: [] }, ['no_partners']],
    ['nothing wrong', { deal: deal('1000'), partners: [p('a', 'selling'), p('b', 'sourcing')] }, []],
  ])('%s', (_name, input, expected) => {
    expect(codes(plan(input)).sort()).toEqual([...expected].sort());
  });

  it('treats a one-partner co-sell as solo at the solo rate', () => {
    const value = plan({ deal: deal('1000'), model: 'sell_through', partners: [p('p1', 'influence')] });
    expect(value).toMatchObject({ model: 'solo', pool: { rate: '20', amount: '200.00' }, allocations: [{ amount: '200.00', weight: '100', share: '1.000000' }] });
  });

  it('under none, partners are listed with 0 and the pool is 0', () => {
    const value = plan({ deal: deal('1000'), model: 'none', partners: [p('a', 'selling'), p('b', 'sourcing')] });
    expect(value.pool).toMatchObject({ rate: '0', amount: '0.00' });
    expect(value.allocations.map((a) => [a.partnerId, a.amount, a.share])).toEqual([['a', '0.00', '0.000000'], ['b', '0.00', '0.000000']]);
    expect(value.explanation).toContain('Partners on the deal (a, b) are listed with 0: under No partner attribution nobody is paid.');
  });

  it('leaves the whole pool unallocated when all weights are 0', () => {
    const value = plan({ deal: deal('1000'), partners: [p('a', 'implementation'), p('b', 'implementation')] });
    expect(value.unallocated).toBe('250.00');
    expect(value.allocations.every((a) => a.amount === '0.00')).toBe(true);
  });

  it('gives the whole renormalized pool to the partner with a role', () => {
    expect(amounts(plan({ deal: deal('1000'), partners: [p('a', 'selling'), p('b')] }))).toEqual({ a: '250.00', b: '0.00' });
  });
});

describe('computeAttribution — rule set advice for the model used', () => {
  const equalSellTo = rules({ models: { ...structuredClone(DEFAULT_RULE_SET.models), sell_to: { sourcing: 50, selling: 50 } } });

  it('warns when the model used splits equally by default', () => {
    const value = plan({ rules: equalSellTo, model: 'sell_to', deal: deal('1000'), partners: [p('a', 'sourcing'), p('b', 'selling')] });
    expect(value.warnings).toEqual([
      { code: 'equal_split', message: 'Sell to splits equally between sourcing, selling (50% each); is that a decision or a placeholder?' },
    ]);
  });

  it('warns when the default model used gives everything to one role', () => {
    const single = rules({ models: { sell_with: { selling: 100 } }, defaultModel: 'sell_with' });
    expect(codes(plan({ rules: single, deal: deal('1000'), partners: [p('a', 'selling'), p('b', 'selling')] }))).toEqual(['single_role_model']);
  });

  it('says nothing about models the plan does not use', () => {
    expect(plan({ rules: equalSellTo, deal: deal('1000'), partners: [p('a', 'sourcing'), p('b', 'selling')] }).warnings).toEqual([]);
    expect(plan({ rules: equalSellTo, model: 'sell_to', deal: deal('1000'), partners: [p('a', 'sourcing')] }).warnings.map((w) => w.code)).toEqual([
      'co_sell_with_one_partner',
    ]);
    expect(plan({ rules: equalSellTo, deal: deal('1000'), partners: [] }).warnings).toEqual([]);
  });
});

describe('computeAttribution — errors name the field', () => {
  it('rejects a close date with junk after the date', () => {
    const result = computeAttribution({ rules: DEFAULT_RULE_SET, deal: deal('1000', 'USD', { closeDate: '2026-03-01Tnonsense' }), partners: [p('a', 'selling')] });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'deal.closeDate' }] });
    expect(plan({ deal: deal('1000', 'USD', { closeDate: '2026-03-01T09:15:00.000-08:00' }), partners: [p('a', 'selling')] }).ruleVersion).toBe('2026.1');
  });

  const two = [p('a', 'selling'), p('b', 'sourcing')];
  it.each<[string, Partial<AttributionInput>, { path: string; message: string }]>([
    ['a negative amount', { deal: deal('-10') }, { path: 'deal.amount', message: 'must not be negative, got "-10"' }],
    ['an unknown role', { partners: [p('a', 'selling'), p('b', 'sales')] }, { path: 'partners[1].roles[0]', message: 'unknown role "sales"' }],
    ['an unknown currency', { deal: deal('10', 'XYZ') }, { path: 'deal.currency', message: 'unknown currency "XYZ"' }],
    ['too many decimals', { deal: deal('10.001') }, { path: 'deal.amount', message: '"10.001" has 3 decimals; USD allows at most 2' }],
    ['too many decimals for JPY', { deal: deal('10.5', 'JPY') }, { path: 'deal.amount', message: '"10.5" has 1 decimals; JPY allows at most 0' }],
    ['a duplicate partner id', { partners: [p('a', 'selling'), p('b'), p('a', 'sourcing')] }, { path: 'partners[2].id', message: 'duplicate partner id "a" (also partners[0])' }],
    ['an empty partner id', { partners: [p(' ', 'selling')] }, { path: 'partners[0].id', message: 'must be a non-empty string' }],
    ['a model not in the rule set', { model: 'sell_to', rules: rules({ models: { sell_with: { selling: 100 } } }) }, { path: 'model', message: '"sell_to" is not a model of rule set 2026.1' }],
    ['an unknown model', { model: 'sell_around' as AttributionModel }, { path: 'model', message: 'unknown model "sell_around"; expected one of none, solo, sell_with, sell_through, sell_to' }],
    ['solo with two partners', { model: 'solo' }, { path: 'model', message: '"solo" needs exactly one partner; this deal has 2' }],
    ['an invalid rule set', { rules: rules({ pool: { soloRate: 20, coSellRate: 25.001 } }) }, { path: 'rules.pool.coSellRate', message: 'must have at most 2 decimals' }],
    ['a bad close date', { deal: deal('10', 'USD', { closeDate: 'soon' }) }, { path: 'deal.closeDate', message: '"soon" is not a date YYYY-MM-DD' }],
    ['a bad as-of date', { asOf: '2026-02-30' }, { path: 'asOf', message: '"2026-02-30" is not a date YYYY-MM-DD' }],
    ['no rule set in force', { asOf: '2025-12-31' }, { path: 'rules', message: 'no rule set in force on 2025-12-31 (the earliest, "2026.1", takes effect 2026-01-01)' }],
  ])('%s', (_name, change, error) => {
    const result = computeAttribution({ deal: deal('1000'), partners: two, rules: DEFAULT_RULE_SET, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual(error);
  });

  it('reports every problem at once', () => {
    const result = computeAttribution({ deal: deal('-1'), partners: [p('a', 'sales'), p('a', 'selling', 'boss')], rules: DEFAULT_RULE_SET });
    expect(result.ok || result.errors.map((e) => e.path)).toEqual(['deal.amount', 'partners[0].roles[0]', 'partners[1].id', 'partners[1].roles[1]']);
  });
});

// ---- properties ----

const CURRENCIES = ['USD', 'JPY', 'KWD', 'CLF'] as const;
const DIGITS: Record<(typeof CURRENCIES)[number], number> = { USD: 2, JPY: 0, KWD: 3, CLF: 4 };

/** Five non-negative integers (hundredths) summing to exactly 10000, as percentages. */
const weightsArb = fc
  .array(fc.integer({ min: 0, max: 10000 }), { minLength: 4, maxLength: 4 })
  .map((cuts) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), 10000];
    return Object.fromEntries(ROLES.map((role, i) => [role, ((points[i + 1] ?? 0) - (points[i] ?? 0)) / 100])) as Record<Role, number>;
  });

const ruleSetArb: fc.Arbitrary<RuleSet> = fc.record({
  version: fc.constant('prop'),
  effectiveFrom: fc.constant('2020-01-01'),
  pool: fc.record({ soloRate: fc.integer({ min: 0, max: 10000 }).map((h) => h / 100), coSellRate: fc.integer({ min: 0, max: 10000 }).map((h) => h / 100) }),
  defaultModel: fc.constantFrom('sell_with', 'sell_through', 'sell_to'),
  models: fc.record({ sell_with: weightsArb, sell_through: weightsArb, sell_to: weightsArb }),
  missingRoles: fc.constantFrom('renormalize', 'retain'),
});

const inputArb: fc.Arbitrary<AttributionInput> = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    minor: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    partners: fc.uniqueArray(
      // Roles may repeat: a duplicate counts once and must not make the output order-dependent.
      fc.record({ id: fc.stringMatching(/^[a-zA-Z0-9_-]{1,6}$/), roles: fc.array(fc.constantFrom(...ROLES), { maxLength: 6 }) }),
      { maxLength: 7, selector: (x) => x.id },
    ),
    model: fc.option(fc.constantFrom(...ATTRIBUTION_MODELS), { nil: undefined }),
    rules: ruleSetArb,
  })
  .map(({ currency, minor, partners, model, rules: r }) => ({
    deal: { id: 'D', amount: formatMoney(minor, currency), currency },
    partners,
    ...(model && !(model === 'solo' && partners.length > 1) ? { model } : {}),
    rules: r,
  }));

function mustPlan(result: Result<AttributionPlan>): AttributionPlan {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}
const minorOf = (text: string, currency: string) => {
  const parsed = parseMoney(text, currency, 'x');
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

describe('computeAttribution — properties', () => {
  it('allocations (plus unallocated) sum exactly to the pool; renormalize leaves nothing unless all weights are 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const value = mustPlan(computeAttribution(input));
        const total = value.allocations.reduce((sum, a) => sum + BigInt(a.amountMinor), 0n);
        expect(total + minorOf(value.unallocated, value.currency)).toBe(BigInt(value.pool.amountMinor));
        for (const a of value.allocations) expect(a.amount).toBe(formatMoney(BigInt(a.amountMinor), value.currency));
        const rulesUsed = input.rules as RuleSet;
        const allZero = value.warnings.some((w) => w.code === 'all_weights_zero');
        if ((value.model === 'solo' || (value.model !== 'none' && rulesUsed.missingRoles === 'renormalize')) && !allZero) {
          expect(value.unallocated).toBe(formatMoney(0n, value.currency));
        }
      }),
    );
  });

  it('does not depend on the order partners (or their roles) are listed', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, seed) => {
        const shuffled = [...input.partners]
          .map((partner, i) => ({ partner: { ...partner, roles: [...partner.roles].reverse() }, key: (i * 7919 + seed) % 104729 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.partner);
        const a = mustPlan(computeAttribution(input));
        const b = mustPlan(computeAttribution({ ...input, partners: shuffled }));
        expect(b).toEqual(a);
        expect(a.allocations.map((x) => x.partnerId)).toEqual([...a.allocations.map((x) => x.partnerId)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      }),
    );
  });

  it('shares are in [0, 1] and never exceed the sum of 1 by more than display rounding', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const value = mustPlan(computeAttribution(input));
        let sum = 0n;
        for (const a of value.allocations) {
          const micro = BigInt(a.share.replace('.', ''));
          expect(micro >= 0n && micro <= 1_000_000n).toBe(true);
          sum += micro;
        }
        expect(sum <= 1_000_000n + BigInt(value.allocations.length)).toBe(true);
      }),
    );
  });

  it('same input → same output', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(computeAttribution(structuredClone(input))).toEqual(computeAttribution(input));
      }),
    );
  });

  it('pool rounding matches an independent bigint computation', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const value = mustPlan(computeAttribution(input));
        const r = input.rules as RuleSet;
        const currency = input.deal.currency as (typeof CURRENCIES)[number];
        // Independently: scale the amount to minor units via string digits, multiply by the
        // rate in hundredths, then compare the remainder with one half to round.
        const [whole = '0', fraction = ''] = input.deal.amount.split('.');
        const amount = BigInt(whole + fraction.padEnd(DIGITS[currency], '0'));
        const percent = value.model === 'none' ? 0 : value.model === 'solo' ? r.pool.soloRate : r.pool.coSellRate;
        const rateHundredths = BigInt(Math.round(percent * 100));
        const product = amount * rateHundredths;
        const quotient = product / 10000n;
        const expected = product % 10000n >= 5000n ? quotient + 1n : quotient;
        expect(value.pool.amountMinor).toBe(expected.toString());
        expect(value.pool.rate).toBe(String(percent));
      }),
    );
  });

  it('each amount is its exact share rounded down or up by one unit (largest remainder)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const value = mustPlan(computeAttribution(input));
        if (value.model === 'none' || value.warnings.some((w) => w.code === 'all_weights_zero')) return;
        const pool = BigInt(value.pool.amountMinor);
        const weights = value.allocations.map((a) => BigInt(a.share.replace('.', ''))); // micro-shares (display)
        value.allocations.forEach((a, i) => {
          // share is rounded to 1e-6, so allow that slack on top of the one rounding unit.
          const approx = (pool * (weights[i] ?? 0n)) / 1_000_000n;
          const slack = pool / 1_000_000n + 2n;
          const diff = BigInt(a.amountMinor) - approx;
          expect(diff >= -slack && diff <= slack).toBe(true);
        });
      }),
    );
  });
});

describe('computeAttribution — overrides', () => {
  const withOverrides = rules({
    version: '2026.3',
    dealProperties: ['territory', 'product_line'],
    overrides: [
      { name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] }, pool: { coSellRate: 30 } },
      {
        name: 'EMEA services',
        when: { properties: { territory: ['EMEA'], product_line: ['Services'] } },
        models: { sell_with: { sourcing: 15, selling: 35, technical_validation: 20, implementation: 30, influence: 0 } },
      },
    ],
  });
  const two = [p('a', 'sourcing'), p('b', 'selling', 'implementation')];

  it('uses the first override that matches and names it in the plan and the explanation', () => {
    // Both overrides match; the first wins: co-sell rate 30, base sell_with weights (20 : 40).
    const value = plan({
      deal: deal('120000', 'USD', { name: 'Oscorp renewal', pipeline: 'enterprise', properties: { territory: 'emea', product_line: 'Services' } }),
      partners: two,
      rules: withOverrides,
    });
    expect(value.ruleVersion).toBe('2026.3');
    expect(value.override).toBe('Enterprise deals');
    expect(value.pool).toMatchObject({ rate: '30', amount: '36000.00' });
    expect(amounts(value)).toEqual({ a: '12000.00', b: '24000.00' });
    expect(value.explanation[0]).toContain("rule set 2026.3, override 'Enterprise deals' (effective 2026-01-01)");
    expect(value.explanation[1]).toBe(
      "Override 'Enterprise deals' applies: it is the first of the rule set's overrides whose conditions this deal meets; it sets the co-sell rate 30%; everything else comes from the rule set.",
    );
    expect(value.explanation.at(-1)).toBe("Rule set version 2026.3, override 'Enterprise deals'.");
  });

  it('falls through to a later override when an earlier one does not match; what it omits comes from the base', () => {
    const value = plan({
      deal: deal('120000', 'USD', { pipeline: 'default', properties: { territory: 'EMEA', product_line: 'Licenses;Services' } }),
      partners: two,
      rules: withOverrides,
    });
    expect(value.override).toBe('EMEA services');
    // Base co-sell rate 25 → pool 30000; weights a 15, b 35 + 30 = 65 of 80 present (influence 0).
    expect(value.pool).toMatchObject({ rate: '25', amount: '30000.00' });
    expect(amounts(value)).toEqual({ a: '5625.00', b: '24375.00' });
    expect(value.explanation[1]).toBe(
      "Override 'EMEA services' applies: it is the first of the rule set's overrides whose conditions this deal meets; it sets the Sell with weights; everything else comes from the rule set.",
    );
    // The implementation weight is no longer 0 under the override: no role_worth_zero warning.
    expect(codes(value)).not.toContain('role_worth_zero:b');
  });

  it('uses the base rules, says so, and records null when no override matches', () => {
    const value = plan({ deal: deal('99999.99', 'USD', { pipeline: 'enterprise' }), partners: two, rules: withOverrides });
    expect(value.override).toBeNull();
    expect(value.pool).toMatchObject({ rate: '25', amount: '25000.00' });
    expect(value.explanation[1]).toBe("No override of rule set 2026.3 applies to this deal: the rule set's own rates and weights are used.");
    expect(value.explanation.at(-1)).toBe('Rule set version 2026.3.');
  });

  it('records null and adds no override line for a rule set without overrides', () => {
    const value = plan({ deal: deal('1000'), partners: two });
    expect(value.override).toBeNull();
    expect(value.explanation.join('\n')).not.toMatch(/[Oo]verride/);
  });

  it('names the override in warnings that cite the rules in force', () => {
    const zeroImpl = rules({ overrides: [{ name: 'Small deals', when: { maxAmount: '5000' }, pool: { soloRate: 10 } }] });
    const value = plan({ deal: deal('1000'), partners: [p('a', 'selling'), p('b', 'implementation')], rules: zeroImpl });
    expect(value.warnings.find((w) => w.code === 'role_worth_zero')?.message).toContain("under the rules in force (2026.1, override 'Small deals')");
  });

  it('lets a requested model be one only the override defines', () => {
    const r = rules({ models: { sell_with: DEFAULT_RULE_SET.models.sell_with }, overrides: [{ name: 'Resale', when: { currencies: ['EUR'] }, models: { sell_through: { selling: 100 } } }] });
    expect(plan({ deal: deal('100', 'EUR'), partners: two, rules: r, model: 'sell_through' }).override).toBe('Resale');
    const usd = computeAttribution({ deal: deal('100', 'USD'), partners: two, rules: r, model: 'sell_through' });
    expect(usd.ok ? null : usd.errors).toEqual([{ path: 'model', message: '"sell_through" is not a model of rule set 2026.1' }]);
  });

  it.each<[string, Partial<AttributionInput['deal']>, string, string]>([
    ['a pipeline that is not a string', { pipeline: 7 as unknown as string }, 'deal.pipeline', 'must be a pipeline id (a string)'],
    ['properties that are a list', { properties: ['EMEA'] as unknown as Record<string, string> }, 'deal.properties', 'must be an object of deal property → value'],
    ['a property value that is a number', { properties: { territory: 3 as unknown as string } }, 'deal.properties.territory', 'must be a string or null'],
  ])('rejects %s, naming the field', (_name, extra, path, message) => {
    const result = computeAttribution({ deal: deal('100', 'USD', extra), partners: two, rules: withOverrides });
    expect(result.ok ? null : result.errors).toEqual([{ path, message }]);
  });
});

/** Overrides whose conditions split deals by amount and currency, each with its own rates and tables. */
const overridesArb = fc.array(
  fc.record({
    min: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: undefined }),
    currencies: fc.option(fc.subarray([...CURRENCIES], { minLength: 1 }), { nil: undefined }),
    pool: fc.option(fc.record({ coSellRate: fc.integer({ min: 0, max: 10000 }).map((h) => h / 100) }), { nil: undefined }),
    models: fc.option(fc.record({ sell_with: weightsArb }), { nil: undefined }),
    missingRoles: fc.option(fc.constantFrom('renormalize' as const, 'retain' as const), { nil: undefined }),
  }),
  { maxLength: 3 },
);

describe('computeAttribution — properties under overrides', () => {
  it('allocations (plus unallocated) sum exactly to the pool whichever override applies, and the plan names the first that matches', () => {
    fc.assert(
      fc.property(inputArb, overridesArb, (input, specs) => {
        const overrides = specs.map((s, i) => ({
          name: `Override ${i + 1}`,
          when: { ...(s.min !== undefined ? { minAmount: `${s.min}` } : {}), ...(s.currencies ? { currencies: s.currencies } : {}) },
          ...(s.pool ? { pool: s.pool } : {}),
          ...(s.models ? { models: s.models } : {}),
          ...(s.missingRoles ? { missingRoles: s.missingRoles } : {}),
        }));
        const r = { ...(input.rules as RuleSet), overrides };
        const value = mustPlan(computeAttribution({ ...input, rules: r }));
        const total = value.allocations.reduce((sum, a) => sum + BigInt(a.amountMinor), 0n);
        expect(total + minorOf(value.unallocated, value.currency)).toBe(BigInt(value.pool.amountMinor));
        const amountMinor = minorOf(input.deal.amount, input.deal.currency);
        const scale = 10n ** BigInt(DIGITS[input.deal.currency as (typeof CURRENCIES)[number]]);
        const expected = specs.findIndex((s) => (s.min === undefined || amountMinor >= s.min * scale) && (!s.currencies || s.currencies.includes(input.deal.currency as never)));
        expect(value.override).toBe(expected === -1 ? null : `Override ${expected + 1}`);
        const used = expected === -1 ? undefined : specs[expected];
        if (value.model !== 'none' && value.model !== 'solo') {
          expect(value.pool.rate).toBe(String(used?.pool?.coSellRate ?? r.pool.coSellRate));
        }
      }),
    );
  });
});
