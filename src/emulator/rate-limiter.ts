/**
 * HubSpot's per-app limits (docs/hubspot.md §5): a rolling 10-second burst window and a daily
 * budget for ordinary calls, and a separate per-second budget for search (whose responses carry
 * no rate-limit headers). Rejected calls do not consume budget.
 */
export interface RateLimitSettings {
  perTenSeconds: number;
  daily: number;
  searchPerSecond: number;
  /** The burst window (HubSpot: 10,000 ms, the default). */
  intervalMs?: number;
}

export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; policy: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY'; headers: Record<string, string> };

export class RateLimiter {
  private burst: number[] = [];
  private search: number[] = [];
  private dailyUsed = 0;
  private dailyWindowStart: number;
  private readonly intervalMs: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number,
  ) {
    this.dailyWindowStart = now();
    this.intervalMs = settings.intervalMs ?? 10_000;
  }

  private rollDay(t: number) {
    // The emulator's "day" is a rolling 24 h from start; HubSpot resets at the portal's midnight.
    if (t - this.dailyWindowStart >= 86_400_000) {
      this.dailyWindowStart = t;
      this.dailyUsed = 0;
    }
  }

  private headers(): Record<string, string> {
    return {
      'X-HubSpot-RateLimit-Max': String(this.settings.perTenSeconds),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.settings.perTenSeconds - this.burst.length)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.intervalMs),
      'X-HubSpot-RateLimit-Daily': String(this.settings.daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.settings.daily - this.dailyUsed)),
    };
  }

  take(kind: 'standard' | 'search', forced?: 'burst' | 'daily'): RateDecision {
    const t = this.now();
    this.rollDay(t);
    this.burst = this.burst.filter((x) => t - x < this.intervalMs);
    this.search = this.search.filter((x) => t - x < 1_000);
    if (forced === 'daily' || this.dailyUsed >= this.settings.daily) {
      return { allowed: false, policy: 'DAILY', headers: kind === 'search' ? {} : this.headers() };
    }
    if (kind === 'search') {
      if (forced === 'burst' || this.search.length >= this.settings.searchPerSecond) return { allowed: false, policy: 'SECONDLY', headers: {} };
      this.search.push(t);
      this.dailyUsed++;
      return { allowed: true, headers: {} };
    }
    if (forced === 'burst' || this.burst.length >= this.settings.perTenSeconds) {
      return { allowed: false, policy: 'TEN_SECONDLY_ROLLING', headers: this.headers() };
    }
    this.burst.push(t);
    this.dailyUsed++;
    return { allowed: true, headers: this.headers() };
  }
}
