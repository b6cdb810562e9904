/**
 * Payout run benchmark: `npm run bench -- payouts`.
 *
 * Fills a temp SQLite store (the CLI's default kind) with 100,000 approved commission ledger lines
 * (`BENCH_PAYOUT_LINES`) over 25,000 deals and 40 partners — earned lines mostly, with reversals and
 * adjustments, in USD and EUR, some partners netting negative — then times the real command,
 * `node bin/cosell.js payouts run --period 2026-Q4 --json`, as a child process under
 * `/usr/bin/time` (wall, CPU, peak RSS; Node and tsx start-up included), and a second run that
 * finds nothing left to pay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createStore } from '../src/store';
import type { NewAccountIndexEntry, NewCommissionLine } from '../src/store/store';
import { seededRandom } from '../test/support/seeded-random';
import type { BenchSection } from './main';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LINES = Number(process.env.BENCH_PAYOUT_LINES ?? 100_000);
const DEALS = Math.max(1, Math.floor(LINES / 4));
const PARTNERS = 40;

interface Timed {
  wall: number;
  cpu: number;
  rssMiB: number;
  stdoutBytes: number;
  json: { runId: string | null; paidLines: number; statements: Array<{ carriedForward: boolean }> };
}

function timeCommand(args: string[], env: Record<string, string>): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, join(ROOT, 'bin/cosell.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`cosell ${args.join(' ')} failed (${String(result.status)}): ${result.stderr}`);
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [wall = '0', rssKiB = '0', user = '0', system = '0'] = last.split(' ');
  return {
    wall: Number(wall),
    cpu: Number(user) + Number(system),
    rssMiB: Number(rssKiB) / 1024,
    stdoutBytes: Buffer.byteLength(result.stdout),
    json: JSON.parse(result.stdout) as Timed['json'],
  };
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-payouts-'));
  const sqlitePath = join(dir, 'cosell.db');
  try {
    const random = seededRandom(20261202);
    const store = await createStore({ sqlitePath });
    const fillStarted = performance.now();
    const names: NewAccountIndexEntry[] = [];
    for (let d = 0; d < DEALS; d++) {
      const a = `company-${1000 + (d % PARTNERS)}`;
      const b = `company-${1000 + ((d * 7 + 3) % PARTNERS)}`;
      names.push({
        dealId: String(700_000 + d),
        name: `Deal ${d}`,
        status: 'won',
        closeDate: '2026-11-02',
        partnerIds: [a, b],
        partnerNames: { [a]: `Partner ${a.slice(-2)}`, [b]: `Partner ${b.slice(-2)}` },
        account: { companyId: `customer-${d}`, domain: null, parentCompanyId: null },
      });
    }
    for (let i = 0; i < names.length; i += 500) await store.accountIndex.upsert(names.slice(i, i + 500));
    const lines: NewCommissionLine[] = [];
    for (let i = 0; i < LINES; i++) {
      const deal = names[i % DEALS]!;
      const partnerId = deal.partnerIds[Math.floor(i / DEALS) % 2]!;
      const r = random();
      const kind = r < 0.8 ? 'earned' : r < 0.9 ? 'reversal' : 'adjustment';
      const currency = i % 5 === 0 ? 'EUR' : 'USD';
      const whole = BigInt(Math.floor(random() * 500_000));
      // Partner company-1039 only ever gives back: its net is negative and is carried forward.
      const negative = kind === 'reversal' || partnerId === 'company-1039';
      const amountMinor = negative ? -whole : whole;
      lines.push({ key: `bench:${i}`, dealId: deal.dealId, partnerId, kind, amountMinor, currency, homeAmountMinor: currency === 'USD' ? amountMinor : (amountMinor * 11n) / 10n, homeCurrency: 'USD', ruleVersion: '2026.1', sourceEntryId: null, createdAt: '2026-11-15T10:00:00.000Z' });
    }
    for (let i = 0; i < lines.length; i += 5000) await store.commissionLedger.append(lines.slice(i, i + 5000));
    const approveStarted = performance.now();
    const approved = await store.commissionLedger.approve({}, 'bench');
    const approveMs = performance.now() - approveStarted;
    const fillMs = performance.now() - fillStarted;
    await store.close();
    if (approved.length !== LINES) throw new Error(`approved ${approved.length} of ${LINES} lines`);

    const load = os.loadavg()[0] ?? 0;
    const env = { SQLITE_PATH: sqlitePath };
    const first = timeCommand(['payouts', 'run', '--period', '2026-Q4', '--json'], env);
    const second = timeCommand(['payouts', 'run', '--period', '2026-Q4', '--json'], env);
    const help = timeCommand(['ledger', '--json'], { SQLITE_PATH: join(dir, 'empty.db') });
    const loadAfter = os.loadavg()[0] ?? 0;
    if (first.json.paidLines === 0 || second.json.paidLines !== 0) throw new Error('the runs did not pay once');
    const carried = first.json.statements.filter((s) => s.carriedForward).length;

    const n = LINES.toLocaleString('en-US');
    return {
      title: `Payout run over ${n} ledger lines`,
      markdown: [
        `A SQLite store (a file, as the CLI uses by default) holding ${n} approved commission ledger lines over ${DEALS.toLocaleString('en-US')} deals and ${PARTNERS} partners (80 % earned, 10 % reversals, 10 % adjustments; 80 % USD, 20 % EUR; one partner nets negative). Command: \`npm run bench -- payouts\` (\`BENCH_PAYOUT_LINES\` for another size).`,
        '',
        '| Measure | Wall time | CPU time (user + system) | Peak RSS |',
        '|---|---:|---:|---:|',
        `| \`cosell payouts run --period 2026-Q4 --json\`: ${first.json.paidLines.toLocaleString('en-US')} lines paid, ${first.json.statements.length} statements (${carried} carried forward), ${(first.stdoutBytes / 2 ** 20).toFixed(1)} MiB of JSON | **${first.wall.toFixed(2)} s** | ${first.cpu.toFixed(2)} s | **${first.rssMiB.toFixed(0)} MiB** |`,
        `| The same again: nothing left to pay | ${second.wall.toFixed(2)} s | ${second.cpu.toFixed(2)} s | ${second.rssMiB.toFixed(0)} MiB |`,
        `| Start-up and an empty store (\`cosell ledger --json\`), for reference | ${help.wall.toFixed(2)} s | ${help.cpu.toFixed(2)} s | ${help.rssMiB.toFixed(0)} MiB |`,
        '',
        `Filling the store took ${(fillMs / 1000).toFixed(1)} s, of which approving all ${n} lines (\`store.commissionLedger.approve({})\`) ${(approveMs / 1000).toFixed(1)} s. The run reads the payable lines, nets them per partner and currency, records the run (membership rows) and queues one status refresh per deal for the worker, in the one process measured.`,
        '',
        `How it is measured: \`/usr/bin/time\` over \`node bin/cosell.js …\` (Node and tsx start-up included). Machine load: 1-minute load average ${load.toFixed(1)} before and ${loadAfter.toFixed(1)} after the runs on ${os.cpus().length} cores; with a load above the core count the wall time includes waiting for a core (parallel work was running), so CPU time is the fairer figure.`,
      ].join('\n'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
