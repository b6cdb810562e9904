// Store contract: attribution disputes and split adjustments (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, StoreError } from '../../../src/store/store-error';
import type { NewDispute, Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';

const rep = { userId: '7', name: 'Riley Rep' };
const ops = { userId: '9', name: 'Pat Ops' };

function dispute(extra: Partial<NewDispute> = {}): NewDispute {
  return {
    dealId: 'd1',
    dealName: 'Acme — Platform 2026',
    partners: [
      { id: 'p1', name: 'Northwind' },
      { id: 'p2', name: 'Contoso' },
    ],
    openedBy: rep,
    reason: 'Northwind sourced this, not Contoso',
    claim: [
      { partnerId: 'p1', percent: 62.5 },
      { partnerId: 'p2', percent: 37.5 },
    ],
    ...extra,
  };
}

export function disputesContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('disputes', () => {
    it('opens with who, why and the claim, and lists by status and deal (oldest first)', async () => {
      const first = await store.disputes.open(dispute());
      expect(first).toEqual({
        id: first.id,
        dealId: 'd1',
        dealName: 'Acme — Platform 2026',
        partners: [
          { id: 'p1', name: 'Northwind' },
          { id: 'p2', name: 'Contoso' },
        ],
        openedBy: rep,
        openedAt: clock.now().toISOString(),
        reason: 'Northwind sourced this, not Contoso',
        claim: [
          { partnerId: 'p1', percent: 62.5 },
          { partnerId: 'p2', percent: 37.5 },
        ],
        status: 'open',
        decisionNote: null,
        decidedBy: null,
        decidedAt: null,
        adjustmentApplied: false,
        alertedAt: null,
        alertTaskId: null,
      });
      clock.advance(1000);
      const second = await store.disputes.open(dispute({ dealId: 'd2', dealName: 'Globex', claim: null }));
      expect(second.claim).toBeNull();
      expect(await store.disputes.get(first.id)).toEqual(first);
      expect(await store.disputes.get('999999')).toBeNull();
      expect(await store.disputes.get('not-an-id')).toBeNull();
      expect((await store.disputes.list()).map((d) => d.id)).toEqual([first.id, second.id]);
      expect((await store.disputes.list({ dealId: 'd2' })).map((d) => d.id)).toEqual([second.id]);
      await store.disputes.decide(first.id, { status: 'rejected', note: 'roles are right', by: ops });
      expect((await store.disputes.list({ status: 'open' })).map((d) => d.id)).toEqual([second.id]);
      expect((await store.disputes.list({ status: 'rejected' })).map((d) => d.id)).toEqual([first.id]);
      expect(await store.disputes.disputedDealIds(['d2', 'd1', 'd3'])).toEqual(['d1', 'd2']);
      expect(await store.disputes.disputedDealIds([])).toEqual([]);
    });

    it('refuses a dispute without a reason or an opener, naming the field', async () => {
      await expect(store.disputes.open(dispute({ reason: '  ' }))).rejects.toMatchObject({ field: 'reason' });
      await expect(store.disputes.open(dispute({ openedBy: { userId: '', name: 'x' } }))).rejects.toMatchObject({ field: 'openedBy.userId' });
      expect(await store.disputes.list()).toEqual([]);
    });

    it('decides once: an upheld dispute with an adjustment sets the deal split in the same step', async () => {
      const d = await store.disputes.open(dispute());
      clock.advance(60_000);
      const shares = [
        { partnerId: 'p1', partnerName: 'Northwind', percent: 62.5 },
        { partnerId: 'p2', partnerName: 'Contoso', percent: 37.5 },
      ];
      const { dispute: decided, adjustment } = await store.disputes.decide(d.id, { status: 'upheld', note: 'intro email proves it', by: ops, adjustment: shares });
      expect(decided).toMatchObject({ status: 'upheld', decisionNote: 'intro email proves it', decidedBy: ops, decidedAt: clock.now().toISOString(), adjustmentApplied: true });
      expect(adjustment).toEqual({ dealId: 'd1', disputeId: d.id, shares, note: 'intro email proves it', setBy: ops, setAt: clock.now().toISOString() });
      expect(await store.disputes.adjustmentsFor(['d1', 'd2'])).toEqual([adjustment]);

      const again = store.disputes.decide(d.id, { status: 'rejected', note: 'changed my mind', by: ops });
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      await expect(again).rejects.toMatchObject({ field: 'status' });
      await expect(store.disputes.decide('424242', { status: 'rejected', note: 'x', by: ops })).rejects.toBeInstanceOf(NotFoundError);
      expect((await store.disputes.get(d.id))?.status).toBe('upheld');
    });

    it('a later upheld adjustment on the same deal replaces the earlier one', async () => {
      const a = await store.disputes.open(dispute());
      const b = await store.disputes.open(dispute());
      await store.disputes.decide(a.id, { status: 'upheld', note: 'first', by: ops, adjustment: [{ partnerId: 'p1', partnerName: 'Northwind', percent: 100 }] });
      await store.disputes.decide(b.id, { status: 'upheld', note: 'second', by: ops, adjustment: [{ partnerId: 'p2', partnerName: 'Contoso', percent: 100 }] });
      const adjustments = await store.disputes.adjustmentsFor(['d1']);
      expect(adjustments).toHaveLength(1);
      expect(adjustments[0]).toMatchObject({ disputeId: b.id, note: 'second', shares: [{ partnerId: 'p2', partnerName: 'Contoso', percent: 100 }] });
    });

    it('a rejection carries no adjustment; a decision needs a note', async () => {
      const d = await store.disputes.open(dispute());
      await expect(store.disputes.decide(d.id, { status: 'rejected', note: 'no', by: ops, adjustment: [] })).rejects.toBeInstanceOf(StoreError);
      await expect(store.disputes.decide(d.id, { status: 'upheld', note: '', by: ops })).rejects.toMatchObject({ field: 'note' });
      expect((await store.disputes.get(d.id))?.status).toBe('open');
      expect(await store.disputes.adjustmentsFor(['d1'])).toEqual([]);
    });

    it('marks the overdue alert once, and never on a decided dispute', async () => {
      const d = await store.disputes.open(dispute());
      expect(await store.disputes.markAlerted(d.id, 'task-1')).toBe(true);
      expect(await store.disputes.markAlerted(d.id, 'task-2')).toBe(false);
      expect(await store.disputes.get(d.id)).toMatchObject({ alertTaskId: 'task-1', alertedAt: clock.now().toISOString() });
      const other = await store.disputes.open(dispute());
      await store.disputes.decide(other.id, { status: 'rejected', note: 'no', by: ops });
      expect(await store.disputes.markAlerted(other.id, 'task-3')).toBe(false);
      expect(await store.disputes.markAlerted('nope', 'task-4')).toBe(false);
    });

    it('lists the partner deals closed in a date range (the dispute rate population)', async () => {
      const entry = (dealId: string, status: 'open' | 'won' | 'lost', closeDate: string | null, partnerIds: string[]) => ({
        dealId,
        name: `Deal ${dealId}`,
        status,
        closeDate,
        partnerIds,
        partnerNames: Object.fromEntries(partnerIds.map((p) => [p, `Partner ${p}`])),
        account: { companyId: `c-${dealId}`, domain: null, parentCompanyId: null },
      });
      await store.accountIndex.upsert([
        entry('d1', 'won', '2026-01-01', ['p1', 'p2']),
        entry('d2', 'lost', '2026-03-31', ['p1']),
        entry('d3', 'open', '2026-02-01', ['p1', 'p2']),
        entry('d4', 'won', '2026-04-01', ['p1', 'p2']),
        entry('d5', 'won', '2025-12-31', ['p1', 'p2']),
      ]);
      expect(await store.disputes.closedDealsBetween('2026-01-01', '2026-03-31')).toEqual([
        { dealId: 'd1', status: 'won', closeDate: '2026-01-01', partnerIds: ['p1', 'p2'] },
        { dealId: 'd2', status: 'lost', closeDate: '2026-03-31', partnerIds: ['p1'] },
      ]);
    });

    it('rolls back a decision with the transaction around it', async () => {
      const d = await store.disputes.open(dispute());
      await expect(
        store.transaction(async (tx) => {
          await tx.disputes.decide(d.id, { status: 'upheld', note: 'yes', by: ops, adjustment: [{ partnerId: 'p1', partnerName: 'Northwind', percent: 100 }] });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.disputes.get(d.id))?.status).toBe('open');
      expect(await store.disputes.adjustmentsFor(['d1'])).toEqual([]);
    });
  });
}
