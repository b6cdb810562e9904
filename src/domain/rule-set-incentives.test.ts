import { describe, expect, it } from 'vitest';
import type { Incentives, RuleSet } from './rule-set';
import { DEFAULT_RULE_SET, diffRuleSets, parseRuleSet, parseRuleSets, percentStringToHundredths } from './rule-set';

/** The example incentives. */
const EXAMPLE: Incentives = {
  fiscalYearStartMonth: 1,
  coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
  tiers: [
    { name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] },
    { name: 'Co-sell Gold', minCoSellWins: 10, benefits: ['Priority deal registration', 'Faster payout cycle'] },
  ],
};

const withIncentives = (incentives: unknown): unknown => ({ ...structuredClone(DEFAULT_RULE_SET), incentives });
const errorsOf = (incentives: unknown) => {
  const parsed = parseRuleSet(withIncentives(incentives), 'rules');
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('rule set incentives', () => {
  it('accepts the issue example unchanged, and an uplift reward', () => {
    expect(parseRuleSet(withIncentives(EXAMPLE))).toEqual({ ok: true, value: { ...DEFAULT_RULE_SET, incentives: EXAMPLE } });
    const uplift = { ...EXAMPLE, coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '2.5' } } };
    const parsed = parseRuleSet(withIncentives(uplift));
    expect(parsed.ok && parsed.value.incentives?.coSellBonus?.reward).toEqual({ kind: 'uplift', percent: '2.5' });
  });

  it('fills in calendar quarters and no tiers when left out; no bonus stays absent', () => {
    const parsed = parseRuleSet(withIncentives({}));
    expect(parsed.ok && parsed.value.incentives).toEqual({ fiscalYearStartMonth: 1, tiers: [] });
    const noBenefits = parseRuleSet(withIncentives({ tiers: [{ name: 'Silver', minCoSellWins: 2 }] }));
    expect(noBenefits.ok && noBenefits.value.incentives?.tiers).toEqual([{ name: 'Silver', minCoSellWins: 2, benefits: [] }]);
  });

  it.each<[string, unknown, string]>([
    ['tiers out of order', { ...EXAMPLE, tiers: [EXAMPLE.tiers[0], { ...EXAMPLE.tiers[1], minCoSellWins: 5 }] }, "rules.incentives.tiers[1].minCoSellWins: must be greater than the previous tier's (Co-sell Silver: 5)"],
    ['two tiers with one name', { tiers: [{ name: 'Gold', minCoSellWins: 1 }, { name: 'gold', minCoSellWins: 2 }] }, 'rules.incentives.tiers[1].name: "gold" is also the name of incentives.tiers[0]'],
    ['a month 13', { fiscalYearStartMonth: 13 }, 'rules.incentives.fiscalYearStartMonth: must be a month number from 1 (January) to 12 (December)'],
    ['a fractional month', { fiscalYearStartMonth: 4.5 }, 'rules.incentives.fiscalYearStartMonth: must be a month number'],
    ['zero wins', { coSellBonus: { minCoSellWins: 0, reward: EXAMPLE.coSellBonus?.reward } }, 'rules.incentives.coSellBonus.minCoSellWins: must be at least 1'],
    ['fractional wins', { tiers: [{ name: 'x', minCoSellWins: 2.5 }] }, 'rules.incentives.tiers[0].minCoSellWins: must be a whole number of co-sell wins'],
    ['an unknown reward kind', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'gift' } } }, 'rules.incentives.coSellBonus.reward.kind: must be { "kind": "fixed", "amount", "currency" } or { "kind": "uplift", "percent" }'],
    ['a reward that is not an object', { coSellBonus: { minCoSellWins: 1, reward: 5 } }, 'rules.incentives.coSellBonus.reward: must be { "kind": "fixed"'],
    ['a number amount', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: 5000, currency: 'USD' } } }, 'rules.incentives.coSellBonus.reward.amount: must be a decimal string like "5000.00"'],
    ['too many decimals', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '10.5', currency: 'JPY' } } }, 'rules.incentives.coSellBonus.reward.amount: "10.5" has 1 decimals; JPY allows at most 0'],
    ['a zero amount', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '0.00', currency: 'USD' } } }, 'rules.incentives.coSellBonus.reward.amount: must be more than 0, got "0.00"'],
    ['a negative amount', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '-5', currency: 'USD' } } }, 'rules.incentives.coSellBonus.reward.amount: must be more than 0'],
    ['an unknown currency', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '5', currency: 'usd' } } }, 'rules.incentives.coSellBonus.reward.currency: unknown currency "usd"'],
    ['a number percent', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: 5 } } }, 'rules.incentives.coSellBonus.reward.percent: must be a decimal string of percentage points'],
    ['three decimals', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: '2.125' } } }, 'rules.incentives.coSellBonus.reward.percent: must be a decimal string of percentage points like "5" or "2.5", at most 2 decimals'],
    ['a zero percent', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: '0.00' } } }, 'rules.incentives.coSellBonus.reward.percent: must be more than 0 and at most 100'],
    ['over 100 percent', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: '100.01' } } }, 'rules.incentives.coSellBonus.reward.percent: must be more than 0 and at most 100'],
    ['an unknown field', { ...EXAMPLE, bonus: 1 }, 'rules.incentives.bonus: unknown field "bonus"'],
    ['an unknown reward field', { coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: '5', currency: 'USD' } } }, 'rules.incentives.coSellBonus.reward.currency: unknown field "currency"'],
    ['an empty tier name', { tiers: [{ name: ' ', minCoSellWins: 1 }] }, 'rules.incentives.tiers[0].name: must be a non-empty string'],
    ['an empty benefit', { tiers: [{ name: 'Silver', minCoSellWins: 1, benefits: ['leads', ''] }] }, 'rules.incentives.tiers[0].benefits[1]: must be a non-empty string'],
    ['not an object', 'yes', 'rules.incentives: must be an object with fiscalYearStartMonth, coSellBonus and tiers'],
    ['a number tier uplift', { tiers: [{ name: 'Gold', minCoSellWins: 1, commissionUpliftPercent: 2 }] }, 'rules.incentives.tiers[0].commissionUpliftPercent: must be a decimal string of percentage points'],
    ['a tier uplift with 3 decimals', { tiers: [{ name: 'Gold', minCoSellWins: 1, commissionUpliftPercent: '1.125' }] }, 'rules.incentives.tiers[0].commissionUpliftPercent: must be a decimal string of percentage points like "5" or "2.5", at most 2 decimals'],
    ['a zero tier uplift', { tiers: [{ name: 'Gold', minCoSellWins: 1, commissionUpliftPercent: '0' }] }, 'rules.incentives.tiers[0].commissionUpliftPercent: must be more than 0 and at most 100'],
    ['a tier uplift over 100', { tiers: [{ name: 'Silver', minCoSellWins: 1 }, { name: 'Gold', minCoSellWins: 2, commissionUpliftPercent: '100.5' }] }, 'rules.incentives.tiers[1].commissionUpliftPercent: must be more than 0 and at most 100'],
  ])('refuses %s, naming the field', (_name, incentives, message) => {
    expect(errorsOf(incentives).join('\n')).toContain(message);
  });

  it('is versioned with the rule set: each version in a history carries its own', () => {
    const later: RuleSet = { ...structuredClone(DEFAULT_RULE_SET), version: '2026.2', effectiveFrom: '2026-07-01', incentives: { ...EXAMPLE, fiscalYearStartMonth: 4 } };
    const parsed = parseRuleSets([DEFAULT_RULE_SET, later], 'rules');
    expect(parsed.ok && parsed.value.map((r) => r.incentives?.fiscalYearStartMonth)).toEqual([undefined, 4]);
    const bad = parseRuleSets([DEFAULT_RULE_SET, { ...later, incentives: { tiers: [{ name: 'x', minCoSellWins: 0 }] } }], 'rules');
    expect(bad).toMatchObject({ ok: false, errors: [{ path: 'rules[1].incentives.tiers[0].minCoSellWins', message: 'must be at least 1' }] });
  });

  it('keeps a tier\'s commission uplift as written, up to 100 with 2 decimals', () => {
    const parsed = parseRuleSet(withIncentives({ tiers: [{ name: 'Silver', minCoSellWins: 2, commissionUpliftPercent: '1.25' }, { name: 'Gold', minCoSellWins: 5, commissionUpliftPercent: '100' }] }));
    expect(parsed.ok && parsed.value.incentives?.tiers.map((t) => t.commissionUpliftPercent)).toEqual(['1.25', '100']);
  });

  it('percent strings become hundredths exactly', () => {
    expect(['5', '2.5', '0.01', '33.33', '100', '007.10'].map(percentStringToHundredths)).toEqual([500n, 250n, 1n, 3333n, 10000n, 710n]);
  });
});

describe('diffRuleSets with incentives', () => {
  const base: RuleSet = { ...structuredClone(DEFAULT_RULE_SET), incentives: structuredClone(EXAMPLE) };

  it('says when incentives are added or removed', () => {
    expect(diffRuleSets(DEFAULT_RULE_SET, base)).toEqual([
      'incentives: added (fiscal year starts in month 1; co-sell bonus 5000.00 USD from 3 co-sell wins; ' +
        'tiers Co-sell Silver (5: Exclusive leads), Co-sell Gold (10: Priority deal registration, Faster payout cycle))',
    ]);
    expect(diffRuleSets(base, DEFAULT_RULE_SET)).toEqual(['incentives: removed']);
  });

  it('lists a changed calendar, bonus and tiers', () => {
    const after: RuleSet = {
      ...structuredClone(base),
      incentives: { fiscalYearStartMonth: 4, coSellBonus: { minCoSellWins: 1, reward: { kind: 'uplift', percent: '5' } }, tiers: [] },
    };
    expect(diffRuleSets(base, after)).toEqual([
      'incentives.fiscalYearStartMonth: 1 → 4',
      'incentives.coSellBonus: 5000.00 USD from 3 co-sell wins → 5% uplift from 1 co-sell win',
      'incentives.tiers: Co-sell Silver (5: Exclusive leads), Co-sell Gold (10: Priority deal registration, Faster payout cycle) → none',
    ]);
    expect(diffRuleSets(base, structuredClone(base))).toEqual([]);
  });
});
