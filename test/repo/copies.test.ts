import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Copy detection: no block of WINDOW or more meaningful lines appears twice in the shipped code
 * (src/, webhooks/, extensions/). Lines are compared trimmed, with blank lines, comments and
 * import lines left out, so a copy that only differs in indentation or comments is still found.
 * Tests are outside the check (table tests repeat shapes on purpose).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROOTS = ['src', 'webhooks', 'extensions'];
export const WINDOW = 10;
const SKIP = /\.test\.tsx?$|\.pg\.test\.ts$|\.d\.ts$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'seeds'].includes(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx)$/.test(e.name) && !SKIP.test(e.name)) out.push(full);
  }
  return out;
}

interface Line { text: string; file: string; line: number }

export function meaningfulLines(file: string, text: string): Line[] {
  const out: Line[] = [];
  let inBlockComment = false;
  let inImport = false;
  text.split('\n').forEach((raw, i) => {
    let t = raw.trim();
    if (inBlockComment) { if (t.includes('*/')) inBlockComment = false; return; }
    if (inImport) { if (/\bfrom\s/.test(t) || t.endsWith(';')) inImport = false; return; }
    if (/^(import|export)( type)? \{$/.test(t)) { inImport = true; return; }
    if (t.startsWith('/*')) { if (!t.includes('*/')) inBlockComment = true; return; }
    if (t.startsWith('//')) return;
    t = t.replace(/\s+\/\/.*$/, '');
    // Lines too generic to mean a copy: punctuation only, imports, bare returns.
    if (t.length < 4 || /^[\s{}()[\];,]*$/.test(t) || /^(import|export \{|export \* from)\b/.test(t) || /^\}?\s*from\s/.test(t)) return;
    out.push({ text: t, file, line: i + 1 });
  });
  return out;
}

export interface Copy { first: string; second: string; lines: number }

export function findCopies(files: Array<{ file: string; text: string }>, window = WINDOW): Copy[] {
  const seen = new Map<string, Line>();
  const copies = new Map<string, Copy>();
  for (const { file, text } of files) {
    const lines = meaningfulLines(file, text);
    for (let i = 0; i + window <= lines.length; i++) {
      const key = lines.slice(i, i + window).map((l) => l.text).join('\n');
      const prior = seen.get(key);
      if (!prior) { seen.set(key, lines[i]!); continue; }
      if (prior.file === file && Math.abs(prior.line - lines[i]!.line) < window) continue;
      const pair = `${prior.file}|${file}`;
      const existing = copies.get(pair);
      if (existing) existing.lines++;
      else copies.set(pair, { first: `${path.relative(ROOT, prior.file)}:${prior.line}`, second: `${path.relative(ROOT, file)}:${lines[i]!.line}`, lines: window });
    }
  }
  return [...copies.values()];
}

describe('no copied blocks in shipped code', () => {
  it('finds a copy when there is one (the check can fail)', () => {
    const block = Array.from({ length: 12 }, (_, i) => `const value${i} = compute(${i}, input);`).join('\n');
    const found = findCopies([{ file: path.join(ROOT, 'a.ts'), text: block }, { file: path.join(ROOT, 'b.ts'), text: `// copied\n${block}` }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ first: 'a.ts:1', second: 'b.ts:2' });
    expect(findCopies([{ file: path.join(ROOT, 'a.ts'), text: block }])).toEqual([]);
  });

  it(`src/, webhooks/ and extensions/ repeat no block of ${WINDOW} lines`, () => {
    const files = ROOTS.flatMap((r) => sourceFiles(path.join(ROOT, r))).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(findCopies(files)).toEqual([]);
  });
});
