// When an outbound webhook delivery is tried again: exponential backoff from 30 s, capped at an
// hour, for at most 24 hours after the event (partners' endpoints get a day to recover).

export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;

/** Delay before the attempt after `attempts` failed ones (1 → 30 s, 2 → 60 s, …, capped at 1 h). */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

/**
 * The next attempt's time after a retryable failure, or null when the 24-hour window is spent.
 *
 * @example nextWebhookAttempt(new Date('2026-05-01T00:00:00Z'), 1, new Date('2026-05-01T00:00:05Z')) // 2026-05-01T00:00:35Z
 */
export function nextWebhookAttempt(createdAt: Date, attempts: number, now: Date): Date | null {
  const next = new Date(now.getTime() + webhookRetryDelayMs(attempts));
  return next.getTime() - createdAt.getTime() > WEBHOOK_RETRY_WINDOW_MS ? null : next;
}

/** Whether an HTTP status is worth another try: 5xx, 408 (timeout) and 429 (slow down). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
