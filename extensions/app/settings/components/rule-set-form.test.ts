import { describe, expect, it } from 'vitest';
import { defaultEffectiveFrom, documentFromForm, fieldLabel, formErrors, formFromDocument, formFromDraft, isEqualSplit, nextVersion, percentError, weightSumHundredths } from './rule-set-form';

const doc = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  pool: { soloRate: 20, coSellRate: 25 },
  defaultModel: 'sell_with' as const,
  models: { sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15 }, sell_to: { sourcing: 20, selling: 80 } },
  missingRoles: 'renormalize' as const,
};

describe('rule set form', () => {
  it('round-trips a document, filling absent roles and models with 0 and dropping them again', () => {
    const form = formFromDocument(doc);
    expect(form.models.sell_through).toEqual({ sourcing: 0, selling: 0, technical_validation: 0, implementation: 0, influence: 0 });
    expect(documentFromForm(form)).toEqual({ ...doc, models: { ...doc.models, sell_through: {} } });
  });

  it('sums weights exactly in hundredths', () => {
    expect(weightSumHundredths({ sourcing: 33.33, selling: 33.33, influence: 33.34 })).toBe(10_000);
    expect(weightSumHundredths({ sourcing: 0.1, selling: 0.2 })).toBe(30);
  });

  it('flags equal splits of two or more roles only', () => {
    expect(isEqualSplit({ sourcing: 50, selling: 50 })).toBe(true);
    expect(isEqualSplit({ sourcing: 25, selling: 25, influence: 25, technical_validation: 25 })).toBe(true);
    expect(isEqualSplit({ sourcing: 20, selling: 80 })).toBe(false);
    expect(isEqualSplit({ selling: 100 })).toBe(false);
  });

  it('ignores drafts that no longer parse and suggests the next version', () => {
    expect(formFromDraft({ version: 1 })).toBeNull();
    expect(formFromDraft(doc)?.version).toBe('2026.1');
    expect(nextVersion('2026.1', '2026-12-03')).toBe('2026.2');
    expect(nextVersion('2026.4', '2027-01-01')).toBe('2027.1');
    expect(nextVersion('spring', '2026-12-03')).toBe('2026.1');
    expect(nextVersion('2026.1', '2026-12-03', ['2026.2'])).toBe('2026.3');
  });
});

describe('rule set form: validated exactly as the API does', () => {
  it.each<[number | null, string | null]>([
    [null, 'required'],
    [-10, 'must be between 0 and 100'],
    [100.5, 'must be between 0 and 100'],
    [12.345, 'must have at most 2 decimals'],
    [0, null],
    [33.33, null],
    [100, null],
  ])('a percentage of %s → %s', (value, message) => {
    expect(percentError(value)).toBe(message);
  });

  it('sends negative weights as typed (the API refuses them) and sums what the API will see', () => {
    const form = formFromDocument(doc);
    form.models.sell_with = { sourcing: -10, selling: 70, technical_validation: 25, influence: 15, implementation: 0 };
    // -10 + 70 + 25 + 15: the API sees 100 too, and refuses -10 with a field error.
    expect(documentFromForm(form).models.sell_with).toEqual({ sourcing: -10, selling: 70, technical_validation: 25, influence: 15 });
    expect(weightSumHundredths(form.models.sell_with)).toBe(10_000);
    expect(formErrors(form)).toEqual({ 'sell_with.sourcing': 'must be between 0 and 100' });
  });

  it('a cleared field is "required", not 0', () => {
    const form = { ...formFromDocument(doc), coSellRate: null };
    form.models.sell_to = { ...form.models.sell_to, selling: null };
    expect(formErrors(form)).toEqual({ coSellRate: 'required', 'sell_to.selling': 'required' });
  });

  it('checks the version pattern and refuses labels and dates already published', () => {
    const taken = { versions: ['2026.1'], dates: ['2026-01-01'] };
    expect(formErrors({ ...formFromDocument(doc), version: 'next' }, taken)['version']).toBe('must look like 2026.3 (the year, a dot, and a number from 1 within that year)');
    expect(formErrors(formFromDocument(doc), taken)).toEqual({ version: 'version 2026.1 is already published', effectiveFrom: 'another published rule set takes effect on 2026-01-01' });
    expect(formErrors({ ...formFromDocument(doc), version: '2026.2', effectiveFrom: '2026-02-01' }, taken)).toEqual({});
  });

  it('a new draft\'s effective date: the day after the rules in force, or today if later, never a taken date', () => {
    expect(defaultEffectiveFrom('2026-07-01', '2026-03-10', [])).toBe('2026-07-02');
    expect(defaultEffectiveFrom('2026-01-01', '2026-12-02', [])).toBe('2026-12-02');
    expect(defaultEffectiveFrom('2026-01-01', '2026-12-02', ['2026-12-02', '2026-12-03'])).toBe('2026-12-04');
    expect(defaultEffectiveFrom(null, '2026-12-31', [])).toBe('2026-12-31');
  });

  it('names fields and API error paths in words', () => {
    expect(fieldLabel('ruleSet.models.sell_with.technical_validation')).toBe('Sell with · Technical validation');
    expect(fieldLabel('sell_to.selling')).toBe('Sell to · Selling');
    expect(fieldLabel('ruleSet.pool.coSellRate')).toBe('Co-sell pool rate');
    expect(fieldLabel('ruleSet.models.sell_through')).toBe('Sell through');
    expect(fieldLabel('version')).toBe('Version');
  });
});

describe('rule set form: what it does not edit is kept', () => {
  const full = {
    ...doc,
    incentives: { fiscalYearStartMonth: 4, coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed' as const, amount: '5000.00', currency: 'USD' } }, tiers: [{ name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] }] },
    dealProperties: ['territory'],
    overrides: [{ name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] }, pool: { coSellRate: 30 } }],
  };

  it('a new version started from a published one keeps its incentives, deal properties and overrides', () => {
    const form = { ...formFromDocument(full), version: '2026.2', effectiveFrom: '2026-04-01', coSellRate: 28 };
    const out = documentFromForm(form);
    expect(out.incentives).toEqual(full.incentives);
    expect(out.dealProperties).toEqual(['territory']);
    expect(out.overrides).toEqual(full.overrides);
    expect(out.pool).toEqual({ soloRate: 20, coSellRate: 28 });
    expect(out.version).toBe('2026.2');
  });

  it('a draft keeps them too, and a document without them gains none', () => {
    expect(documentFromForm(formFromDraft(full)!).overrides).toEqual(full.overrides);
    const plain = documentFromForm(formFromDocument(doc));
    expect(Object.keys(plain).sort()).toEqual(['defaultModel', 'effectiveFrom', 'missingRoles', 'models', 'pool', 'version']);
  });
});

describe('rule set form: overrides and incentives are edited, not carried', () => {
  it('reads overrides, deal properties and incentives into the form', () => {
    const form = formFromDocument({
      ...doc,
      dealProperties: ['territory'],
      overrides: [
        { name: 'Enterprise deals', when: { minAmount: '100000.00' }, pool: { coSellRate: 30 } },
        { name: 'EMEA services', when: { properties: { territory: ['EMEA'] } }, pool: { soloRate: 15 } },
      ],
      incentives: { fiscalYearStartMonth: 4, coSellBonus: { minCoSellWins: 3, reward: { kind: 'uplift', percent: '5' } }, tiers: [{ name: 'Co-sell Gold', minCoSellWins: 10, benefits: ['Leads', 'MDF'], commissionUpliftPercent: '2' }] },
    });
    expect(form.overrides.map((o) => o.name)).toEqual(['Enterprise deals', 'EMEA services']);
    expect(form.dealProperties).toBe('territory');
    expect(form.incentives).toMatchObject({ enabled: true, fiscalYearStartMonth: 4, bonus: 'uplift', bonusPercent: '5', bonusMinCoSellWins: 3 });
    expect(form.incentives.tiers).toEqual([{ name: 'Co-sell Gold', minCoSellWins: 10, benefits: 'Leads\nMDF', commissionUpliftPercent: '2' }]);
    expect(form.carried).toEqual({});
  });

  it('a rule set without incentives has them switched off, and gains none', () => {
    const form = formFromDocument(doc);
    expect(form.incentives.enabled).toBe(false);
    expect(documentFromForm(form).incentives).toBeUndefined();
  });
});
