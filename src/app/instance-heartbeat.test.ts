import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../hubspot/rate-limiter';
import { createStore } from '../store';
import { createInstanceHeartbeat } from './instance-heartbeat';

describe('createInstanceHeartbeat', () => {
  it('splits the rate limit by the live instances and hands a stopped or silent instance its share back', async () => {
    let t = Date.parse('2026-03-02T09:00:00Z');
    const store = await createStore({ sqlitePath: ':memory:', now: () => new Date(t) });
    const logger = pino({ level: 'silent' });
    try {
      const limiters = [0, 1, 2].map(() => createRateLimiter({ perTenSeconds: 190 }));
      const beats = limiters.map((l, i) => createInstanceHeartbeat(store, l, logger, { instanceId: `i${i}`, everyMs: 2_000 }));
      await beats[0]!.beat();
      expect(limiters[0]!.snapshot().max).toBe(190);
      await beats[1]!.beat();
      expect(limiters[1]!.snapshot().max).toBe(95);
      await beats[2]!.beat();
      // Each instance learns the new count at its next beat.
      for (const b of beats) await b.beat();
      expect(limiters.map((l) => l.snapshot().max)).toEqual([63, 63, 63]);
      await beats[2]!.stop();
      expect(await beats[0]!.beat()).toBe(2);
      expect(limiters[0]!.snapshot().max).toBe(95);
      // i1 goes silent (killed): after its 6 s heartbeat lapses, i0 has the whole budget.
      t += 6_001;
      expect(await beats[0]!.beat()).toBe(1);
      expect(limiters[0]!.snapshot().max).toBe(190);
    } finally {
      await store.close();
    }
  });
});
