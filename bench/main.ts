import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  multi: () => import('./multi-instance'),
  map: () => import('./account-mapping'),
  report: () => import('./report'),
  payouts: () => import('./payouts'),
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
// A run of some modules replaces their sections and keeps the others' figures (with their own
// commands); the header then names the modules run this time.
const target = new URL('../docs/benchmarks.md', import.meta.url);
const kept: BenchSection[] = [];
if (only.length > 0 && existsSync(target)) {
  for (const part of readFileSync(target, 'utf8').split(/^## /m).slice(1)) {
    const [title = '', ...body] = part.split('\n');
    if (!sections.some((s) => s.title === title.trim())) kept.push({ title: title.trim(), markdown: body.join('\n').trim() });
  }
}
const note = kept.length > 0 ? `Sections not run this time (${kept.map((k) => k.title).join('; ')}) are kept from the previous file, with the command that printed them.\n\n` : '';
writeFileSync(target, `${header}\n${note}${[...kept, ...sections].map((s) => `## ${s.title}\n\n${s.markdown}\n`).join('\n')}`);
console.log('bench: wrote docs/benchmarks.md');
