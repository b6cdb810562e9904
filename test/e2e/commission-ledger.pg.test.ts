import { dropSchemasAfterAll } from '../support/pg-schemas';
import pino from 'pino';
import { describe, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/app-deps';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import { createStore } from '../../src/store';
import { createWorker } from '../../webhooks/worker';
import type * as LedgerStoreModule from '../../src/cli/ledger-store';
import { startStack } from './start-stack';
import { ledgerSeed, runLedgerFlow } from './commission-ledger-flow';

// The ledger story on Postgres with two instances (own pool, gateway and worker each) on one
// schema: both workers drain the same inbox at once, and the CLI opens a third store on it.
const target = vi.hoisted(() => ({
  databaseUrl: process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/test',
  schema: `cosell_ledger_${process.pid}_${Math.random().toString(16).slice(2, 8)}`,
}));

// The CLI opens `public` for DATABASE_URL; here it must open this run's schema.
vi.mock('../../src/cli/ledger-store', async (importOriginal) => {
  const original = await importOriginal<typeof LedgerStoreModule>();
  const { createStore: open } = await import('../../src/store');
  return { ...original, openLedgerStore: async () => ({ store: await open({ databaseUrl: target.databaseUrl, schema: target.schema, poolSize: 2 }) }) };
});

dropSchemasAfterAll(target.databaseUrl, () => [target.schema]);

describe('end to end on Postgres: the commission ledger with two workers', () => {
  it('earned → reversed → earned, approve, runs pay once, a clawback carries forward; no line twice', async () => {
    const s = await startStack(ledgerSeed(), { openStore: () => createStore({ databaseUrl: target.databaseUrl, schema: target.schema }) });
    const storeB = await createStore({ databaseUrl: target.databaseUrl, schema: target.schema });
    try {
      const gatewayB = createCrmGateway({ accessToken: s.hs.accessToken, basePath: s.hs.baseUrl, appId: s.hs.appId, limiter: createRateLimiter({ perTenSeconds: 1000 }), sleep: async () => undefined });
      const depsB: AppDeps = { store: storeB, gateway: gatewayB, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: s.hs.appId, portalId: s.hs.portalId };
      const a = createWorker(s.deps, { workerId: 'instance-a', leaseMs: 30_000, batchSize: 1 });
      const b = createWorker(depsB, { workerId: 'instance-b', leaseMs: 30_000, batchSize: 1 });
      const settle = async () => {
        for (let i = 0; i < 20; i++) {
          await s.hs.admin.flushWebhooks();
          await Promise.all([a.drain(), b.drain()]);
          const stats = await s.store.inbox.stats();
          if (stats.pending === 0 && stats.leased === 0) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await runLedgerFlow({ stack: s, cliEnv: { DATABASE_URL: target.databaseUrl }, settle });
    } finally {
      await storeB.close();
      await s.close();
    }
  }, 120_000);
});
