import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDefaultUser } from '../../src/store/open-store';
import { createStore } from '../../src/store';
import { createWorker } from '../../webhooks/worker';
import { dealTasks, managedPartnersSeed } from './notifications-seed';
import { startStack } from './start-stack';

// Stage-change notifications with the store on Postgres and two workers draining the inbox at
// once: each partner manager still gets exactly one task.
const databaseUrl = process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/test';
const schema = `cosell_notify_${process.pid}_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: withDefaultUser(databaseUrl) });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
});

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
