import { describe, expect, it } from 'vitest';
import { isIsoDate, toIsoDate } from './iso-date';
import type { RuleSet } from './rule-set';
import {
  DEFAULT_RULE_SET,
  isVersionLabel,
  nextVersionLabel,
  diffRuleSets,
  latestRuleSet,
  parseRuleSet,
  parseRuleSets,
  ruleSetJsonSchema,
  ruleSetWarnings,
  selectRuleSet,
} from './rule-set';

const rules = (over: Partial<RuleSet> = {}): RuleSet => ({ ...structuredClone(DEFAULT_RULE_SET), ...over });

describe('DEFAULT_RULE_SET', () => {
  it('is the shipped default rule set and valid', () => {
    expect(parseRuleSet(DEFAULT_RULE_SET)).toEqual({ ok: true, value: DEFAULT_RULE_SET });
    expect(DEFAULT_RULE_SET.version).toBe('2026.1');
    expect(DEFAULT_RULE_SET.models.sell_with).toEqual({ sourcing: 20, selling: 40, technical_validation: 25, influence: 15, implementation: 0 });
  });

  it('draws no warnings', () => {
    expect(ruleSetWarnings(DEFAULT_RULE_SET)).toEqual([]);
  });
});

describe('parseRuleSet', () => {
  it('defaults missingRoles to renormalize', () => {
    const { missingRoles: _omit, ...rest } = DEFAULT_RULE_SET;
    const parsed = parseRuleSet(rest);
    expect(parsed.ok && parsed.value.missingRoles).toBe('renormalize');
  });

  it('accepts percentages with two decimals that sum to exactly 100', () => {
    const parsed = parseRuleSet(rules({ models: { sell_with: { sourcing: 33.33, selling: 33.33, influence: 33.34 } } }));
    expect(parsed.ok).toBe(true);
  });

  it.each<[string, unknown, string, string]>([
    ['weights not summing to 100', { models: { sell_with: { selling: 60, sourcing: 30 } } }, 'rules.models.sell_with', 'role weights must sum to exactly 100, got 90'],
    ['0.1 + 0.2 style sums are exact', { models: { sell_with: { selling: 99.7, sourcing: 0.1, influence: 0.1 } } }, 'rules.models.sell_with', 'role weights must sum to exactly 100, got 99.9'],
    ['three decimals', { pool: { soloRate: 20.125, coSellRate: 25 } }, 'rules.pool.soloRate', 'must have at most 2 decimals'],
    ['a tiny fraction', { pool: { soloRate: 1e-7, coSellRate: 25 } }, 'rules.pool.soloRate', 'must have at most 2 decimals'],
    ['a negative rate', { pool: { soloRate: -1, coSellRate: 25 } }, 'rules.pool.soloRate', 'must be between 0 and 100'],
    ['a rate over 100', { pool: { soloRate: 20, coSellRate: 101 } }, 'rules.pool.coSellRate', 'must be between 0 and 100'],
    ['a percentage as a string', { pool: { soloRate: '20', coSellRate: 25 } }, 'rules.pool.soloRate', 'must be a number of percentage points'],
    ['an unknown role', { models: { sell_with: { sales: 100 } } }, 'rules.models.sell_with.sales', 'unknown role "sales"'],
    ['an unknown model', { models: { sell_with: { selling: 100 }, sell_around: { selling: 100 } } }, 'rules.models.sell_around', 'unknown model "sell_around"'],
    ['a default model the set lacks', { defaultModel: 'sell_to', models: { sell_with: { selling: 100 } } }, 'rules.defaultModel', '"sell_to" is not one of the rule set\'s models'],
    ['an impossible date', { effectiveFrom: '2026-02-30' }, 'rules.effectiveFrom', 'must be a date YYYY-MM-DD'],
    ['an empty version', { version: ' ' }, 'rules.version', 'must be a non-empty string'],
    ['a bad policy', { missingRoles: 'ignore' }, 'rules.missingRoles', 'must be "renormalize" or "retain"'],
  ])('rejects %s, naming the field', (_name, change, path, message) => {
    const parsed = parseRuleSet({ ...structuredClone(DEFAULT_RULE_SET), ...(change as object) }, 'rules');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toContainEqual({ path, message });
  });

  it('rejects unknown top-level fields and non-objects', () => {
    expect(parseRuleSet({ ...DEFAULT_RULE_SET, bonus: 1 })).toMatchObject({ ok: false, errors: [{ path: 'bonus', message: 'unknown field "bonus"' }] });
    expect(parseRuleSet('rules').ok).toBe(false);
    expect(parseRuleSet(null).ok).toBe(false);
  });

  it('allows a $schema reference for editors', () => {
    expect(parseRuleSet({ $schema: './schemas/rule-set.schema.json', ...DEFAULT_RULE_SET }).ok).toBe(true);
  });
});

describe('parseRuleSets', () => {
  it('accepts one rule set or a list', () => {
    expect(parseRuleSets(DEFAULT_RULE_SET)).toEqual({ ok: true, value: [DEFAULT_RULE_SET] });
    const later = rules({ version: '2026.2', effectiveFrom: '2026-07-01' });
    expect(parseRuleSets([DEFAULT_RULE_SET, later])).toEqual({ ok: true, value: [DEFAULT_RULE_SET, later] });
  });

  it('names the list index in errors', () => {
    const parsed = parseRuleSets([DEFAULT_RULE_SET, { ...DEFAULT_RULE_SET, version: '2', pool: { soloRate: 20 } }], 'rules');
    expect(parsed).toMatchObject({ ok: false, errors: [{ path: 'rules[1].pool.coSellRate' }] });
  });

  it('rejects an empty list, duplicate dates and duplicate versions', () => {
    expect(parseRuleSets([], 'rules')).toMatchObject({ ok: false, errors: [{ path: 'rules' }] });
    const sameDay = parseRuleSets([DEFAULT_RULE_SET, rules({ version: '2026.1b' })], 'rules');
    expect(sameDay).toMatchObject({ ok: false, errors: [{ path: 'rules[1].effectiveFrom' }] });
    const sameVersion = parseRuleSets([DEFAULT_RULE_SET, rules({ effectiveFrom: '2026-06-01' })], 'rules');
    expect(sameVersion).toMatchObject({ ok: false, errors: [{ path: 'rules[1].version' }] });
  });
});

describe('selectRuleSet', () => {
  const r2025 = rules({ version: '2025.1', effectiveFrom: '2025-01-01' });
  const r2026 = rules({ version: '2026.1', effectiveFrom: '2026-01-01' });
  const r2026b = rules({ version: '2026.2', effectiveFrom: '2026-07-01' });
  const history = [r2026b, r2025, r2026]; // order of the list must not matter

  it.each([
    ['2025-01-01', '2025.1'], // on the effective date itself
    ['2025-12-31', '2025.1'],
    ['2026-01-01', '2026.1'],
    ['2026-06-30', '2026.1'],
    ['2026-07-01', '2026.2'],
    ['2031-01-01', '2026.2'],
  ])('on %s picks %s', (asOf, version) => {
    const chosen = selectRuleSet(history, asOf);
    expect(chosen.ok && chosen.value.version).toBe(version);
  });

  it('errors when none is in force', () => {
    expect(selectRuleSet(history, '2024-12-31')).toEqual({
      ok: false,
      errors: [{ path: 'rules', message: 'no rule set in force on 2024-12-31 (the earliest, "2025.1", takes effect 2025-01-01)' }],
    });
  });

  it('errors on a bad date, an empty list and an ambiguous day', () => {
    expect(selectRuleSet(history, '31/12/2026')).toMatchObject({ ok: false, errors: [{ path: 'asOf' }] });
    expect(selectRuleSet([], '2026-01-01')).toMatchObject({ ok: false, errors: [{ path: 'rules' }] });
    expect(selectRuleSet([r2026, rules({ version: 'x' })], '2026-02-01')).toMatchObject({ ok: false, errors: [{ path: 'rules' }] });
  });

  it('latestRuleSet picks the newest effective date', () => {
    expect(latestRuleSet(history)?.version).toBe('2026.2');
    expect(latestRuleSet([])).toBeUndefined();
  });
});

describe('ruleSetWarnings', () => {
  it('warns when a model splits equally by default', () => {
    const warnings = ruleSetWarnings(rules({ models: { sell_with: { selling: 50, sourcing: 50 }, sell_through: { selling: 70, influence: 30 } } }));
    expect(warnings).toEqual([
      { code: 'equal_split', message: 'Sell with splits equally between sourcing, selling (50% each); is that a decision or a placeholder?' },
    ]);
  });

  it('warns about a single-role model and a co-sell rate below the solo rate', () => {
    const warnings = ruleSetWarnings(rules({ pool: { soloRate: 30, coSellRate: 25 }, models: { sell_with: { selling: 100 } }, defaultModel: 'sell_with' }));
    expect(warnings.map((w) => w.code)).toEqual(['single_role_model', 'co_sell_rate_below_solo']);
  });
});

describe('diffRuleSets', () => {
  it('lists each change as a human line, in a fixed order', () => {
    const after = rules({
      version: '2026.2',
      pool: { soloRate: 20, coSellRate: 30 },
      models: {
        sell_with: { sourcing: 15, selling: 45, technical_validation: 25, influence: 15 },
        sell_through: { selling: 70, influence: 30 },
      },
    });
    expect(diffRuleSets(DEFAULT_RULE_SET, after)).toEqual([
      'version: 2026.1 → 2026.2',
      'pool.coSellRate: 25 → 30',
      'sell_with.sourcing: 20 → 15',
      'sell_with.selling: 40 → 45',
      'sell_to: removed',
    ]);
    expect(diffRuleSets(after, DEFAULT_RULE_SET)).toContain('sell_to: added (sourcing 20, selling 80)');
  });

  it('is empty for identical rule sets', () => {
    expect(diffRuleSets(DEFAULT_RULE_SET, structuredClone(DEFAULT_RULE_SET))).toEqual([]);
  });
});

describe('ruleSetJsonSchema', () => {
  it('describes the shape for rule authors', () => {
    const schema = ruleSetJsonSchema() as { type: string; required: string[]; properties: Record<string, { enum?: string[] }>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'effectiveFrom', 'pool', 'defaultModel', 'models']));
    expect(schema.required).not.toContain('missingRoles');
    expect(schema.properties.defaultModel?.enum).toEqual(['sell_with', 'sell_through', 'sell_to']);
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain('at most 2 decimals');
  });
});

describe('iso dates', () => {
  it.each([
    ['2026-01-01', true], ['2024-02-29', true], ['2026-02-29', false], ['2000-02-29', true], ['1900-02-29', false],
    ['2026-13-01', false], ['2026-04-31', false], ['2026-4-1', false], ['', false],
  ])('%j is a date: %s', (text, expected) => {
    expect(isIsoDate(text)).toBe(expected);
  });

  it('takes the date of a date-time', () => {
    expect(toIsoDate('2026-03-31T23:00:00.000Z')).toBe('2026-03-31');
    expect(toIsoDate('2026-03-31')).toBe('2026-03-31');
    expect(toIsoDate('2026-03-31x')).toBeNull();
    expect(toIsoDate('yesterday')).toBeNull();
  });

  it.each([
    '2026-03-01T00:00:00Z', '2026-03-01T23:59:59Z', '2026-03-01T12:30:00.5Z', '2026-03-01T12:30:00.123456789Z',
    '2026-03-01T12:30:00+01:00', '2026-03-01T12:30:00-05:30', '2026-03-01T12:30:00.000+00:00',
  ])('accepts the full date-time %j as 2026-03-01', (text) => {
    expect(toIsoDate(text)).toBe('2026-03-01');
  });

  it.each([
    '2026-03-01Tnonsense', '2026-03-01T', '2026-03-01T12:30:00', '2026-03-01T12:30Z', '2026-03-01T24:00:00Z',
    '2026-03-01T12:60:00Z', '2026-03-01T12:30:61Z', '2026-03-01T12:30:00.Z', '2026-03-01T12:30:00+0100', '2026-03-01T12:30:00+24:00',
    '2026-03-01T12:30:00Zjunk', '2026-03-01 12:30:00Z', '2026-02-30T00:00:00Z', ' 2026-03-01',
  ])('rejects %j', (text) => {
    expect(toIsoDate(text)).toBeNull();
  });
});

describe('version labels (one documented pattern)', () => {
  it.each(['2026.1', '2026.3', '2026.12', '2027.1'])('accepts %s', (v) => expect(isVersionLabel(v)).toBe(true));
  it.each(['2026', '2026.0', '26.1', '2026.01', 'v2026.1', '2026.1a', '2026-1', ' 2026.1', 'next'])('refuses %s', (v) => expect(isVersionLabel(v)).toBe(false));

  it('suggests the next label within the year of the effective date, restarting at 1 in a new year, skipping taken ones', () => {
    expect(nextVersionLabel('2026.2', '2026-07-01')).toBe('2026.3');
    expect(nextVersionLabel('2026.4', '2027-01-01')).toBe('2027.1');
    expect(nextVersionLabel(null, '2026-12-03')).toBe('2026.1');
    expect(nextVersionLabel('old-style', '2026-12-03')).toBe('2026.1');
    expect(nextVersionLabel('2026.2', '2026-07-01', ['2026.3', '2026.4'])).toBe('2026.5');
  });
});

describe('parseRuleSet with weights no percentage can be', () => {
  // A weight of 1e308 has no hundredths (×100 is Infinity): it is a field error, never a throw.
  it.each([1e308, -1e308, 101])('answers a field error for %s, in the base models and in an override', (weight) => {
    const base = structuredClone(DEFAULT_RULE_SET) as unknown as { models: { sell_with: Record<string, number> }; overrides?: unknown };
    base.models.sell_with.selling = weight;
    const parsed = parseRuleSet(base);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toContainEqual({ path: 'models.sell_with.selling', message: 'must be between 0 and 100' });

    const withOverride = structuredClone(DEFAULT_RULE_SET) as unknown as Record<string, unknown>;
    withOverride.overrides = [{ name: 'Huge', when: { minAmount: '1.00' }, models: { sell_with: { sourcing: weight, selling: 40 } } }];
    const overridden = parseRuleSet(withOverride);
    expect(overridden.ok).toBe(false);
    if (!overridden.ok) expect(overridden.errors).toContainEqual({ path: 'overrides[0].models.sell_with.sourcing', message: 'must be between 0 and 100' });
  });
});
