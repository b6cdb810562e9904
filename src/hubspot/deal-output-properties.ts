/**
 * An attribution plan (and the deal's conflicts) → the deal's cosell_* output properties, as the
 * string bag HubSpot stores (the "back" direction of the deal mapper).
 *
 * Every output property is present in every result — an empty string clears it — so a value from
 * an earlier computation (a partner who left, a conflict that was resolved) never survives.
 */
import {
  ROLES,
  currencyMinorUnits,
  formatMoney,
  pairingKey,
  ruleSetWithOverride,
  toHundredths,
  type AccountConflict,
  type AttributionPlan,
  type Role,
  type RuleSet,
} from '../domain';
import { dealMotion } from '../domain/reporting';
import { DEAL_OUTPUT_PROPERTIES, roleAmountProperty, rolePartnerProperty } from './app-schema';

/**
 * What `cosell_rule_version` says: the rule set's version, and the override the deal fell under
 * after a middle dot ("2026.3 · Enterprise deals"), so a report can group by the rules that
 * produced a number. The property is single-line text; override names are one line of at most
 * 100 characters (src/domain/rule-overrides.ts), far below the value limit.
 */
export function ruleVersionText(plan: Pick<AttributionPlan, 'ruleVersion'> & { override?: string | null }): string {
  return plan.override ? `${plan.ruleVersion} · ${plan.override}` : plan.ruleVersion;
}

/** HubSpot's limit for a string property value. */
export const MAX_TEXT_PROPERTY_LENGTH = 65_536;

export interface DealOutputOptions {
  dealId: string;
  /** partner company id → display name (falls back to the plan's partnerName, then the id). */
  names?: Map<string, string>;
  /**
   * The rule set the plan was computed with: its role weights split a multi-role partner's amount
   * into per-role amounts. Without it, such an amount is split equally over that partner's roles.
   */
  ruleSet?: RuleSet;
  /**
   * Where the deal stands (`cosell_status`). A lost deal earns nothing: its pool and role amounts
   * are written as 0 so a report summing them never counts it (docs/reporting.md). Without a
   * status the property is cleared and amounts are written as computed.
   */
  status?: 'open' | 'won' | 'lost';
}

function truncate(text: string, max = MAX_TEXT_PROPERTY_LENGTH): string {
  if (text.length <= max) return text;
  const marker = '\n… (truncated)';
  return text.slice(0, max - marker.length) + marker;
}

/** "1234567.5" → "1,234,567.5" (display only; the exact value is kept in the numeric properties). */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [int = '0', frac] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A 0..1 share with up to 6 decimals → a percentage rounded half away from zero to 2 decimals, trimmed ("0.333333" → "33.33"). */
export function shareToPercent(share: string): string {
  const [int = '0', frac = ''] = share.split('.');
  const micro = BigInt(int) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  // micro/1e6 × 100 = micro/1e4 percent; keep hundredths of a percent: micro / 100, rounded.
  const hundredths = (micro + 50n) / 100n;
  const whole = hundredths / 100n;
  const cents = hundredths % 100n;
  return cents === 0n ? `${whole}` : `${whole}.${cents.toString().padStart(2, '0').replace(/0$/, '')}`;
}

const roleText = (role: Role) => role.replace(/_/g, ' ');

/**
 * Splits each partner's amount over its roles in proportion to the role weights it holds (a role
 * shared by n partners counts 1/n for each), exactly in minor units with largest remainder, and
 * sums per role. The role amounts therefore add up to exactly the allocated pool.
 */
export function roleAmountsMinor(plan: AttributionPlan, ruleSet?: RuleSet): Map<Role, bigint> {
  const holders = new Map<Role, number>();
  for (const a of plan.allocations) for (const r of a.roles) holders.set(r, (holders.get(r) ?? 0) + 1);
  // A plan made under an override used that override's weight tables (plans stored before overrides have none).
  const override = plan.override ? ruleSet?.overrides?.find((o) => o.name === plan.override) : undefined;
  const rules = ruleSet ? ruleSetWithOverride(ruleSet, override ?? null) : undefined;
  const model = plan.model === 'solo' || plan.model === 'none' ? rules?.defaultModel : plan.model;
  const weights = model ? rules?.models[model] : undefined;
  const out = new Map<Role, bigint>();
  for (const a of plan.allocations) {
    const amount = BigInt(a.amountMinor);
    const roles = ROLES.filter((r) => a.roles.includes(r));
    if (roles.length === 0 || amount === 0n) continue;
    // Common denominator of the 1/n shares so every role's weight is an integer.
    const lcm = roles.reduce((acc, r) => {
      const n = BigInt(holders.get(r) ?? 1);
      let x = acc;
      let y = n;
      while (y) [x, y] = [y, x % y];
      return (acc * n) / x;
    }, 1n);
    let units = roles.map((r) => (weights ? toHundredths(weights[r] ?? 0) : 0n) * (lcm / BigInt(holders.get(r) ?? 1)));
    if (units.every((u) => u === 0n)) units = roles.map(() => 1n);
    const total = units.reduce((s, u) => s + u, 0n);
    const floors = units.map((u) => (amount * u) / total);
    let left = amount - floors.reduce((s, f) => s + f, 0n);
    const byRemainder = units
      .map((u, i) => ({ i, rem: (amount * u) % total }))
      .sort((x, y) => (x.rem === y.rem ? x.i - y.i : x.rem > y.rem ? -1 : 1));
    for (const { i } of byRemainder) {
      if (left === 0n) break;
      floors[i]! += 1n;
      left -= 1n;
    }
    roles.forEach((r, i) => out.set(r, (out.get(r) ?? 0n) + floors[i]!));
  }
  return out;
}

/**
 * @example
 *   const plan = computeAttribution(input);
 *   if (plan.ok) await gateway.writeDealProperties([{ dealId, properties: toDealOutputProperties(plan.value, conflicts, { dealId, names }) }]);
 */
export function toDealOutputProperties(plan: AttributionPlan | null, conflicts: AccountConflict[], opts: DealOutputOptions): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(DEAL_OUTPUT_PROPERTIES.map((name) => [name, '']));
  const mine = conflicts.filter((c) => c.entryIds.includes(opts.dealId));
  out['cosell_conflict'] = mine.length > 0 ? 'true' : 'false';
  out['cosell_conflict_details'] = truncate(mine.map((c) => c.message).join('\n'));
  out['cosell_status'] = opts.status ?? '';
  const lost = opts.status === 'lost';
  if (!plan) {
    out['cosell_model'] = 'none';
    out['cosell_motion'] = 'direct';
    out['cosell_partner_count'] = '0';
    return out;
  }

  const nameOf = (id: string, fallback?: string) => opts.names?.get(id) ?? fallback ?? `Company ${id}`;
  const partnerIds = plan.allocations.map((a) => a.partnerId);
  out['cosell_model'] = plan.model;
  out['cosell_partner_count'] = String(plan.allocations.length);
  out['cosell_motion'] = dealMotion(plan.allocations.map((a) => ({ id: a.partnerId, roles: a.roles })));
  // A pairing is two or more partners selling together (docs/glossary.md); a solo deal has none.
  out['cosell_pairing'] = partnerIds.length >= 2 ? pairingKey(partnerIds) : '';
  out['cosell_pool_rate'] = plan.pool.rate;
  out['cosell_pool_amount'] = lost ? formatMoney(0n, plan.currency) : plan.pool.amount;
  out['cosell_rule_version'] = truncate(ruleVersionText(plan));

  const lines = plan.allocations.map(
    (a) =>
      `${nameOf(a.partnerId, a.partnerName)} (${a.roles.length ? a.roles.map(roleText).join(', ') : 'no role'}) ${shareToPercent(a.share)}% = ${groupThousands(a.amount)} ${plan.currency}`,
  );
  if (/[1-9]/.test(plan.unallocated)) lines.push(`Unallocated = ${groupThousands(plan.unallocated)} ${plan.currency}`);
  if (lost && lines.length > 0) lines.unshift('Closed lost: no commission is earned on this deal. The split it would have paid:');
  out['cosell_split_summary'] = truncate(lines.join('\n'));

  const roleAmounts = roleAmountsMinor(plan, opts.ruleSet);
  const knownCurrency = currencyMinorUnits(plan.currency) !== undefined;
  for (const role of ROLES) {
    const holders = plan.allocations.filter((a) => a.roles.includes(role));
    out[rolePartnerProperty(role)] = truncate(holders.map((a) => nameOf(a.partnerId, a.partnerName)).join(';'));
    const minor = roleAmounts.get(role);
    out[roleAmountProperty(role)] = holders.length > 0 && knownCurrency ? formatMoney(lost ? 0n : (minor ?? 0n), plan.currency) : '';
  }
  return out;
}
