import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { recomputeDeals, stableJson } from '../../src/features/attribution/recompute-deals';
import { storedDedupeKey } from '../../src/jobs/webhook-events';
import type { WebhookEvent } from '../../src/jobs/webhook-events';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import { KyselyStore } from '../../src/store/kysely-store';
import { createStore } from '../../src/store';
import { seededRandom } from '../support/seeded-random';

// Crash suite: the backend as a child process on one SQLite file, the
// emulator as its own process, signed webhooks flowing, SIGKILL at random points 20 times, each
// time restarted on the same file. `npm run test:crash` (bounded: ≤ 3 min). Figures are printed
// and copied to docs/reliability.md.
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
// `node --import tsx` runs the script in THIS process: the tsx CLI would fork a child, and a
// SIGKILL to the CLI would leave that child (the real backend) running.
const node = (script: string, args: string[] = []) => [process.execPath, ['--import', 'tsx', script, ...args]] as const;
const dir = mkdtempSync(join(tmpdir(), 'cosell-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    // Connection refused while a process starts is expected; a check that says "fatal" is not.
    const ok = await check().catch((e: unknown) => {
      if ((e as { fatal?: boolean }).fatal) throw e;
      return false;
    });
    if (ok) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

interface EmulatorInfo {
  baseUrl: string;
  accessToken: string;
  appId: string;
  portalId: string;
  clientSecret: string;
}

describe('crash suite: SIGKILL the backend while signed events flow', () => {
  it(`${KILLS} kills, restarts on the same SQLite file: nothing acknowledged is lost, nothing doubled, every deal right`, async () => {
    const random = seededRandom(Number(process.env.CRASH_SEED ?? 8));
    const backendPort = await freePort();
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const seedPath = join(dir, 'seed.json');
    const deals = Array.from({ length: 6 }, (_, i) => `d${i}`);
    writeFileSync(
      seedPath,
      JSON.stringify({
        companies: [
          { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
          { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
          { key: 'p2', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
        ],
        deals: deals.map((key, i) => ({
          key,
          properties: { dealname: `Crash deal ${i}`, dealstage: 'qualifiedtobuy', pipeline: 'default', amount: `${5000 + i}.00`, deal_currency_code: 'USD' },
          companies: [
            { companyKey: 'acme', labels: [], primary: true },
            { companyKey: 'p1', labels: ['Sourcing partner'] },
            { companyKey: 'p2', labels: ['Selling partner'] },
          ],
        })),
      }),
    );

    const emulator = spawn(...node('src/cli/main.ts', ['emulator', '--port', '0', '--json', '--webhook-target', `${backendUrl}/webhooks/hubspot`]), { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(emulator);
    const info = await new Promise<EmulatorInfo>((resolve, reject) => {
      let out = '';
      emulator.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as EmulatorInfo);
      });
      emulator.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const admin = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${info.baseUrl}/_emulator${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
      const text = await res.text();
      return text ? (JSON.parse(text) as unknown) : null;
    };
    const seeded = (await admin('POST', '/seed', JSON.parse(readFileSync(seedPath, 'utf8')))) as { deals: Record<string, string> };
    const dbPath = join(dir, 'cosell.db');
    const env = {
      ...process.env,
      HUBSPOT_ACCESS_TOKEN: info.accessToken,
      HUBSPOT_BASE_URL: info.baseUrl,
      HUBSPOT_CLIENT_SECRET: info.clientSecret,
      HUBSPOT_APP_ID: info.appId,
      HUBSPOT_PORTAL_ID: info.portalId,
      PUBLIC_URL: backendUrl,
      PORT: String(backendPort),
      HOST: '127.0.0.1',
      SQLITE_PATH: dbPath,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    };
    const startBackend = async (): Promise<{ child: ChildProcess; readyMs: number }> => {
      const child = spawn(...node('webhooks/main.ts'), { env, stdio: 'ignore' });
      children.push(child);
      const readyMs = await until(async () => {
        if (child.exitCode !== null) throw Object.assign(new Error(`backend exited with ${child.exitCode} before it was ready`), { fatal: true });
        return (await fetch(`${backendUrl}/healthz`)).ok;
      }, 'the backend to answer /healthz', 30_000);
      return { child, readyMs };
    };

    // Events flow all along: a user edits deal amounts; the emulator signs and delivers them.
    const dealIds = Object.values(seeded.deals);
    expect(dealIds.length).toBe(deals.length);
    let flowing = true;
    let edits = 0;
    const flow = (async () => {
      while (flowing) {
        const id = dealIds[Math.floor(random() * dealIds.length)];
        if (id) {
          await admin('POST', '/act-as-user', { objectType: 'deals', id, properties: { amount: `${1000 + Math.floor(random() * 90_000)}.00` } }).catch(() => undefined);
          edits += 1;
        }
        await sleep(40);
      }
    })();

    const started = Date.now();
    const readyTimes: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const { child, readyMs } = await startBackend();
      readyTimes.push(readyMs);
      await sleep(200 + Math.floor(random() * 1200));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    flowing = false;
    await flow;
    // The last restart: how long until the backlog (including the killed workers' leased items) is done?
    const store = await createStore({ sqlitePath: dbPath });
    if (!(store instanceof KyselyStore)) throw new Error('the crash suite reads the SQLite store directly');
    // What the last killed process held: its leases (and deal locks) lapse, then the new one takes them.
    const orphaned = (await store.db.selectFrom('inbox_items').select('id').where('status', '=', 'leased').execute()).map((r) => r.id);
    const restartAt = Date.now();
    const last = await startBackend();
    try {
      const resumedAfterMs = orphaned.length === 0 ? last.readyMs : await until(async () => {
        const left = await store.db.selectFrom('inbox_items').select('id').where('id', 'in', orphaned).where('status', '<>', 'done').execute();
        return left.length === 0;
      }, 'the restarted backend to finish the killed one\'s leased items', 60_000) + last.readyMs;
      await admin('POST', '/flush-webhooks');
      const drainedMs = await until(async () => {
        const s = await store.inbox.stats();
        return s.pending === 0 && s.leased === 0;
      }, 'the inbox to drain after the last restart', 120_000);
      const backlogMs = Date.now() - restartAt;

      // No acknowledged event unprocessed: every event of a batch the backend answered 200 is done.
      const deliveries = (await admin('GET', '/deliveries')) as Array<{ status: number | string; events: WebhookEvent[] }>;
      const acknowledged = deliveries.filter((d) => d.status === 200).flatMap((d) => d.events);
      let notDone = 0;
      for (const e of acknowledged) {
        const row = await store.db
          .selectFrom('inbox_items')
          .select('status')
          .where('dedupe_key', '=', storedDedupeKey(e))
          .executeTakeFirst();
        // Our own echoes are acknowledged without being stored (ignored at the door).
        if (row && row.status !== 'done') notDone += 1;
      }

      // No ledger entry doubled, and the CRM equals a clean recompute (which then writes nothing).
      let doubled = 0;
      for (const id of dealIds) {
        const keys = (await store.ledger.listForDeal(id)).map((e) => stableJson({ s: e.dealStatus, r: e.ruleVersion, i: e.inputs, p: e.plan }));
        for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) doubled += 1;
      }
      let written = -1;
      let computed = -1;
      const clean = await createStore({ sqlitePath: ':memory:' });
      try {
        const gateway = createCrmGateway({ accessToken: info.accessToken, basePath: info.baseUrl, appId: info.appId, limiter: createRateLimiter({ perTenSeconds: 190 }) });
        const report = await recomputeDeals({ store: clean, gateway, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: info.appId, portalId: info.portalId }, dealIds, 'crash-check');
        computed = report.computed;
        written = report.write.written;
      } finally {
        await clean.close();
      }
      const stats = await store.inbox.stats();
      console.info(
        [
          `crash suite: ${KILLS} × SIGKILL in ${((restartAt - started) / 1000).toFixed(1)} s, ${edits} user edits, ${acknowledged.length} events acknowledged (${deliveries.filter((d) => d.status !== 200).length} delivery attempts failed while the backend was down)`,
          `  inbox after: ${stats.done} done, ${stats.dead} dead, ${stats.pending} pending, ${stats.leased} leased; acknowledged but not done: ${notDone}; doubled ledger entries: ${doubled}; clean recompute wrote ${written} deals`,
          `  restart → ready (median of ${readyTimes.length}): ${(readyTimes.sort((a, b) => a - b)[Math.floor(readyTimes.length / 2)]! / 1000).toFixed(1)} s; last restart → the killed process's ${orphaned.length} leased items done: ${(resumedAfterMs / 1000).toFixed(1)} s; → whole backlog done: ${(backlogMs / 1000).toFixed(1)} s (drain ${(drainedMs / 1000).toFixed(1)} s)`,
        ].join('\n'),
      );
      expect(notDone).toBe(0);
      expect(stats).toMatchObject({ pending: 0, leased: 0, dead: 0 });
      expect(doubled).toBe(0);
      expect(computed).toBe(dealIds.length);
      expect(written).toBe(0);
      expect(resumedAfterMs).toBeLessThan(30_000);
    } finally {
      await store.close();
      last.child.kill('SIGTERM');
      emulator.kill('SIGTERM');
    }
  }, 300_000);
});
