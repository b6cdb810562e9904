import { currencyMinorUnits, divideRoundHalfAwayFromZero, formatMoney, formatScaled, parseMoney } from './money';
import { toIsoDate } from './iso-date';
import type { FieldError, Result } from './result';
import { failAll, ok } from './result';
import type { RuleOverride } from './rule-overrides';
import { describeOverrideSettings, findOverride } from './rule-overrides';
import type { RuleSet, Warning } from './rule-set';
import { formatHundredths, latestRuleSet, modelWarnings, parseRuleSets, ruleSetWithOverride, selectRuleSet, toHundredths } from './rule-set';
import type { AttributionModel, PartnerType, Role } from './vocabulary';
import { ATTRIBUTION_MODELS, MODEL_NAMES, ROLES, isAttributionModel, isCoSellModel, isRole, roleName, roleTitle } from './vocabulary';

export interface AttributionInput {
  /**
   * `amount` is a decimal string in `currency` ("1234.50"); `closeDate` picks the rule set; `name` is what people read.
   * `pipeline` (id) and `properties` (internal name → value as HubSpot stores it) pick the rule set's override.
   */
  deal: {
    id: string;
    name?: string | null;
    amount: string;
    currency: string;
    closeDate?: string | null;
    pipeline?: string | null;
    properties?: Record<string, string | null> | null;
  };
  model?: AttributionModel | null;
  /** Roles arrive as strings because they come from outside; unknown ones are errors. */
  partners: Array<{ id: string; name?: string; type?: PartnerType | null; roles: string[] }>;
  /** A list is a history: the one in force on `asOf ?? deal.closeDate` is used (else the latest). */
  rules: RuleSet | RuleSet[];
  asOf?: string;
}

export interface Allocation {
  partnerId: string;
  partnerName?: string;
  roles: Role[];
  /** Percentage points, up to 4 decimals ("33.3333"). */
  weight: string;
  /** 0..1 with 6 decimals. */
  share: string;
  /** Decimal string with exactly the currency's minor digits. */
  amount: string;
  /** The same amount as integer minor units, as a string (JSON-safe bigint). */
  amountMinor: string;
}

export interface AttributionPlan {
  dealId: string;
  model: AttributionModel;
  ruleVersion: string;
  /** The name of the rule set's override the deal fell under (the first that matched), or null for the base rules. */
  override: string | null;
  currency: string;
  dealAmount: string;
  pool: { rate: string; amount: string; amountMinor: string; currency: string };
  /** Sorted by partnerId (string order) so output never depends on input order. */
  allocations: Allocation[];
  unallocated: string;
  warnings: Warning[];
  explanation: string[];
}

interface Partner {
  id: string;
  name?: string;
  roles: Role[];
  /** Roles listed more than once: counted once, reported as a warning. */
  duplicates: Role[];
}

/** A partner's weight as an exact rational: `numerator / scale` hundredths of a percentage point. */
interface Weighted {
  partner: Partner;
  numerator: bigint;
  /** How the weight was made, for the explanation ("sourcing 20 + selling 20"). */
  parts: string[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** What a person reads for a partner: its name, the id only when no name was given. */
const who = (p: { id: string; name?: string }) => p.name ?? p.id;
const whoList = (list: Array<{ id: string; name?: string }>) => list.map(who).join(', ');
/** 100 % in integer hundredths. */
const WHOLE = 10000n;

/**
 * Turns a deal, its partners' roles and the rule set in force into a plan: who gets what part of
 * the commission pool, exactly, with warnings and the math spelled out. Pure and deterministic.
 *
 * @example
 * computeAttribution({
 *   deal: { id: 'D-1', amount: '10000', currency: 'USD' },
 *   partners: [{ id: 'p1', roles: ['sourcing', 'selling'] }, { id: 'p2', roles: ['technical_validation'] }],
 *   rules: DEFAULT_RULE_SET,
 * }) // ok: sell_with, pool 2500.00, p1 1538.46, p2 961.54
 */
export function computeAttribution(input: AttributionInput): Result<AttributionPlan> {
  const errors: FieldError[] = [];
  const warnings: Warning[] = [];

  // --- validate what arrived (the domain trusts no caller with money) ---
  const dealId = typeof input.deal?.id === 'string' ? input.deal.id.trim() : '';
  if (dealId === '') errors.push({ path: 'deal.id', message: 'must be a non-empty string' });

  const currency = typeof input.deal?.currency === 'string' ? input.deal.currency.trim().toUpperCase() : '';
  const digits = currencyMinorUnits(currency);
  let amountMinor = 0n;
  if (digits === undefined) {
    errors.push({ path: 'deal.currency', message: `unknown currency "${String(input.deal?.currency)}"` });
  } else if (typeof input.deal.amount !== 'string') {
    errors.push({ path: 'deal.amount', message: 'must be a decimal string like "1234.50"' });
  } else {
    const parsed = parseMoney(input.deal.amount, currency, 'deal.amount');
    if (!parsed.ok) errors.push(...parsed.errors);
    else if (parsed.value < 0n) errors.push({ path: 'deal.amount', message: `must not be negative, got "${input.deal.amount}"` });
    else amountMinor = parsed.value;
  }

  const partners: Partner[] = [];
  const seen = new Map<string, number>();
  (input.partners ?? []).forEach((raw, index) => {
    const id = typeof raw.id === 'string' ? raw.id.trim() : '';
    if (id === '') errors.push({ path: `partners[${index}].id`, message: 'must be a non-empty string' });
    const earlier = seen.get(id);
    if (id !== '' && earlier !== undefined) {
      errors.push({ path: `partners[${index}].id`, message: `duplicate partner id "${id}" (also partners[${earlier}])` });
    }
    seen.set(id, index);
    const roles = new Set<Role>();
    const duplicates = new Set<Role>();
    if (!Array.isArray(raw.roles)) errors.push({ path: `partners[${index}].roles`, message: 'must be a list of roles' });
    (Array.isArray(raw.roles) ? raw.roles : []).forEach((role, roleIndex) => {
      if (typeof role === 'string' && isRole(role)) {
        if (roles.has(role)) duplicates.add(role);
        roles.add(role);
      } else {
        errors.push({ path: `partners[${index}].roles[${roleIndex}]`, message: `unknown role ${JSON.stringify(role)}` });
      }
    });
    partners.push({ id, ...(raw.name ? { name: raw.name } : {}), roles: ROLES.filter((r) => roles.has(r)), duplicates: ROLES.filter((r) => duplicates.has(r)) });
  });

  const pipeline = input.deal?.pipeline ?? null;
  if (pipeline !== null && typeof pipeline !== 'string') errors.push({ path: 'deal.pipeline', message: 'must be a pipeline id (a string)' });
  const properties = input.deal?.properties ?? null;
  if (properties !== null && (typeof properties !== 'object' || Array.isArray(properties))) {
    errors.push({ path: 'deal.properties', message: 'must be an object of deal property → value' });
  } else if (properties !== null) {
    for (const [name, value] of Object.entries(properties)) {
      if (value !== null && typeof value !== 'string') errors.push({ path: `deal.properties.${name}`, message: 'must be a string or null' });
    }
  }
  // Overrides match on the deal's amount, currency, pipeline and properties: only once they are valid.
  const dealFactsValid = !errors.some((e) => e.path.startsWith('deal.'));

  const requested = input.model ?? null;
  if (requested !== null && !isAttributionModel(requested)) {
    errors.push({ path: 'model', message: `unknown model "${String(requested)}"; expected one of ${ATTRIBUTION_MODELS.join(', ')}` });
  }

  const base = chooseRuleSet(input, errors);
  // The first override whose conditions the deal meets replaces what it sets (docs/rule-sets.md, "Overrides").
  const matched: RuleOverride | null =
    base && dealFactsValid && digits !== undefined
      ? (findOverride(base.overrides, {
          amount: formatMoney(amountMinor, currency),
          currency,
          pipeline: typeof pipeline === 'string' ? pipeline : null,
          properties: properties as Record<string, string | null> | null,
        })?.override ?? null)
      : null;
  const rules = base ? ruleSetWithOverride(base, matched) : undefined;
  /** "2026.3" or "2026.3, override 'Enterprise deals'": how a person reads which rules were used. */
  const rulesLabel = rules ? `${rules.version}${matched ? `, override '${matched.name}'` : ''}` : '';
  if (rules && dealFactsValid && requested !== null && isCoSellModel(requested) && !rules.models[requested]) {
    errors.push({ path: 'model', message: `"${requested}" is not a model of rule set ${rulesLabel}` });
  }
  if (requested === 'solo' && partners.length > 1) {
    errors.push({ path: 'model', message: `"solo" needs exactly one partner; this deal has ${partners.length}` });
  }
  if (errors.length > 0 || !rules || digits === undefined) return failAll(errors);

  // --- decide the model (given, else none / solo / the rule set's default) ---
  partners.sort(byId);
  const count = partners.length;
  let model: AttributionModel;
  let modelReason: string;
  if (requested === null) {
    model = count === 0 ? 'none' : count === 1 ? 'solo' : rules.defaultModel;
    modelReason = count === 0 ? 'no partners' : count === 1 ? 'one partner' : `default model for ${count} partners`;
  } else if (count === 0 && requested !== 'none') {
    model = 'none';
    modelReason = `${MODEL_NAMES[requested]} was chosen but the deal has no partners`;
    warnings.push({ code: 'no_partners', message: `the model ${MODEL_NAMES[requested]} was chosen but the deal has no partners; nothing is attributed` });
  } else if (count === 1 && isCoSellModel(requested)) {
    model = 'solo';
    modelReason = `${MODEL_NAMES[requested]} was chosen but only one partner is on the deal`;
    warnings.push({
      code: 'co_sell_with_one_partner',
      partnerId: partners[0]?.id,
      message: `the co-sell model ${MODEL_NAMES[requested]} needs 2 or more partners; with only ${partners[0] ? who(partners[0]) : 'one partner'} on it, this deal is treated as solo`,
    });
  } else {
    model = requested;
    modelReason = 'given';
  }
  // The rule author's advice about this model travels with every plan made with it.
  if (isCoSellModel(model)) warnings.push(...modelWarnings(rules, model));
  if (model === 'none' && count > 0) {
    warnings.push({
      code: 'partners_under_none',
      message: `${count} partner${count === 1 ? ' is' : 's are'} on the deal but the model is ${MODEL_NAMES.none}: nobody is paid`,
    });
  }

  const fmt = (minor: bigint) => formatMoney(minor, currency);
  const dealName = typeof input.deal.name === 'string' && input.deal.name.trim() !== '' ? `"${input.deal.name.trim()}"` : dealId;
  const rate = model === 'none' ? 0n : toHundredths(model === 'solo' ? rules.pool.soloRate : rules.pool.coSellRate);
  const poolMinor = divideRoundHalfAwayFromZero(amountMinor * rate, WHOLE);
  const explanation: string[] = [
    `Deal ${dealName}: amount ${fmt(amountMinor)} ${currency}; model ${MODEL_NAMES[model]} (${modelReason}); rule set ${rulesLabel} (effective ${rules.effectiveFrom}).`,
  ];
  if (matched) {
    explanation.push(`Override '${matched.name}' applies: it is the first of the rule set's overrides whose conditions this deal meets; ${describeOverrideSettings(matched)}.`);
  } else if ((rules.overrides ?? []).length > 0) {
    explanation.push(`No override of rule set ${rules.version} applies to this deal: the rule set's own rates and weights are used.`);
  }
  if (amountMinor === 0n) warnings.push({ code: 'zero_amount', message: `deal ${dealName} has amount 0: every allocation is 0` });

  if (model === 'none') {
    explanation.push('Pool rate: 0% (no partner attribution), so the pool is 0.');
  } else {
    const rateName = model === 'solo' ? 'solo rate' : 'co-sell rate';
    explanation.push(`Pool rate: ${rateName} ${formatHundredths(rate)}%.`);
    const exact = formatScaled(amountMinor * rate, digits + 4).replace(/0+$/, '').replace(/\.$/, '');
    const rounded = amountMinor * rate !== poolMinor * WHOLE;
    explanation.push(
      `Pool: ${fmt(amountMinor)} × ${formatHundredths(rate)}% = ${rounded ? `${exact} → ` : ''}${fmt(poolMinor)} ${currency}` +
        (rounded ? ` (rounded half away from zero to ${fmt(1n)} ${currency}).` : '.'),
    );
    if (amountMinor > 0n && poolMinor === 0n) {
      warnings.push({ code: 'zero_pool', message: `the pool rounds to 0 ${currency} (rate ${formatHundredths(rate)}%): nobody is paid` });
    }
  }

  // --- weights ---
  let weighted: Weighted[];
  let scale = 1n; // weights are numerator/scale hundredths of a point
  let denominator: bigint; // share = numerator / denominator
  let target: bigint; // minor units to hand out
  if (model === 'none') {
    weighted = partners.map((partner) => ({ partner, numerator: 0n, parts: [] }));
    denominator = 1n;
    target = 0n;
    if (count > 0) explanation.push(`Partners on the deal (${whoList(partners)}) are listed with 0: under ${MODEL_NAMES.none} nobody is paid.`);
  } else if (model === 'solo') {
    weighted = partners.map((partner) => ({ partner, numerator: WHOLE, parts: [] }));
    denominator = WHOLE;
    target = poolMinor;
    explanation.push(`Solo deal: the whole pool goes to ${partners[0] ? who(partners[0]) : 'the partner'}.`);
  } else {
    const table = rules.models[model] ?? {};
    const holders = new Map<Role, Partner[]>(ROLES.map((role) => [role, partners.filter((p) => p.roles.includes(role))]));
    // Shared roles split equally; a common denominator (lcm of holder counts) keeps it exact.
    scale = [...holders.values()].reduce((acc, list) => (list.length > 0 ? lcm(acc, BigInt(list.length)) : acc), 1n);
    // Whether the weights present are renormalized depends on whether any of them is worth
    // something; the lines about roles nobody holds are written once that is known.
    const presentWorth = ROLES.some((role) => (holders.get(role)?.length ?? 0) > 0 && toHundredths(table[role] ?? 0) > 0n);
    const renormalizes = rules.missingRoles === 'renormalize' && presentWorth;
    for (const role of ROLES) {
      const list = holders.get(role) ?? [];
      const w = toHundredths(table[role] ?? 0);
      if (list.length === 0) {
        if (w > 0n) {
          const fate = renormalizes
            ? 'its weight is renormalized across the partners present'
            : rules.missingRoles === 'retain'
              ? 'its weight is retained: that part of the pool stays unallocated'
              : 'no partner holds a role worth anything, so there is nothing to renormalize: that part of the pool stays unallocated';
          explanation.push(`Role ${roleName(role)} ${formatHundredths(w)}%: nobody holds it; ${fate}.`);
        }
        continue;
      }
      const names = whoList(list);
      if (w === 0n) {
        explanation.push(`Role ${roleName(role)} 0%: held by ${names}, worth nothing under ${MODEL_NAMES[model]}.`);
        for (const p of list) {
          warnings.push({
            code: 'role_worth_zero',
            partnerId: p.id,
            message:
              `${roleTitle(role)} earns nothing under the rules in force (${rulesLabel}); partner ops can change that in Settings. ` +
              `${who(p)} holds ${roleName(role)} on this deal, which earns 0 under ${MODEL_NAMES[model]}.`,
          });
        }
      } else if (list.length === 1) {
        explanation.push(`Role ${roleName(role)} ${formatHundredths(w)}%: ${names}.`);
      } else {
        explanation.push(`Role ${roleName(role)} ${formatHundredths(w)}%: shared equally by ${names} (${formatWeight(w, BigInt(list.length))} each).`);
      }
    }
    weighted = partners.map((partner) => {
      let numerator = 0n;
      const parts: string[] = [];
      for (const role of partner.roles) {
        const k = BigInt(holders.get(role)?.length ?? 1);
        const w = toHundredths(table[role] ?? 0);
        numerator += w * (scale / k);
        parts.push(`${roleName(role)} ${formatWeight(w, k)}`);
      }
      return { partner, numerator, parts };
    });
    const present = weighted.reduce((sum, w) => sum + w.numerator, 0n);
    if (present === 0n) {
      denominator = 1n;
      target = 0n;
      warnings.push({
        code: 'all_weights_zero',
        message: `no partner holds a role worth anything under ${MODEL_NAMES[model]}: the whole pool of ${fmt(poolMinor)} ${currency} is unallocated`,
      });
      explanation.push(`Weights present: 0 of 100; no partner is paid, so the whole pool of ${fmt(poolMinor)} ${currency} stays unallocated.`);
    } else if (rules.missingRoles === 'renormalize') {
      denominator = present;
      target = poolMinor;
      explanation.push(
        present === WHOLE * scale
          ? 'Weights present: 100 of 100; every paid role is held, so share = weight / 100.'
          : `Weights present: ${formatWeight(present, scale)} of 100; missing roles are renormalized, so share = weight / ${formatWeight(present, scale)}.`,
      );
    } else {
      denominator = WHOLE * scale;
      target = divideRoundHalfAwayFromZero(poolMinor * present, denominator);
      explanation.push(
        present === WHOLE * scale
          ? 'Weights present: 100 of 100; every paid role is held, so share = weight / 100.'
          : `Weights present: ${formatWeight(present, scale)} of 100; missing roles are retained, so share = weight / 100 and the rest of the pool stays unallocated.`,
      );
    }
  }

  // --- exact amounts, then largest remainder (ties: larger weight, then lower partner id) ---
  const exact = weighted.map((w) => ({ ...w, base: (poolMinor * w.numerator) / denominator, rest: (poolMinor * w.numerator) % denominator }));
  const handedOut = exact.reduce((sum, e) => sum + e.base, 0n);
  let leftover = target - handedOut;
  const order = exact
    .filter((e) => e.rest > 0n)
    .sort((a, b) => (a.rest !== b.rest ? (a.rest > b.rest ? -1 : 1) : a.numerator !== b.numerator ? (a.numerator > b.numerator ? -1 : 1) : byId(a.partner, b.partner)));
  if (leftover < 0n || leftover > BigInt(order.length)) throw new Error(`computeAttribution: leftover ${leftover} out of range (bug)`);
  const bumped = new Set<string>();
  for (const e of order) {
    if (leftover === 0n) break;
    bumped.add(e.partner.id);
    leftover -= 1n;
  }

  const allocations: Allocation[] = exact.map((e) => {
    const minor = e.base + (bumped.has(e.partner.id) ? 1n : 0n);
    const share = model === 'none' ? 0n : divideRoundHalfAwayFromZero(e.numerator * 1_000_000n, denominator);
    const weight = model === 'solo' ? '100' : formatWeight(e.numerator, scale);
    const shareText = formatScaled(share, 6);
    const label = who(e.partner);
    const how = e.parts.length > 0 ? ` = ${e.parts.join(' + ')}` : e.partner.roles.length === 0 ? ' (no role)' : '';
    if (model !== 'none') {
      const extra = bumped.has(e.partner.id) ? ` (${fmt(e.base)} + ${fmt(1n)} rounding)` : '';
      explanation.push(`${label}: weight ${weight}${how}; share ${shareText}; ${fmt(minor)} ${currency}${extra}.`);
    }
    return {
      partnerId: e.partner.id,
      ...(e.partner.name ? { partnerName: e.partner.name } : {}),
      roles: e.partner.roles,
      weight,
      share: shareText,
      amount: fmt(minor),
      amountMinor: minor.toString(),
    };
  });

  if (model !== 'none' && count > 0) {
    if (bumped.size === 0) {
      explanation.push('Rounding: none needed; the exact amounts add up to the amount handed out.');
    } else {
      const receivers = whoList(order.filter((e) => bumped.has(e.partner.id)).map((e) => e.partner));
      explanation.push(
        `Rounding: each amount was rounded down to ${fmt(1n)} ${currency}; the ${bumped.size} leftover unit${bumped.size === 1 ? "" : "s"} of ${fmt(1n)} ${currency} went to the largest remainder${bumped.size === 1 ? '' : 's'} (ties: larger weight, then lower partner id): ${receivers}.`,
      );
    }
  }

  for (const p of partners) {
    for (const role of p.duplicates) {
      warnings.push({ code: 'duplicate_role', partnerId: p.id, message: `${who(p)} lists ${roleName(role)} more than once; it counts once` });
    }
    if (p.roles.length === 0 && model !== 'none') {
      warnings.push({ code: 'no_role', partnerId: p.id, message: `${who(p)} is on the deal with no role, so it is paid nothing` });
    }
  }
  if (poolMinor > 0n && model !== 'none') {
    for (const a of allocations) {
      if (a.amountMinor === '0') warnings.push({ code: 'zero_allocation', partnerId: a.partnerId, message: `${a.partnerName ?? a.partnerId} is allocated ${fmt(0n)} ${currency}` });
    }
  }

  const allocated = allocations.reduce((sum, a) => sum + BigInt(a.amountMinor), 0n);
  const unallocatedMinor = poolMinor - allocated;
  if (unallocatedMinor > 0n) {
    explanation.push(`Unallocated: ${fmt(unallocatedMinor)} ${currency} of the pool is not paid to any partner.`);
  }
  explanation.push(`Rule set version ${rulesLabel}.`);

  return ok({
    dealId,
    model,
    ruleVersion: rules.version,
    override: matched ? matched.name : null,
    currency,
    dealAmount: fmt(amountMinor),
    pool: { rate: formatHundredths(rate), amount: fmt(poolMinor), amountMinor: poolMinor.toString(), currency },
    allocations,
    unallocated: fmt(unallocatedMinor),
    warnings,
    explanation,
  });
}

/** Validates the rules and picks the one in force; pushes errors and returns undefined on failure. */
function chooseRuleSet(input: AttributionInput, errors: FieldError[]): RuleSet | undefined {
  const parsed = parseRuleSets(input.rules, 'rules');
  if (!parsed.ok) {
    errors.push(...parsed.errors);
    return undefined;
  }
  let date: string | null = null;
  if (input.asOf !== undefined) {
    date = typeof input.asOf === 'string' ? toIsoDate(input.asOf) : null;
    if (date === null) errors.push({ path: 'asOf', message: `"${String(input.asOf)}" is not a date YYYY-MM-DD` });
  } else if (input.deal?.closeDate) {
    date = toIsoDate(input.deal.closeDate);
    if (date === null) errors.push({ path: 'deal.closeDate', message: `"${input.deal.closeDate}" is not a date YYYY-MM-DD` });
  } else {
    // No date at all: the newest published rules are the ones a person would expect.
    return latestRuleSet(parsed.value);
  }
  if (date === null) return undefined;
  const chosen = selectRuleSet(parsed.value, date);
  if (!chosen.ok) {
    errors.push(...chosen.errors);
    return undefined;
  }
  return chosen.value;
}

/** `numerator / scale` hundredths of a point, as percentage points with up to 4 decimals. */
function formatWeight(numerator: bigint, scale: bigint): string {
  const tenThousandths = divideRoundHalfAwayFromZero(numerator * 10000n, scale * 100n);
  return formatScaled(tenThousandths, 4).replace(/\.?0+$/, '');
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

