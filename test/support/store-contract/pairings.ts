// Store contract: the pairing program (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';
import { rejection } from './harness';

const targets = { registrations: 5, registrationWindowDays: 90, activeDealsMin: 3, activeDealsMax: 5, activeDealsByDay: 60 };

export function pairingsContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });

  describe('pairings', () => {
    it('creates an active pairing with its partners sorted, key, targets and who made it', async () => {
      const created = await store.pairings.create({ partnerIds: ['202', '101', '202'], model: 'sell_with', startDate: '2026-03-02', targets, createdBy: '7' });
      expect(created).toEqual({
        id: created.id,
        partnerIds: ['101', '202'],
        pairingKey: '101+202',
        model: 'sell_with',
        startDate: '2026-03-02',
        targets,
        status: 'active',
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        createdBy: '7',
        createdAt: '2026-03-02T09:00:00.000Z',
      });
      expect(await store.pairings.get(created.id)).toEqual(created);
      expect(await store.pairings.get('999999')).toBeNull();
      expect(await store.pairings.get('not-an-id')).toBeNull();
    });

    it('refuses fewer than two partners and a bad start date, naming the field', async () => {
      const one = await rejection(store.pairings.create({ partnerIds: ['1', '1'], model: 'sell_with', startDate: '2026-03-02', targets, createdBy: '7' }));
      expect(one).toBeInstanceOf(StoreError);
      expect((one as StoreError).field).toBe('partnerIds');
      const date = await rejection(store.pairings.create({ partnerIds: ['1', '2'], model: 'sell_with', startDate: '2026-13-45', targets, createdBy: '7' }));
      expect((date as StoreError).field).toBe('startDate');
    });

    it('allows one active pairing per set of partners; a decided one can be started again', async () => {
      const first = await store.pairings.create({ partnerIds: ['1', '2'], model: 'sell_with', startDate: '2026-01-05', targets, createdBy: '7' });
      const again = await rejection(store.pairings.create({ partnerIds: ['2', '1'], model: 'sell_to', startDate: '2026-02-01', targets, createdBy: '7' }));
      expect(again).toBeInstanceOf(ConflictError);
      expect((again as ConflictError).field).toBe('partnerIds');
      await store.pairings.create({ partnerIds: ['1', '2', '3'], model: 'sell_with', startDate: '2026-01-04', targets, createdBy: '7' });
      await store.pairings.decide(first.id, { status: 'ended', note: 'nothing after 90 days', by: '9' });
      const restarted = await store.pairings.create({ partnerIds: ['1', '2'], model: 'sell_through', startDate: '2026-04-01', targets, createdBy: '7' });
      expect((await store.pairings.list()).map((p) => [p.pairingKey, p.status])).toEqual([
        ['1+2+3', 'active'],
        ['1+2', 'ended'],
        ['1+2', 'active'],
      ]);
      expect((await store.pairings.list({ status: 'active' })).map((p) => p.id)).toContain(restarted.id);
      expect((await store.pairings.list({ status: 'ended' })).map((p) => p.id)).toEqual([first.id]);
    });

    it('records the decision with who, when and the note, once', async () => {
      const p = await store.pairings.create({ partnerIds: ['1', '2'], model: 'sell_with', startDate: '2026-01-05', targets, createdBy: '7' });
      h.clock().advance(60_000);
      const decided = await store.pairings.decide(p.id, { status: 'scaled', note: 'pipeline and two wins', by: '9' });
      expect(decided).toMatchObject({ status: 'scaled', decidedBy: '9', decidedAt: '2026-03-02T09:01:00.000Z', decisionNote: 'pipeline and two wins' });
      const twice = await rejection(store.pairings.decide(p.id, { status: 'ended', note: 'changed my mind', by: '9' }));
      expect(twice).toBeInstanceOf(ConflictError);
      expect((await store.pairings.get(p.id))?.status).toBe('scaled');
      expect(await rejection(store.pairings.decide('424242', { status: 'ended', note: 'x', by: '9' }))).toBeInstanceOf(NotFoundError);
      const empty = await rejection(store.pairings.decide(p.id, { status: 'ended', note: '', by: '9' }));
      expect((empty as StoreError).field).toBe('note');
    });

    it('claims an engagement per pairing, purpose and period once; a released claim can be claimed again', async () => {
      expect(await store.pairings.claimEngagement('1', 'digest', '2026-W10')).toBe(true);
      expect(await store.pairings.claimEngagement('1', 'digest', '2026-W10')).toBe(false);
      expect(await store.pairings.claimEngagement('1', 'digest', '2026-W11')).toBe(true);
      expect(await store.pairings.claimEngagement('1', 'review', 'day-90')).toBe(true);
      expect(await store.pairings.claimEngagement('2', 'digest', '2026-W10')).toBe(true);
      await store.pairings.recordEngagement('1', 'digest', '2026-W10', ['n-1']);
      await store.pairings.releaseEngagement('1', 'digest', '2026-W10'); // recorded: kept
      await store.pairings.releaseEngagement('1', 'digest', '2026-W11'); // unfilled: forgotten
      expect(await store.pairings.claimEngagement('1', 'digest', '2026-W10')).toBe(false);
      expect(await store.pairings.claimEngagement('1', 'digest', '2026-W11')).toBe(true);
      const rows = await store.pairings.listEngagements('1');
      expect(rows.map((r) => [r.purpose, r.periodKey, r.engagementIds])).toEqual([
        ['digest', '2026-W10', ['n-1']],
        ['digest', '2026-W11', null],
        ['review', 'day-90', null],
      ]);
    });

    it('rolls a pairing back with the transaction', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.pairings.create({ partnerIds: ['1', '2'], model: 'sell_with', startDate: '2026-01-05', targets, createdBy: '7' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.pairings.list()).toEqual([]);
    });
  });
}
