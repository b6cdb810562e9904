// Store contract: audit (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';

export function auditContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('audit', () => {
    it('records who changed what, when and from which request; lists newest first with filters', async () => {
      await store.audit.record({ actor: 'user:1', action: 'plan.put', entityType: 'deal', entityId: '42', before: null, after: { owner: 'p1' }, requestId: 'req-1' });
      clock.advance(1000);
      await store.audit.record({ actor: 'user:2', action: 'ruleset.publish', entityType: 'ruleSet', entityId: 'v1' });
      clock.advance(1000);
      await store.audit.record({ actor: 'user:1', action: 'plan.put', entityType: 'deal', entityId: '42', before: { owner: 'p1' }, after: { owner: 'us' } });

      const all = await store.audit.list();
      expect(all.map((e) => e.action)).toEqual(['plan.put', 'ruleset.publish', 'plan.put']);
      expect(all[2]).toMatchObject({ actor: 'user:1', entityId: '42', before: null, after: { owner: 'p1' }, requestId: 'req-1', at: '2026-03-02T09:00:00.000Z' });
      expect(all[1]).toMatchObject({ before: null, after: null, requestId: null });
      expect((await store.audit.list({ entityType: 'deal', entityId: '42' })).length).toBe(2);
      expect((await store.audit.list({ actor: 'user:2' })).map((e) => e.entityId)).toEqual(['v1']);
      expect((await store.audit.list({ since: '2026-03-02T09:00:01Z' })).length).toBe(2);
      expect((await store.audit.list({ limit: 1 }))[0]?.after).toEqual({ owner: 'us' });
    });
  });
}
