// The store's named errors (docs/conventions.md §7). `field` names what was wrong so the card API can
// answer with a field error; `retryable` tells the worker whether trying again could help.
export type StoreErrorCode = 'invalid' | 'not_found' | 'conflict' | 'unavailable' | 'corrupt_row';

export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly field: string | null;
  readonly retryable: boolean;

  constructor(message: string, opts: { code?: StoreErrorCode; field?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code ?? 'invalid';
    this.field = opts.field ?? null;
    this.retryable = opts.retryable ?? false;
  }
}

/** The thing already exists or changed underneath the caller (e.g. publishing an existing version). */
export class ConflictError extends StoreError {
  override name = 'ConflictError';
  constructor(message: string, opts: { field?: string; cause?: unknown } = {}) {
    super(message, { ...opts, code: 'conflict' });
  }
}

/** The referenced row does not exist (e.g. an unknown or already published draft). */
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(message: string, opts: { field?: string; cause?: unknown } = {}) {
    super(message, { ...opts, code: 'not_found' });
  }
}

/**
 * A stored row no longer reads as what the code expects (a manual edit, a bug, a format the code
 * does not know). Never replaced by a default: a default would be written back on the next save
 * and the real data lost. Not retryable: the row has to be fixed first.
 */
export class CorruptRowError extends StoreError {
  override name = 'CorruptRowError';
  readonly table: string;
  readonly rowId: string;
  constructor(opts: { table: string; rowId: string; field: string; problem: string; what?: string; cause?: unknown }) {
    const what = opts.what ?? `${opts.table} row ${opts.rowId}`;
    super(`${what} is unreadable: field ${opts.field} ${opts.problem}`, { code: 'corrupt_row', field: opts.field, retryable: false, cause: opts.cause });
    this.table = opts.table;
    this.rowId = opts.rowId;
  }
}
