import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, ROLES, computeAttribution, parseMoney, type AccountConflict, type AttributionInput, type AttributionPlan } from '../domain';
import { DEAL_OUTPUT_PROPERTIES } from './app-schema';
import { MAX_TEXT_PROPERTY_LENGTH, groupThousands, roleAmountsMinor, shareToPercent, toDealOutputProperties } from './deal-output-properties';

function plan(input: Omit<AttributionInput, 'rules'>): AttributionPlan {
  const result = computeAttribution({ ...input, rules: DEFAULT_RULE_SET });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const minor = (text: string) => {
  const r = parseMoney(text, 'USD', 'x');
  if (!r.ok) throw new Error(text);
  return r.value;
};

const conflict = (a: string, b: string, message: string): AccountConflict => ({
  entryIds: [a, b],
  reason: 'different_partners',
  matchedOn: 'company',
  accountValue: '900',
  partnerIds: ['p1', 'p3'],
  message,
});

describe('toDealOutputProperties', () => {
  const names = new Map([
    ['p1', 'Acme'],
    ['p2', 'Globex'],
    ['p3', 'Initech'],
  ]);
  const threePartners = plan({
    deal: { id: 'D1', amount: '123456.78', currency: 'USD' },
    partners: [
      { id: 'p2', roles: ['technical_validation'] },
      { id: 'p1', roles: ['sourcing', 'selling'] },
      { id: 'p3', roles: ['selling', 'influence'] },
    ],
  });

  it('always writes every output property, clearing with "" when there is no plan', () => {
    const out = toDealOutputProperties(null, [], { dealId: 'D1' });
    expect(Object.keys(out).sort()).toEqual([...DEAL_OUTPUT_PROPERTIES].sort());
    expect(out['cosell_model']).toBe('none');
    expect(out['cosell_motion']).toBe('direct');
    expect(out['cosell_partner_count']).toBe('0');
    expect(out['cosell_conflict']).toBe('false');
    expect(out['cosell_sourcing_partner']).toBe('');
    expect(out['cosell_sourcing_amount']).toBe('');
    expect(out['cosell_split_summary']).toBe('');
  });

  it('writes model, count, pairing, pool, rule version and one summary line per partner', () => {
    const out = toDealOutputProperties(threePartners, [], { dealId: 'D1', names, ruleSet: DEFAULT_RULE_SET });
    expect(Object.keys(out).sort()).toEqual([...DEAL_OUTPUT_PROPERTIES].sort());
    expect(out).toMatchObject({
      cosell_model: 'sell_with',
      cosell_partner_count: '3',
      cosell_motion: 'co_sell',
      cosell_pairing: 'p1+p2+p3',
      cosell_pool_rate: threePartners.pool.rate,
      cosell_pool_amount: threePartners.pool.amount,
      cosell_rule_version: '2026.1',
      cosell_conflict: 'false',
      cosell_conflict_details: '',
    });
    const lines = out['cosell_split_summary']!.split('\n');
    expect(lines).toHaveLength(3);
    const acme = threePartners.allocations.find((a) => a.partnerId === 'p1')!;
    expect(lines[0]).toBe(`Acme (sourcing, selling) ${shareToPercent(acme.share)}% = ${groupThousands(acme.amount)} USD`);
    expect(lines[0]).toMatch(/^Acme \(sourcing, selling\) \d+(\.\d{1,2})?% = [\d,]+\.\d\d USD$/);
    expect(lines[1]).toMatch(/^Globex \(technical validation\) /);
    // Shared role: both names, ";"-joined; a role nobody holds is cleared.
    expect(out['cosell_selling_partner']).toBe('Acme;Initech');
    expect(out['cosell_implementation_partner']).toBe('');
    expect(out['cosell_implementation_amount']).toBe('');
  });

  it('splits each partner by its role weights: selling shared by two counts 40/2 each', () => {
    const out = toDealOutputProperties(threePartners, [], { dealId: 'D1', names, ruleSet: DEFAULT_RULE_SET });
    const byRole = Object.fromEntries(ROLES.map((r) => [r, out[`cosell_${r}_amount`]]));
    const acme = minor(threePartners.allocations.find((a) => a.partnerId === 'p1')!.amount);
    // Acme holds sourcing 20 and half of selling (20): its amount splits 1:1, ±1 cent of rounding.
    const sourcing = minor(byRole['sourcing']!);
    expect(sourcing * 2n - acme).toBeGreaterThanOrEqual(-1n);
    expect(sourcing * 2n - acme).toBeLessThanOrEqual(1n);
    const total = Object.values(byRole).filter(Boolean).reduce((s, v) => s + minor(v!), 0n);
    expect(total).toBe(minor(threePartners.pool.amount));
  });

  it('role amounts always add up exactly to the allocated pool (property)', () => {
    const rolesArb = fc.subarray([...ROLES], { minLength: 1 });
    fc.assert(
      fc.property(
        fc.array(rolesArb, { minLength: 1, maxLength: 5 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.boolean(),
        (partnerRoles, cents, withRules) => {
          const p = plan({
            deal: { id: 'D', amount: `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`, currency: 'USD' },
            partners: partnerRoles.map((roles, i) => ({ id: `p${i}`, roles })),
          });
          const allocated = p.allocations.reduce((s, a) => s + BigInt(a.amountMinor), 0n);
          const byRole = roleAmountsMinor(p, withRules ? DEFAULT_RULE_SET : undefined);
          expect([...byRole.values()].reduce((s, v) => s + v, 0n)).toBe(allocated);
          for (const v of byRole.values()) expect(v >= 0n).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('flags conflicts that involve this deal and lists them, capped at HubSpot’s text limit', () => {
    const out = toDealOutputProperties(threePartners, [conflict('D1', 'D2', 'D1 and D2 share account 900 with different partners'), conflict('D3', 'D4', 'not mine')], {
      dealId: 'D1',
    });
    expect(out['cosell_conflict']).toBe('true');
    expect(out['cosell_conflict_details']).toBe('D1 and D2 share account 900 with different partners');
    const many = Array.from({ length: 2_000 }, (_, i) => conflict('D1', `X${i}`, `D1 conflicts with X${i} `.padEnd(60, '.')));
    const capped = toDealOutputProperties(threePartners, many, { dealId: 'D1' })['cosell_conflict_details']!;
    expect(capped.length).toBeLessThanOrEqual(MAX_TEXT_PROPERTY_LENGTH);
    expect(capped.endsWith('(truncated)')).toBe(true);
  });

  describe('closed-lost deals: status lost, nothing a report sums as earned', () => {
    const amountProps = ['cosell_pool_amount', ...ROLES.map((r) => `cosell_${r}_amount`)];

    it('writes cosell_status = lost and every amount as 0, keeping who was on the deal', () => {
      const out = toDealOutputProperties(threePartners, [], { dealId: 'D1', names, ruleSet: DEFAULT_RULE_SET, status: 'lost' });
      expect(out['cosell_status']).toBe('lost');
      for (const prop of amountProps) expect(out[prop] === '' || minor(out[prop]!) === 0n).toBe(true);
      expect(out['cosell_pool_amount']).toBe('0.00');
      expect(out['cosell_selling_amount']).toBe('0.00');
      expect(out['cosell_selling_partner']).toBe('Acme;Initech');
      expect(out['cosell_split_summary']!.split('\n')[0]).toBe('Closed lost: no commission is earned on this deal. The split it would have paid:');
    });

    it('writes won and open deals with their computed amounts', () => {
      for (const status of ['won', 'open'] as const) {
        const out = toDealOutputProperties(threePartners, [], { dealId: 'D1', names, ruleSet: DEFAULT_RULE_SET, status });
        expect(out['cosell_status']).toBe(status);
        expect(out['cosell_pool_amount']).toBe(threePartners.pool.amount);
        expect(minor(out['cosell_selling_amount']!)).toBeGreaterThan(0n);
        expect(out['cosell_split_summary']).not.toContain('Closed lost');
      }
    });

    it('a report summing amounts over any mix of deals counts only the deals not lost (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom('open', 'won', 'lost'), { minLength: 1, maxLength: 8 }), (statuses) => {
          const rows = statuses.map((status) => toDealOutputProperties(threePartners, [], { dealId: 'D1', names, ruleSet: DEFAULT_RULE_SET, status }));
          const sum = rows.reduce((acc, row) => acc + minor(row['cosell_pool_amount']!), 0n);
          expect(sum).toBe(BigInt(statuses.filter((s) => s !== 'lost').length) * minor(threePartners.pool.amount));
        }),
        { numRuns: 50 },
      );
    });
  });

  it('solo deals have no pairing; the whole pool is the single role amount', () => {
    const solo = plan({ deal: { id: 'S', amount: '1000', currency: 'JPY' }, partners: [{ id: 'p9', roles: ['sourcing'] }] });
    const out = toDealOutputProperties(solo, [], { dealId: 'S' });
    expect(out['cosell_model']).toBe('solo');
    expect(out['cosell_motion']).toBe('solo');
    expect(out['cosell_pairing']).toBe('');
    expect(out['cosell_sourcing_partner']).toBe('Company p9');
    expect(out['cosell_sourcing_amount']).toBe(solo.pool.amount);
    expect(out['cosell_sourcing_amount']).toMatch(/^\d+$/);
  });
});

describe('formatting helpers', () => {
  it.each([
    ['0.400000', '40'],
    ['0.333333', '33.33'],
    ['0.666667', '66.67'],
    ['1.000000', '100'],
    ['0.005000', '0.5'],
    ['0', '0'],
  ])('shareToPercent(%s) = %s', (share, percent) => expect(shareToPercent(share)).toBe(percent));

  it.each([
    ['1234.00', '1,234.00'],
    ['123', '123'],
    ['1234567.891', '1,234,567.891'],
    ['-1000', '-1,000'],
  ])('groupThousands(%s) = %s', (raw, grouped) => expect(groupThousands(raw)).toBe(grouped));
});

describe('toDealOutputProperties under a rule override', () => {
  const rules = {
    ...DEFAULT_RULE_SET,
    version: '2026.3',
    overrides: [
      {
        name: 'Enterprise deals',
        when: { minAmount: '100000' },
        pool: { coSellRate: 30 },
        models: { sell_with: { sourcing: 10, selling: 30, technical_validation: 20, implementation: 40, influence: 0 } },
      },
    ],
  };
  const compute = (amount: string) => {
    const result = computeAttribution({
      deal: { id: 'E', amount, currency: 'USD' },
      partners: [{ id: 'p1', roles: ['sourcing', 'implementation'] }, { id: 'p2', roles: ['selling'] }],
      rules,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value;
  };

  it('writes the override after the version in cosell_rule_version, and the bare version without one', () => {
    expect(toDealOutputProperties(compute('200000'), [], { dealId: 'E', ruleSet: rules })['cosell_rule_version']).toBe('2026.3 · Enterprise deals');
    expect(toDealOutputProperties(compute('5000'), [], { dealId: 'E', ruleSet: rules })['cosell_rule_version']).toBe('2026.3');
  });

  it("splits a multi-role partner's amount with the override's weights, not the base's", () => {
    // Pool 200000 × 30% = 60000; p1 = sourcing 10 + implementation 40 = 50 of 80 → 37500; p2 = 30 → 22500.
    const p = compute('200000');
    expect(p.allocations.map((a) => a.amount)).toEqual(['37500.00', '22500.00']);
    const byRole = roleAmountsMinor(p, rules);
    // p1's 37500 splits 10 : 40 → sourcing 7500, implementation 30000 (the base gives implementation 0).
    expect(byRole.get('sourcing')).toBe(750000n);
    expect(byRole.get('implementation')).toBe(3000000n);
    expect(byRole.get('selling')).toBe(2250000n);
  });

  it('reads a plan stored before overrides existed (no override field) with the base rules', () => {
    const { override: _omit, ...old } = compute('5000');
    expect(toDealOutputProperties(old as AttributionPlan, [], { dealId: 'E', ruleSet: rules })['cosell_rule_version']).toBe('2026.3');
  });
});
