import { writeFileSync } from 'node:fs';
import os from 'node:os';

/**
 * `npm run bench` — runs every benchmark module and rewrites docs/benchmarks.md with the figures,
 * the command and the machine. Each module exports `run(): Promise<BenchSection>`.
 * `npm run bench -- gateway` runs only the named modules.
 */
export interface BenchSection {
  title: string;
  /** Markdown body: a table of figures and targets, and how they were measured. */
  markdown: string;
}

const modules: Record<string, () => Promise<{ run: () => Promise<BenchSection> }>> = {
  gateway: () => import('./gateway-write'),
  intake: () => import('./webhook-intake'),
};

const only = process.argv.slice(2);
const selected = Object.entries(modules).filter(([name]) => only.length === 0 || only.includes(name));
const sections: BenchSection[] = [];
for (const [name, load] of selected) {
  console.log(`bench: running ${name} …`);
  const mod = await load();
  const section = await mod.run();
  console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
  sections.push(section);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\` on ${new Date().toISOString()}.`,
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}.`,
  '',
].join('\n');
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), `${header}\n${sections.map((s) => `## ${s.title}\n\n${s.markdown}\n`).join('\n')}`);
console.log('bench: wrote docs/benchmarks.md');
