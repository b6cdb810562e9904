// The store's named errors (conventions.md §7). `field` names what was wrong so the card API can
// answer with a field error; `retryable` tells the worker whether trying again could help.
export type StoreErrorCode = 'invalid' | 'not_found' | 'conflict' | 'unavailable';

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
