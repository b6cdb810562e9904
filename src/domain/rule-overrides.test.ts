import { describe, expect, it } from 'vitest';
import { compareDecimals } from './money';
import type { DealFacts, OverrideWhen, RuleOverride } from './rule-overrides';
import { applyOverride, coversWhen, findOverride, matchesWhen, overrideWarnings } from './rule-overrides';
import type { RuleSet } from './rule-set';
import { DEFAULT_RULE_SET, diffRuleSets, parseRuleSet, ruleSetWarnings } from './rule-set';

const base = (over: Partial<RuleSet> = {}): RuleSet => ({ ...structuredClone(DEFAULT_RULE_SET), dealProperties: ['territory', 'product_line'], ...over });
const deal = (over: Partial<DealFacts> = {}): DealFacts => ({ amount: '50000.00', currency: 'USD', pipeline: 'default', properties: {}, ...over });
const o = (name: string, when: OverrideWhen, rest: Partial<RuleOverride> = {}): RuleOverride => ({ name, when, ...rest });

const ISSUE_EXAMPLE = [
  o('Enterprise deals', { minAmount: '100000.00', pipelines: ['enterprise'] }, { pool: { coSellRate: 30 } }),
  o('EMEA services', { properties: { territory: ['EMEA'], product_line: ['Services'] } }, {
    models: { sell_with: { sourcing: 15, selling: 35, technical_validation: 20, implementation: 30, influence: 0 } },
  }),
];

describe('parseRuleSet with overrides', () => {
  it('accepts the example from docs/rule-sets.md and keeps the order', () => {
    const parsed = parseRuleSet(base({ overrides: ISSUE_EXAMPLE }));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.overrides?.map((x) => x.name)).toEqual(['Enterprise deals', 'EMEA services']);
  });

  it('answers a malformed amount beside a bound with a field error, never a throw', () => {
    const parsed = parseRuleSet(base({ overrides: [o('Odd', { minAmount: 'x', maxAmount: '5000' })] }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toEqual(['overrides[0].when.minAmount']);
  });

  it('still accepts rule sets without overrides, unchanged', () => {
    expect(parseRuleSet(DEFAULT_RULE_SET)).toEqual({ ok: true, value: DEFAULT_RULE_SET });
  });

  const weights95 = { sourcing: 15, selling: 30, technical_validation: 20, implementation: 30, influence: 0 };
  it.each<[string, unknown, string, string]>([
    ['override weights not summing to 100', [ISSUE_EXAMPLE[0], o('B', {}, { models: { sell_with: weights95 } })], 'rules.overrides[1].models.sell_with', 'role weights must sum to exactly 100, got 95'],
    ['minAmount equal to maxAmount', [o('A', { minAmount: '100.00', maxAmount: '100' })], 'rules.overrides[0].when.maxAmount', 'must be above minAmount (100.00): no amount is at least 100.00 and below 100, so this override could never apply'],
    ['minAmount above maxAmount', [o('A', { minAmount: '100.01', maxAmount: '100' })], 'rules.overrides[0].when.maxAmount', 'must be above minAmount (100.01): no amount is at least 100.01 and below 100, so this override could never apply'],
    ['an amount as a JSON number', [o('A', { minAmount: 100 as unknown as string })], 'rules.overrides[0].when.minAmount', 'must be a decimal string like "100000.00" (a JSON number could already have lost precision)'],
    ['a negative amount', [o('A', { maxAmount: '-5' })], 'rules.overrides[0].when.maxAmount', 'must be a decimal string like "100000.00" (a JSON number could already have lost precision)'],
    ['an unknown currency', [o('A', { currencies: ['USD', 'usd'] })], 'rules.overrides[0].when.currencies[1]', 'unknown currency "usd" (an ISO 4217 code in capitals, like "USD")'],
    ['an empty currency list', [o('A', { currencies: [] })], 'rules.overrides[0].when.currencies', 'must list at least one of currencies (an empty list matches no deal)'],
    ['an empty pipeline list', [o('A', { pipelines: [] })], 'rules.overrides[0].when.pipelines', 'must list at least one of pipeline ids (an empty list matches no deal)'],
    ['an empty value list', [o('A', { properties: { territory: [] } })], 'rules.overrides[0].when.properties.territory', 'must list at least one of values (an empty list matches no deal)'],
    ['a value with ";"', [o('A', { properties: { territory: ['EMEA;APAC'] } })], 'rules.overrides[0].when.properties.territory[0]', 'must not contain ";" (HubSpot separates the values of a multiple-checkbox property with it); list each value on its own'],
    ['a property not in dealProperties', [o('A', { properties: { region: ['EMEA'] } })], 'rules.overrides[0].when.properties.region', '"region" is not listed in dealProperties (the deal properties the worker reads)'],
    ['an unknown condition', [o('A', { stage: ['won'] } as OverrideWhen)], 'rules.overrides[0].when.stage', 'unknown condition "stage"'],
    ['an unknown field', [{ ...o('A', {}), tier: 'gold' }], 'rules.overrides[0].tier', 'unknown field "tier"'],
    ['a missing when', [{ name: 'A' }], 'rules.overrides[0].when', 'must be an object of conditions'],
    ['an empty name', [o(' ', {})], 'rules.overrides[0].name', 'must be a non-empty name'],
    ['a name on two lines', [o('A\nB', {})], 'rules.overrides[0].name', 'must be one line of text'],
    ['a duplicate name (case-insensitive)', [o('Enterprise', {}), o('enterprise ', { currencies: ['EUR'] })], 'rules.overrides[1].name', '"enterprise" is also the name of overrides[0]'],
    ['a default model nobody defines', [o('A', {}, { defaultModel: 'sell_to' })], 'rules.overrides[0].defaultModel', '"sell_to" is not one of the models of the rule set or of override \'A\''],
    ['an override rate over 100', [o('A', {}, { pool: { soloRate: 101 } })], 'rules.overrides[0].pool.soloRate', 'must be between 0 and 100'],
    ['a bad override policy', [o('A', {}, { missingRoles: 'ignore' as never })], 'rules.overrides[0].missingRoles', 'must be "renormalize" or "retain"'],
  ])('rejects %s, naming the field', (_name, overrides, path, message) => {
    const rules = base({ models: { sell_with: DEFAULT_RULE_SET.models.sell_with }, overrides: overrides as RuleOverride[] });
    const parsed = parseRuleSet(rules, 'rules');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toContainEqual({ path, message });
  });

  it('accepts a default model that only the override defines', () => {
    const rules = base({ models: { sell_with: DEFAULT_RULE_SET.models.sell_with }, overrides: [o('A', {}, { defaultModel: 'sell_to', models: { sell_to: { selling: 100 } } })] });
    expect(parseRuleSet(rules).ok).toBe(true);
  });

  it('rejects a dealProperties entry listed twice and one that is not a property name', () => {
    const parsed = parseRuleSet(base({ dealProperties: ['territory', 'Territory', 'product line'] }), 'rules');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toContainEqual({ path: 'rules.dealProperties[1]', message: '"Territory" is already listed (dealProperties[0])' });
      expect(parsed.errors).toContainEqual({ path: 'rules.dealProperties[2]', message: 'must be a deal property internal name (letters, digits and underscores), like "territory"' });
    }
  });
});

describe('matchesWhen: each key', () => {
  it.each<[string, OverrideWhen, Partial<DealFacts>, boolean]>([
    ['{} matches any deal', {}, {}, true],
    ['minAmount is inclusive', { minAmount: '100000.00' }, { amount: '100000.00' }, true],
    ['minAmount compares exactly, not as a float', { minAmount: '100000.001' }, { amount: '100000.00' }, false],
    ['minAmount above the amount', { minAmount: '100000' }, { amount: '99999.99' }, false],
    ['maxAmount is exclusive', { maxAmount: '100000' }, { amount: '100000.00' }, false],
    ['maxAmount just above', { maxAmount: '100000.01' }, { amount: '100000.00' }, true],
    ['amount bounds in a zero-decimal currency', { minAmount: '1000000', maxAmount: '5000000' }, { amount: '1000000', currency: 'JPY' }, true],
    ['amount far beyond a float\'s precision', { minAmount: '90071992547409930.01' }, { amount: '90071992547409930.00' }, false],
    ['currencies: listed', { currencies: ['EUR', 'USD'] }, { currency: 'USD' }, true],
    ['currencies: not listed', { currencies: ['EUR'] }, { currency: 'USD' }, false],
    ['pipelines: listed', { pipelines: ['enterprise'] }, { pipeline: 'enterprise' }, true],
    ['pipelines: ids are exact', { pipelines: ['enterprise'] }, { pipeline: 'Enterprise' }, false],
    ['pipelines: the deal has none', { pipelines: ['enterprise'] }, { pipeline: null }, false],
    ['properties: value case-insensitive', { properties: { territory: ['EMEA'] } }, { properties: { territory: 'emea' } }, true],
    ['properties: name case-insensitive', { properties: { Territory: ['EMEA'] } }, { properties: { territory: 'EMEA' } }, true],
    ['properties: other value', { properties: { territory: ['EMEA'] } }, { properties: { territory: 'APAC' } }, false],
    ['properties: missing on the deal', { properties: { territory: ['EMEA'] } }, { properties: {} }, false],
    ['properties: empty on the deal', { properties: { territory: ['EMEA'] } }, { properties: { territory: '' } }, false],
    ['properties: one value of a multiple checkbox', { properties: { product_line: ['Services'] } }, { properties: { product_line: 'Licenses;Services' } }, true],
    ['properties: all must hold', { properties: { territory: ['EMEA'], product_line: ['Services'] } }, { properties: { territory: 'EMEA', product_line: 'Licenses' } }, false],
    ['all keys must hold', { minAmount: '100000', pipelines: ['enterprise'] }, { amount: '150000', pipeline: 'default' }, false],
  ])('%s', (_name, when, facts, expected) => {
    expect(matchesWhen(when, deal(facts))).toBe(expected);
  });
});

describe('findOverride: the first match wins', () => {
  const list = [o('Big', { minAmount: '100000' }), o('EMEA', { properties: { territory: ['EMEA'] } }), o('Any', {})];
  it.each<[Partial<DealFacts>, string]>([
    [{ amount: '150000', properties: { territory: 'EMEA' } }, 'Big'],
    [{ amount: '50000', properties: { territory: 'EMEA' } }, 'EMEA'],
    [{ amount: '50000', properties: { territory: 'APAC' } }, 'Any'],
  ])('%j → %s', (facts, name) => {
    const found = findOverride(list, deal(facts));
    expect(found?.override.name).toBe(name);
    expect(found?.index).toBe(list.findIndex((x) => x.name === name));
  });

  it('returns null when none matches, or when there are no overrides', () => {
    expect(findOverride(list.slice(0, 2), deal({ amount: '10', properties: {} }))).toBeNull();
    expect(findOverride(undefined, deal())).toBeNull();
  });
});

describe('applyOverride: what it omits comes from the base', () => {
  it.each<[string, Partial<RuleOverride>, (r: RuleSet) => unknown, unknown]>([
    ['only the co-sell rate', { pool: { coSellRate: 30 } }, (r) => r.pool, { soloRate: 20, coSellRate: 30 }],
    ['only the solo rate', { pool: { soloRate: 5 } }, (r) => r.pool, { soloRate: 5, coSellRate: 25 }],
    ['one model replaced whole, the others kept', { models: { sell_to: { selling: 100 } } }, (r) => [r.models.sell_to, r.models.sell_with], [{ selling: 100 }, DEFAULT_RULE_SET.models.sell_with]],
    ['the default model', { defaultModel: 'sell_through' }, (r) => [r.defaultModel, r.missingRoles], ['sell_through', 'renormalize']],
    ['the missing-roles policy', { missingRoles: 'retain' }, (r) => [r.missingRoles, r.defaultModel, r.pool], ['retain', 'sell_with', DEFAULT_RULE_SET.pool]],
    ['nothing', {}, (r) => r, DEFAULT_RULE_SET],
  ])('%s', (_name, rest, pick, expected) => {
    expect(pick(applyOverride(structuredClone(DEFAULT_RULE_SET), o('X', {}, rest)))).toEqual(expected);
  });

  it('leaves the base untouched and returns it for no override', () => {
    const rules = structuredClone(DEFAULT_RULE_SET);
    applyOverride(rules, o('X', {}, { pool: { coSellRate: 30 }, models: { sell_to: { selling: 100 } } }));
    expect(rules).toEqual(DEFAULT_RULE_SET);
    expect(applyOverride(rules, null)).toBe(rules);
  });
});

describe('shadowing warnings', () => {
  it.each<[string, OverrideWhen, OverrideWhen, boolean]>([
    ['equal conditions', { currencies: ['USD'] }, { currencies: ['USD'] }, true],
    ['{} covers everything', {}, { minAmount: '5', pipelines: ['p'], properties: { territory: ['EMEA'] } }, true],
    ['a lower minAmount covers a higher one', { minAmount: '100' }, { minAmount: '100.50' }, true],
    ['a higher minAmount does not', { minAmount: '100.50' }, { minAmount: '100' }, false],
    ['a minAmount does not cover no minAmount', { minAmount: '1' }, {}, false],
    ['a higher maxAmount covers a lower one', { maxAmount: '1000' }, { maxAmount: '999.99' }, true],
    ['a lower maxAmount does not', { maxAmount: '999.99' }, { maxAmount: '1000' }, false],
    ['a currency superset', { currencies: ['USD', 'EUR'] }, { currencies: ['EUR'] }, true],
    ['a currency subset does not', { currencies: ['EUR'] }, { currencies: ['USD', 'EUR'] }, false],
    ['pipelines: superset', { pipelines: ['a', 'b'] }, { pipelines: ['b'] }, true],
    ['pipelines: no condition in the later one', { pipelines: ['a'] }, { currencies: ['USD'] }, false],
    ['properties: superset of values, case-insensitive', { properties: { Territory: ['emea', 'APAC'] } }, { properties: { territory: ['EMEA'] } }, true],
    ['properties: fewer keys are broader', { properties: { territory: ['EMEA'] } }, { properties: { territory: ['EMEA'], product_line: ['Services'] } }, true],
    ['properties: more keys are narrower', { properties: { territory: ['EMEA'], product_line: ['Services'] } }, { properties: { territory: ['EMEA'] } }, false],
  ])('%s → %s', (_name, broad, narrow, covered) => {
    expect(coversWhen(broad, narrow)).toBe(covered);
  });

  it('warns, by name, about an override an earlier broader one always catches', () => {
    const rules = base({
      overrides: [
        o('EMEA', { properties: { territory: ['EMEA', 'APAC'] } }, { pool: { coSellRate: 28 } }),
        o('Big', { minAmount: '100000' }, { pool: { coSellRate: 30 } }),
        o('Big EMEA', { minAmount: '250000', properties: { territory: ['emea'] } }, { pool: { coSellRate: 32 } }),
      ],
    });
    expect(parseRuleSet(rules).ok).toBe(true);
    expect(overrideWarnings(rules)).toEqual([{
      code: 'override_shadowed',
      message: "override 'Big EMEA' never applies: every deal it matches is caught first by the earlier override 'EMEA' (the first match wins; move it above to use it)",
    }]);
    expect(ruleSetWarnings(rules).map((w) => w.code)).toContain('override_shadowed');
  });

  it('does not warn when the narrower override comes first', () => {
    const rules = base({ overrides: [o('Big EMEA', { minAmount: '250000', properties: { territory: ['EMEA'] } }), o('EMEA', { properties: { territory: ['EMEA'] } })] });
    expect(overrideWarnings(rules)).toEqual([]);
  });

  it('passes on model advice for the tables an override sets, naming it', () => {
    const rules = base({ overrides: [o('Even', {}, { models: { sell_with: { sourcing: 50, selling: 50 } } })] });
    expect(ruleSetWarnings(rules)).toContainEqual({
      code: 'equal_split',
      message: "override 'Even': Sell with splits equally between sourcing, selling (50% each); is that a decision or a placeholder?",
    });
  });
});

describe('diffRuleSets with overrides', () => {
  it('names added, removed, changed and reordered overrides, and dealProperties', () => {
    const before = base({ overrides: [o('A', {}), o('B', { currencies: ['USD'] }), o('C', { pipelines: ['p'] })] });
    const after = base({
      dealProperties: ['territory'],
      overrides: [o('C', { pipelines: ['p'] }), o('B', { currencies: ['EUR'] }, { pool: { coSellRate: 30 } }), o('D', {})],
    });
    expect(diffRuleSets(before, after)).toEqual([
      'dealProperties: territory, product_line → territory',
      "override 'A': removed",
      "override 'B': when, pool changed",
      "override 'D': added",
      "overrides order: 'B', 'C' → 'C', 'B'",
    ]);
    expect(diffRuleSets(before, structuredClone(before))).toEqual([]);
  });
});

describe('compareDecimals', () => {
  it.each<[string, string, number]>([
    ['100000.00', '100000', 0],
    ['0.1', '0.10', 0],
    ['99999.999', '100000', -1],
    ['100000.001', '100000', 1],
    ['-1', '0', -1],
    ['12345678901234567890.01', '12345678901234567890', 1],
  ])('%s vs %s → %d', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
    expect(compareDecimals(b, a)).toBe(-expected || 0);
  });
});
