import { describe, expect, it } from 'vitest';
import { isRetryableStatus, nextWebhookAttempt, webhookRetryDelayMs } from './webhook-retry';

describe('webhook retries', () => {
  it('backs off exponentially from 30 s, capped at an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(webhookRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });

  it('stops once the next attempt would fall past 24 hours after the event', () => {
    const created = new Date('2026-05-01T00:00:00.000Z');
    expect(nextWebhookAttempt(created, 1, new Date('2026-05-01T00:00:05.000Z'))?.toISOString()).toBe('2026-05-01T00:00:35.000Z');
    expect(nextWebhookAttempt(created, 30, new Date('2026-05-01T22:59:59.000Z'))?.toISOString()).toBe('2026-05-01T23:59:59.000Z');
    expect(nextWebhookAttempt(created, 30, new Date('2026-05-01T23:00:01.000Z'))).toBeNull();
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [404, false],
    [410, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});
