import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';
import { fakeClock } from '../../test/support/hubspot-test-support';

describe('createRateLimiter', () => {
  it('lets a full window go at once, then holds the next request until the oldest leaves the rolling window', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 5, marginMs: 100, now, sleep });
    const start = clock.t;
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(clock.t).toBe(start);
    await limiter.acquire();
    // The first send left the 10 s (+100 ms margin) window.
    expect(clock.t - start).toBeGreaterThanOrEqual(10_100);
    expect(clock.t - start).toBeLessThan(10_200);
  });

  it('never allows more than the limit in any rolling window over a long run', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 19, marginMs: 0, now, sleep });
    const sends: number[] = [];
    for (let i = 0; i < 200; i++) {
      await limiter.acquire();
      sends.push(clock.t);
      clock.t += 37; // requests take time too
    }
    for (let i = 19; i < sends.length; i++) expect(sends[i]! - sends[i - 19]!).toBeGreaterThanOrEqual(10_000);
    // …and it is not timid: 200 requests at 19/10 s need about (200/19 - 1) windows.
    expect(sends.at(-1)! - sends[0]!).toBeLessThan(11 * 10_000);
  });

  it('adopts a lower X-HubSpot-RateLimit-Max but never a higher one than configured', async () => {
    const { now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 100, now, sleep });
    limiter.observe({ max: 50, intervalMs: 10_000 });
    expect(limiter.snapshot().max).toBe(50);
    limiter.observe({ max: 500 });
    expect(limiter.snapshot().max).toBe(100);
  });

  it('books budget spent by another process when Remaining is lower than its own count', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 10, marginMs: 0, now, sleep });
    await limiter.acquire();
    // HubSpot says only 2 left, we used 1 of 10: someone else used 7.
    limiter.observe({ max: 10, remaining: 2 });
    expect(limiter.snapshot().inWindow).toBe(8);
    await limiter.acquire();
    await limiter.acquire();
    const before = clock.t;
    await limiter.acquire();
    expect(clock.t - before).toBeGreaterThanOrEqual(10_000);
  });

  it('uses its share of the app budget when instances share it, and the whole again when alone', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 190, searchPerSecond: 4, marginMs: 0, now, sleep });
    limiter.setShare(4);
    expect(limiter.snapshot()).toMatchObject({ max: 47, searchPerSecond: 1, instances: 4 });
    const start = clock.t;
    for (let i = 0; i < 47; i++) await limiter.acquire();
    expect(clock.t).toBe(start);
    await limiter.acquire();
    expect(clock.t - start).toBeGreaterThanOrEqual(10_000);
    // HubSpot lowers the app's limit: the share follows.
    limiter.observe({ max: 100 });
    expect(limiter.snapshot().max).toBe(25);
    limiter.setShare(1);
    expect(limiter.snapshot()).toMatchObject({ max: 100, searchPerSecond: 4, instances: 1 });
    limiter.setShare(0); // nonsense counts as alone, never a zero budget
    expect(limiter.snapshot().max).toBe(100);
  });

  it('with a share, books only what others spent beyond their shares', async () => {
    const { now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 100, marginMs: 0, now, sleep });
    limiter.setShare(2); // 50 each
    for (let i = 0; i < 10; i++) await limiter.acquire();
    // 100 − 10 (ours) − 50 (the other's full share) = 40 left: nothing to book.
    limiter.observe({ max: 100, remaining: 40 });
    expect(limiter.snapshot().inWindow).toBe(10);
    // Only 30 left: the other instance (a newcomer) used 60, 10 beyond its share.
    limiter.observe({ max: 100, remaining: 30 });
    expect(limiter.snapshot().inWindow).toBe(20);
  });

  it('backOff blocks api requests for the window; search has its own per-second window', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 100, searchPerSecond: 2, marginMs: 0, now, sleep });
    const start = clock.t;
    await limiter.acquire('search');
    await limiter.acquire('search');
    await limiter.acquire('search');
    expect(clock.t - start).toBeGreaterThanOrEqual(1_000);
    expect(clock.t - start).toBeLessThan(2_000);
    limiter.backOff('api');
    const blockedAt = clock.t;
    await limiter.acquire();
    expect(clock.t - blockedAt).toBeGreaterThanOrEqual(10_000);
  });

  it('records a DAILY block that expires', () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 10, now, sleep });
    expect(limiter.dailyBlockedUntil()).toBe(0);
    limiter.blockDaily(clock.t + 5_000);
    expect(limiter.dailyBlockedUntil()).toBe(clock.t + 5_000);
    clock.t += 5_001;
    expect(limiter.dailyBlockedUntil()).toBe(0);
  });

  it('serves concurrent callers without exceeding the window', async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = createRateLimiter({ perTenSeconds: 3, marginMs: 0, now, sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => times.push(clock.t))));
    times.sort((a, b) => a - b);
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(10_000);
  });
});
