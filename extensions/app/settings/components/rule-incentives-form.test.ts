import { describe, expect, it } from 'vitest';
import type { RuleSetIncentives } from '@cosell/contract';
import { incentiveErrors, incentivesDocumentFromForm, incentivesFormFromDocument, newTier, percentTextProblem } from './rule-incentives-form';
import type { IncentivesForm } from './rule-incentives-form';
import { fieldLabel } from './rule-set-form';

const EXAMPLE: RuleSetIncentives = {
  fiscalYearStartMonth: 4,
  coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
  tiers: [
    { name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] },
    { name: 'Co-sell Gold', minCoSellWins: 10, benefits: ['Priority deal registration', 'Faster payout cycle'], commissionUpliftPercent: '2' },
  ],
};
const form = (over: Partial<IncentivesForm> = {}): IncentivesForm => ({ ...incentivesFormFromDocument(EXAMPLE), ...over });

describe('incentives form: document round trip', () => {
  it('gives back the same incentives, a fixed bonus or an uplift', () => {
    expect(incentivesDocumentFromForm(form())).toEqual(EXAMPLE);
    const uplift: RuleSetIncentives = { fiscalYearStartMonth: 1, coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '2.5' } }, tiers: [] };
    expect(incentivesDocumentFromForm(incentivesFormFromDocument(uplift))).toEqual(uplift);
  });

  it('switched off, or without a bonus, leaves those out; benefits are one per line', () => {
    expect(incentivesDocumentFromForm(form({ enabled: false }))).toBeUndefined();
    const doc = incentivesDocumentFromForm(form({ bonus: 'none', tiers: [{ name: ' Gold ', minCoSellWins: 2, benefits: 'Leads\n\n  MDF  \n', commissionUpliftPercent: ' ' }] }));
    expect(doc).toEqual({ fiscalYearStartMonth: 4, tiers: [{ name: 'Gold', minCoSellWins: 2, benefits: ['Leads', 'MDF'] }] });
  });

  it('a new tier goes above the highest threshold under a free name', () => {
    expect(newTier(form().tiers)).toEqual({ name: 'Tier 3', minCoSellWins: 11, benefits: '', commissionUpliftPercent: '' });
    expect(newTier([])).toMatchObject({ name: 'Tier 1', minCoSellWins: 1 });
  });
});

describe('incentives form: errors per input, as the API checks them', () => {
  const tiers = form().tiers;
  it.each<[string, Partial<IncentivesForm>, string, string]>([
    ['cleared bonus wins', { bonusMinCoSellWins: null }, 'incentives.coSellBonus.minCoSellWins', 'required: a whole number of co-sell wins'],
    ['zero bonus wins', { bonusMinCoSellWins: 0 }, 'incentives.coSellBonus.minCoSellWins', 'must be at least 1'],
    ['fractional wins', { bonusMinCoSellWins: 2.5 }, 'incentives.coSellBonus.minCoSellWins', 'must be a whole number of co-sell wins'],
    ['a zero amount', { bonusAmount: '0.00' }, 'incentives.coSellBonus.reward.amount', 'must be more than 0, got "0.00"'],
    ['an amount with a comma', { bonusAmount: '5,000' }, 'incentives.coSellBonus.reward.amount', 'must be an amount like "5000.00"'],
    ['a bad currency', { bonusCurrency: 'US' }, 'incentives.coSellBonus.reward.currency', 'unknown currency "US" (an ISO 4217 code in capitals, like "USD")'],
    ['an uplift of 0', { bonus: 'uplift', bonusPercent: '0' }, 'incentives.coSellBonus.reward.percent', 'must be more than 0 and at most 100'],
    ['an uplift with 3 decimals', { bonus: 'uplift', bonusPercent: '2.125' }, 'incentives.coSellBonus.reward.percent', 'must be percentage points like "5" or "2.5", at most 2 decimals'],
    ['tiers out of order', { tiers: [tiers[0]!, { ...tiers[1]!, minCoSellWins: 5 }] }, 'incentives.tiers.1.minCoSellWins', "must be greater than the previous tier's (Co-sell Silver: 5)"],
    ['two tiers with one name', { tiers: [tiers[0]!, { ...tiers[1]!, name: 'co-sell silver' }] }, 'incentives.tiers.1.name', 'another tier above is also named "Co-sell Silver"'],
    ['an empty tier name', { tiers: [{ ...tiers[0]!, name: '  ' }] }, 'incentives.tiers.0.name', 'required'],
    ['a tier uplift over 100', { tiers: [{ ...tiers[0]!, commissionUpliftPercent: '100.01' }] }, 'incentives.tiers.0.commissionUpliftPercent', 'must be more than 0 and at most 100'],
    ['a tier uplift as words', { tiers: [{ ...tiers[0]!, commissionUpliftPercent: 'two' }] }, 'incentives.tiers.0.commissionUpliftPercent', 'must be percentage points like "5" or "2.5", at most 2 decimals'],
  ])('%s', (_label, over, key, message) => {
    expect(incentiveErrors(form(over))[key]).toBe(message);
  });

  it('the example has no errors, and switched-off incentives are not checked', () => {
    expect(incentiveErrors(form())).toEqual({});
    expect(incentiveErrors(form({ enabled: false, bonusMinCoSellWins: null }))).toEqual({});
  });

  it('percent text: 100 and 0.01 are the bounds', () => {
    expect(percentTextProblem('100')).toBeNull();
    expect(percentTextProblem('0.01')).toBeNull();
    expect(percentTextProblem('100.00')).toBeNull();
    expect(percentTextProblem('0.00')).toBe('must be more than 0 and at most 100');
  });

  it('API paths read as the tier by name', () => {
    expect(fieldLabel('ruleSet.incentives.tiers[1].commissionUpliftPercent', [], ['Silver', 'Gold'])).toBe("Tier 'Gold' · Commission uplift (%)");
    expect(fieldLabel('incentives.coSellBonus.reward.amount')).toBe('Co-sell bonus · Amount');
    expect(fieldLabel('ruleSet.incentives.fiscalYearStartMonth')).toBe('Fiscal year starts in');
    expect(fieldLabel('ruleSet.incentives.tiers[3].benefits[0]', [], ['A'])).toBe('Tier 4 · Benefits');
  });
});
