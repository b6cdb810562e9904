import type { Result } from '../result';
import { fail, ok } from '../result';

/** What a partner list's columns can hold. `domain_hmac` marks a hashed list (docs/account-mapping.md). */
export const THEIR_FIELDS = ['domain', 'domain_hmac', 'name', 'status', 'industry', 'employees', 'country'] as const;
export type TheirField = (typeof THEIR_FIELDS)[number];

/** What our companies export (a HubSpot companies export CSV) holds. */
export const OUR_FIELDS = ['id', 'name', 'domain', 'lifecycleStage'] as const;
export type OurField = (typeof OUR_FIELDS)[number];

/** Header names recognised for each field, compared case-insensitively with spaces collapsed; earlier names win. */
export const THEIR_COLUMN_NAMES: Record<TheirField, readonly string[]> = {
  domain: ['website', 'domain', 'company domain name', 'url', 'web', 'website url', 'company website', 'domain name'],
  domain_hmac: ['domain_hmac'],
  name: ['account name', 'company', 'company name', 'name'],
  status: ['status', 'type', 'lifecycle stage', 'relationship'],
  industry: ['industry'],
  employees: ['employees', 'number of employees', 'employee count'],
  country: ['country', 'country/region'],
};

export const OUR_COLUMN_NAMES: Record<OurField, readonly string[]> = {
  id: ['record id', 'company id', 'hs_object_id', 'id'],
  name: ['company name', 'name'],
  domain: ['company domain name', 'domain', 'website url', 'website'],
  lifecycleStage: ['lifecycle stage', 'lifecyclestage'],
};

export type ColumnIndexes<F extends string> = Partial<Record<F, number>>;

/** A header cell as compared: trimmed, lower case, inner whitespace collapsed. */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Which column holds which field: `overrides` (from `--columns`) name a header exactly
 * (case-insensitively); the rest are found by their common names. A named override that is not
 * in the header is an error naming it.
 *
 * @example recogniseColumns(['Account Name', 'Web'], THEIR_COLUMN_NAMES) // ok({ name: 0, domain: 1 })
 */
export function recogniseColumns<F extends string>(
  header: readonly string[],
  names: Record<F, readonly string[]>,
  overrides: Partial<Record<F, string>> = {},
): Result<ColumnIndexes<F>> {
  const keys = header.map(headerKey);
  const found: ColumnIndexes<F> = {};
  const taken = new Set<number>();
  for (const [field, wanted] of Object.entries(overrides) as [F, string | undefined][]) {
    if (wanted === undefined) continue;
    const index = keys.indexOf(headerKey(wanted));
    if (index < 0) return fail(`--columns.${field}`, `no column "${wanted}" in the header (${header.map((h) => `"${h}"`).join(', ')})`);
    found[field] = index;
    taken.add(index);
  }
  for (const field of Object.keys(names) as F[]) {
    if (found[field] !== undefined) continue;
    for (const name of names[field]) {
      const index = keys.indexOf(name);
      if (index >= 0 && !taken.has(index)) {
        found[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return ok(found);
}

/**
 * `--columns domain="Web Address",status=Kind` → `{ domain: 'Web Address', status: 'Kind' }`.
 * Values may be quoted (with "" for a quote inside); fields must be ones the partner list has.
 */
export function parseColumnOverrides(text: string): Result<Partial<Record<TheirField, string>>> {
  const out: Partial<Record<TheirField, string>> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) return fail('--columns', `expected FIELD=COLUMN at "${text.slice(i)}"`);
    const field = text.slice(i, eq).trim();
    if (!(THEIR_FIELDS as readonly string[]).includes(field)) {
      return fail('--columns', `unknown field "${field}" (one of ${THEIR_FIELDS.join(', ')})`);
    }
    let j = eq + 1;
    let value = '';
    if (text[j] === '"') {
      j++;
      for (;;) {
        if (j >= text.length) return fail(`--columns.${field}`, 'unclosed quote');
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      if (j < text.length && text[j] !== ',') return fail(`--columns.${field}`, 'expected "," after the quoted column name');
    } else {
      const comma = text.indexOf(',', j);
      const stop = comma < 0 ? text.length : comma;
      value = text.slice(j, stop).trim();
      j = stop;
    }
    if (value.trim() === '') return fail(`--columns.${field}`, 'names no column');
    if (out[field as TheirField] !== undefined) return fail(`--columns.${field}`, 'given twice');
    out[field as TheirField] = value;
    i = j + 1;
  }
  return ok(out);
}
