/**
 * Client-side pacing for one HubSpot app (docs/hubspot.md §5.1–§5.2).
 *
 * HubSpot counts requests per app over a ROLLING 10 s window, so the limiter keeps the send
 * times of recent requests and lets a request go only when fewer than `max` were sent in the
 * last window (plus a small margin for network skew: the server stamps arrival, we stamp
 * departure). That lets a bulk job run right at the limit without a 429.
 *
 * It adapts from the `X-HubSpot-RateLimit-*` headers: `-Max`/`-Interval-Milliseconds` replace
 * the configured limit, and a `-Remaining` lower than our own count means another process
 * shares the app's budget, so its usage is booked locally as phantom sends.
 *
 * Search has a separate per-second limit and answers without headers, so it has its own window.
 *
 * ONE limiter per app per process, passed to every gateway (architecture: a token bucket per app
 * shared by all callers). Several processes (instances) of one app split the budget: each is told
 * how many instances are live (`setShare`, fed by heartbeats in the store) and uses its part of
 * both windows; the `-Remaining` header catches what a newcomer spends before everyone has heard.
 */
export interface RateLimiter {
  /** Waits until a request of this kind may be sent, then books it. */
  acquire(kind?: 'api' | 'search'): Promise<void>;
  /** Feeds back the rate-limit headers of a response (missing values are ignored). */
  observe(headers: RateLimitHeaders): void;
  /** A burst 429 arrived: nothing of this kind goes out until the window has passed. */
  backOff(kind: 'api' | 'search', ms?: number): void;
  /**
   * A DAILY 429 arrived: every gateway sharing this limiter fails fast until `until` (epoch ms)
   * instead of hammering HubSpot. `dailyBlockedUntil()` is 0 when not blocked.
   */
  blockDaily(until: number): void;
  dailyBlockedUntil(): number;
  /**
   * How many live instances share the app's budget (≥ 1): this one may then send
   * floor(limit / instances) per window (at least 1). Search's per-second limit is split the same way.
   */
  setShare(instances: number): void;
  /** Current effective settings, for logs and benchmarks. */
  snapshot(): { max: number; intervalMs: number; inWindow: number; searchPerSecond: number; instances: number };
}

export interface RateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
}

export interface RateLimiterOptions {
  /** Requests per rolling 10 s window (190 for Professional/Enterprise private apps). */
  perTenSeconds: number;
  /** Search requests per second (HubSpot documents 5; default 4 leaves room for skew). */
  searchPerSecond?: number;
  /** Extra time added to each window to absorb clock/network skew between us and HubSpot (ms). */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A sliding log of send times: a request may go when fewer than `limit` are younger than `windowMs`. */
class SlidingWindow {
  private sends: number[] = [];
  private blockedUntil = 0;
  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  /** ms to wait before the next request may go; 0 = now. */
  waitFor(now: number): number {
    this.prune(now);
    const blocked = Math.max(0, this.blockedUntil - now);
    if (this.sends.length < this.limit) return blocked;
    const oldestThatMustExpire = this.sends[this.sends.length - this.limit]!;
    return Math.max(blocked, oldestThatMustExpire + this.windowMs - now + 1);
  }

  book(at: number): void {
    // Kept sorted so waitFor can index; phantom entries may be booked "now" while later real ones exist.
    let i = this.sends.length;
    while (i > 0 && this.sends[i - 1]! > at) i--;
    this.sends.splice(i, 0, at);
  }

  count(now: number): number {
    this.prune(now);
    return this.sends.length;
  }

  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.sends.length && this.sends[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) this.sends.splice(0, drop);
  }
}

/**
 * @example
 *   const limiter = createRateLimiter({ perTenSeconds: config.HUBSPOT_RATE_LIMIT_PER_10S });
 *   const gateway = createCrmGateway({ accessToken, limiter });
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const margin = opts.marginMs ?? 250;
  const configuredMax = opts.perTenSeconds;
  let intervalMs = 10_000;
  const searchPerSecond = opts.searchPerSecond ?? 4;
  const api = new SlidingWindow(configuredMax, intervalMs + margin);
  const search = new SlidingWindow(searchPerSecond, 1_000 + margin);
  // The app's budget (configured, lowered by HubSpot's -Max) and how many instances split it.
  let appMax = configuredMax;
  let instances = 1;
  const applyShare = () => {
    api.limit = Math.max(1, Math.floor(appMax / instances));
    search.limit = Math.max(1, Math.floor(searchPerSecond / instances));
  };
  let dailyUntil = 0;
  // Serialises waiters so a burst of callers is released in arrival order, one booking at a time.
  let apiQueue: Promise<void> = Promise.resolve();
  let searchQueue: Promise<void> = Promise.resolve();

  async function take(window: SlidingWindow): Promise<void> {
    for (;;) {
      const wait = window.waitFor(now());
      if (wait <= 0) {
        window.book(now());
        return;
      }
      await sleep(wait);
    }
  }

  function enqueue(kind: 'api' | 'search'): Promise<void> {
    const run = (): Promise<void> => (kind === 'search' ? take(search).then(() => take(api)) : take(api));
    if (kind === 'search') {
      const next = searchQueue.then(run);
      searchQueue = next.catch(() => undefined);
      return next;
    }
    const next = apiQueue.then(run);
    apiQueue = next.catch(() => undefined);
    return next;
  }

  return {
    acquire: (kind = 'api') => enqueue(kind),
    observe(headers) {
      if (headers.intervalMs !== undefined && headers.intervalMs > 0 && headers.intervalMs !== intervalMs) {
        intervalMs = headers.intervalMs;
        api.windowMs = intervalMs + margin;
      }
      if (headers.max !== undefined && headers.max > 0) {
        // Never above what HubSpot says, never above what we were told to use (a deliberate lower cap).
        appMax = Math.min(configuredMax, headers.max);
        applyShare();
      }
      if (headers.remaining !== undefined) {
        const t = now();
        // HubSpot's remaining = app max − ours − the others'. If the other instances spent exactly
        // their shares that equals what is left of our share; less means someone spent more (a
        // newcomer before it heard of us, another tool on the same app): book the difference.
        const ourRemaining = api.limit - api.count(t);
        const missing = ourRemaining - headers.remaining;
        // Someone else (another process with the same app) is spending the budget: book their share.
        for (let i = 0; i < missing; i++) api.book(t);
      }
    },
    backOff(kind, ms) {
      const t = now();
      if (kind === 'search') search.block(t + (ms ?? 1_000 + margin));
      else api.block(t + (ms ?? intervalMs + margin));
    },
    blockDaily(until) {
      dailyUntil = Math.max(dailyUntil, until);
    },
    dailyBlockedUntil: () => (dailyUntil > now() ? dailyUntil : 0),
    setShare(n) {
      const next = Number.isInteger(n) && n >= 1 ? n : 1;
      if (next === instances) return;
      instances = next;
      applyShare();
    },
    snapshot: () => ({ max: api.limit, intervalMs, inWindow: api.count(now()), searchPerSecond: search.limit, instances }),
  };
}
