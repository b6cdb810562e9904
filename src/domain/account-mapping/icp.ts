import { z } from 'zod';
import type { Result } from '../result';
import { failAll, ok } from '../result';
import { zodIssuesToErrors } from '../rule-set';

/** The ideal customer profile, applied to a partner's columns. An absent key does not filter. */
export interface Icp {
  industries?: string[];
  minEmployees?: number;
  countries?: string[];
}

const nameList = (what: string) =>
  z.array(z.string({ error: `must be ${what} names` }).trim().min(1, { error: 'must not be empty' }), { error: `must be a list of ${what} names` });

export const icpSchema = z.strictObject(
  {
    industries: nameList('industry').optional(),
    minEmployees: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).optional(),
    countries: nameList('country').optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object like { "industries": [], "minEmployees": 50, "countries": [] }' : undefined) },
);

/** Validates an ICP read from a file or the settings page; errors name the field (`icp.minEmployees`). */
export function parseIcp(input: unknown, path = 'icp'): Result<Icp> {
  const parsed = icpSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : failAll(zodIssuesToErrors(parsed.error.issues, path));
}

/**
 * A head count from an "employees" cell: "1,200" → 1200, "51-200" → 51 (a range counts by its
 * lower bound), "10001+" → 10001, "2.5k" → 2500; null when it holds no number.
 */
export function parseEmployeeCount(text: string | null | undefined): number | null {
  if (!text) return null;
  const cell = text.trim().toLowerCase().replace(/[\s,_']/g, '');
  const k = /^(\d+(?:\.\d+)?)k/.exec(cell);
  if (k) return Math.round(Number(k[1]) * 1000);
  const n = /^(\d+)/.exec(cell);
  return n ? Number(n[1]) : null;
}

/** A compiled ICP: sets in lower case, so each row costs a lookup or two. */
export interface IcpTest {
  (row: { industry?: string | null; employees?: string | null; country?: string | null }): boolean;
}

export function createIcpTest(icp: Icp | undefined): IcpTest {
  const industries = icp?.industries ? new Set(icp.industries.map((s) => s.trim().toLowerCase())) : null;
  const countries = icp?.countries ? new Set(icp.countries.map((s) => s.trim().toLowerCase())) : null;
  const minEmployees = icp?.minEmployees ?? null;
  if (!industries && !countries && minEmployees === null) return () => true;
  return (row) => {
    if (industries && !industries.has((row.industry ?? '').trim().toLowerCase())) return false;
    if (countries && !countries.has((row.country ?? '').trim().toLowerCase())) return false;
    if (minEmployees !== null) {
      const count = parseEmployeeCount(row.employees);
      if (count === null || count < minEmployees) return false;
    }
    return true;
  };
}
