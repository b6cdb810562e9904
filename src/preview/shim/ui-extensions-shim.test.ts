import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sdk from '@hubspot/ui-extensions';
import { describe, expect, it } from 'vitest';
import * as shim from './ui-extensions-shim';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

/** Every value the extension code imports from '@hubspot/ui-extensions' (type-only imports excluded). */
function importedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'extensions'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s+\{([^}]*)\}\s+from\s+'@hubspot\/ui-extensions'/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0]!.trim();
        if (name && !name.startsWith('type ')) names.add(name);
      }
    }
  }
  return names;
}

describe('the preview shim for @hubspot/ui-extensions', () => {
  it('stands in for everything the cards and settings page import, and only for real SDK exports', () => {
    const names = [...importedNames()].sort();
    expect(names).toContain('Table');
    expect(names).toContain('hubspot');
    const shimExports = shim as Record<string, unknown>;
    const sdkExports = sdk as Record<string, unknown>;
    expect(names.filter((n) => shimExports[n] === undefined)).toEqual([]);
    expect(names.filter((n) => sdkExports[n] === undefined)).toEqual([]);
  });

  it('offers only real SDK exports that the extension code imports (no stand-ins nobody renders)', () => {
    const sdkExports = sdk as Record<string, unknown>;
    const imported = importedNames();
    expect(Object.keys(shim).filter((n) => n !== 'hubspot' && sdkExports[n] === undefined)).toEqual([]);
    expect(Object.keys(shim).filter((n) => !imported.has(n))).toEqual([]);
  });
});
