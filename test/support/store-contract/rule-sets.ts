// Store contract: rule sets (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { KyselyStore } from '../../../src/store/kysely-store';
import { ConflictError } from '../../../src/store/store-error';
import { NotFoundError } from '../../../src/store/store-error';
import { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function ruleSetsContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('rule sets', () => {
    const ruleSet = (version: string) => ({ version, effectiveFrom: '2026-04-01', poolRate: '0.25', weights: { sourcing: 40 } });

    it('drafts, updates and publishes; the draft is consumed', async () => {
      const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('2026.1'), createdBy: 'user:1', basedOnVersion: '2025.4' });
      expect(draft).toMatchObject({ ruleSet: ruleSet('2026.1'), createdBy: 'user:1', basedOnVersion: '2025.4', createdAt: clock.now().toISOString() });
      clock.advance(1000);
      const updated = await store.ruleSets.updateDraft(draft.id, { ...ruleSet('2026.1'), poolRate: '0.3' }, 'user:2');
      expect(updated).toMatchObject({ id: draft.id, updatedBy: 'user:2', updatedAt: clock.now().toISOString(), createdBy: 'user:1' });
      expect(await store.ruleSets.listDrafts()).toEqual([updated]);

      const published = await store.ruleSets.publish(draft.id, 'user:3');
      expect(published).toEqual({
        version: '2026.1',
        ruleSet: { ...ruleSet('2026.1'), poolRate: '0.3' },
        effectiveFrom: '2026-04-01',
        basedOnVersion: '2025.4',
        draftId: draft.id,
        draftCreatedBy: 'user:1',
        publishedBy: 'user:3',
        publishedAt: clock.now().toISOString(),
      });
      expect(await store.ruleSets.getDraft(draft.id)).toBeNull();
      expect(await store.ruleSets.listDrafts()).toEqual([]);
      expect(await store.ruleSets.getPublished('2026.1')).toEqual(published);
      const err = await rejection(store.ruleSets.updateDraft(draft.id, ruleSet('x'), 'user:1'));
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as StoreError).field).toBe('draftId');
    });

    it('rejects publishing a version twice and leaves the second draft in place', async () => {
      const first = await store.ruleSets.createDraft({ ruleSet: ruleSet('v1'), createdBy: 'u' });
      await store.ruleSets.publish(first.id, 'u');
      const second = await store.ruleSets.createDraft({ ruleSet: { ...ruleSet('v1'), poolRate: '0.5' }, createdBy: 'u' });
      const err = await rejection(store.ruleSets.publish(second.id, 'u'));
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as StoreError).field).toBe('version');
      expect(await store.ruleSets.getDraft(second.id)).not.toBeNull();
      expect((await store.ruleSets.getPublished('v1'))?.ruleSet).toEqual(ruleSet('v1'));

      const renamed = await store.ruleSets.publish(second.id, 'u', { version: 'v2' });
      expect(renamed.version).toBe('v2');
      expect((await store.ruleSets.listPublished()).map((p) => p.version)).toEqual(['v1', 'v2']);
    });

    it('names the field for an unknown draft or a rule set without a version', async () => {
      for (const id of ['999', 'not-an-id']) {
        const err = await rejection(store.ruleSets.publish(id, 'u'));
        expect(err).toBeInstanceOf(NotFoundError);
        expect((err as StoreError).field).toBe('draftId');
      }
      const draft = await store.ruleSets.createDraft({ ruleSet: { weights: {} }, createdBy: 'u' });
      const err = await rejection(store.ruleSets.publish(draft.id, 'u'));
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).field).toBe('ruleSet.version');
      expect(await store.ruleSets.listPublished()).toEqual([]);
    });

    it('refuses UPDATE and DELETE of a published rule set at the database level', async () => {
      const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('locked'), createdBy: 'u' });
      await store.ruleSets.publish(draft.id, 'u');
      if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
      const db = store.db;
      await expect(db.updateTable('published_rule_sets').set({ rule_set: '{}' }).where('version', '=', 'locked').execute()).rejects.toThrow(/immutable/);
      await expect(db.deleteFrom('published_rule_sets').where('version', '=', 'locked').execute()).rejects.toThrow(/immutable/);
      expect((await store.ruleSets.getPublished('locked'))?.ruleSet).toEqual(ruleSet('locked'));
    });

    it('deletes drafts', async () => {
      const draft = await store.ruleSets.createDraft({ ruleSet: ruleSet('d'), createdBy: 'u' });
      expect(await store.ruleSets.deleteDraft(draft.id)).toBe(true);
      expect(await store.ruleSets.deleteDraft(draft.id)).toBe(false);
      expect(await store.ruleSets.getDraft(draft.id)).toBeNull();
    });
  });
}
