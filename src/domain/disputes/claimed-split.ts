import { z } from 'zod';
import { formatHundredths, percentage, toHundredths } from '../percent';
import type { FieldError, Result } from '../result';
import { failAll, ok } from '../result';
import { zodIssuesToErrors } from '../rule-set';

/** One partner's part of a claimed (or adjusted) split, in percentage points with at most 2 decimals. */
export interface ClaimedShare {
  partnerId: string;
  percent: number;
}

/** The shape of a claimed split where it enters (CLI file, card, settings). */
export const claimedSplitSchema = z.array(
  z.strictObject(
    {
      partnerId: z.string({ error: 'must be the partner company id (a string)' }).trim().min(1, { error: 'must be the partner company id (a string)' }),
      percent: percentage,
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object { partnerId, percent }' : undefined) },
  ),
  { error: 'must be a list of { partnerId, percent }' },
);

/**
 * Validates a claimed split against the partners on the deal: each partner once, each one on
 * the deal, percentages summing to exactly 100. Errors name the field (`claim[1].partnerId: …`)
 * and partners by name.
 *
 * @example parseClaimedSplit([{ partnerId: '11', percent: 60 }, { partnerId: '12', percent: 40 }], [{ id: '11', name: 'Northwind' }, { id: '12', name: 'Contoso' }])
 *   // ok([{ partnerId: '11', percent: 60 }, { partnerId: '12', percent: 40 }])
 */
export function parseClaimedSplit(raw: unknown, partnersOnDeal: ReadonlyArray<{ id: string; name: string }>, field = 'claim'): Result<ClaimedShare[]> {
  const parsed = claimedSplitSchema.safeParse(raw);
  if (!parsed.success) return failAll(zodIssuesToErrors(parsed.error.issues, field));
  const shares = parsed.data;
  const errors: FieldError[] = [];
  if (shares.length === 0) errors.push({ path: field, message: 'must name at least one partner' });
  const known = new Map(partnersOnDeal.map((p) => [p.id, p.name]));
  const seen = new Set<string>();
  shares.forEach((s, i) => {
    if (seen.has(s.partnerId)) errors.push({ path: `${field}[${i}].partnerId`, message: `${known.get(s.partnerId) ?? s.partnerId} is listed twice` });
    seen.add(s.partnerId);
    if (!known.has(s.partnerId)) {
      const names = partnersOnDeal.map((p) => p.name).join(', ');
      errors.push({ path: `${field}[${i}].partnerId`, message: `company ${s.partnerId} is not a partner on this deal${names ? ` (partners: ${names})` : ''}` });
    }
  });
  const total = shares.reduce((sum, s) => sum + toHundredths(s.percent), 0n);
  if (shares.length > 0 && total !== 10000n) errors.push({ path: field, message: `percentages must sum to exactly 100, got ${formatHundredths(total)}` });
  if (errors.length > 0) return failAll(errors);
  return ok(shares.map((s) => ({ partnerId: s.partnerId, percent: s.percent })));
}

/** "Northwind 60 %, Contoso 40 %": a split as people read it. */
export function describeSplit(shares: ReadonlyArray<ClaimedShare>, nameOf: (partnerId: string) => string): string {
  return shares.map((s) => `${nameOf(s.partnerId)} ${formatHundredths(toHundredths(s.percent))} %`).join(', ');
}
