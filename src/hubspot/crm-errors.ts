/**
 * The gateway's error vocabulary (docs/conventions.md §7: a few named classes with `cause` and a
 * retryable flag). Callers decide from `retryable` alone; the subclasses say what to do.
 */
export class CrmError extends Error {
  readonly retryable: boolean;
  readonly status?: number;
  /** HubSpot's correlation id, so a support ticket can point at the exact request. */
  readonly correlationId?: string;

  constructor(message: string, opts: { retryable: boolean; status?: number; correlationId?: string; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CrmError';
    this.retryable = opts.retryable;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.correlationId !== undefined) this.correlationId = opts.correlationId;
  }
}

/**
 * HubSpot's DAILY policy said no. Retrying only burns goodwill (marketplace guidance: keep errors
 * under 5 % of daily calls), so this is not retryable and the gateway stops calling until `blockedUntil`.
 */
export class CrmDailyLimitError extends CrmError {
  /** When this process will try HubSpot again (the real reset is midnight in the account's time zone). */
  readonly blockedUntil: Date;

  constructor(opts: { blockedUntil: Date; correlationId?: string; cause?: unknown }) {
    super(
      `HubSpot daily API limit reached (policy DAILY). It resets at midnight in the HubSpot account's time zone; ` +
        `this process makes no further HubSpot calls until ${opts.blockedUntil.toISOString()}. ` +
        `Reduce call volume or buy an API limit increase.`,
      { retryable: false, status: 429, ...opts },
    );
    this.name = 'CrmDailyLimitError';
    this.blockedUntil = opts.blockedUntil;
  }
}

/** A 4xx other than a burst 429: the request itself is wrong, so retrying cannot help. */
export class CrmPermanentError extends CrmError {
  readonly objectType?: string;
  readonly objectId?: string;
  readonly property?: string;
  readonly category?: string;

  constructor(opts: {
    message: string;
    status: number;
    objectType?: string;
    objectId?: string;
    property?: string;
    category?: string;
    correlationId?: string;
    cause?: unknown;
  }) {
    const where = [
      opts.objectType ? `${opts.objectType}${opts.objectId ? ` ${opts.objectId}` : ''}` : undefined,
      opts.property ? `property "${opts.property}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`HubSpot rejected the request (${opts.status}${opts.category ? ` ${opts.category}` : ''})${where ? ` for ${where}` : ''}: ${opts.message}`, {
      retryable: false,
      status: opts.status,
      ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
      cause: opts.cause,
    });
    this.name = 'CrmPermanentError';
    if (opts.objectType !== undefined) this.objectType = opts.objectType;
    if (opts.objectId !== undefined) this.objectId = opts.objectId;
    if (opts.property !== undefined) this.property = opts.property;
    if (opts.category !== undefined) this.category = opts.category;
  }
}

/** 5xx, network failures or repeated burst 429s that outlived the retry budget; a later attempt may succeed. */
export class CrmTransientError extends CrmError {
  readonly attempts: number;

  constructor(opts: { message: string; attempts: number; status?: number; correlationId?: string; cause?: unknown }) {
    super(`${opts.message} (gave up after ${opts.attempts} attempts; retry later)`, { retryable: true, ...opts });
    this.name = 'CrmTransientError';
    this.attempts = opts.attempts;
  }
}

/**
 * Burst 429s (HubSpot's rolling 10-second window, or search's per-second limit) that outlived the
 * retry budget. Nothing is wrong with the request or with HubSpot: the app is throttled. The work
 * should wait until `retryAt` (the end of the window) rather than count a failure.
 */
export class CrmRateLimitedError extends CrmTransientError {
  /** When the limiter lets calls of this kind go again. */
  readonly retryAt: Date;

  constructor(opts: { message: string; attempts: number; retryAt: Date; correlationId?: string; cause?: unknown }) {
    super({ message: opts.message, attempts: opts.attempts, status: 429, ...(opts.correlationId ? { correlationId: opts.correlationId } : {}), cause: opts.cause });
    this.name = 'CrmRateLimitedError';
    this.retryAt = opts.retryAt;
  }
}

/**
 * When work failed only because HubSpot is blocked (DAILY 429) or throttled (burst 429s), the
 * time it may run again; undefined for every other failure. The worker defers such work instead
 * of counting an attempt, so a block never turns into dead letters. Follows `cause` a few levels,
 * since callers may wrap the gateway's error.
 */
export function crmBlockedUntil(error: unknown): { until: Date; reason: 'daily_limit' | 'rate_limited' } | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    if (e instanceof CrmDailyLimitError) return { until: e.blockedUntil, reason: 'daily_limit' };
    if (e instanceof CrmRateLimitedError) return { until: e.retryAt, reason: 'rate_limited' };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
