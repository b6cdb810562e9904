import { TEST_DATABASE_URL, pgSchemasForThisFile } from '../support/pg-schemas';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/app-deps';
import { dealLockName } from '../../src/features/attribution/deal-locks';
import { recomputeDeals, stableJson } from '../../src/features/attribution/recompute-deals';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import type { EmulatorSeed } from '../../src/emulator';
import type { Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import type { Worker } from '../../webhooks/worker';
import { DEFAULT_LEASE_MS, createWorker } from '../../webhooks/worker';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { seededRandom } from '../support/seeded-random';

// Proof that several instances share the work and that a killed holder's leases come back, on Postgres: several instances
// (own pool, gateway, worker each) on one schema and one emulator.
const databaseUrl = TEST_DATABASE_URL;
const newSchema = pgSchemasForThisFile('cosell_stress');

const M = 8;
/** M co-sell deals, two per customer account, with partner sets that differ: conflicts on both sides. */
function stressSeed(): EmulatorSeed {
  return {
    owners: [{ key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' }],
    companies: [
      ...[0, 1, 2, 3].map((i) => ({ key: `acct${i}`, name: `Customer ${i}`, domain: `customer${i}.example` })),
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
      { key: 'p3', name: 'Referly', domain: 'referly.example', properties: { cosell_partner_type: 'referral' } },
    ],
    deals: Array.from({ length: M }, (_, i) => ({
      key: `d${i}`,
      ownerKey: 'ana',
      properties: { dealname: `Stress deal ${i}`, dealstage: 'qualifiedtobuy', pipeline: 'default', amount: `${10_000 + i}.00`, deal_currency_code: 'USD', closedate: '2026-09-30T12:00:00Z' },
      companies: [{ companyKey: `acct${Math.floor(i / 2)}`, labels: [], primary: true }],
    })),
  };
}

function instance(s: Stack, store: Store): AppDeps {
  const gateway = createCrmGateway({ accessToken: s.hs.accessToken, basePath: s.hs.baseUrl, appId: s.hs.appId, limiter: createRateLimiter({ perTenSeconds: 1000 }), sleep: async () => undefined });
  return { store, gateway, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: s.hs.appId, portalId: s.hs.portalId };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe('several instances on one Postgres: stress', () => {
  it('N edits of M deals over 3 instances, duplicate deliveries, one instance killed mid-batch: every deal equals a clean recompute, no doubled ledger entry', async () => {
    const seedValue = Number(process.env.STRESS_SEED ?? 16);
    const random = seededRandom(seedValue);
    const schema = newSchema();
    const s = await startStack(stressSeed(), { openStore: () => createStore({ databaseUrl, schema }) });
    const extra = [await createStore({ databaseUrl, schema }), await createStore({ databaseUrl, schema })];
    const workers: Worker[] = [];
    try {
      const deals = Object.values(s.seed.deals);
      const partners = [s.seed.companies.p1!, s.seed.companies.p2!, s.seed.companies.p3!];
      const labels = ['Sourcing partner', 'Selling partner', 'Technical validation partner'];
      // Each deal starts with two partners (a co-sell deal); neighbours on one account differ.
      for (const [i, deal] of deals.entries()) {
        await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', partners[i % 3]!, [labels[0]!]);
        await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', partners[(i + 1) % 3]!, [labels[1]!]);
      }
      await s.settle();
      s.hs.admin.setFaults({ duplicateDeliveries: true });

      const leaseMs = 3_000;
      let killed = false;
      let victimClaims = 0;
      const deps = [s.deps, instance(s, extra[0]!), instance(s, extra[1]!)];
      for (const [i, d] of deps.entries()) {
        const w: Worker = createWorker(d, {
          workerId: `instance-${i}`,
          leaseMs,
          idleMs: 50,
          batchSize: 5,
          ...(i === 2
            ? {
                // Instance 2 dies on its second batch, mid-recompute: its items stay leased and the
                // locks of their deals stay taken (as the recompute takes them), nothing renews them.
                afterClaim: async (items) => {
                  victimClaims += 1;
                  if (killed || victimClaims < 2) return;
                  killed = true;
                  const dealSubjects = items.map((it) => it.subject).filter((sub) => sub.startsWith('deal:'));
                  await d.store.locks.tryAcquireMany(dealSubjects, `instance-${i}`, leaseMs);
                  void w.stop();
                  throw new Error('simulated kill -9 mid-batch');
                },
              }
            : {}),
        });
        workers.push(w);
        w.start();
      }

      const N = 60;
      for (let e = 0; e < N; e++) {
        const deal = deals[Math.floor(random() * deals.length)]!;
        const roll = random();
        if (roll < 0.7) {
          await s.hs.admin.actAsUser('deals', deal, { amount: `${1000 + Math.floor(random() * 90_000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}` });
        } else {
          const p = partners[Math.floor(random() * 3)]!;
          await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p, random() < 0.5 ? [] : [labels[Math.floor(random() * 3)]!]);
        }
        if (e % 5 === 4) await s.hs.admin.flushWebhooks();
        if (e % 10 === 9) await new Promise((r) => setTimeout(r, 100));
      }
      await s.hs.admin.flushWebhooks();
      await until(async () => {
        const st = await s.store.inbox.stats();
        return st.pending === 0 && st.leased === 0;
      }, 'the inbox to drain', 90_000);
      for (const w of workers) await w.stop();
      expect(killed).toBe(true);
      expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, leased: 0, dead: 0 });

      // A clean recompute (fresh store, fresh gateway) of every deal finds nothing to write: each
      // deal's outputs in the CRM are exactly what a recompute from scratch gives.
      const clean = await createStore({ sqlitePath: ':memory:' });
      try {
        const report = await recomputeDeals(instance(s, clean), deals, 'clean-check');
        expect(report.computed).toBe(M);
        expect(report.write.written).toBe(0);
      } finally {
        await clean.close();
      }
      for (const deal of deals) {
        const entries = await s.store.ledger.listForDeal(deal);
        const keys = entries.map((e) => stableJson({ s: e.dealStatus, r: e.ruleVersion, i: e.inputs, p: e.plan }));
        // No entry repeats the one before it (a doubled entry), and the latest is what the CRM shows.
        for (let i = 1; i < keys.length; i++) expect(keys[i], `deal ${deal} entry ${i}`).not.toBe(keys[i - 1]);
        const props = s.hs.admin.getObject('deals', deal)!;
        const latest = entries.at(-1);
        if (latest) expect(props.cosell_pool_amount).toBe((latest.plan as { pool: { amount: string } }).pool.amount);
      }
    } finally {
      for (const w of workers) await w.stop();
      for (const store of extra) await store.close();
      await s.close();
    }
  }, 150_000);

  it('a killed instance\'s leased items and deal locks are taken over by another within 30 s', async () => {
    const schema = newSchema();
    const s = await startStack(stressSeed(), { openStore: () => createStore({ databaseUrl, schema }) });
    const other = await createStore({ databaseUrl, schema });
    let survivor: Worker | null = null;
    try {
      const deal = s.seed.deals.d0!;
      await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
      await s.settle();
      await s.hs.admin.actAsUser('deals', deal, { amount: '77777.00' });
      await s.hs.admin.flushWebhooks();
      // The dead instance: claimed with the default lease and locked the deal, then died (no renewals).
      const claimed = await s.store.inbox.claim({ workerId: 'dead-instance', limit: 10, leaseMs: DEFAULT_LEASE_MS });
      expect(claimed.length).toBeGreaterThan(0);
      await s.store.locks.tryAcquire(dealLockName(deal), 'dead-instance', DEFAULT_LEASE_MS);
      const killedAt = Date.now();

      survivor = createWorker(instance(s, other), { workerId: 'survivor', idleMs: 250 });
      survivor.start();
      await until(async () => (await s.store.inbox.stats()).leased === 0 && (await s.store.inbox.stats()).pending === 0, 'the survivor to finish the dead instance\'s items', DEFAULT_LEASE_MS + 10_000);
      const resumedAfterMs = Date.now() - killedAt;
      expect(resumedAfterMs).toBeLessThan(30_000);
      expect(s.hs.admin.getObject('deals', deal)!.cosell_pool_amount).toBe(((await s.store.ledger.latestForDeal(deal))!.plan as { pool: { amount: string } }).pool.amount);
      expect(((await s.store.ledger.latestForDeal(deal))!.plan as { dealAmount: string }).dealAmount).toBe('77777.00');
      console.info(`lease takeover on Postgres: the dead instance's items were done ${(resumedAfterMs / 1000).toFixed(1)} s after the kill (lease ${DEFAULT_LEASE_MS / 1000} s)`);
    } finally {
      await survivor?.stop();
      await other.close();
      await s.close();
    }
  }, 60_000);
});
