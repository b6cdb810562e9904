/**
 * Gateway write benchmark: how many API calls it takes to write N deals'
 * output properties, and whether the shared limiter runs at HubSpot's 190 / 10 s without a 429.
 *
 * `npm run bench -- gateway` (N = 10,000; `BENCH_N=500` for a smoke run;
 * `BENCH_SUSTAINED` = number of single-deal writes in the sustained phase, default min(N, 1,000)).
 * Seeding goes through the emulator's admin API and is not counted.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_RULE_SET, computeAttribution } from '../src/domain';
import { createCrmGateway, createRateLimiter, type CrmGateway, type RateLimiter } from '../src/hubspot';
import { toDealOutputProperties } from '../src/hubspot/deal-output-properties';
import { startEmulator, type RequestLogEntry } from '../src/emulator';
import { runSetup } from '../src/hubspot/provisioning';
import type { BenchSection } from './main';

const LIMIT = 190;
const WINDOW_MS = 10_000;

interface PhaseResult {
  name: string;
  deals: number;
  updateCalls: number;
  readCalls: number;
  lowerBound: number | null;
  calls: number;
  tooMany: number;
  wallMs: number;
  peakInWindow: number;
  pace: number | null;
  /** Calls the limiter held back (waited ≥ 100 ms); 0 means the phase never reached the limit. */
  throttled: number;
}

/** Most requests that arrived within any rolling 10 s window. */
function peakInWindow(times: number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= WINDOW_MS) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/**
 * Achieved rate ÷ the best rate the rolling window allows for this many calls. With a rolling
 * window, calls k·190 … k·190+189 can go no earlier than k × 10 s after the first call, so the
 * fastest possible run of n calls spans floor((n−1)/190) × 10 s. 1.0 = exactly at the limit.
 */
function pace(calls: number, spanMs: number): number | null {
  const best = Math.floor((calls - 1) / LIMIT) * WINDOW_MS;
  if (best === 0 || spanMs <= 0) return null;
  return best / spanMs;
}

/** `before`: calls of earlier phases, so the peak is what HubSpot saw in windows overlapping this phase. */
function measure(name: string, deals: number, log: RequestLogEntry[], wallMs: number, lowerBound: number | null, before: RequestLogEntry[] = []): PhaseResult {
  const api = log.filter((e) => e.path.startsWith('/crm/'));
  const times = api.map((e) => e.time).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const overlapping = before.filter((e) => e.path.startsWith('/crm/') && e.time > first - WINDOW_MS).map((e) => e.time);
  return {
    name,
    deals,
    updateCalls: api.filter((e) => e.path.includes('/batch/update')).length,
    readCalls: api.filter((e) => e.path.includes('/batch/read')).length,
    lowerBound,
    calls: api.length,
    tooMany: api.filter((e) => e.status === 429).length,
    wallMs,
    peakInWindow: peakInWindow([...overlapping, ...times].sort((a, b) => a - b)),
    pace: times.length > 1 ? pace(api.length, times.at(-1)! - times[0]!) : null,
    throttled: 0,
  };
}

export async function run(): Promise<BenchSection> {
  const n = Number(process.env['BENCH_N'] ?? 10_000);
  const sustained = Number(process.env['BENCH_SUSTAINED'] ?? Math.min(n, 1_000));
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_N must be a positive integer, got "${process.env['BENCH_N']}"`);

  const hs = await startEmulator({
    port: 0,
    rateLimit: { perTenSeconds: LIMIT },
    beforeSeed: async (portal) => {
      await runSetup({ baseUrl: portal.baseUrl, accessToken: portal.accessToken, apply: true });
    },
  });
  try {
    // Seed (not counted): three partners and N deals with amounts in a few currencies.
    const currencies = ['USD', 'EUR', 'JPY', 'GBP'];
    const seeded = await hs.admin.seed({
      companies: ['Acme', 'Globex', 'Initech'].map((name, i) => ({ key: `p${i}`, name, properties: { cosell_partner_type: 'reseller' } })),
      deals: Array.from({ length: n }, (_, i) => ({
        key: `d${i}`,
        properties: { dealname: `Bench deal ${i}`, amount: String(1_000 + ((i * 7919) % 250_000)), deal_currency_code: currencies[i % currencies.length]!, dealstage: 'qualifiedtobuy', pipeline: 'default' },
      })),
    });
    const partnerIds = Object.values(seeded.companies);
    const names = new Map(partnerIds.map((id, i) => [id, ['Acme', 'Globex', 'Initech'][i]!]));
    const dealIds = Object.values(seeded.deals);

    // The app's outputs for every deal, computed exactly as the worker would.
    const outputsFor = (version: string) =>
      dealIds.map((dealId, i) => {
        const partners = [
          { id: partnerIds[0]!, roles: ['sourcing', 'selling'] },
          { id: partnerIds[1]!, roles: ['technical_validation'] },
          { id: partnerIds[2]!, roles: ['influence'] },
        ].slice(0, 1 + (i % 3));
        const amount = String(1_000 + ((i * 7919) % 250_000));
        const plan = computeAttribution({ deal: { id: dealId, amount, currency: currencies[i % currencies.length]! }, partners, rules: { ...DEFAULT_RULE_SET, version } });
        if (!plan.ok) throw new Error(`bench plan for ${dealId}: ${JSON.stringify(plan.errors)}`);
        return { dealId, properties: toDealOutputProperties(plan.value, [], { dealId, names, ruleSet: DEFAULT_RULE_SET }) };
      });

    // ONE limiter for the app, shared by every gateway (as in the backend).
    const shared = createRateLimiter({ perTenSeconds: LIMIT });
    let throttled = 0;
    // Same limiter, instrumented: counts the calls it had to hold back.
    const limiter: RateLimiter = {
      ...shared,
      acquire: async (kind) => {
        const t = performance.now();
        await shared.acquire(kind);
        if (performance.now() - t >= 100) throttled++;
      },
    };
    const gateway = (): CrmGateway => createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, limiter });
    const phases: PhaseResult[] = [];
    const everything: RequestLogEntry[] = [];
    let totalThrottled = 0;
    const runStart = performance.now();
    const phase = async (name: string, deals: number, lowerBound: number | null, work: () => Promise<void>) => {
      hs.admin.clearRequestLog();
      throttled = 0;
      const t0 = performance.now();
      await work();
      const result = { ...measure(name, deals, hs.admin.requestLog(), performance.now() - t0, lowerBound, everything), throttled };
      totalThrottled += throttled;
      everything.push(...hs.admin.requestLog());
      console.log(`bench gateway: ${name}: ${result.calls} calls, ${result.tooMany} × 429, ${(result.wallMs / 1000).toFixed(1)} s`);
      phases.push(result);
    };
    const batches = Math.ceil(n / 100);

    const v1 = outputsFor('2026.1');
    await phase('1. cold write, gateway reads current values', n, batches, async () => {
      await gateway().writeDealProperties(v1);
    });
    await phase('2. same write again (nothing changed)', n, 0, async () => {
      const report = await gateway().writeDealProperties(v1);
      if (report.written !== 0) throw new Error(`re-run wrote ${report.written} deals`);
    });
    const v2 = outputsFor('2026.2');
    const current = new Map(dealIds.map((id, i) => [id, v1[i]!.properties as Record<string, string | null>]));
    await phase('3. rule change, caller passes current values', n, batches, async () => {
      await gateway().writeDealProperties(v2, { current });
    });
    const single = v1.slice(0, sustained);
    const v2ById = new Map(v2.map((c) => [c.dealId, c.properties]));
    await phase(`4. sustained: ${sustained} single-deal writes by 4 workers sharing the limiter`, sustained, sustained, async () => {
      const workers = Array.from({ length: 4 }, () => gateway());
      let next = 0;
      await Promise.all(
        workers.map(async (g) => {
          while (next < single.length) {
            const change = single[next++]!;
            await g.writeDealProperties([change], { current: new Map([[change.dealId, v2ById.get(change.dealId)!]]) });
          }
        }),
      );
    });

    const overall = { ...measure('**all phases back to back**', n, everything, performance.now() - runStart, null), throttled: totalThrottled };
    const all = overall.calls;
    const total429 = overall.tooMany;
    const rows = [...phases, overall].map(
      (p) =>
        `| ${p.name} | ${p.deals.toLocaleString('en-US')} | ${p.updateCalls} | ${p.lowerBound ?? '–'} | ${p.readCalls} | ${p.calls} | ${p.tooMany} | ${p.throttled} | ${p.peakInWindow} | ${p.pace === null ? 'n/a (≤ 190 calls)' : `${p.pace.toFixed(3)}${p.throttled === 0 ? ' (never throttled: server-bound)' : ''}`} | ${(p.wallMs / 1000).toFixed(1)} s |`,
    );
    const markdown = [
      `Emulator at ${LIMIT} requests per rolling 10 s, N = ${n.toLocaleString('en-US')} deals (seeded through the admin API, not counted), every deal's ${Object.keys(v1[0]!.properties).length} cosell_* output properties written through \`createCrmGateway\` with one shared \`createRateLimiter({ perTenSeconds: ${LIMIT} })\`. Command: \`BENCH_N=${n} npm run bench -- gateway\`.`,
      '',
      '| Phase | Deals | Update calls | Lower bound ceil(N/100) | Read calls | All calls | 429s | Calls held ≥ 100 ms by limiter | Peak calls in any 10 s | Pace vs limit | Wall time |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Totals: ${all} API calls, **${total429} × 429** (target 0); pace over the whole run **${overall.pace === null ? 'n/a' : overall.pace.toFixed(3)}** of the limit (target ≥ 0.9).`,
      '',
      'How to read it:',
      '- *Update calls vs lower bound*: batch updates of ≤100 deals; a write whose values HubSpot already holds is skipped (phase 2 writes nothing, numbers compared as numbers).',
      "- *Read calls*: phases 1–2 let the gateway read the current values itself (one batch read per 100 deals); in phase 3 the caller passes values it already holds (the worker's fresh `readDeals`), so no reads.",
      '- *Pace vs limit*: achieved rate ÷ the best rate a rolling 190/10 s window allows for that many calls (the fastest possible run of n calls spans floor((n−1)/190) × 10 s). 1.000 = exactly at the limit; target ≥ 0.9. The gap is the limiter\'s 250 ms safety margin per window plus request latency.',
      '- *Peak calls in any 10 s*: from the emulator\'s request log (arrival times); must stay ≤ 190.',
      '- *never throttled: server-bound*: the limiter did not hold back a single call in that phase, so its speed is the emulator\'s time to process the batches (it runs in the same Node process), not the gateway\'s pacing.',
      '- *Peak < 190* although the limiter is the bottleneck: a burst of 190 takes a moment to send, and the limiter waits 10 s + 250 ms after each call, so no exact 10 s window holds all 190.',
    ].join('\n');
    return { title: 'Gateway: writing deal outputs at the rate limit', markdown };
  } finally {
    await hs.close();
  }
}
