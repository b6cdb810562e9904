import type { ObjectType, PropertyDefinition } from './default-schema';
import type { EmulatorState, StoredRecord } from './emulator-state';
import { validationError } from './hubspot-error';

/**
 * CRM search semantics (docs/hubspot.md §4.2): filterGroups are OR'd, filters inside a group
 * AND'd; at most 5 groups, 6 filters per group, 18 filters in total; page size ≤ 200.
 *
 * The 10,000-result cap: "Attempting to page beyond 10,000 will result in a 400 error"
 * (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm, Limitations).
 * Pages keep handing back `paging.next.after` while results remain — also the "10000" cursor —
 * so a client that simply follows cursors meets the 400, as it does against HubSpot. We answer
 * 400 for any page that reaches past the 10,000th result (after + limit > 10,000), the stricter
 * reading of the docs, so a client that passes here passes there.
 */
export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

export interface SearchRequest {
  filterGroups?: Array<{ filters?: SearchFilter[] }>;
  sorts?: Array<string | { propertyName: string; direction?: string }>;
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
}

/** Results one query can page through. */
export const SEARCH_RESULT_CAP = 10_000;

const operators = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN', 'BETWEEN', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);
const queryFields: Record<ObjectType, string[]> = {
  deals: ['dealname'], companies: ['name', 'domain', 'website'], contacts: ['firstname', 'lastname', 'email'],
  notes: ['hs_note_body'], tasks: ['hs_task_subject'],
};

function comparable(def: PropertyDefinition | undefined, value: string): number | string {
  if (!def) return value;
  if (def.type === 'number') return Number(value);
  if (def.type === 'datetime' || def.type === 'date') return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  return value.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function tokenMatch(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return value.toLowerCase().split(/[^\p{L}\p{N}@._*-]+/u).some((token) => re.test(token)) || re.test(value.toLowerCase());
}

type Lookup = (name: string) => string | undefined;

function matches(filter: SearchFilter, get: Lookup, def: PropertyDefinition | undefined): boolean {
  const raw = get(filter.propertyName);
  const has = raw !== undefined && raw !== '';
  const str = (v: unknown) => String(v ?? '');
  switch (filter.operator) {
    case 'HAS_PROPERTY': return has;
    case 'NOT_HAS_PROPERTY': return !has;
    case 'NEQ': return !has || compare(comparable(def, raw), comparable(def, str(filter.value))) !== 0;
    case 'NOT_IN': return !has || !(filter.values ?? []).some((v) => compare(comparable(def, raw), comparable(def, str(v))) === 0);
    case 'NOT_CONTAINS_TOKEN': return !has || !tokenMatch(raw, str(filter.value));
    default: break;
  }
  if (!has) return false;
  const left = comparable(def, raw);
  const right = comparable(def, str(filter.value));
  switch (filter.operator) {
    case 'EQ': return compare(left, right) === 0;
    case 'LT': return compare(left, right) < 0;
    case 'LTE': return compare(left, right) <= 0;
    case 'GT': return compare(left, right) > 0;
    case 'GTE': return compare(left, right) >= 0;
    case 'IN': return (filter.values ?? []).some((v) => compare(left, comparable(def, str(v))) === 0);
    case 'BETWEEN': return compare(left, right) >= 0 && compare(left, comparable(def, str(filter.highValue))) <= 0;
    case 'CONTAINS_TOKEN': return tokenMatch(raw, str(filter.value));
    default: return false;
  }
}

export function searchRecords(state: EmulatorState, type: ObjectType, request: SearchRequest) {
  const groups = request.filterGroups ?? [];
  const total = groups.reduce((n, g) => n + (g.filters?.length ?? 0), 0);
  if (groups.length > 5) throw validationError(`Too many filter groups: ${groups.length}. The maximum is 5.`, [{ message: 'filterGroups: at most 5', code: 'TOO_MANY_FILTER_GROUPS' }]);
  groups.forEach((g, i) => {
    if ((g.filters?.length ?? 0) > 6) {
      throw validationError(`Too many filters in filterGroups[${i}]: ${g.filters!.length}. The maximum is 6 per group.`, [{ message: `filterGroups[${i}].filters: at most 6`, code: 'TOO_MANY_FILTERS' }]);
    }
  });
  if (total > 18) throw validationError(`Too many filters: ${total}. The maximum is 18 in total.`, [{ message: 'filters: at most 18 in total', code: 'TOO_MANY_FILTERS' }]);
  const limit = request.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw validationError(`limit must be between 1 and 200 (got ${String(request.limit)})`, [{ message: 'limit: must be 1..200', code: 'INVALID_LIMIT', context: { limit: [String(request.limit)] } }]);
  }
  const afterText = request.after === undefined || request.after === '' ? '0' : String(request.after);
  if (!/^\d+$/.test(afterText)) throw validationError(`after must be an integer string (got ${afterText})`, [{ message: 'after: must be an integer', code: 'INVALID_AFTER' }]);
  const offset = Number(afterText);
  if (offset + limit > SEARCH_RESULT_CAP) {
    throw validationError(`Search results are limited to ${SEARCH_RESULT_CAP} per query; after ${offset} + limit ${limit} pages past it. Narrow the filters.`, [
      { message: `after + limit must not exceed ${SEARCH_RESULT_CAP}`, code: 'SEARCH_RESULT_CAP', context: { after: [afterText], limit: [String(limit)] } },
    ]);
  }
  const defs = state.propertiesOf(type);
  for (const g of groups) {
    for (const f of g.filters ?? []) {
      if (!operators.has(f.operator)) throw validationError(`Unknown filter operator ${f.operator}`, [{ message: `operator ${f.operator} is not supported`, code: 'INVALID_OPERATOR' }]);
      if (!defs.has(f.propertyName)) {
        throw validationError(`There was a problem with the request: property ${f.propertyName} does not exist`, [{ message: `Property "${f.propertyName}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [f.propertyName] } }]);
      }
    }
  }

  const rows: Array<{ record: StoredRecord; get: Lookup }> = [];
  for (const record of state.listRecords(type)) {
    const get: Lookup = (name) => state.propertyValue(type, record, name);
    const groupOk = groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(f, get, defs.get(f.propertyName))));
    if (!groupOk) continue;
    if (request.query) {
      const q = request.query.toLowerCase();
      if (!(queryFields[type] ?? []).some((field) => (get(field) ?? '').toLowerCase().includes(q))) continue;
    }
    rows.push({ record, get });
  }

  const sort = request.sorts?.[0];
  const sortSpec = typeof sort === 'string'
    ? { propertyName: sort.replace(/^-/, ''), descending: sort.startsWith('-') }
    : sort ? { propertyName: sort.propertyName, descending: sort.direction === 'DESCENDING' } : undefined;
  rows.sort((a, b) => {
    if (sortSpec) {
      const def = defs.get(sortSpec.propertyName);
      const av = a.get(sortSpec.propertyName);
      const bv = b.get(sortSpec.propertyName);
      if (av !== bv) {
        if (av === undefined) return 1;
        if (bv === undefined) return -1;
        const c = compare(comparable(def, av), comparable(def, bv));
        if (c !== 0) return sortSpec.descending ? -c : c;
      }
    }
    return Number(a.record.id) - Number(b.record.id);
  });

  const page = rows.slice(offset, offset + limit);
  const next = offset + limit;
  return {
    total: rows.length,
    results: page.map((r) => state.toPublic(type, r.record, request.properties)),
    ...(next < rows.length ? { paging: { next: { after: String(next) } } } : {}),
  };
}
