import { z } from 'zod';
import { formatScaled } from './money';
import type { Role } from './vocabulary';
import { ROLES } from './vocabulary';

/*
 * Percentages and role-weight tables, shared by the rule set (rule-set.ts) and its overrides
 * (rule-overrides.ts). Kept apart from both so neither imports the other's schema.
 */

/** A model's table of role weights in percentage points; an absent role weighs 0. */
export type RoleWeights = Partial<Record<Role, number>>;

/** How to treat the weight of roles nobody holds on a deal. */
export const MISSING_ROLES_POLICIES = ['renormalize', 'retain'] as const;
export type MissingRolesPolicy = (typeof MISSING_ROLES_POLICIES)[number];

/*
 * "At most 2 decimals" is checked on the number's shortest decimal form (what the JSON said),
 * not with `multipleOf: 0.01`: in binary floating point 33.33 / 0.01 is 3332.9999…, so common
 * JSON Schema validators would reject valid rules. The JSON Schema states it in the description.
 */
const TWO_DECIMALS = /^\d+(?:\.\d{1,2})?$/;
export const percentage = z
  .number({ error: 'must be a number of percentage points' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' })
  .refine((value) => TWO_DECIMALS.test(String(value)), { error: 'must have at most 2 decimals' })
  .meta({ description: 'Percentage points from 0 to 100 with at most 2 decimals (e.g. 12.5).' });

export const roleWeightsSchema = z.strictObject(
  Object.fromEntries(ROLES.map((role) => [role, percentage.optional()])) as Record<Role, z.ZodOptional<typeof percentage>>,
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown role' : 'must be an object of role weights') },
);

export const missingRolesSchema = z.enum(MISSING_ROLES_POLICIES, { error: 'must be "renormalize" or "retain"' });

/** Percentages become integer hundredths at once so no arithmetic ever sees a float. */
export function toHundredths(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

export function sumHundredths(weights: RoleWeights): bigint {
  return ROLES.reduce((sum, role) => sum + toHundredths(weights[role] ?? 0), 0n);
}

/** The message for a weight table that does not sum to 100, or null when it does. */
export function weightSumProblem(weights: RoleWeights): string | null {
  // A weight outside 0–100 already has its own error (and 1e308 has no hundredths): no sum to report.
  if (ROLES.some((role) => { const w = weights[role]; return w !== undefined && !(Number.isFinite(w) && w >= 0 && w <= 100); })) return null;
  const total = sumHundredths(weights);
  return total === 10000n ? null : `role weights must sum to exactly 100, got ${formatHundredths(total)}`;
}

/** Integer hundredths as a short decimal: 2500n → "25", 1250n → "12.5", 3333n → "33.33". */
/** A percent written as a decimal string ("5", "2.5") → hundredths (500n, 250n); the string was validated first. */
export function percentStringToHundredths(percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function formatHundredths(hundredths: bigint): string {
  return formatScaled(hundredths, 2).replace(/\.?0+$/, '');
}
