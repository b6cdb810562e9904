import type { RuleSetIncentives } from '@cosell/contract';

/*
 * The incentives part of the rule-set editor (docs/decisions/0012-incentives.md): the fiscal
 * calendar, the co-sell bonus (a fixed amount, or an uplift percent on the next quarter's
 * allocations), and the tiers with their benefits and commission uplift. Amounts and percents stay
 * the text people type, so no float ever holds them; the checks are the API's.
 */

/** A whole number as typed; null when empty. */
export type WholeNumber = number | null;

export interface TierForm {
  name: string;
  minCoSellWins: WholeNumber;
  /** One benefit per line. */
  benefits: string;
  /** Percentage points as typed ("2", "1.5"); '' = none. */
  commissionUpliftPercent: string;
}

export interface IncentivesForm {
  /** False: the rule set has no incentives (no bonus, no tiers). */
  enabled: boolean;
  fiscalYearStartMonth: number;
  bonus: 'none' | 'fixed' | 'uplift';
  bonusMinCoSellWins: WholeNumber;
  /** Fixed reward, as typed ("5000.00") in `bonusCurrency`. */
  bonusAmount: string;
  bonusCurrency: string;
  /** Uplift reward, percentage points as typed ("5"). */
  bonusPercent: string;
  tiers: TierForm[];
}

export type IncentiveErrors = Record<string, string>;

/** The most tiers a rule set may have (the API's limit). */
export const MAX_TIERS = 20;
const MAX_WINS = 1_000_000;
const PERCENT_TEXT = /^\d{1,3}(?:\.\d{1,2})?$/;
const AMOUNT_TEXT = /^\d+(?:\.\d+)?$/;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function incentivesFormFromDocument(doc: RuleSetIncentives | undefined): IncentivesForm {
  const reward = doc?.coSellBonus?.reward;
  return {
    enabled: doc !== undefined,
    fiscalYearStartMonth: doc?.fiscalYearStartMonth ?? 1,
    bonus: reward?.kind ?? 'none',
    bonusMinCoSellWins: doc?.coSellBonus?.minCoSellWins ?? 3,
    bonusAmount: reward?.kind === 'fixed' ? reward.amount : '',
    bonusCurrency: reward?.kind === 'fixed' ? reward.currency : 'USD',
    bonusPercent: reward?.kind === 'uplift' ? reward.percent : '',
    tiers: (doc?.tiers ?? []).map((t) => ({
      name: t.name,
      minCoSellWins: t.minCoSellWins,
      benefits: t.benefits.join('\n'),
      commissionUpliftPercent: t.commissionUpliftPercent ?? '',
    })),
  };
}

/** The `incentives` the API will see, or undefined when the rule set has none. Empty numbers are sent as NaN so the API refuses them. */
export function incentivesDocumentFromForm(form: IncentivesForm): RuleSetIncentives | undefined {
  if (!form.enabled) return undefined;
  const doc: RuleSetIncentives = {
    fiscalYearStartMonth: form.fiscalYearStartMonth,
    tiers: form.tiers.map((t) => ({
      name: t.name.trim(),
      minCoSellWins: t.minCoSellWins ?? Number.NaN,
      benefits: lines(t.benefits),
      ...(t.commissionUpliftPercent.trim() !== '' ? { commissionUpliftPercent: t.commissionUpliftPercent.trim() } : {}),
    })),
  };
  const minCoSellWins = form.bonusMinCoSellWins ?? Number.NaN;
  if (form.bonus === 'fixed') {
    doc.coSellBonus = { minCoSellWins, reward: { kind: 'fixed', amount: form.bonusAmount.trim(), currency: form.bonusCurrency.trim() } };
  } else if (form.bonus === 'uplift') {
    doc.coSellBonus = { minCoSellWins, reward: { kind: 'uplift', percent: form.bonusPercent.trim() } };
  }
  return doc;
}

/** A new tier above the last: the next free name and one more win than the highest threshold. */
export function newTier(tiers: readonly TierForm[]): TierForm {
  const top = tiers.reduce((max, t) => Math.max(max, t.minCoSellWins ?? 0), 0);
  const taken = new Set(tiers.map((t) => t.name.trim().toLowerCase()));
  let n = tiers.length + 1;
  while (taken.has(`tier ${n}`)) n += 1;
  return { name: `Tier ${n}`, minCoSellWins: top + 1, benefits: '', commissionUpliftPercent: '' };
}

function winsProblem(value: WholeNumber): string | null {
  if (value === null || Number.isNaN(value)) return 'required: a whole number of co-sell wins';
  if (!Number.isInteger(value)) return 'must be a whole number of co-sell wins';
  if (value < 1) return 'must be at least 1';
  if (value > MAX_WINS) return `must be at most ${MAX_WINS}`;
  return null;
}

/** Percentage points as text: at most 2 decimals, above 0, at most 100 (the API's rule). */
export function percentTextProblem(text: string): string | null {
  const t = text.trim();
  if (!PERCENT_TEXT.test(t)) return 'must be percentage points like "5" or "2.5", at most 2 decimals';
  const [whole = '0', fraction = ''] = t.split('.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return hundredths > 0 && hundredths <= 10_000 ? null : 'must be more than 0 and at most 100';
}

/** What the API would refuse in the incentives, keyed as the inputs are named (`incentives.tiers.1.name`). */
export function incentiveErrors(form: IncentivesForm): IncentiveErrors {
  const errors: IncentiveErrors = {};
  if (!form.enabled) return errors;
  const set = (key: string, message: string | null) => {
    if (message) errors[`incentives.${key}`] ??= message;
  };
  if (form.bonus !== 'none') set('coSellBonus.minCoSellWins', winsProblem(form.bonusMinCoSellWins));
  if (form.bonus === 'fixed') {
    const amount = form.bonusAmount.trim();
    if (!AMOUNT_TEXT.test(amount)) set('coSellBonus.reward.amount', 'must be an amount like "5000.00"');
    else if (!/[1-9]/.test(amount)) set('coSellBonus.reward.amount', `must be more than 0, got "${amount}"`);
    if (!/^[A-Z]{3}$/.test(form.bonusCurrency.trim())) set('coSellBonus.reward.currency', `unknown currency "${form.bonusCurrency.trim()}" (an ISO 4217 code in capitals, like "USD")`);
  }
  if (form.bonus === 'uplift') set('coSellBonus.reward.percent', percentTextProblem(form.bonusPercent));
  if (form.tiers.length > MAX_TIERS) set('tiers', `must have at most ${MAX_TIERS} tiers`);
  const names = new Map<string, string>();
  form.tiers.forEach((tier, i) => {
    const name = tier.name.trim();
    if (name === '') set(`tiers.${i}.name`, 'required');
    else if (name.length > 100) set(`tiers.${i}.name`, 'must be at most 100 characters');
    else if (names.has(name.toLowerCase())) set(`tiers.${i}.name`, `another tier above is also named "${names.get(name.toLowerCase())}"`);
    else names.set(name.toLowerCase(), name);
    const wins = winsProblem(tier.minCoSellWins);
    set(`tiers.${i}.minCoSellWins`, wins);
    const previous = form.tiers[i - 1];
    if (!wins && previous && previous.minCoSellWins !== null && tier.minCoSellWins !== null && tier.minCoSellWins <= previous.minCoSellWins) {
      set(`tiers.${i}.minCoSellWins`, `must be greater than the previous tier's (${previous.name.trim()}: ${previous.minCoSellWins})`);
    }
    if (lines(tier.benefits).some((b) => b.length > 200)) set(`tiers.${i}.benefits`, 'each benefit must be at most 200 characters');
    if (tier.commissionUpliftPercent.trim() !== '') set(`tiers.${i}.commissionUpliftPercent`, percentTextProblem(tier.commissionUpliftPercent));
  });
  return errors;
}

/** The incentives in words for the version history: the calendar, the bonus, then one line per tier. */
export function incentivesSummary(incentives: RuleSetIncentives): string[] {
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][incentives.fiscalYearStartMonth - 1] ?? String(incentives.fiscalYearStartMonth);
  const bonus = incentives.coSellBonus;
  const wins = (n: number) => `${n} co-sell win${n === 1 ? '' : 's'}`;
  const reward = bonus ? (bonus.reward.kind === 'fixed' ? `${bonus.reward.amount} ${bonus.reward.currency} for the quarter` : `${bonus.reward.percent}% uplift on the next quarter's commission`) : '';
  return [
    `Fiscal year starts in ${month}.`,
    bonus ? `Co-sell bonus: ${reward}, from ${wins(bonus.minCoSellWins)} in a quarter.` : 'No co-sell bonus.',
    ...incentives.tiers.map(
      (t) =>
        `Tier ${t.name}: from ${wins(t.minCoSellWins)}${t.commissionUpliftPercent ? `; +${t.commissionUpliftPercent}% on each won-deal allocation while held` : ''}${t.benefits.length > 0 ? `; ${t.benefits.join(', ')}` : ''}.`,
    ),
  ];
}
