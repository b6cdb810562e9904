import { TEST_DATABASE_URL, pgSchemasForThisFile } from '../support/pg-schemas';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/app-deps';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import { createStore } from '../../src/store';
import { createWorker } from '../../webhooks/worker';
import { startStack, threePartnerSeed } from './start-stack';

// "Newest state wins": two instances (each its own store pool, gateway and worker) on
// one Postgres schema and one emulator. Instance A's read of the deal is held by the emulator (as
// if it waited out a 429) while instance B is offered a newer edit of the same deal. The per-deal
// lock keeps B off the deal until A is done; B then reads afresh, so the deal and the ledger end on
// the newest amount. Without the lock B writes the new split first and A's stale one lands last.
const databaseUrl = TEST_DATABASE_URL;
const schema = pgSchemasForThisFile('cosell_multi')();
const ROUNDS = 20;
const HOLD_MS = 600;

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('several instances on one Postgres', () => {
  it(`a delayed stale read never overwrites a newer edit (${ROUNDS} rounds in a row)`, async () => {
    const s = await startStack(threePartnerSeed(), { openStore: () => createStore({ databaseUrl, schema }) });
    const storeB = await createStore({ databaseUrl, schema });
    try {
      const gatewayB = createCrmGateway({ accessToken: s.hs.accessToken, basePath: s.hs.baseUrl, appId: s.hs.appId, limiter: createRateLimiter({ perTenSeconds: 1000 }), sleep: async () => undefined });
      const depsB: AppDeps = { store: storeB, gateway: gatewayB, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: s.hs.appId, portalId: s.hs.portalId };
      const a = createWorker(s.deps, { workerId: 'instance-a', leaseMs: 30_000 });
      const b = createWorker(depsB, { workerId: 'instance-b', leaseMs: 30_000 });
      const deal = s.seed.deals.d1!;
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p2!, ['Selling partner']);
      await s.settle();

      for (let round = 1; round <= ROUNDS; round++) {
        const older = `${20000 + round * 10}.00`;
        const newer = `${40000 + round * 10}.00`;
        await s.hs.admin.actAsUser('deals', deal, { amount: older });
        await s.hs.admin.flushWebhooks();
        s.hs.admin.setFaults({ holdDealId: deal, holdMs: HOLD_MS, holdDealReads: 1 });
        const runA = a.drain();
        // A has claimed the older edit and its read of the deal is now held by the emulator.
        await until(() => s.hs.admin.faults().holdDealReads === 0, 'instance A to read the deal');
        await s.hs.admin.actAsUser('deals', deal, { amount: newer });
        await s.hs.admin.flushWebhooks();
        await b.drain();
        await runA;
        await Promise.all([a.drain(), b.drain()]);

        const props = s.hs.admin.getObject('deals', deal)!;
        const latest = (await s.store.ledger.listForDeal(deal)).at(-1)!;
        const plan = latest.plan as { dealAmount: string; pool: { amount: string } };
        expect({ round, amount: props.amount, ledgerAmount: plan.dealAmount, pool: props.cosell_pool_amount }).toEqual({
          round,
          amount: newer,
          ledgerAmount: newer,
          pool: plan.pool.amount,
        });
      }
      expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: 0, dead: 0 });
    } finally {
      await storeB.close();
      await s.close();
    }
  }, 120_000);
});
