// Value conversions at the database edge, shared by both dialects so rows look the same
// whichever driver produced them (see the row conventions in store.ts).
import { StoreError } from './store-error';
import type { TimestampInput } from './store';

/** A Date or parseable string → ISO-8601 UTC; an invalid instant is a StoreError naming `field`. */
export function toIso(input: TimestampInput, field: string): string {
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) {
    throw new StoreError(`${field} is not a valid timestamp: ${String(input)}`, { field });
  }
  return date.toISOString();
}

/** A driver timestamp (pg: Date, SQLite: ISO text) → ISO string. */
export function fromDbTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function fromDbTimeOrNull(value: string | Date | null): string | null {
  return value === null ? null : fromDbTime(value);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` or a full timestamp → `YYYY-MM-DD` (UTC); anything else is a StoreError naming `field`. */
export function toDateOnly(input: string, field: string): string {
  if (DATE_ONLY.test(input)) {
    if (Number.isNaN(new Date(`${input}T00:00:00Z`).getTime())) {
      throw new StoreError(`${field} is not a valid date: ${input}`, { field });
    }
    return input;
  }
  return toIso(input, field).slice(0, 10);
}

// bigint is not JSON; domain plans carry bigint money, so it is tagged on the way in and revived
// on the way out instead of being lost or crashing JSON.stringify.
const BIGINT_TAG = '$bigint';

/** JSON text for a TEXT column; `undefined` is refused (naming `field`) rather than stored as nothing. */
export function encodeJson(value: unknown, field: string): string {
  if (value === undefined) throw new StoreError(`${field} is required`, { field });
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { [BIGINT_TAG]: v.toString() } : v));
}

export function encodeJsonOrNull(value: unknown, field: string): string | null {
  return value === undefined ? null : encodeJson(value, field);
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[BIGINT_TAG];
      if (keys.length === 1 && typeof tagged === 'string' && /^-?\d+$/.test(tagged)) return BigInt(tagged);
    }
    return v;
  });
}

export function decodeJsonOrNull(text: string | null): unknown {
  return text === null ? null : decodeJson(text);
}

const ID = /^[1-9]\d{0,14}$/;

/** Our string ids → the number both drivers bind; null when it cannot be one of ours. */
export function parseId(id: string): number | null {
  return ID.test(id) ? Number(id) : null;
}

export function idString(value: number | string | bigint): string {
  return String(value);
}

/** Minor units as stored (decimal TEXT) → bigint. */
export function parseMinor(text: string): bigint {
  return BigInt(text);
}

/** A unique or primary-key violation from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StoreError(`${field} must be a non-empty string`, { field });
  }
  return value;
}

/** Ids bound in one `in (…)` list: far below SQLite's (32766) and Postgres' (65535) parameter limits. */
export const IDS_PER_QUERY = 500;

export function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
