/**
 * One HubSpot call with the app's pacing and retry policy (docs/decisions/0003-gateway-pacing-and-retries.md).
 *
 * The SDK's RetryDecorator and Bottleneck limiter are deliberately off (docs/hubspot.md §6:
 * they live in a process-wide singleton and ignore DAILY vs burst nuances). Instead every call:
 *   1. fails fast while a DAILY 429 block is in force (no hammering);
 *   2. waits for the shared per-app limiter (search: its own per-second window too);
 *   3. sends through the SDK with a per-call middleware that captures the raw response — the
 *      SDK's error deserializer drops `policyName`, and non-JSON bodies make it throw;
 *   4. maps the outcome: burst 429 → wait out the window, retry; DAILY 429 → CrmDailyLimitError;
 *      5xx/network → bounded exponential backoff with full jitter; other 4xx → CrmPermanentError
 *      naming the record and field from HubSpot's `errors[]`.
 */
import { CrmDailyLimitError, CrmPermanentError, CrmRateLimitedError, CrmTransientError } from './crm-errors';
import type { CrmStatusTracker } from './crm-status';
import type { RateLimiter, RateLimitHeaders } from './rate-limiter';

export interface CallLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** What is being done, so errors and logs can name it. */
export interface CallContext {
  operation: string;
  kind?: 'api' | 'search';
  objectType?: string;
  objectIds?: string[];
  /**
   * False for creates: after a 5xx or a dropped connection HubSpot may have created the record,
   * so a blind retry could duplicate it. Burst 429s are still retried (HubSpot rejected those).
   */
  idempotent?: boolean;
}

/** The bits of an SDK `ResponseContext` the caller reads. */
interface CapturedResponse {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: { text(): Promise<string>; binary(): Promise<Buffer> };
}

/** Per-call SDK options: a middleware that records the raw response (structurally the SDK's PromiseConfigurationOptions). */
export interface SdkCallOptions {
  middleware: Array<{ pre(ctx: never): Promise<never>; post(ctx: never): Promise<never> }>;
  middlewareMergeStrategy: 'append';
}

export type HubSpotCaller = <T>(ctx: CallContext, send: (options: SdkCallOptions) => Promise<{ data: T; headers?: Record<string, string> }>) => Promise<T>;

export interface HubSpotCallerOptions {
  limiter: RateLimiter;
  logger: CallLogger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  dailyBlockMs: number;
  /** Told every call's outcome (for /readyz); optional. */
  status?: CrmStatusTracker;
}

/** The retry policy of decision 0003, shared by the gateway (which lets callers override it) and provisioning. */
export const DEFAULT_RETRY_POLICY = {
  maxAttempts: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  dailyBlockMs: 15 * 60_000,
} as const satisfies Pick<HubSpotCallerOptions, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'dailyBlockMs'>;

export function readRateLimitHeaders(headers: Record<string, string> | undefined): RateLimitHeaders {
  const out: RateLimitHeaders = {};
  if (!headers) return out;
  const num = (name: string) => {
    const raw = headers[name] ?? headers[name.toLowerCase()];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  };
  const max = num('x-hubspot-ratelimit-max');
  const remaining = num('x-hubspot-ratelimit-remaining');
  const intervalMs = num('x-hubspot-ratelimit-interval-milliseconds');
  if (max !== undefined) out.max = max;
  if (remaining !== undefined) out.remaining = remaining;
  if (intervalMs !== undefined) out.intervalMs = intervalMs;
  return out;
}

interface HubSpotErrorBody {
  message?: string;
  category?: string;
  correlationId?: string;
  policyName?: string;
  errors?: Array<{ message?: string; code?: string; context?: Record<string, unknown>; in?: string }>;
  context?: Record<string, unknown>;
}

function parseBody(text: string | undefined): HubSpotErrorBody {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as HubSpotErrorBody) : {};
  } catch {
    return { message: text.slice(0, 500) };
  }
}

const firstString = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  if (Array.isArray(v)) return v.find((x): x is string => typeof x === 'string' && x.length > 0);
  return undefined;
};

/**
 * Finds the record and the field HubSpot complained about. HubSpot puts them in
 * `errors[].context` (`propertyName`, `id`/`ids`/`objectId`), sometimes in `errors[].in`, and the
 * property validation message embeds `Property "x" does not exist` / `"x" was not one of the allowed options`.
 */
export function locateError(body: HubSpotErrorBody, ctx: CallContext): { objectId?: string; property?: string } {
  let objectId: string | undefined;
  let property: string | undefined;
  const contexts = [...(body.errors ?? []).map((e) => e.context ?? {}), body.context ?? {}];
  for (const c of contexts) {
    property ??= firstString(c['propertyName']) ?? firstString(c['property']) ?? firstString(c['name']);
    objectId ??= firstString(c['id']) ?? firstString(c['ids']) ?? firstString(c['objectId']);
  }
  for (const e of body.errors ?? []) {
    if (!property && e.in && e.in !== 'body') property = e.in;
  }
  const messages = [body.message ?? '', ...(body.errors ?? []).map((e) => e.message ?? '')].join(' ');
  property ??= /[Pp]roperty \\?"([a-z0-9_]+)\\?"/.exec(messages)?.[1] ?? /"name":"([a-z0-9_]+)"/.exec(messages)?.[1];
  if (!objectId && ctx.objectIds && ctx.objectIds.length === 1) objectId = ctx.objectIds[0];
  if (!objectId && ctx.objectIds) {
    objectId = ctx.objectIds.find((id) => new RegExp(`\\b${id}\\b`).test(messages));
  }
  return { ...(objectId ? { objectId } : {}), ...(property ? { property } : {}) };
}

/** The limiter's default margin on a back-off (rate-limiter.ts). */
const BACKOFF_MARGIN_MS = 250;

const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function networkCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; errno?: unknown; type?: unknown; cause?: { code?: unknown } };
  if (typeof e.code === 'string') return e.code;
  if (e.cause && typeof e.cause.code === 'string') return e.cause.code;
  if (e.type === 'system' || e.type === 'request-timeout' || e.type === 'body-timeout') return String(e.type);
  return undefined;
}

export function createHubSpotCaller(opts: HubSpotCallerOptions): HubSpotCaller {
  const { limiter, logger } = opts;

  function backoffMs(attempt: number): number {
    // Full jitter (AWS architecture blog): spreads retries of many workers instead of syncing them.
    const ceiling = Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling * opts.random());
  }

  return async function call<T>(ctx: CallContext, send: (options: SdkCallOptions) => Promise<{ data: T; headers?: Record<string, string> }>): Promise<T> {
    const kind = ctx.kind ?? 'api';
    for (let attempt = 1; ; attempt++) {
      const blockedUntil = limiter.dailyBlockedUntil();
      if (blockedUntil > 0) {
        opts.status?.record({ kind: 'daily_blocked', until: blockedUntil });
        throw new CrmDailyLimitError({ blockedUntil: new Date(blockedUntil) });
      }
      await limiter.acquire(kind);
      let captured: CapturedResponse | undefined;
      let rawText: string | undefined;
      const options: SdkCallOptions = {
        middleware: [
          {
            pre: (c: never) => Promise.resolve(c),
            post: (async (c: CapturedResponse) => {
              captured = c;
              if (c.httpStatusCode >= 400) {
                // node-fetch bodies read once: keep the text for us and hand the SDK a re-readable copy.
                rawText = await c.body.text();
                const text = rawText;
                c.body = { text: () => Promise.resolve(text), binary: () => Promise.resolve(Buffer.from(text)) };
              }
              return c;
            }) as unknown as (c: never) => Promise<never>,
          },
        ],
        middlewareMergeStrategy: 'append',
      };
      try {
        const result = await send(options);
        limiter.observe(readRateLimitHeaders(result.headers ?? captured?.headers));
        opts.status?.record({ kind: 'ok' });
        return result.data;
      } catch (error) {
        const status = captured?.httpStatusCode ?? (typeof (error as { code?: unknown })?.code === 'number' ? ((error as { code: number }).code as number) : undefined);
        if (captured) limiter.observe(readRateLimitHeaders(captured.headers));
        if (status === undefined || status < 400) {
          const code = networkCode(error);
          if (!code) throw error; // not HTTP, not network: a bug (ours or the SDK's) — let it surface.
          opts.status?.record({ kind: 'unreachable', detail: `network error ${code}` });
          const retryable = ctx.idempotent !== false || NEVER_SENT_CODES.has(code);
          if (!retryable || attempt >= opts.maxAttempts) {
            throw new CrmTransientError({ message: `${ctx.operation}: network error ${code}`, attempts: attempt, cause: error });
          }
          const wait = backoffMs(attempt);
          logger.warn({ operation: ctx.operation, attempt, code, waitMs: wait }, 'HubSpot unreachable; backing off');
          await opts.sleep(wait);
          continue;
        }
        const body = parseBody(rawText ?? (typeof (error as { body?: unknown }).body === 'string' ? ((error as { body: string }).body as string) : JSON.stringify((error as { body?: unknown }).body ?? '')));
        const correlationId = body.correlationId;
        if (status === 429) {
          const policy = body.policyName ?? '';
          const message = body.message ?? '';
          if (policy === 'DAILY' || /daily limit/i.test(message)) {
            const until = opts.now() + opts.dailyBlockMs;
            limiter.blockDaily(until);
            opts.status?.record({ kind: 'daily_blocked', until });
            const dailyError = new CrmDailyLimitError({ blockedUntil: new Date(until), ...(correlationId ? { correlationId } : {}), cause: error });
            logger.warn({ operation: ctx.operation, blockedUntil: dailyError.blockedUntil.toISOString() }, 'HubSpot DAILY limit reached: stopping HubSpot calls');
            throw dailyError;
          }
          const secondly = kind === 'search' || /secondly limit/i.test(message);
          limiter.backOff(secondly ? 'search' : 'api');
          // The limiter's back-off lasts one window plus its margin (rate-limiter.ts); the same span here.
          const retryAt = opts.now() + (secondly ? 1_000 : limiter.snapshot().intervalMs) + BACKOFF_MARGIN_MS;
          opts.status?.record({ kind: 'throttled', until: retryAt });
          if (attempt >= opts.maxAttempts) {
            throw new CrmRateLimitedError({ message: `${ctx.operation}: HubSpot rate limit (${policy || 'burst'})`, attempts: attempt, retryAt: new Date(retryAt), ...(correlationId ? { correlationId } : {}), cause: error });
          }
          logger.warn({ operation: ctx.operation, attempt, policy: policy || (secondly ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING') }, 'HubSpot burst 429: waiting out the window');
          continue;
        }
        if (status >= 500) {
          opts.status?.record({ kind: 'unreachable', detail: `HTTP ${status}${body.message ? ` ${body.message}` : ''}` });
          if (ctx.idempotent === false || attempt >= opts.maxAttempts) {
            throw new CrmTransientError({ message: `${ctx.operation}: HubSpot ${status}${body.message ? ` ${body.message}` : ''}`, attempts: attempt, status, ...(correlationId ? { correlationId } : {}), cause: error });
          }
          const wait = backoffMs(attempt);
          logger.warn({ operation: ctx.operation, attempt, status, waitMs: wait }, 'HubSpot server error; backing off');
          await opts.sleep(wait);
          continue;
        }
        const where = locateError(body, ctx);
        throw new CrmPermanentError({
          message: body.message ?? `HTTP ${status}`,
          status,
          ...(ctx.objectType ? { objectType: ctx.objectType } : {}),
          ...where,
          ...(body.category ? { category: body.category } : {}),
          ...(correlationId ? { correlationId } : {}),
          cause: error,
        });
      }
    }
  };
}
