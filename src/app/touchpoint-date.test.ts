import { describe, expect, it } from 'vitest';
import { touchpointInFuture } from './card-service';

describe('touchpointInFuture', () => {
  const now = new Date('2026-11-26T09:30:00Z');
  it('accepts today and the past, and the next UTC date (already today east of UTC)', () => {
    expect(touchpointInFuture('2026-11-26T12:00:00.000Z', now)).toBe(false);
    expect(touchpointInFuture('2026-01-01T12:00:00.000Z', now)).toBe(false);
    // 09:30 UTC is 23:30 in UTC+14: the 26th there too; the 27th is not yet anywhere.
    expect(touchpointInFuture('2026-11-27T12:00:00.000Z', now)).toBe(true);
  });
  it('once it is tomorrow in UTC+14, that day is allowed and the day after is not', () => {
    const late = new Date('2026-11-26T10:30:00Z');
    expect(touchpointInFuture('2026-11-27T12:00:00.000Z', late)).toBe(false);
    expect(touchpointInFuture('2026-11-28T00:00:00.000Z', late)).toBe(true);
  });
});
