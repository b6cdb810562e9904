/**
 * `cosell report` benchmark: `npm run bench -- report`.
 *
 * Writes a deals file of N deals (`BENCH_REPORT_DEALS`, default 100,000; seeded, so every run reads
 * the same file) and times the real command, `node bin/cosell.js report --deals FILE --quarter
 * 2026-Q4 --json`, as a child process — Node start, tsx, reading, validating, computing and printing
 * all included. Target: ≤ 2 s. Then the same steps in-process, each timed, to show where the time goes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../src/cli/report';
import { computeProgramReport, parseQuarter, readReportFileShape, validateReportFile } from '../src/domain/reporting/index';
import { seededRandom } from '../test/support/seeded-random';
import type { BenchSection } from './main';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;
const TARGET_MS = 2000;
const ROLES = ['sourcing', 'selling', 'technical_validation', 'implementation', 'influence'];

/** 100,000 deals over 2026: 30 % co-sell, 50 % solo, 20 % direct; USD, EUR and JPY; 60 partners. */
export function generateDeals(n: number) {
  const random = seededRandom(20261202);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const partners = Array.from({ length: 60 }, (_, i) => ({ id: `company-${1000 + i}`, name: `Partner ${String.fromCharCode(65 + (i % 26))}${i}` }));
  const day = (offset: number) => new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
  const deals = [];
  for (let i = 0; i < n; i++) {
    const kind = random();
    const count = kind < 0.3 ? 2 + Math.floor(random() * 2) : kind < 0.8 ? 1 : 0;
    const chosen = new Set<(typeof partners)[number]>();
    while (chosen.size < count) chosen.add(pick(partners));
    const created = Math.floor(random() * 365);
    const stage = pick(['won', 'lost', 'open'] as const);
    const currency = pick(['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'JPY'] as const);
    const whole = 1000 + Math.floor(random() * 200_000);
    deals.push({
      id: String(500_000 + i),
      amount: currency === 'JPY' ? String(whole * 150) : `${whole}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
      currency,
      ...(currency === 'EUR' ? { exchangeRate: '1.085' } : currency === 'JPY' ? { exchangeRate: '0.006712' } : {}),
      createDate: `${day(created)}T${String(Math.floor(random() * 24)).padStart(2, '0')}:15:00Z`,
      closeDate: day(created + Math.floor(random() * 120)),
      stage,
      partners: [...chosen].map((p) => ({ id: p.id, name: p.name, roles: [pick(ROLES)] })),
      ...(count >= 2 && random() < 0.06 ? { disputed: true } : {}),
    });
  }
  return { homeCurrency: 'USD', deals };
}

/**
 * Makes the child print its own CPU time (user + system, µs) on stderr as it exits: on a machine
 * shared with other work the wall time depends on the load, the CPU time much less.
 */
const CPU_PROBE = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('cpu-us '+(u.user+u.system)+'\\n')})`;

function runCli(file: string): Promise<{ ms: number; cpuMs: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PROBE, join(ROOT, 'bin/cosell.js'), 'report', '--deals', file, '--quarter', '2026-Q4', '--json'], { cwd: ROOT });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const cpu = /^cpu-us (\d+)$/m.exec(err);
      if (code !== 0 || !cpu) reject(new Error(`cosell report exited ${code}: ${err}`));
      else resolve({ ms, cpuMs: Number(cpu[1]) / 1000, stdout: Buffer.concat(out).toString() });
    });
  });
}

/** Wall and CPU time (this process: user + system) of each run of a step. */
class Phase {
  wall: number[] = [];
  cpu: number[] = [];
  time<T>(step: () => T): T {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = step();
    this.wall.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    this.cpu.push((used.user + used.system) / 1000);
    return result;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x)} ms`;

export async function run(): Promise<BenchSection> {
  const n = Number(process.env.BENCH_REPORT_DEALS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-report-'));
  try {
    const file = join(dir, 'deals.json');
    writeFileSync(file, JSON.stringify(generateDeals(n)));
    const size = statSync(file).size;

    await runCli(file); // warm the file cache and tsx's transform cache
    const cli: number[] = [];
    const cliCpu: number[] = [];
    const loads: number[] = [];
    let last = '';
    for (let i = 0; i < RUNS; i++) {
      loads.push(os.loadavg()[0] ?? NaN);
      const r = await runCli(file);
      cli.push(r.ms);
      cliCpu.push(r.cpuMs);
      last = r.stdout;
    }
    const report = JSON.parse(last);

    const quarter = parseQuarter('2026-Q4', '--quarter');
    if (!quarter.ok) throw new Error('quarter');
    const phases = { read: new Phase(), validate: new Phase(), compute: new Phase(), render: new Phase() };
    for (let i = 0; i < RUNS; i++) {
      const raw: unknown = phases.read.time(() => JSON.parse(readFileSync(file, 'utf8')));
      const parsed = phases.validate.time(() => {
        const shape = readReportFileShape(raw);
        if (!shape) throw new Error('the generated file is not well formed');
        return validateReportFile(shape);
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
      const computed = phases.compute.time(() => computeProgramReport({ quarter: quarter.value, homeCurrency: parsed.value.homeCurrency, deals: parsed.value.deals }));
      if (!computed.ok) throw new Error(JSON.stringify(computed.errors));
      phases.render.time(() => [JSON.stringify(computed.value), renderReport(computed.value, parsed.value.deals.length)]);
    }

    const worst = Math.max(...cli);
    const row = (label: string, p: Phase) => `| In process: ${label} (median of ${RUNS}) | ${ms(median(p.wall))} | ${ms(median(p.cpu))} | — |`;
    const markdown = [
      `\`cosell report --deals FILE --quarter 2026-Q4 --json\` over a generated file of ${n.toLocaleString('en-US')} deals (${(size / 2 ** 20).toFixed(1)} MiB; 30 % co-sell, 50 % solo, 20 % direct; 70 % USD, 20 % EUR, 10 % JPY with per-deal rates; 60 partners). Command: \`npm run bench -- report\`.`,
      '',
      '| Measure | Wall time | CPU time (user + system) | Target |',
      '|---|---:|---:|---|',
      `| Whole command as a child process (\`node bin/cosell.js\`: Node and tsx start-up included), median of ${RUNS} | **${ms(median(cli))}** | **${ms(median(cliCpu))}** | ≤ 2 s: wall ${median(cli) <= TARGET_MS ? '✅' : '❌'}, CPU ${median(cliCpu) <= TARGET_MS ? '✅' : '❌'} |`,
      `| Same, slowest of ${RUNS} | ${ms(worst)} | ${ms(Math.max(...cliCpu))} | — |`,
      row('read the file and `JSON.parse`', phases.read),
      row('validate (`readReportFileShape` + `validateReportFile`: shape, exact amounts, dates, roles, rates)', phases.validate),
      row('compute (`computeProgramReport`)', phases.compute),
      row('JSON and readable output', phases.render),
      '',
      `Machine load while the command ran: 1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores. Wall time grows with the load (other processes share the cores); CPU time is what the command itself used, and is the figure to compare with the target when the load average is above the core count.`,
      '',
      `The quarter read: partner pipeline ${report.partnerPipeline} ${report.currency}, co-sell share ${report.coSellPipelineShare}, ${report.coSell.closed + report.solo.closed} partner deals closed, ${report.pairings.ranked.length} pairings ranked. The first run of the command (not counted) warms the file cache and tsx's transform cache; the rest is the figure a person sees.`,
    ].join('\n');
    return { title: 'cosell report over 100,000 deals (offline file)', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
