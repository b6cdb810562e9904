import { z } from 'zod';
import { compareDecimals, currencyMinorUnits } from './money';
import type { MissingRolesPolicy, RoleWeights } from './percent';
import { formatHundredths, missingRolesSchema, percentage, roleWeightsSchema, toHundredths, weightSumProblem } from './percent';
import type { CoSellModel } from './vocabulary';
import { CO_SELL_MODELS, MODEL_NAMES } from './vocabulary';

/*
 * Rule overrides (docs/rule-sets.md, "Overrides"): a rule set may say that deals meeting some
 * conditions get other pool rates, weight tables, default model or missing-roles policy. The first
 * override whose `when` holds wins; what it does not set comes from the base rule set.
 */

/** Conditions on a deal; every key given must hold. */
export interface OverrideWhen {
  /** Inclusive lower bound on the deal amount, a decimal string in the deal's currency. */
  minAmount?: string;
  /** Exclusive upper bound on the deal amount, a decimal string in the deal's currency. */
  maxAmount?: string;
  /** ISO 4217 codes; the deal's currency must be one of them. */
  currencies?: string[];
  /** Pipeline ids; the deal's pipeline must be one of them. */
  pipelines?: string[];
  /** Deal property (internal name) → allowed values, compared case-insensitively. */
  properties?: Record<string, string[]>;
}

export interface RuleOverride {
  /** What people read on the card, the ledger and `cosell_rule_version` ("Enterprise deals"). */
  name: string;
  when: OverrideWhen;
  pool?: { soloRate?: number; coSellRate?: number };
  /** Whole weight tables; each replaces the base rule set's table for that model. */
  models?: Partial<Record<CoSellModel, RoleWeights>>;
  defaultModel?: CoSellModel;
  missingRoles?: MissingRolesPolicy;
}

/** The parts of a rule set an override can replace. */
interface BaseRules {
  pool: { soloRate: number; coSellRate: number };
  models: Partial<Record<CoSellModel, RoleWeights>>;
  defaultModel: CoSellModel;
  missingRoles: MissingRolesPolicy;
}

interface RulesWithOverrides extends BaseRules {
  dealProperties?: string[];
  overrides?: RuleOverride[];
}

/** A problem found across fields, as a path below the rule set and a message. */
export interface OverrideProblem {
  path: Array<string | number>;
  message: string;
}

/** The longest override name: it is written to `cosell_rule_version` after the version. */
export const OVERRIDE_NAME_MAX_LENGTH = 100;

const AMOUNT_HINT = 'must be a decimal string like "100000.00" (a JSON number could already have lost precision)';
const DECIMAL_AMOUNT = /^\d+(?:\.\d+)?$/;
const decimalAmount = z
  .string({ error: AMOUNT_HINT })
  .regex(DECIMAL_AMOUNT, { error: AMOUNT_HINT })
  .meta({ description: 'A non-negative decimal string in the deal currency, e.g. "100000.00".' });

const currencyCode = z
  .string({ error: 'must be an ISO 4217 code like "USD"' })
  .refine((code) => currencyMinorUnits(code) !== undefined, { error: (issue) => `unknown currency ${JSON.stringify(issue.input)} (an ISO 4217 code in capitals, like "USD")` });

const nonEmptyList = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `must be a list of ${what}` }).min(1, { error: `must list at least one of ${what} (an empty list matches no deal)` });

/** HubSpot separates the values of a multiple-checkbox property with ";" (docs/hubspot.md §4.10). */
const propertyValue = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must be a non-empty string' })
  .refine((value) => !value.includes(';'), { error: 'must not contain ";" (HubSpot separates the values of a multiple-checkbox property with it); list each value on its own' });

const PROPERTY_NAME = /^[A-Za-z0-9_]+$/;
const propertyName = z
  .string({ error: 'must be a deal property name' })
  .regex(PROPERTY_NAME, { error: 'must be a deal property internal name (letters, digits and underscores), like "territory"' });

/** The deal properties overrides may test; the worker reads these with the deal. */
export const dealPropertiesSchema = z
  .array(propertyName, { error: 'must be a list of deal property names' })
  .meta({ description: 'Deal properties (internal names) that overrides may test in when.properties; the worker reads them with each deal.' });

const whenSchema = z
  .strictObject(
    {
      minAmount: decimalAmount.optional().meta({ description: 'The deal amount is at least this (inclusive), in the deal currency.' }),
      maxAmount: decimalAmount.optional().meta({ description: 'The deal amount is below this (exclusive), in the deal currency.' }),
      currencies: nonEmptyList(currencyCode, 'currencies').optional(),
      pipelines: nonEmptyList(z.string({ error: 'must be a pipeline id' }).trim().min(1, { error: 'must be a pipeline id' }), 'pipeline ids').optional(),
      properties: z
        .record(z.string(), nonEmptyList(propertyValue, 'values'), { error: 'must be an object of deal property → allowed values' })
        .optional()
        .meta({ description: 'Deal property (listed in dealProperties) → allowed values, compared case-insensitively.' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown condition' : 'must be an object of conditions') },
  )
  .meta({ description: 'Conditions on the deal; every one given must hold. {} matches every deal.' });

const overrideName = z
  .string({ error: 'must be a non-empty name' })
  .trim()
  .min(1, { error: 'must be a non-empty name' })
  .max(OVERRIDE_NAME_MAX_LENGTH, { error: `must be at most ${OVERRIDE_NAME_MAX_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), { error: 'must be one line of text' });

const overrideSchema = z
  .strictObject(
    {
      name: overrideName,
      when: whenSchema,
      pool: z
        .strictObject({ soloRate: percentage.optional(), coSellRate: percentage.optional() }, {
          error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown rate' : 'must be an object of pool rates'),
        })
        .optional(),
      models: z
        .strictObject(
          { sell_with: roleWeightsSchema.optional(), sell_through: roleWeightsSchema.optional(), sell_to: roleWeightsSchema.optional() },
          { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown model' : 'must be an object of models') },
        )
        .optional(),
      defaultModel: z.enum(CO_SELL_MODELS, { error: `must be one of ${CO_SELL_MODELS.join(', ')}` }).optional(),
      missingRoles: missingRolesSchema.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be an override object') },
  )
  .meta({ description: 'Rules for the deals its `when` matches; what it omits comes from the base rule set.' });

export const overridesSchema = z
  .array(overrideSchema, { error: 'must be a list of overrides' })
  .meta({ description: 'Checked in order: the first override whose `when` holds for a deal is used; none → the base rules.' });

const fold = (text: string) => text.trim().normalize('NFC').toLowerCase();

/**
 * What JSON Schema cannot check: bounds that leave no amount, properties not listed in
 * `dealProperties`, override weight tables summing to 100, a default model the override's rules
 * lack, and two overrides with the same name.
 */
export function overrideProblems(rules: RulesWithOverrides): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const listed = new Map<string, number>();
  (rules.dealProperties ?? []).forEach((name, index) => {
    const earlier = listed.get(fold(name));
    if (earlier !== undefined) problems.push({ path: ['dealProperties', index], message: `"${name}" is already listed (dealProperties[${earlier}])` });
    else listed.set(fold(name), index);
  });
  const names = new Map<string, number>();
  (rules.overrides ?? []).forEach((override, index) => {
    const at = (...rest: Array<string | number>) => ['overrides', index, ...rest];
    const earlier = names.get(fold(override.name));
    if (earlier !== undefined) problems.push({ path: at('name'), message: `"${override.name}" is also the name of overrides[${earlier}]` });
    else names.set(fold(override.name), index);

    const { minAmount, maxAmount, properties } = override.when;
    // Refinements run even when a field failed its own check: compare only amounts that parsed.
    if (minAmount !== undefined && maxAmount !== undefined && DECIMAL_AMOUNT.test(minAmount) && DECIMAL_AMOUNT.test(maxAmount) && compareDecimals(minAmount, maxAmount) >= 0) {
      problems.push({
        path: at('when', 'maxAmount'),
        message: `must be above minAmount (${minAmount}): no amount is at least ${minAmount} and below ${maxAmount}, so this override could never apply`,
      });
    }
    const seen = new Map<string, string>();
    for (const key of Object.keys(properties ?? {})) {
      if (!PROPERTY_NAME.test(key)) {
        problems.push({ path: at('when', 'properties', key), message: 'must be a deal property internal name (letters, digits and underscores), like "territory"' });
        continue;
      }
      const same = seen.get(fold(key));
      if (same !== undefined) problems.push({ path: at('when', 'properties', key), message: `"${key}" is the same property as "${same}" (names are case-insensitive)` });
      seen.set(fold(key), key);
      if (!listed.has(fold(key))) {
        problems.push({ path: at('when', 'properties', key), message: `"${key}" is not listed in dealProperties (the deal properties the worker reads)` });
      }
    }
    for (const model of CO_SELL_MODELS) {
      const weights = override.models?.[model];
      const problem = weights ? weightSumProblem(weights) : null;
      if (problem) problems.push({ path: at('models', model), message: problem });
    }
    const effective = applyOverride(rules, override);
    if (!effective.models[effective.defaultModel]) {
      problems.push({
        path: override.defaultModel ? at('defaultModel') : ['defaultModel'],
        message: `"${effective.defaultModel}" is not one of the models of the rule set or of override '${override.name}'`,
      });
    }
  });
  return problems;
}

/**
 * The rules for a deal under `override`: the base with what the override sets replaced (a weight
 * table it gives replaces that model's whole table). No override: the base itself.
 */
export function applyOverride<T extends BaseRules>(base: T, override: RuleOverride | null | undefined): T {
  if (!override) return base;
  return {
    ...base,
    pool: { ...base.pool, ...definedOnly(override.pool ?? {}) },
    models: { ...base.models, ...definedOnly(override.models ?? {}) },
    defaultModel: override.defaultModel ?? base.defaultModel,
    missingRoles: override.missingRoles ?? base.missingRoles,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What an override is matched against: the deal's amount in its own currency, and where it sits. */
export interface DealFacts {
  /** A decimal string in `currency` ("120000.00"). */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
  pipeline?: string | null;
  /** Deal property → value as HubSpot stores it (a multiple-checkbox value is "A;B"). */
  properties?: Readonly<Record<string, string | null | undefined>> | null;
}

/** A deal property's values, folded: a multiple-checkbox value "A;B" holds A and B (docs/hubspot.md §4.10). */
function dealValues(deal: DealFacts, property: string): string[] {
  const key = fold(property);
  const entry = Object.entries(deal.properties ?? {}).find(([name]) => fold(name) === key);
  const raw = entry?.[1];
  if (typeof raw !== 'string') return [];
  return raw.split(';').map(fold).filter((v) => v !== '');
}

/** True when every condition of `when` holds for the deal. */
export function matchesWhen(when: OverrideWhen, deal: DealFacts): boolean {
  if (when.minAmount !== undefined && compareDecimals(deal.amount, when.minAmount) < 0) return false;
  if (when.maxAmount !== undefined && compareDecimals(deal.amount, when.maxAmount) >= 0) return false;
  if (when.currencies && !when.currencies.includes(deal.currency)) return false;
  if (when.pipelines) {
    const pipeline = deal.pipeline?.trim() ?? '';
    if (!when.pipelines.some((id) => id.trim() === pipeline)) return false;
  }
  for (const [property, allowed] of Object.entries(when.properties ?? {})) {
    const values = dealValues(deal, property);
    const ok = new Set(allowed.map(fold));
    if (!values.some((v) => ok.has(v))) return false;
  }
  return true;
}

/** The first override whose `when` holds for the deal (order is the rule author's), or null. */
export function findOverride(overrides: readonly RuleOverride[] | undefined, deal: DealFacts): { override: RuleOverride; index: number } | null {
  const list = overrides ?? [];
  for (let index = 0; index < list.length; index++) {
    const override = list[index];
    if (override && matchesWhen(override.when, deal)) return { override, index };
  }
  return null;
}

/** True when every deal `narrow` matches is also matched by `broad` (conditions compared key by key). */
export function coversWhen(broad: OverrideWhen, narrow: OverrideWhen): boolean {
  if (broad.minAmount !== undefined && (narrow.minAmount === undefined || compareDecimals(narrow.minAmount, broad.minAmount) < 0)) return false;
  if (broad.maxAmount !== undefined && (narrow.maxAmount === undefined || compareDecimals(narrow.maxAmount, broad.maxAmount) > 0)) return false;
  const subset = (inner: string[] | undefined, outer: string[] | undefined, key: (v: string) => string) =>
    outer === undefined || (inner !== undefined && inner.every((v) => outer.map(key).includes(key(v))));
  if (!subset(narrow.currencies, broad.currencies, (v) => v)) return false;
  if (!subset(narrow.pipelines, broad.pipelines, (v) => v.trim())) return false;
  for (const [property, allowed] of Object.entries(broad.properties ?? {})) {
    const mine = Object.entries(narrow.properties ?? {}).find(([name]) => fold(name) === fold(property))?.[1];
    if (!subset(mine, allowed, fold)) return false;
  }
  return true;
}

/**
 * Advice about overrides: one that an earlier override with a broader-or-equal `when` always
 * catches first never applies (order decides, so it is a warning, not an error).
 */
export function overrideWarnings(rules: { overrides?: RuleOverride[] }): Array<{ code: string; message: string }> {
  const list = rules.overrides ?? [];
  return list.flatMap((override, index) => {
    const earlier = list.slice(0, index).find((e) => coversWhen(e.when, override.when));
    if (!earlier) return [];
    return [{
      code: 'override_shadowed',
      message: `override '${override.name}' never applies: every deal it matches is caught first by the earlier override '${earlier.name}' (the first match wins; move it above to use it)`,
    }];
  });
}

/** "it sets the co-sell rate 30% and the Sell with weights" — what an override replaces, in words. */
export function describeOverrideSettings(override: RuleOverride): string {
  const parts: string[] = [];
  const rate = (label: string, percent: number | undefined) => {
    if (percent !== undefined) parts.push(`the ${label} ${formatHundredths(toHundredths(percent))}%`);
  };
  rate('solo rate', override.pool?.soloRate);
  rate('co-sell rate', override.pool?.coSellRate);
  for (const model of CO_SELL_MODELS) if (override.models?.[model]) parts.push(`the ${MODEL_NAMES[model]} weights`);
  if (override.defaultModel) parts.push(`the default model ${MODEL_NAMES[override.defaultModel]}`);
  if (override.missingRoles) parts.push(`missing roles ${override.missingRoles === 'retain' ? 'retained' : 'renormalized'}`);
  if (parts.length === 0) return 'it changes nothing, so the rule set applies as published';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `it sets ${list}; everything else comes from the rule set`;
}

/** Canonical JSON (sorted keys) for comparing overrides. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** What changed in the overrides between two rule sets, one human line per change. */
export function diffOverrides(before: RulesWithOverrides, after: RulesWithOverrides): string[] {
  const lines: string[] = [];
  const props = (r: RulesWithOverrides) => (r.dealProperties ?? []).join(', ') || '(none)';
  if (props(before) !== props(after)) lines.push(`dealProperties: ${props(before)} → ${props(after)}`);
  const a = before.overrides ?? [];
  const b = after.overrides ?? [];
  const byName = (list: RuleOverride[]) => new Map(list.map((o) => [o.name, o]));
  const aNames = byName(a);
  const bNames = byName(b);
  for (const o of a) if (!bNames.has(o.name)) lines.push(`override '${o.name}': removed`);
  for (const o of b) {
    const old = aNames.get(o.name);
    if (!old) {
      lines.push(`override '${o.name}': added`);
      continue;
    }
    const parts = (['when', 'pool', 'models', 'defaultModel', 'missingRoles'] as const).filter((k) => canonical(old[k] ?? null) !== canonical(o[k] ?? null));
    if (parts.length > 0) lines.push(`override '${o.name}': ${parts.join(', ')} changed`);
  }
  const kept = (list: RuleOverride[], other: Map<string, RuleOverride>) => list.map((o) => o.name).filter((n) => other.has(n));
  const orderBefore = kept(a, bNames);
  const orderAfter = kept(b, aNames);
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000')) {
    lines.push(`overrides order: ${orderBefore.map((n) => `'${n}'`).join(', ')} → ${orderAfter.map((n) => `'${n}'`).join(', ')}`);
  }
  return lines;
}
