import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../src/domain/index';
import { RULE_SET_SCHEMA_PATH, renderRuleSetSchema } from '../scripts/generate-rule-set-schema';

describe('schemas/rule-set.schema.json', () => {
  it('is current with the zod schema (regenerate: tsx scripts/generate-rule-set-schema.ts)', async () => {
    expect(await readFile(RULE_SET_SCHEMA_PATH, 'utf8')).toBe(renderRuleSetSchema());
  });

  // A real JSON Schema validator, as a rule author's editor or CI would use, must agree with
  // the engine on typical rule sets, including decimals like 33.33 that floats cannot hold exactly.
  const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { date: /^\d{4}-\d{2}-\d{2}$/ } });
  const validate = ajv.compile(JSON.parse(renderRuleSetSchema()) as object);

  it('accepts the default rules and two-decimal weights', () => {
    expect(validate(DEFAULT_RULE_SET)).toBe(true);
    const thirds = { ...DEFAULT_RULE_SET, models: { sell_with: { sourcing: 33.33, selling: 33.33, influence: 33.34 } } };
    expect(validate(thirds), JSON.stringify(validate.errors)).toBe(true);
  });

  const incentives = {
    fiscalYearStartMonth: 4,
    coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
    tiers: [{ name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] }, { name: 'Co-sell Gold', minCoSellWins: 10 }],
  };

  it('accepts incentives with a fixed or an uplift reward', () => {
    expect(validate({ ...DEFAULT_RULE_SET, incentives }), JSON.stringify(validate.errors)).toBe(true);
    const uplift = { ...incentives, coSellBonus: { minCoSellWins: 3, reward: { kind: 'uplift', percent: '2.5' } } };
    expect(validate({ ...DEFAULT_RULE_SET, incentives: uplift }), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a reward of an unknown kind', { ...incentives, coSellBonus: { minCoSellWins: 3, reward: { kind: 'gift' } } }],
    ['an uplift as a number', { ...incentives, coSellBonus: { minCoSellWins: 3, reward: { kind: 'uplift', percent: 5 } } }],
    ['an uplift with 3 decimals', { ...incentives, coSellBonus: { minCoSellWins: 3, reward: { kind: 'uplift', percent: '2.125' } } }],
    ['a fiscal year starting in month 0', { ...incentives, fiscalYearStartMonth: 0 }],
    ['a tier without a threshold', { ...incentives, tiers: [{ name: 'Silver' }] }],
  ])('rejects incentives with %s', (_name, bad) => {
    expect(validate({ ...DEFAULT_RULE_SET, incentives: bad })).toBe(false);
  });

  it.each([
    ['an unknown role', { ...DEFAULT_RULE_SET, models: { sell_with: { sales: 100 } } }],
    ['an unknown model', { ...DEFAULT_RULE_SET, models: { sell_around: { selling: 100 } } }],
    ['a rate over 100', { ...DEFAULT_RULE_SET, pool: { soloRate: 101, coSellRate: 25 } }],
    ['a missing version', { ...DEFAULT_RULE_SET, version: undefined }],
    ['a bad default model', { ...DEFAULT_RULE_SET, defaultModel: 'sell_around' }],
  ])('rejects %s', (_name, rules) => {
    expect(validate(JSON.parse(JSON.stringify(rules)))).toBe(false);
  });
});
