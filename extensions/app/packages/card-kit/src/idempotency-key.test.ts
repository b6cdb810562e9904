import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from './idempotency-key';
import { IdempotencyKey } from '@cosell/contract';

describe('newIdempotencyKey', () => {
  it('uses randomUUID when the sandbox has it', () => {
    expect(newIdempotencyKey({ randomUUID: () => '6f1c1a52-0d7e-4a36-9a5e-1b1e8f1f2c3d' })).toBe('6f1c1a52-0d7e-4a36-9a5e-1b1e8f1f2c3d');
  });

  it('falls back to getRandomValues, then to the clock and Math.random; every key is valid for the contract and distinct', () => {
    const fromBytes = newIdempotencyKey({ getRandomValues: (a) => a.fill(171) });
    expect(fromBytes).toBe('ab'.repeat(16));
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey({})));
    expect(keys.size).toBe(200);
    for (const key of [fromBytes, ...keys, newIdempotencyKey()]) expect(IdempotencyKey.safeParse(key).success).toBe(true);
  });
});
