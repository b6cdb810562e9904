import { describe, expect, it } from 'vitest';
import { documentFromForm, formFromDocument, formFromDraft, isEqualSplit, nextVersion, weightSumHundredths } from './rule-set-form';

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
    expect(nextVersion('2026.1')).toBe('2026.2');
    expect(nextVersion('v9')).toBe('v10');
    expect(nextVersion('spring')).toBe('spring-next');
  });
});
