import { TEST_DATABASE_URL, pgSchemasForThisFile } from '../support/pg-schemas';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store';
import { createWorker } from '../../webhooks/worker';
import { dealTasks, managedPartnersSeed } from './notifications-seed';
import { startStack } from './start-stack';

// Stage-change notifications with the store on Postgres and two workers draining the inbox at
// once: each partner manager still gets exactly one task.
const databaseUrl = TEST_DATABASE_URL;
const schema = pgSchemasForThisFile('cosell_notify')();

describe('notifications end to end on Postgres', () => {
  it('a stage change gives each partner manager one task, with two workers', async () => {
    const s = await startStack(managedPartnersSeed(), { openStore: () => createStore({ databaseUrl, schema }) });
    try {
      const deal = s.seed.deals.d1!;
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p2!, ['Selling partner']);
      await s.settle();
      await s.hs.admin.actAsUser('deals', deal, { dealstage: 'contractsent' });
      await s.hs.admin.flushWebhooks();
      const [a, b] = [createWorker(s.deps, { batchSize: 1 }), createWorker(s.deps, { batchSize: 1 })];
      for (let i = 0; i < 5; i++) await Promise.all([a.drain(), b.drain()]);
      expect((await s.store.inbox.stats()).pending).toBe(0);
      const tasks = dealTasks(s, deal);
      expect(tasks.map((t) => t.hubspot_owner_id).sort()).toEqual([s.seed.owners.nina, s.seed.owners.sam].sort());
      expect(new Set(tasks.map((t) => t.hs_task_subject))).toEqual(new Set(['Acme platform moved to Contract Sent']));
    } finally {
      await s.close();
    }
  });
});
