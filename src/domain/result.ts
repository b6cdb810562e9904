/** One thing wrong with an input, named by where it is (`partners[1].roles[0]`). */
export interface FieldError {
  path: string;
  message: string;
}

/** Expected failures are values, not exceptions (docs/conventions.md §4). */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(path: string, message: string): Result<T> {
  return { ok: false, errors: [{ path, message }] };
}

export function failAll<T = never>(errors: FieldError[]): Result<T> {
  return { ok: false, errors };
}

/**
 * Formats a path of keys and indexes the way people read it: `["partners", 1, "roles", 0]` →
 * `partners[1].roles[0]`.
 *
 * @example formatPath(['deal', 'amount']) // "deal.amount"
 */
export function formatPath(segments: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Joins a parent path and a child path: `joinPath("rules[1]", "pool.soloRate")`. */
export function joinPath(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}
