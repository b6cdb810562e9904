import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Code and docs cite only what a newcomer can open: files in this repository. A comment that
 * names a Markdown file, a decision or a team document outside the project (or an issue number)
 * sends the reader nowhere, so this check fails on one.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['src', 'webhooks', 'test', 'extensions', 'scripts', 'bench', 'docs', 'README.md', 'eslint.config.js', '.ci'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', 'preview-dist', 'screenshots', '.git']);
const TEXT = /\.(ts|tsx|js|mjs|json|md|yml|sh)$|^run$/;

function files(entry: string, out: string[] = []): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return out;
  if (statSync(full).isFile()) return [...out, entry];
  for (const e of readdirSync(full, { withFileTypes: true })) {
    if (SKIP_DIRS.has(e.name)) continue;
    const rel = path.join(entry, e.name);
    if (e.isDirectory()) files(rel, out);
    else if (TEXT.test(e.name)) out.push(rel);
  }
  return out;
}

/** `docs/x.md`, `../x.md`, `README.md` and the like, as a reader would type them. */
const CITATION = /(?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w.-]+\.md\b/g;
/** Documents a reader of this repository cannot open. */
const FOREIGN = /\b(hubspot-platform\.md|product\.md|architecture\.md|co-selling-with-partners\.txt)\b|\.\.\/shared\/(product|architecture|conventions|hubspot-platform|seed|tools)|\/work\/shared/;
const ISSUE = /\b[Ii]ssues? #?\d+\b/;

/** Base names of every file under docs/, read once: a bare file name may name a doc anywhere there. */
const DOC_NAMES = new Set(files('docs').map((f) => path.basename(f)));

function resolves(fromFile: string, cited: string): boolean {
  const candidates = [path.resolve(ROOT, path.dirname(fromFile), cited), path.resolve(ROOT, cited), path.resolve(ROOT, 'docs', cited)];
  if (candidates.some((c) => existsSync(c))) return true;
  return !cited.includes('/') && DOC_NAMES.has(cited);
}

describe('citations point at files in this repository', () => {
  const all = SCANNED.flatMap((e) => files(e));
  const self = path.join('test', 'repo', 'citations.test.ts');

  it('finds the files it checks', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain(path.join('docs', 'hubspot.md'));
  });

  it('every cited .md file exists', () => {
    const missing: string[] = [];
    for (const file of all) {
      if (file === self || file.startsWith(path.join('docs', 'benchmarks'))) continue;
      const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const m of line.matchAll(CITATION)) {
          const cited = m[0];
          if (/^https?:/.test(line.slice(Math.max(0, (m.index ?? 0) - 200), m.index).split(/\s/).at(-1) ?? '')) continue;
          if (/node_modules|CHANGELOG\.md$/.test(cited)) continue;
          if (!resolves(file, cited)) missing.push(`${file}:${i + 1} cites ${cited}`);
        }
      });
    }
    expect(missing).toEqual([]);
  });

  it('nothing cites team documents outside the project or issue numbers', () => {
    const bad: string[] = [];
    for (const file of all) {
      if (file === self) continue;
      readFileSync(path.join(ROOT, file), 'utf8').split('\n').forEach((line, i) => {
        if (FOREIGN.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
        else if (!file.endsWith('.md') && ISSUE.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('the check itself catches a bad citation', () => {
    expect(FOREIGN.test('see hubspot-platform.md §3')).toBe(true);
    expect(ISSUE.test('// issue 4: one migration set')).toBe(true);
    expect(resolves('src/app/x.ts', 'docs/no-such-file.md')).toBe(false);
    expect(resolves('src/app/x.ts', 'docs/hubspot.md')).toBe(true);
  });
});
