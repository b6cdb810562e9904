import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

function limiter(settings: Partial<{ perTenSeconds: number; daily: number; searchPerSecond: number }> = {}) {
  const clock = { t: 0 };
  const l = new RateLimiter({ perTenSeconds: 3, daily: 100, searchPerSecond: 2, ...settings }, () => clock.t);
  return { l, clock };
}

describe('RateLimiter', () => {
  it('allows perTenSeconds calls in any rolling 10 s window and reports the remaining budget', () => {
    const { l, clock } = limiter();
    const remaining = [0, 1, 2].map(() => {
      const d = l.take('standard');
      clock.t += 1000;
      return d.allowed ? d.headers['X-HubSpot-RateLimit-Remaining'] : 'denied';
    });
    expect(remaining).toEqual(['2', '1', '0']);
    expect(l.take('standard')).toMatchObject({ allowed: false, policy: 'TEN_SECONDLY_ROLLING' });
    clock.t = 10_000; // the call at t=0 has left the window
    expect(l.take('standard').allowed).toBe(true);
    expect(l.take('standard').allowed).toBe(false);
  });

  it('stops at the daily budget with policy DAILY and resets after 24 h', () => {
    const { l, clock } = limiter({ perTenSeconds: 1000, daily: 2 });
    l.take('standard');
    l.take('search');
    const denied = l.take('standard');
    expect(denied).toMatchObject({ allowed: false, policy: 'DAILY' });
    expect(denied.headers['X-HubSpot-RateLimit-Daily-Remaining']).toBe('0');
    clock.t += 86_400_000;
    expect(l.take('standard').allowed).toBe(true);
  });

  it('limits search per second on its own budget, without headers', () => {
    const { l, clock } = limiter({ perTenSeconds: 1 });
    expect(l.take('search')).toEqual({ allowed: true, headers: {} });
    expect(l.take('search').allowed).toBe(true);
    expect(l.take('search')).toEqual({ allowed: false, policy: 'SECONDLY', headers: {} });
    expect(l.take('standard').allowed).toBe(true);
    clock.t += 1000;
    expect(l.take('search').allowed).toBe(true);
  });

  it('forced denials do not consume budget', () => {
    const { l } = limiter();
    expect(l.take('standard', 'burst')).toMatchObject({ allowed: false, policy: 'TEN_SECONDLY_ROLLING' });
    expect(l.take('standard', 'daily')).toMatchObject({ allowed: false, policy: 'DAILY' });
    const ok = l.take('standard');
    expect(ok.allowed && ok.headers['X-HubSpot-RateLimit-Remaining']).toBe('2');
  });
});
