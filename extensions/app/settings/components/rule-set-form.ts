import { Percent, RULE_SET_VERSION_PATTERN, RuleSetDocument, RuleSetVersionLabel } from '@cosell/contract';
import type { CoSellModel, Role } from '@cosell/contract';
import { CO_SELL_MODELS, MODEL_LABELS, ROLE_LABELS, ROLES } from '@cosell/card-kit';
import { dealPropertiesErrors, overrideDocumentFromForm, overrideErrors, overrideFormFromDocument, splitList } from './rule-overrides-form';
import type { OverrideForm } from './rule-overrides-form';
import { incentiveErrors, incentivesDocumentFromForm, incentivesFormFromDocument } from './rule-incentives-form';
import type { IncentivesForm } from './rule-incentives-form';

/** A number field as typed: null when the person cleared it (an error, never read as 0). */
export type FieldNumber = number | null;

/** What the editor holds: every model with every role, so inputs are never undefined. */
export interface RuleSetForm {
  version: string;
  effectiveFrom: string;
  soloRate: FieldNumber;
  coSellRate: FieldNumber;
  defaultModel: CoSellModel;
  missingRoles: 'renormalize' | 'retain';
  models: Record<CoSellModel, Record<Role, FieldNumber>>;
  /** The deal properties (internal names) overrides may test, as typed: "territory, product_line". */
  dealProperties: string;
  /** In order: the first override whose conditions a deal meets is used. */
  overrides: OverrideForm[];
  /** The fiscal calendar, co-sell bonus and tiers. */
  incentives: IncentivesForm;
  /**
   * Whatever else the document holds that this editor has no inputs for: kept exactly as it was,
   * so saving a new version from the form never drops it.
   */
  carried: Carried;
}

/** The document's fields the form edits; everything else is carried through untouched. */
const EDITED = ['version', 'effectiveFrom', 'pool', 'defaultModel', 'models', 'missingRoles', 'dealProperties', 'overrides', 'incentives'] as const;
export type Carried = Omit<RuleSetDocument, (typeof EDITED)[number]>;

function carriedOf(doc: RuleSetDocument): Carried {
  const rest: Record<string, unknown> = { ...doc };
  for (const key of EDITED) delete rest[key];
  return rest as Carried;
}

const zeroWeights = (): Record<Role, FieldNumber> => Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, FieldNumber>;

export function formFromDocument(doc: RuleSetDocument): RuleSetForm {
  const models = Object.fromEntries(
    CO_SELL_MODELS.map((m) => [m, { ...zeroWeights(), ...(doc.models[m] ?? {}) }]),
  ) as Record<CoSellModel, Record<Role, FieldNumber>>;
  return {
    version: doc.version,
    effectiveFrom: doc.effectiveFrom,
    soloRate: doc.pool.soloRate,
    coSellRate: doc.pool.coSellRate,
    defaultModel: doc.defaultModel,
    missingRoles: doc.missingRoles,
    models,
    dealProperties: (doc.dealProperties ?? []).join(', '),
    overrides: (doc.overrides ?? []).map(overrideFormFromDocument),
    incentives: incentivesFormFromDocument(doc.incentives),
    carried: carriedOf(doc),
  };
}

/** Drafts are free-form JSON on the server; one that no longer parses is not offered for editing. */
export function formFromDraft(ruleSet: Record<string, unknown>): RuleSetForm | null {
  const parsed = RuleSetDocument.safeParse(ruleSet);
  return parsed.success ? formFromDocument(parsed.data) : null;
}

/**
 * The document the API will see. Only weights of exactly 0 are left out (a model lists the roles
 * it pays); a negative weight is sent as typed so the API refuses it, never silently dropped.
 * A cleared field is left out too; the form reports it as "required" and does not publish.
 */
export function documentFromForm(form: RuleSetForm): RuleSetDocument {
  const models: RuleSetDocument['models'] = {};
  for (const m of CO_SELL_MODELS) {
    models[m] = Object.fromEntries(ROLES.flatMap((r) => {
      const w = form.models[m][r];
      return w === null || w === 0 ? [] : [[r, w]];
    }));
  }
  const dealProperties = splitList(form.dealProperties);
  const incentives = incentivesDocumentFromForm(form.incentives);
  return {
    ...form.carried,
    version: form.version,
    effectiveFrom: form.effectiveFrom,
    pool: { soloRate: form.soloRate ?? Number.NaN, coSellRate: form.coSellRate ?? Number.NaN },
    defaultModel: form.defaultModel,
    models,
    missingRoles: form.missingRoles,
    ...(dealProperties.length > 0 ? { dealProperties } : {}),
    ...(form.overrides.length > 0 ? { overrides: form.overrides.map(overrideDocumentFromForm) } : {}),
    ...(incentives ? { incentives } : {}),
  };
}

/** What the form knows about published versions, to refuse a label or date already taken. */
export interface Taken {
  versions: readonly string[];
  dates: readonly string[];
}

/** Field name (as the inputs are named) → what is wrong, in words. */
export type FormErrors = Record<string, string>;

/** One number field, checked with the contract's Percent: the API's rules and words. */
export function percentError(value: FieldNumber): string | null {
  if (value === null || Number.isNaN(value)) return 'required';
  const parsed = Percent.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
}

/**
 * Everything the API would refuse about the form, per field, before anything is sent: rates and
 * weights (required, 0–100, at most 2 decimals), the version label pattern, taken labels and dates.
 * Sums to 100 are shown on the Sum row.
 */
export function formErrors(form: RuleSetForm, taken: Taken = { versions: [], dates: [] }): FormErrors {
  const errors: FormErrors = {};
  const version = RuleSetVersionLabel.safeParse(form.version);
  if (form.version.trim() === '') errors['version'] = 'required';
  else if (!version.success) errors['version'] = version.error.issues[0]?.message ?? 'is not valid';
  else if (taken.versions.includes(form.version)) errors['version'] = `version ${form.version} is already published`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.effectiveFrom)) errors['effectiveFrom'] = 'required';
  else if (taken.dates.includes(form.effectiveFrom)) errors['effectiveFrom'] = `another published rule set takes effect on ${form.effectiveFrom}`;
  for (const key of ['soloRate', 'coSellRate'] as const) {
    const e = percentError(form[key]);
    if (e) errors[key] = e;
  }
  for (const m of CO_SELL_MODELS) {
    for (const r of ROLES) {
      const e = percentError(form.models[m][r]);
      if (e) errors[`${m}.${r}`] = e;
    }
  }
  Object.assign(errors, dealPropertiesErrors(form.dealProperties), overrideErrors(form.overrides, splitList(form.dealProperties)), incentiveErrors(form.incentives));
  return errors;
}

/** What an override's input or API path below `overrides[i]` is called on the page. */
const OVERRIDE_FIELDS: Record<string, string> = {
  name: 'Name',
  minAmount: 'Amount at least',
  maxAmount: 'Amount below',
  currencies: 'Currencies',
  pipelines: 'Pipelines',
  soloRate: 'Solo pool rate',
  coSellRate: 'Co-sell pool rate',
  defaultModel: 'Default model',
  missingRoles: 'When a role is missing',
};

/**
 * A field name or an API error path, as a person reads it ("Sell with · Selling", "Version",
 * "Override 'Enterprise deals' · Amount below"). `overrideNames` names overrides by their position.
 */
export function fieldLabel(rawPath: string, overrideNames: readonly string[] = [], tierNames: readonly string[] = []): string {
  const path = rawPath.replace(/^ruleSet\./, '').replace(/\[(\d+)\]/g, '.$1');
  const parts = path.split('.');
  const [head, tail] = parts;
  if (head === 'dealProperties') return 'Deal properties overrides may test';
  if (head === 'incentives') return incentiveLabel(parts.slice(1), tierNames);
  if (head === 'overrides' && tail !== undefined && /^\d+$/.test(tail)) {
    const index = Number(tail);
    const name = overrideNames[index]?.trim();
    const which = name ? `Override '${name}'` : `Override ${index + 1}`;
    const rest = parts.slice(2).filter((p, i) => !(i === 0 && (p === 'when' || p === 'pool' || p === 'models')));
    if (rest.length === 0) return which;
    const [field, sub] = rest;
    if (field === 'properties' && sub) return `${which} · Deal property ${sub}`;
    const known = field ? OVERRIDE_FIELDS[field] : undefined;
    if (known) return `${which} · ${known}`;
    const inner = fieldLabel(rest.join('.'));
    return `${which} · ${rest.length === 1 && inner !== rest[0] ? `${inner} weights` : inner}`;
  }
  if (head === 'version') return 'Version';
  if (head === 'effectiveFrom') return 'Effective from';
  if (head === 'soloRate' || (head === 'pool' && tail === 'soloRate')) return 'Solo pool rate';
  if (head === 'coSellRate' || (head === 'pool' && tail === 'coSellRate')) return 'Co-sell pool rate';
  if (head === 'defaultModel') return 'Default model';
  if (head === 'missingRoles') return 'When a role is missing';
  const model = head === 'models' ? parts[1] : head;
  const role = head === 'models' ? parts[2] : tail;
  if (model && (CO_SELL_MODELS as string[]).includes(model)) {
    const modelLabel = MODEL_LABELS[model as CoSellModel];
    return role && (ROLES as string[]).includes(role) ? `${modelLabel} · ${ROLE_LABELS[role as Role]}` : modelLabel;
  }
  return path;
}

const INCENTIVE_FIELDS: Record<string, string> = {
  fiscalYearStartMonth: 'Fiscal year starts in',
  'coSellBonus.minCoSellWins': 'Co-sell bonus · Co-sell wins needed',
  'coSellBonus.reward.amount': 'Co-sell bonus · Amount',
  'coSellBonus.reward.currency': 'Co-sell bonus · Currency',
  'coSellBonus.reward.percent': 'Co-sell bonus · Uplift (%)',
  coSellBonus: 'Co-sell bonus',
  tiers: 'Tiers',
  name: 'Name',
  minCoSellWins: 'Co-sell wins from',
  benefits: 'Benefits',
  commissionUpliftPercent: 'Commission uplift (%)',
};

/** "Tier 'Co-sell Gold' · Co-sell wins from", "Co-sell bonus · Amount": an incentives path in words. */
function incentiveLabel(parts: string[], tierNames: readonly string[]): string {
  if (parts.length === 0) return 'Incentives';
  if (parts[0] === 'tiers' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const index = Number(parts[1]);
    const name = tierNames[index]?.trim();
    const which = name ? `Tier '${name}'` : `Tier ${index + 1}`;
    const field = parts[2];
    return field ? `${which} · ${INCENTIVE_FIELDS[field] ?? field}` : which;
  }
  return INCENTIVE_FIELDS[parts.join('.')] ?? `Incentives · ${parts.join('.')}`;
}

/** The day after an ISO date (UTC calendar arithmetic). */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A new draft's effective date: the day after the rule set in force takes effect, or today if that
 * is later, moved on past any date a published rule set already takes (so the draft starts valid).
 *
 * @example defaultEffectiveFrom('2026-07-01', '2026-12-02', ['2026-12-02']) // '2026-12-03'
 */
export function defaultEffectiveFrom(inForceFrom: string | null, today: string, takenDates: readonly string[]): string {
  let date = inForceFrom && dayAfter(inForceFrom) > today ? dayAfter(inForceFrom) : today;
  while (takenDates.includes(date)) date = dayAfter(date);
  return date;
}

/**
 * The next version label (pattern 2026.3) for a rule set taking effect on `effectiveFrom`: the
 * counter goes up within the year of the latest label and restarts at 1 in a new year, skipping
 * labels already published.
 *
 * @example nextVersion('2026.2', '2026-07-01') // '2026.3'
 */
export function nextVersion(latest: string | null, effectiveFrom: string, taken: readonly string[] = []): string {
  const year = effectiveFrom.slice(0, 4);
  const match = latest ? RULE_SET_VERSION_PATTERN.exec(latest) : null;
  let counter = match && match[1] === year ? Number(match[2]) + 1 : 1;
  while (taken.includes(`${year}.${counter}`)) counter += 1;
  return `${year}.${counter}`;
}

/**
 * Sum of a model's weights in hundredths of a point, so 33.33 + 33.33 + 33.34 is exactly 10000
 * (floats would not add up; weights have at most two decimals).
 *
 * @example weightSumHundredths({ sourcing: 20, selling: 80 }) // 10000
 */
export function weightSumHundredths(weights: Partial<Record<Role, FieldNumber>>): number {
  // The same values documentFromForm sends: negatives count (the API adds them too), cleared fields do not.
  return ROLES.reduce((sum, r) => sum + Math.round((weights[r] ?? 0) * 100), 0);
}

export const formatHundredths = (h: number): string => (h % 100 === 0 ? String(h / 100) : (h / 100).toFixed(2));

/** True when two or more roles share the pool in exactly equal parts: the article warns against equal splits by default. */
export function isEqualSplit(weights: Partial<Record<Role, FieldNumber>>): boolean {
  const nonZero = ROLES.map((r) => Math.round((weights[r] ?? 0) * 100)).filter((h) => h > 0);
  return nonZero.length >= 2 && nonZero.every((h) => h === nonZero[0]);
}
