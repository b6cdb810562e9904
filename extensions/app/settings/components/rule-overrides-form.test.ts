import { describe, expect, it } from 'vitest';
import type { RuleOverrideDocument } from '@cosell/contract';
import {
  compareDecimalText,
  dealPropertiesErrors,
  moveOverride,
  newOverride,
  overrideDocumentFromForm,
  overrideErrors,
  overrideFormFromDocument,
  overrideShadowWarnings,
  splitList,
} from './rule-overrides-form';
import type { OverrideForm } from './rule-overrides-form';
import { documentFromForm, fieldLabel, formFromDocument } from './rule-set-form';

const base = {
  version: '2026.3',
  effectiveFrom: '2026-07-01',
  pool: { soloRate: 20, coSellRate: 25 },
  defaultModel: 'sell_with' as const,
  models: {
    sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15 },
    sell_through: { selling: 70, influence: 30 },
    sell_to: { sourcing: 20, selling: 80 },
  },
  missingRoles: 'renormalize' as const,
  dealProperties: ['territory', 'product_line'],
};

const enterprise: RuleOverrideDocument = { name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] }, pool: { coSellRate: 30 } };
const emea: RuleOverrideDocument = {
  name: 'EMEA services',
  when: { properties: { territory: ['EMEA'], product_line: ['Services'] } },
  models: { sell_with: { sourcing: 15, selling: 35, technical_validation: 20, implementation: 30 } },
  defaultModel: 'sell_with',
  missingRoles: 'retain',
};

const form = (o: RuleOverrideDocument): OverrideForm => overrideFormFromDocument(o);

describe('override form: document round trip', () => {
  it('gives back the same override, conditions and replacements included', () => {
    expect(overrideDocumentFromForm(form(enterprise))).toEqual(enterprise);
    expect(overrideDocumentFromForm(form(emea))).toEqual(emea);
  });

  it('leaves out empty conditions and rates (from the rule set), and 0 weights', () => {
    const edited: OverrideForm = { ...newOverride([]), name: '  Small ', maxAmount: '5000', currencies: ' USD, ,EUR ', properties: { territory: ' ' } };
    edited.models.sell_to = { sourcing: 0, selling: 100, technical_validation: 0, implementation: 0, influence: 0 };
    expect(overrideDocumentFromForm(edited)).toEqual({ name: 'Small', when: { maxAmount: '5000', currencies: ['USD', 'EUR'] }, models: { sell_to: { selling: 100 } } });
  });

  it('the whole rule set round-trips through the editor with its overrides and deal properties', () => {
    const doc = { ...base, overrides: [enterprise, emea] };
    expect(documentFromForm(formFromDocument(doc))).toEqual(doc);
  });
});

describe('override form: add, reorder, remove', () => {
  it('a new override gets a free name', () => {
    expect(newOverride([]).name).toBe('New override');
    expect(newOverride(['new override', 'New override 2']).name).toBe('New override 3');
  });

  it('moves one place up or down, and not past the ends', () => {
    expect(moveOverride(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveOverride(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveOverride(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveOverride(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('splits typed lists on commas', () => {
    expect(splitList(' EMEA ,APAC,, ')).toEqual(['EMEA', 'APAC']);
  });

  it('orders decimal text exactly', () => {
    expect(compareDecimalText('100000', '99999.99')).toBe(1);
    expect(compareDecimalText('0100.10', '100.1')).toBe(0);
    expect(compareDecimalText('5.001', '5.01')).toBe(-1);
  });
});

describe('override form: errors per input, as the API checks them', () => {
  const listed = ['territory', 'product_line'];
  const cases: Array<[string, Partial<OverrideForm>, string, RegExp]> = [
    ['empty name', { name: ' ' }, 'overrides.0.name', /^required/],
    ['amount not a decimal', { minAmount: '1,000' }, 'overrides.0.minAmount', /decimal amount/],
    ['a range with no amount in it', { minAmount: '100', maxAmount: '100.00' }, 'overrides.0.maxAmount', /could never apply/],
    ['a lower-case currency', { currencies: 'USD, eur' }, 'overrides.0.currencies', /unknown currency "eur"/],
    ['a property not listed', { properties: { region: 'EMEA' } }, 'overrides.0.properties.region', /not listed/],
    ['a rate above 100', { coSellRate: 120 }, 'overrides.0.coSellRate', /between 0 and 100/],
    ['a rate with 3 decimals', { soloRate: 10.125 }, 'overrides.0.soloRate', /at most 2 decimals/],
    ['a weight table summing to 95', { models: { sell_with: { sourcing: 15, selling: 30, technical_validation: 20, implementation: 30, influence: 0 } } }, 'overrides.0.sell_with', /sum to 95, must be 100/],
    ['a cleared weight', { models: { sell_to: { sourcing: null, selling: 100, technical_validation: 0, implementation: 0, influence: 0 } } }, 'overrides.0.sell_to.sourcing', /^required/],
  ];
  it.each(cases)('%s', (_label, change, key, message) => {
    const errors = overrideErrors([{ ...newOverride([]), ...change }], listed);
    expect(errors[key]).toMatch(message);
  });

  it('a second override with the same name (any case) is named as the duplicate', () => {
    const errors = overrideErrors([form(enterprise), { ...form(emea), name: 'enterprise DEALS' }], listed);
    expect(errors['overrides.1.name']).toBe('another override above is also named "Enterprise deals"');
    expect(errors['overrides.0.name']).toBeUndefined();
  });

  it('a valid override has no errors', () => {
    expect(overrideErrors([form(enterprise), form(emea)], listed)).toEqual({});
  });

  it('deal properties must be internal names, each once', () => {
    expect(dealPropertiesErrors('territory, product line')).toEqual({ dealProperties: '"product line" must be a deal property internal name (letters, digits and underscores), like "territory"' });
    expect(dealPropertiesErrors('territory, Territory')).toEqual({ dealProperties: '"Territory" is listed twice' });
    expect(dealPropertiesErrors('territory, product_line')).toEqual({});
  });

  it('API error paths and input names read as the override by name', () => {
    const names = ['Enterprise deals', 'EMEA services'];
    expect(fieldLabel('ruleSet.overrides[1].models.sell_with', names)).toBe("Override 'EMEA services' · Sell with weights");
    expect(fieldLabel('overrides.0.maxAmount', names)).toBe("Override 'Enterprise deals' · Amount below");
    expect(fieldLabel('ruleSet.overrides[0].when.properties.territory', names)).toBe("Override 'Enterprise deals' · Deal property territory");
    expect(fieldLabel('overrides.1.sell_to.selling', names)).toBe("Override 'EMEA services' · Sell to · Selling");
    expect(fieldLabel('ruleSet.overrides[0].pool.coSellRate', names)).toBe("Override 'Enterprise deals' · Co-sell pool rate");
    expect(fieldLabel('ruleSet.overrides[4].name', names)).toBe('Override 5 · Name');
  });
});

describe('override form: shadowing advice names both overrides', () => {
  it('an override a broader earlier one always catches first', () => {
    const broad = form({ name: 'Big deals', when: { minAmount: '50000' } });
    const narrow = form({ name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] } });
    expect(overrideShadowWarnings([broad, narrow])).toEqual({
      1: "'Enterprise deals' never applies: every deal it matches is caught first by 'Big deals' above it (the first match wins; move it above 'Big deals' to use it)",
    });
    // Order decides: the narrow one first is fine.
    expect(overrideShadowWarnings([narrow, broad])).toEqual({});
  });

  it('is not raised when the later one reaches deals the earlier does not', () => {
    const a = form({ name: 'EMEA', when: { properties: { territory: ['EMEA'] } } });
    const b = form({ name: 'EMEA or APAC', when: { properties: { territory: ['EMEA', 'APAC'] } } });
    expect(overrideShadowWarnings([a, b])).toEqual({});
    expect(Object.keys(overrideShadowWarnings([b, a]))).toEqual(['1']);
  });
});
