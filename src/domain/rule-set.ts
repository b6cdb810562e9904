import { z } from 'zod';
import { isIsoDate } from './iso-date';
import type { MissingRolesPolicy, RoleWeights } from './percent';
import { formatHundredths, missingRolesSchema, percentage, percentStringToHundredths, roleWeightsSchema, toHundredths, weightSumProblem } from './percent';
import type { FieldError, Result } from './result';
import { currencyMinorUnits, formatMoney, parseMoney } from './money';
import { fail, failAll, formatPath, joinPath, ok } from './result';
import type { RuleOverride } from './rule-overrides';
import { applyOverride, dealPropertiesSchema, diffOverrides, overrideProblems, overrideWarnings, overridesSchema } from './rule-overrides';
import type { CoSellModel } from './vocabulary';
import { CO_SELL_MODELS, MODEL_NAMES, ROLES, roleName } from './vocabulary';

export type { MissingRolesPolicy, RoleWeights } from './percent';
export { MISSING_ROLES_POLICIES, formatHundredths, percentStringToHundredths, toHundredths } from './percent';

/** A published, versioned rule set. Percentages are numbers with at most 2 decimals. */
export interface RuleSet {
  /** Lets rule authors point their editor at schemas/rule-set.schema.json. */
  $schema?: string;
  version: string;
  effectiveFrom: string;
  pool: { soloRate: number; coSellRate: number };
  defaultModel: CoSellModel;
  models: Partial<Record<CoSellModel, RoleWeights>>;
  missingRoles: MissingRolesPolicy;
  // --- overrides (src/domain/rule-overrides.ts) ---
  /** Deal properties (internal names) that overrides may test; the worker reads these. */
  dealProperties?: string[];
  /** Rules for some deals: the first override whose `when` holds replaces what it sets. */
  overrides?: RuleOverride[];
  // --- end overrides ---
  /** Quarterly co-sell bonus and tiers (docs/decisions/0012-incentives.md); absent = none. */
  incentives?: Incentives;
}

/**
 * What a partner earns on top of commission for co-selling, quarter by quarter. Amounts and
 * percentages are decimal strings so no float ever holds them.
 */
export interface Incentives {
  /** The month (1–12) fiscal years start in; 1 = calendar quarters. */
  fiscalYearStartMonth: number;
  coSellBonus?: CoSellBonus;
  /** Ascending by `minCoSellWins`, names unique. */
  tiers: Tier[];
}

export interface CoSellBonus {
  minCoSellWins: number;
  reward: FixedReward | UpliftReward;
}

/** A fixed amount earned for the quarter that qualified. */
export interface FixedReward {
  kind: 'fixed';
  amount: string;
  currency: string;
}

/** An extra percentage on each won-deal allocation of the quarter after the one that qualified. */
export interface UpliftReward {
  kind: 'uplift';
  /** Percentage points with at most 2 decimals, as a string ("5", "2.5"). */
  percent: string;
}

export interface Tier {
  name: string;
  minCoSellWins: number;
  benefits: string[];
  /**
   * Extra percentage points on each won-deal allocation while a partner holds the tier, paid outside
   * the pool ("2", "1.5"); absent = none (docs/decisions/0012-incentives.md, "Tier uplift").
   */
  commissionUpliftPercent?: string;
}

/** Warnings are advice: the plan or rule set is usable, but a person should look. */
export interface Warning {
  code: string;
  message: string;
  partnerId?: string;
}

const winCount = z
  .number({ error: 'must be a whole number of co-sell wins' })
  .int({ error: 'must be a whole number of co-sell wins' })
  .min(1, { error: 'must be at least 1' })
  .max(1_000_000, { error: 'must be at most 1000000' });

const PERCENT_STRING = /^\d{1,3}(?:\.\d{1,2})?$/;

const fixedRewardSchema = z
  .strictObject({
    kind: z.literal('fixed'),
    amount: z.string({ error: 'must be a decimal string like "5000.00"' }).meta({ description: 'The bonus, a decimal string in `currency` ("5000.00").' }),
    currency: z.string({ error: 'must be an ISO 4217 code like "USD"' }).meta({ description: 'ISO 4217 code of the bonus amount.' }),
  })
  .superRefine((reward, ctx) => {
    if (currencyMinorUnits(reward.currency) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: `unknown currency "${reward.currency}"` });
      return;
    }
    const amount = parseMoney(reward.amount, reward.currency, 'amount');
    if (!amount.ok) {
      for (const error of amount.errors) ctx.addIssue({ code: 'custom', path: ['amount'], message: error.message });
    } else if (amount.value <= 0n) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be more than 0, got "${reward.amount}"` });
    }
  });

/** Percentage points as a decimal string: at most 2 decimals, above 0, at most 100. */
const upliftPercent = z
  .string({ error: 'must be a decimal string of percentage points like "5" or "2.5"' })
  .regex(PERCENT_STRING, { error: 'must be a decimal string of percentage points like "5" or "2.5", at most 2 decimals' })
  .refine((p) => !PERCENT_STRING.test(p) || (percentStringToHundredths(p) > 0n && percentStringToHundredths(p) <= 10000n), {
    error: 'must be more than 0 and at most 100',
  });

const upliftRewardSchema = z.strictObject({
  kind: z.literal('uplift'),
  percent: upliftPercent.meta({ description: 'Extra percentage points on each won-deal allocation, a string with at most 2 decimals ("5", "2.5").' }),
});

const tierSchema = z.strictObject({
  name: z.string({ error: 'must be a non-empty string' }).trim().min(1, { error: 'must be a non-empty string' }).max(100, { error: 'must be at most 100 characters' }),
  minCoSellWins: winCount,
  benefits: z
    .array(z.string({ error: 'must be a non-empty string' }).trim().min(1, { error: 'must be a non-empty string' }).max(200, { error: 'must be at most 200 characters' }), {
      error: 'must be a list of benefits',
    })
    .default([]),
  commissionUpliftPercent: upliftPercent
    .optional()
    .meta({
      description:
        'While a partner holds this tier (earned by the previous quarter\'s co-sell wins), each of its won-deal allocations earns this many extra percentage points, outside the pool; a string with at most 2 decimals ("2", "1.5").',
    }),
});

/** `incentives` of a rule set: the fiscal calendar, the co-sell bonus and the tiers. */
export const incentivesSchema = z
  .strictObject(
    {
      fiscalYearStartMonth: z
        .number({ error: 'must be a month number from 1 (January) to 12 (December)' })
        .int({ error: 'must be a month number from 1 (January) to 12 (December)' })
        .min(1, { error: 'must be a month number from 1 (January) to 12 (December)' })
        .max(12, { error: 'must be a month number from 1 (January) to 12 (December)' })
        .default(1),
      coSellBonus: z
        .strictObject({
          minCoSellWins: winCount,
          reward: z.discriminatedUnion('kind', [fixedRewardSchema, upliftRewardSchema], {
            error: (issue) =>
              issue.code === 'invalid_union' || issue.code === 'invalid_type'
                ? 'must be { "kind": "fixed", "amount", "currency" } or { "kind": "uplift", "percent" }'
                : undefined,
          }),
        })
        .optional(),
      tiers: z.array(tierSchema, { error: 'must be a list of tiers' }).max(20, { error: 'must have at most 20 tiers' }).default([]),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object with fiscalYearStartMonth, coSellBonus and tiers') },
  )
  .superRefine((incentives, ctx) => {
    const names = new Map<string, number>();
    incentives.tiers.forEach((tier, index) => {
      const previous = incentives.tiers[index - 1];
      if (previous && tier.minCoSellWins <= previous.minCoSellWins) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'minCoSellWins'],
          message: `must be greater than the previous tier's (${previous.name}: ${previous.minCoSellWins})`,
        });
      }
      const key = tier.name.toLowerCase();
      const same = names.get(key);
      if (same !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index, 'name'], message: `"${tier.name}" is also the name of incentives.tiers[${same}]` });
      } else names.set(key, index);
    });
  })
  .meta({
    description:
      'Quarterly co-sell incentives: fiscal quarters start in fiscalYearStartMonth; a co-sell bonus (fixed amount or uplift percentage) for partners with at least minCoSellWins co-sell wins in a quarter; tiers by co-sell wins.',
  });

/** The rule-set schema; refinements check what JSON Schema cannot (sums, the default model). */
export const ruleSetSchema: z.ZodType<RuleSet> = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.string({ error: 'must be a non-empty string' }).trim().min(1, { error: 'must be a non-empty string' }),
    effectiveFrom: z
      .string({ error: 'must be a date YYYY-MM-DD' })
      .refine(isIsoDate, { error: 'must be a date YYYY-MM-DD' })
      .meta({ format: 'date' }),
    pool: z.strictObject({ soloRate: percentage, coSellRate: percentage }),
    defaultModel: z.enum(CO_SELL_MODELS, { error: `must be one of ${CO_SELL_MODELS.join(', ')}` }),
    models: z.strictObject(
      { sell_with: roleWeightsSchema.optional(), sell_through: roleWeightsSchema.optional(), sell_to: roleWeightsSchema.optional() },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown model' : 'must be an object of models') },
    ),
    missingRoles: missingRolesSchema.default('renormalize'),
    incentives: incentivesSchema.optional(),
    // --- overrides (src/domain/rule-overrides.ts) ---
    dealProperties: dealPropertiesSchema.optional(),
    overrides: overridesSchema.optional(),
    // --- end overrides ---
  })
  .superRefine((rules, ctx) => {
    for (const model of CO_SELL_MODELS) {
      const weights = rules.models[model];
      if (!weights) continue;
      const problem = weightSumProblem(weights);
      if (problem) ctx.addIssue({ code: 'custom', path: ['models', model], message: problem });
    }
    if (!rules.models[rules.defaultModel]) {
      ctx.addIssue({ code: 'custom', path: ['defaultModel'], message: `"${rules.defaultModel}" is not one of the rule set's models` });
    }
    // --- overrides (src/domain/rule-overrides.ts) ---
    for (const problem of overrideProblems(rules)) ctx.addIssue({ code: 'custom', ...problem });
    // --- end overrides ---
  })
  .meta({
    title: 'Co-sell attribution rule set',
    description:
      'A published, versioned split rule set: pool rates and, per co-sell model, role weights in percentage points that sum to 100.',
  });

/**
 * The pattern of version labels partner ops publish: the year, a dot, and a counter within that
 * year starting at 1 ("2026.1", "2026.2", …, "2026.12"). One pattern makes the history sort and
 * read the same everywhere; the settings form and the API both check it (docs/rule-sets.md).
 * Rule files given to `cosell attribute` are not held to it: they are the author's own.
 */
export const VERSION_LABEL_PATTERN = /^(\d{4})\.([1-9]\d{0,3})$/;
export const VERSION_LABEL_HINT = 'must look like 2026.3 (the year, a dot, and a number from 1 within that year)';

/** True for a label that follows {@link VERSION_LABEL_PATTERN}. */
export function isVersionLabel(version: string): boolean {
  return VERSION_LABEL_PATTERN.test(version);
}

/**
 * The next version label after `latest` for a rule set taking effect on `effectiveFrom`: the
 * counter goes up within the same year and restarts at 1 in a new year. Labels in `taken` are skipped.
 *
 * @example nextVersionLabel('2026.2', '2026-07-01') // "2026.3"
 * @example nextVersionLabel('2026.4', '2027-01-01') // "2027.1"
 */
export function nextVersionLabel(latest: string | null, effectiveFrom: string, taken: readonly string[] = []): string {
  const year = effectiveFrom.slice(0, 4);
  const match = latest ? VERSION_LABEL_PATTERN.exec(latest) : null;
  let counter = match && match[1] === year ? Number(match[2]) + 1 : 1;
  while (taken.includes(`${year}.${counter}`)) counter += 1;
  return `${year}.${counter}`;
}

/** The rule set the product ships with. */
export const DEFAULT_RULE_SET: RuleSet = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  pool: { soloRate: 20, coSellRate: 25 },
  defaultModel: 'sell_with',
  models: {
    sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15, implementation: 0 },
    sell_through: { selling: 70, influence: 30 },
    sell_to: { sourcing: 20, selling: 80 },
  },
  missingRoles: 'renormalize',
};

/** Turns zod issues into our field errors, under an optional path prefix. */
export function zodIssuesToErrors(issues: ReadonlyArray<z.core.$ZodIssue>, prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    // One error per unknown key, at the key itself, so the message points at what to delete.
    if (issue.code === 'unrecognized_keys') {
      const label = issue.message.startsWith('unknown ') ? issue.message : 'unknown field';
      return issue.keys.map((key) => ({ path: joinPath(prefix, formatPath([...issue.path, key])), message: `${label} "${key}"` }));
    }
    return [{ path: joinPath(prefix, formatPath(issue.path)) || '(input)', message: issue.message }];
  });
}

/**
 * Validates an unknown value as a rule set. `path` prefixes error paths (`rules[1].pool.soloRate`).
 *
 * @example parseRuleSet(JSON.parse(text), 'rules')
 */
export function parseRuleSet(input: unknown, path = ''): Result<RuleSet> {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) return failAll(zodIssuesToErrors(parsed.error.issues, path));
  return ok(parsed.data);
}

/**
 * Validates one rule set or a list of them (a history of published versions). Two rule sets
 * that take effect on the same day, or share a version, are an error: selection must never be
 * ambiguous.
 */
export function parseRuleSets(input: unknown, path = ''): Result<RuleSet[]> {
  if (!Array.isArray(input)) {
    const one = parseRuleSet(input, path);
    return one.ok ? ok([one.value]) : one;
  }
  if (input.length === 0) return fail(path || '(input)', 'must contain at least one rule set');
  const errors: FieldError[] = [];
  const ruleSets: RuleSet[] = [];
  input.forEach((item, index) => {
    const one = parseRuleSet(item, `${path}[${index}]`);
    if (one.ok) ruleSets.push(one.value);
    else errors.push(...one.errors);
  });
  if (errors.length > 0) return failAll(errors);
  const byDate = new Map<string, number>();
  const byVersion = new Map<string, number>();
  ruleSets.forEach((rules, index) => {
    const sameDate = byDate.get(rules.effectiveFrom);
    if (sameDate !== undefined) {
      errors.push({ path: `${path}[${index}].effectiveFrom`, message: `${rules.effectiveFrom} is also the effective date of ${path}[${sameDate}]` });
    } else byDate.set(rules.effectiveFrom, index);
    const sameVersion = byVersion.get(rules.version);
    if (sameVersion !== undefined) {
      errors.push({ path: `${path}[${index}].version`, message: `version "${rules.version}" is also used by ${path}[${sameVersion}]` });
    } else byVersion.set(rules.version, index);
  });
  return errors.length > 0 ? failAll(errors) : ok(ruleSets);
}

/**
 * The rule set in force on `asOf`: the latest `effectiveFrom` on or before it.
 *
 * @example selectRuleSet([r2025, r2026], '2026-03-31') // r2026 when it takes effect 2026-01-01
 */
export function selectRuleSet(ruleSets: RuleSet[], asOf: string): Result<RuleSet> {
  if (!isIsoDate(asOf)) return fail('asOf', `"${asOf}" is not a date YYYY-MM-DD`);
  if (ruleSets.length === 0) return fail('rules', 'no rule sets given');
  let chosen: RuleSet | undefined;
  for (const rules of ruleSets) {
    if (rules.effectiveFrom > asOf) continue;
    if (!chosen || rules.effectiveFrom > chosen.effectiveFrom) chosen = rules;
    else if (rules.effectiveFrom === chosen.effectiveFrom) {
      return fail('rules', `rule sets "${chosen.version}" and "${rules.version}" both take effect on ${rules.effectiveFrom}`);
    }
  }
  if (!chosen) {
    const earliest = ruleSets.reduce((a, b) => (b.effectiveFrom < a.effectiveFrom ? b : a));
    return fail('rules', `no rule set in force on ${asOf} (the earliest, "${earliest.version}", takes effect ${earliest.effectiveFrom})`);
  }
  return ok(chosen);
}

/** The rule set with the latest effective date: used when a deal has no date at all. */
export function latestRuleSet(ruleSets: RuleSet[]): RuleSet | undefined {
  return ruleSets.reduce<RuleSet | undefined>((a, b) => (!a || b.effectiveFrom > a.effectiveFrom ? b : a), undefined);
}

/**
 * Advice for rule authors about a valid rule set: models that split equally between their roles
 * (usually a placeholder nobody decided on), a co-sell rate below the solo rate (co-selling
 * would pay less, against the product's intent), and a model that gives everything to one role.
 */
export function ruleSetWarnings(rules: RuleSet): Warning[] {
  const warnings: Warning[] = CO_SELL_MODELS.flatMap((model) => modelWarnings(rules, model));
  if (toHundredths(rules.pool.coSellRate) < toHundredths(rules.pool.soloRate)) {
    warnings.push({
      code: 'co_sell_rate_below_solo',
      message: `pool.coSellRate (${formatPercent(rules.pool.coSellRate)}) is below pool.soloRate (${formatPercent(rules.pool.soloRate)}): co-selling would pay less in total`,
    });
  }
  // --- overrides (src/domain/rule-overrides.ts) ---
  warnings.push(...overrideWarnings(rules), ...overriddenModelWarnings(rules));
  // --- end overrides ---
  return warnings;
}

/**
 * The advice of `ruleSetWarnings` that is about one model: an equal split between its roles or
 * a single role taking everything. A plan computed with that model carries these, so the person
 * reading the plan sees them, not only the rule author on the settings page.
 */
export function modelWarnings(rules: RuleSet, model: CoSellModel): Warning[] {
  const weights = rules.models[model];
  if (!weights) return [];
  const nonZero = ROLES.filter((role) => (weights[role] ?? 0) > 0);
  const first = nonZero[0];
  if (!first) return [];
  if (nonZero.length === 1) {
    return [{ code: 'single_role_model', message: `${MODEL_NAMES[model]} gives the whole pool to ${roleName(first)}; other partners on such deals get nothing` }];
  }
  if (nonZero.every((role) => weights[role] === weights[first])) {
    return [{
      code: 'equal_split',
      message: `${MODEL_NAMES[model]} splits equally between ${nonZero.map(roleName).join(', ')} (${formatPercent(weights[first] ?? 0)} each); is that a decision or a placeholder?`,
    }];
  }
  return [];
}

/**
 * What changed between two rule sets, one human line per change, in a fixed order.
 *
 * @example diffRuleSets(a, b) // ["sell_with.selling: 40 → 45", "pool.coSellRate: 25 → 30"]
 */
export function diffRuleSets(before: RuleSet, after: RuleSet): string[] {
  const lines: string[] = [];
  const scalar = (label: string, a: string, b: string) => {
    if (a !== b) lines.push(`${label}: ${a} → ${b}`);
  };
  scalar('version', before.version, after.version);
  scalar('effectiveFrom', before.effectiveFrom, after.effectiveFrom);
  scalar('pool.soloRate', formatPercentNumber(before.pool.soloRate), formatPercentNumber(after.pool.soloRate));
  scalar('pool.coSellRate', formatPercentNumber(before.pool.coSellRate), formatPercentNumber(after.pool.coSellRate));
  scalar('defaultModel', before.defaultModel, after.defaultModel);
  scalar('missingRoles', before.missingRoles, after.missingRoles);
  for (const model of CO_SELL_MODELS) {
    const a = before.models[model];
    const b = after.models[model];
    if (!a && !b) continue;
    if (!a && b) {
      lines.push(`${model}: added (${describeWeights(b)})`);
      continue;
    }
    if (a && !b) {
      lines.push(`${model}: removed`);
      continue;
    }
    for (const role of ROLES) {
      scalar(`${model}.${role}`, formatPercentNumber(a?.[role] ?? 0), formatPercentNumber(b?.[role] ?? 0));
    }
  }
  // --- overrides (src/domain/rule-overrides.ts) ---
  lines.push(...diffOverrides(before, after));
  // --- end overrides ---
  lines.push(...diffIncentives(before.incentives, after.incentives));
  return lines;
}

/** The incentive part of {@link diffRuleSets}: one line per changed setting, tiers as one line. */
function diffIncentives(before: Incentives | undefined, after: Incentives | undefined): string[] {
  if (!before && !after) return [];
  if (!before && after) return [`incentives: added (${describeIncentives(after)})`];
  if (before && !after) return ['incentives: removed'];
  const a = before as Incentives;
  const b = after as Incentives;
  const lines: string[] = [];
  const scalar = (label: string, x: string, y: string) => {
    if (x !== y) lines.push(`${label}: ${x} → ${y}`);
  };
  scalar('incentives.fiscalYearStartMonth', String(a.fiscalYearStartMonth), String(b.fiscalYearStartMonth));
  scalar('incentives.coSellBonus', describeBonus(a.coSellBonus), describeBonus(b.coSellBonus));
  scalar('incentives.tiers', describeTiers(a.tiers), describeTiers(b.tiers));
  return lines;
}

function describeIncentives(incentives: Incentives): string {
  return [`fiscal year starts in month ${incentives.fiscalYearStartMonth}`, `co-sell bonus ${describeBonus(incentives.coSellBonus)}`, `tiers ${describeTiers(incentives.tiers)}`].join('; ');
}

/** "5000.00 USD from 3 co-sell wins", "5% uplift from 3 co-sell wins" or "none". */
export function describeBonus(bonus: CoSellBonus | undefined): string {
  if (!bonus) return 'none';
  const reward =
    bonus.reward.kind === 'fixed'
      ? `${describeFixedAmount(bonus.reward)} ${bonus.reward.currency}`
      : `${formatHundredths(percentStringToHundredths(bonus.reward.percent))}% uplift`;
  return `${reward} from ${bonus.minCoSellWins} co-sell win${bonus.minCoSellWins === 1 ? '' : 's'}`;
}

function describeFixedAmount(reward: FixedReward): string {
  const minor = parseMoney(reward.amount, reward.currency, 'amount');
  return minor.ok ? formatMoney(minor.value, reward.currency) : reward.amount;
}

function describeTiers(tiers: Tier[]): string {
  if (tiers.length === 0) return 'none';
  return tiers
    .map((t) => {
      const perks = [...t.benefits, ...(t.commissionUpliftPercent ? [`+${formatHundredths(percentStringToHundredths(t.commissionUpliftPercent))}% commission`] : [])];
      return `${t.name} (${t.minCoSellWins}${perks.length > 0 ? `: ${perks.join(', ')}` : ''})`;
    })
    .join(', ');
}

// --- overrides (src/domain/rule-overrides.ts) ---
/**
 * The rules a deal under `override` is computed with: the base rule set with what the override
 * sets replaced (no override: the base itself). `overrides` stays, so the result still names them.
 */
export function ruleSetWithOverride(rules: RuleSet, override: RuleOverride | null): RuleSet {
  return applyOverride(rules, override);
}

/** The model advice (equal split, one role takes all) for the weight tables overrides set. */
function overriddenModelWarnings(rules: RuleSet): Warning[] {
  return (rules.overrides ?? []).flatMap((override) =>
    CO_SELL_MODELS.filter((model) => override.models?.[model]).flatMap((model) =>
      modelWarnings(applyOverride(rules, override), model).map((w) => ({ ...w, message: `override '${override.name}': ${w.message}` })),
    ),
  );
}
// --- end overrides ---

function describeWeights(weights: RoleWeights): string {
  return ROLES.filter((role) => weights[role] !== undefined)
    .map((role) => `${role} ${formatPercentNumber(weights[role] ?? 0)}`)
    .join(', ');
}

function formatPercentNumber(percent: number): string {
  return formatHundredths(toHundredths(percent));
}

function formatPercent(percent: number): string {
  return `${formatPercentNumber(percent)}%`;
}

/**
 * The JSON Schema published for rule authors (schemas/rule-set.schema.json). It describes the
 * input shape; sums to 100 and "default model exists" are checked by `parseRuleSet` only.
 */
export function ruleSetJsonSchema(): object {
  const schema = z.toJSONSchema(ruleSetSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://cosell.example/schemas/rule-set.schema.json',
    ...schema,
    $comment:
      'Generated from src/domain/rule-set.ts by scripts/generate-rule-set-schema.ts; do not edit. Each model\'s weights must also sum to exactly 100 and defaultModel must be one of models. ' +
      'Incentives: a fixed reward\'s amount must fit its currency and be above 0; an uplift percent (and a tier\'s commissionUpliftPercent) must be above 0 and at most 100; tiers must go up in minCoSellWins and have distinct names. ' +
      'Overrides: minAmount must be below maxAmount, when.properties may only name dealProperties, override names are unique.',
  };
}
