import { Percent } from '@cosell/contract';
import type { CoSellModel, Role, RuleOverrideDocument } from '@cosell/contract';
import { CO_SELL_MODELS, MODEL_LABELS, ROLE_LABELS, ROLES } from '@cosell/card-kit';

/*
 * The overrides part of the rule-set editor (docs/rule-sets.md, "Overrides"): what the inputs hold,
 * the document they make, and the same checks the API applies (names unique, amounts that leave a
 * range, currencies, properties listed in dealProperties, weight tables summing to 100), plus the
 * shadowing advice (an override an earlier, broader one always catches first).
 */

/** A number as typed; null when empty. For an override's rates, empty means "from the rule set". */
export type OverrideNumber = number | null;

/** One override as the editor holds it: lists as the text people type ("USD, EUR"). */
export interface OverrideForm {
  name: string;
  /** Decimal text in the deal currency; '' = no lower bound. */
  minAmount: string;
  /** Decimal text in the deal currency; '' = no upper bound. */
  maxAmount: string;
  /** ISO codes separated by commas; '' = any currency. */
  currencies: string;
  /** Pipeline ids (chosen by label); empty = any pipeline. */
  pipelines: string[];
  /** Deal property → allowed values separated by commas; '' = no condition on it. */
  properties: Record<string, string>;
  soloRate: OverrideNumber;
  coSellRate: OverrideNumber;
  /** The weight tables the override replaces, whole; a model absent here comes from the rule set. */
  models: Partial<Record<CoSellModel, Record<Role, OverrideNumber>>>;
  /** '' = the rule set's. */
  defaultModel: CoSellModel | '';
  /** '' = the rule set's. */
  missingRoles: 'renormalize' | 'retain' | '';
}

/** Field key (as the inputs are named, `overrides.1.maxAmount`) → what is wrong. */
export type OverrideErrors = Record<string, string>;

/** "EMEA, APAC ," → ["EMEA", "APAC"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const joinList = (items: readonly string[] | undefined) => (items ?? []).join(', ');

export function overrideFormFromDocument(doc: RuleOverrideDocument): OverrideForm {
  const models: OverrideForm['models'] = {};
  for (const model of CO_SELL_MODELS) {
    const table = doc.models?.[model];
    if (table) models[model] = Object.fromEntries(ROLES.map((role) => [role, table[role] ?? 0])) as Record<Role, OverrideNumber>;
  }
  return {
    name: doc.name,
    minAmount: doc.when.minAmount ?? '',
    maxAmount: doc.when.maxAmount ?? '',
    currencies: joinList(doc.when.currencies),
    pipelines: [...(doc.when.pipelines ?? [])],
    properties: Object.fromEntries(Object.entries(doc.when.properties ?? {}).map(([property, values]) => [property, joinList(values)])),
    soloRate: doc.pool?.soloRate ?? null,
    coSellRate: doc.pool?.coSellRate ?? null,
    models,
    defaultModel: doc.defaultModel ?? '',
    missingRoles: doc.missingRoles ?? '',
  };
}

/**
 * The override the API will see: conditions left empty are left out (no condition), rates left empty
 * come from the rule set, and a weight of 0 is left out of its table as in the base models.
 */
export function overrideDocumentFromForm(form: OverrideForm): RuleOverrideDocument {
  const when: RuleOverrideDocument['when'] = {};
  if (form.minAmount.trim() !== '') when.minAmount = form.minAmount.trim();
  if (form.maxAmount.trim() !== '') when.maxAmount = form.maxAmount.trim();
  const currencies = splitList(form.currencies);
  if (currencies.length > 0) when.currencies = currencies;
  if (form.pipelines.length > 0) when.pipelines = [...form.pipelines];
  const properties = Object.entries(form.properties)
    .map(([property, text]) => [property, splitList(text)] as const)
    .filter(([, values]) => values.length > 0);
  if (properties.length > 0) when.properties = Object.fromEntries(properties);

  const doc: RuleOverrideDocument = { name: form.name.trim(), when };
  const pool: NonNullable<RuleOverrideDocument['pool']> = {};
  if (form.soloRate !== null) pool.soloRate = form.soloRate;
  if (form.coSellRate !== null) pool.coSellRate = form.coSellRate;
  if (Object.keys(pool).length > 0) doc.pool = pool;
  const models: NonNullable<RuleOverrideDocument['models']> = {};
  for (const model of CO_SELL_MODELS) {
    const table = form.models[model];
    if (!table) continue;
    models[model] = Object.fromEntries(ROLES.flatMap((role) => (table[role] === null || table[role] === 0 ? [] : [[role, table[role]]])));
  }
  if (Object.keys(models).length > 0) doc.models = models;
  if (form.defaultModel !== '') doc.defaultModel = form.defaultModel;
  if (form.missingRoles !== '') doc.missingRoles = form.missingRoles;
  return doc;
}

/** A new override: no conditions yet (it would catch every deal) and nothing replaced, under a free name. */
export function newOverride(taken: readonly string[]): OverrideForm {
  const used = new Set(taken.map(foldName));
  let name = 'New override';
  for (let n = 2; used.has(foldName(name)); n++) name = `New override ${n}`;
  return { name, minAmount: '', maxAmount: '', currencies: '', pipelines: [], properties: {}, soloRate: null, coSellRate: null, models: {}, defaultModel: '', missingRoles: '' };
}

/** The list with the override at `index` moved one place up (-1) or down (+1); unchanged at the ends. */
export function moveOverride<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}

const foldName = (text: string) => text.trim().normalize('NFC').toLowerCase();

const DECIMAL = /^\d+(?:\.\d+)?$/;
const PROPERTY_NAME = /^[A-Za-z0-9_]+$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const NAME_MAX = 100;

/**
 * Orders two non-negative decimal strings exactly (no float): -1, 0 or 1.
 *
 * @example compareDecimalText('100000', '99999.99') // 1
 */
export function compareDecimalText(a: string, b: string): -1 | 0 | 1 {
  const parts = (text: string) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return { whole: whole.replace(/^0+(?=\d)/, ''), fraction };
  };
  const x = parts(a);
  const y = parts(b);
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const left = x.whole + x.fraction.padEnd(width, '0');
  const right = y.whole + y.fraction.padEnd(width, '0');
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The sum of a weight table in hundredths of a point (exact for ≤ 2 decimals). */
export function tableSumHundredths(table: Partial<Record<Role, OverrideNumber>>): number {
  return ROLES.reduce((sum, role) => sum + Math.round((table[role] ?? 0) * 100), 0);
}

const percentProblem = (value: number): string | null => {
  const parsed = Percent.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
};

/** Problems with the rule set's `dealProperties` list (as typed), under the key `dealProperties`. */
export function dealPropertiesErrors(text: string): OverrideErrors {
  const seen = new Set<string>();
  for (const name of splitList(text)) {
    if (!PROPERTY_NAME.test(name)) return { dealProperties: `"${name}" must be a deal property internal name (letters, digits and underscores), like "territory"` };
    if (seen.has(name.toLowerCase())) return { dealProperties: `"${name}" is listed twice` };
    seen.add(name.toLowerCase());
  }
  return {};
}

/**
 * What the API would refuse in the overrides, per input: the same rules as the rule set's schema.
 * `dealProperties` is the list the overrides may test.
 */
export function overrideErrors(overrides: readonly OverrideForm[], dealProperties: readonly string[]): OverrideErrors {
  const errors: OverrideErrors = {};
  const listed = new Set(dealProperties.map((p) => p.toLowerCase()));
  const firstWithName = new Map<string, string>();
  overrides.forEach((o, i) => {
    const key = (field: string) => `overrides.${i}.${field}`;
    const set = (field: string, message: string) => {
      errors[key(field)] ??= message;
    };
    const name = o.name.trim();
    if (name === '') set('name', 'required: the card, the ledger and the statements show it');
    else if (name.length > NAME_MAX) set('name', `must be at most ${NAME_MAX} characters`);
    else {
      const earlier = firstWithName.get(foldName(name));
      if (earlier !== undefined) set('name', `another override above is also named "${earlier}"`);
      else firstWithName.set(foldName(name), name);
    }

    const min = o.minAmount.trim();
    const max = o.maxAmount.trim();
    const amountHint = 'must be a decimal amount like "100000.00"';
    if (min !== '' && !DECIMAL.test(min)) set('minAmount', amountHint);
    if (max !== '' && !DECIMAL.test(max)) set('maxAmount', amountHint);
    if (DECIMAL.test(min) && DECIMAL.test(max) && compareDecimalText(min, max) >= 0) {
      set('maxAmount', `must be above the minimum (${min}): no amount is at least ${min} and below ${max}, so this override could never apply`);
    }
    const badCurrency = splitList(o.currencies).find((code) => !CURRENCY_CODE.test(code));
    if (badCurrency !== undefined) set('currencies', `unknown currency "${badCurrency}" (ISO 4217 codes in capitals, like "USD", separated by commas)`);

    for (const [property, text] of Object.entries(o.properties)) {
      const values = splitList(text);
      if (values.length === 0) continue;
      if (!listed.has(property.toLowerCase())) set(`properties.${property}`, `"${property}" is not listed in the deal properties overrides may test; add it there or clear this condition`);
      else if (values.some((v) => v.includes(';'))) set(`properties.${property}`, 'a value must not contain ";" (HubSpot separates the values of a multiple-checkbox property with it)');
    }

    for (const rate of ['soloRate', 'coSellRate'] as const) {
      const value = o[rate];
      const problem = value === null ? null : Number.isNaN(value) ? 'must be a number' : percentProblem(value);
      if (problem) set(rate, problem);
    }
    for (const model of CO_SELL_MODELS) {
      const table = o.models[model];
      if (!table) continue;
      for (const role of ROLES) {
        const weight = table[role];
        const problem = weight === null ? 'required (0 for a role this model does not pay)' : percentProblem(weight);
        if (problem) set(`${model}.${role}`, problem);
      }
      const sum = tableSumHundredths(table);
      if (sum !== 10_000) set(model, `${MODEL_LABELS[model]} weights sum to ${formatSum(sum)}, must be 100`);
    }
  });
  return errors;
}

const formatSum = (hundredths: number) => (hundredths % 100 === 0 ? String(hundredths / 100) : (hundredths / 100).toFixed(2));

/** The conditions of one override, as the API reads them, for the shadowing check. */
interface Conditions {
  min?: string;
  max?: string;
  currencies?: string[];
  pipelines?: string[];
  properties: Array<[string, string[]]>;
}

function conditionsOf(o: OverrideForm): Conditions {
  const doc = overrideDocumentFromForm(o).when;
  return {
    ...(doc.minAmount !== undefined ? { min: doc.minAmount } : {}),
    ...(doc.maxAmount !== undefined ? { max: doc.maxAmount } : {}),
    ...(doc.currencies ? { currencies: doc.currencies } : {}),
    ...(doc.pipelines ? { pipelines: doc.pipelines } : {}),
    properties: Object.entries(doc.properties ?? {}),
  };
}

/** True when `inner` is given and every item of it is in `outer`; an absent `outer` allows anything. */
function within(inner: readonly string[] | undefined, outer: readonly string[] | undefined, norm: (s: string) => string): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  const allowed = new Set(outer.map(norm));
  return inner.every((item) => allowed.has(norm(item)));
}

/** True when every deal `later` matches, `earlier` matches too (so `later` never applies). */
function catchesAll(earlier: Conditions, later: Conditions): boolean {
  if (!DECIMAL.test(earlier.min ?? '0') || !DECIMAL.test(earlier.max ?? '0') || !DECIMAL.test(later.min ?? '0') || !DECIMAL.test(later.max ?? '0')) return false;
  if (earlier.min !== undefined && (later.min === undefined || compareDecimalText(later.min, earlier.min) < 0)) return false;
  if (earlier.max !== undefined && (later.max === undefined || compareDecimalText(later.max, earlier.max) > 0)) return false;
  if (!within(later.currencies, earlier.currencies, (c) => c)) return false;
  if (!within(later.pipelines, earlier.pipelines, (p) => p.trim())) return false;
  return earlier.properties.every(([property, allowed]) => {
    const mine = later.properties.find(([name]) => name.toLowerCase() === property.toLowerCase())?.[1];
    return within(mine, allowed, foldName);
  });
}

/**
 * Per override index, the advice that it never applies because an earlier override catches every
 * deal it matches, naming both by name (the first match wins, so this is a warning, not an error).
 */
export function overrideShadowWarnings(overrides: readonly OverrideForm[]): Record<number, string> {
  const conditions = overrides.map(conditionsOf);
  const warnings: Record<number, string> = {};
  conditions.forEach((mine, i) => {
    const earlier = conditions.slice(0, i).findIndex((theirs) => catchesAll(theirs, mine));
    if (earlier < 0) return;
    const name = overrides[i]?.name.trim() ?? '';
    const by = overrides[earlier]?.name.trim() ?? '';
    warnings[i] = `'${name}' never applies: every deal it matches is caught first by '${by}' above it (the first match wins; move it above '${by}' to use it)`;
  });
  return warnings;
}

/**
 * One override in words for the version history, pipelines by label where known:
 * "Enterprise deals: amount at least 100000.00, pipeline Enterprise → co-sell rate 30%".
 */
export function overrideSummary(o: RuleOverrideDocument, pipelineLabels: ReadonlyMap<string, string> = new Map()): string {
  const when: string[] = [];
  if (o.when.minAmount !== undefined) when.push(`amount at least ${o.when.minAmount}`);
  if (o.when.maxAmount !== undefined) when.push(`amount below ${o.when.maxAmount}`);
  if (o.when.currencies) when.push(`currency ${o.when.currencies.join(' or ')}`);
  if (o.when.pipelines) when.push(`pipeline ${o.when.pipelines.map((id) => pipelineLabels.get(id) ?? `${id} (id)`).join(' or ')}`);
  for (const [property, values] of Object.entries(o.when.properties ?? {})) when.push(`${property} ${values.join(' or ')}`);
  const sets: string[] = [];
  if (o.pool?.soloRate !== undefined) sets.push(`solo rate ${o.pool.soloRate}%`);
  if (o.pool?.coSellRate !== undefined) sets.push(`co-sell rate ${o.pool.coSellRate}%`);
  for (const model of CO_SELL_MODELS) {
    const table = o.models?.[model];
    if (table) sets.push(`${MODEL_LABELS[model]} weights ${ROLES.filter((r) => (table[r] ?? 0) > 0).map((r) => `${ROLE_LABELS[r]} ${table[r]}`).join(', ')}`);
  }
  if (o.defaultModel) sets.push(`default model ${MODEL_LABELS[o.defaultModel]}`);
  if (o.missingRoles) sets.push(o.missingRoles === 'retain' ? 'missing roles kept unallocated' : 'missing roles renormalised');
  return `${o.name}: ${when.length > 0 ? when.join(', ') : 'every deal'} → ${sets.length > 0 ? sets.join('; ') : 'the rule set as it is'}`;
}
