import type { z } from 'zod';
import { formatPath } from '../domain';
import { CorruptRowError } from '../store/store-error';

/**
 * Reads a JSON value the app stored, by its stored version: `{ v: 1, … }` for rows written since
 * versions exist, no `v` for the rows written before (v0). A row that matches neither is a
 * CorruptRowError naming the table, the row and the first field that is wrong — never a default,
 * which a later save would write back over the real data.
 *
 * Stored schemas are the store's own, not the card contract's: the contract can change without
 * making yesterday's rows unreadable; the services map between the two.
 */
export function parseStored<V0, V1>(
  value: unknown,
  schemas: { v0: z.ZodType<V0>; v1: z.ZodType<V1> },
  where: { table: string; rowId: string; what: string },
): { version: 0; data: V0 } | { version: 1; data: V1 } {
  const corrupt = (field: string, problem: string) => new CorruptRowError({ ...where, field, problem });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw corrupt('(root)', 'is not a JSON object');
  const v = (value as { v?: unknown }).v;
  if (v !== undefined && v !== 1) throw corrupt('v', `holds unknown version ${JSON.stringify(v)}`);
  const parsed = v === 1 ? schemas.v1.safeParse(value) : schemas.v0.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(issue ? formatPath(issue.path) || '(root)' : '(root)', issue ? `is invalid (${issue.message})` : "does not match");
  }
  return v === 1 ? { version: 1, data: parsed.data as V1 } : { version: 0, data: parsed.data as V0 };
}
