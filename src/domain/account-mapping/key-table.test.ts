import { describe, expect, it } from 'vitest';
import { CharArena, KeyTable } from './key-table';

describe('KeyTable: distinct keys numbered in the order first added', () => {
  it('numbers new keys 0, 1, 2, … and gives the same number for a key added again', () => {
    const table = new KeyTable();
    expect(table.add('acme.com')).toBe(0);
    expect(table.add('globex.co.uk')).toBe(1);
    expect(table.add('acme.com')).toBe(0);
    expect(table.add('')).toBe(2);
    expect(table.size).toBe(3);
    expect([table.find('globex.co.uk'), table.find(''), table.find('acme.co'), table.find('acme.com.')]).toEqual([1, 2, -1, -1]);
    expect([table.keyAt(0), table.keyAt(1), table.keyAt(2)]).toEqual(['acme.com', 'globex.co.uk', '']);
  });

  it('keeps every key through growth (200,000 keys, similar and of every length)', () => {
    const table = new KeyTable();
    const key = (i: number) => `${'x'.repeat(i % 7)}company${i}.co.uk`;
    for (let i = 0; i < 200_000; i++) expect(table.add(key(i))).toBe(i);
    expect(table.size).toBe(200_000);
    for (let i = 0; i < 200_000; i += 997) {
      expect(table.find(key(i))).toBe(i);
      expect(table.keyAt(i)).toBe(key(i));
    }
    expect(table.find('company200000.co.uk')).toBe(-1);
    for (let i = 0; i < 200_000; i += 1009) expect(table.add(key(i))).toBe(i);
    expect(table.size).toBe(200_000);
  });

  it('tells apart keys that differ in one UTF-16 unit, and rebuilds non-ASCII and very long keys', () => {
    const table = new KeyTable();
    const long = 'a'.repeat(10_000) + 'é';
    const keys = ['bücher.de', 'bucher.de', 'BUCHER.DE', '😀.example', long, long.slice(0, -1)];
    keys.forEach((k, i) => expect(table.add(k)).toBe(i));
    keys.forEach((k, i) => {
      expect(table.find(k)).toBe(i);
      expect(table.keyAt(i)).toBe(k);
    });
  });
});

describe('CharArena', () => {
  it('gives back what was appended, wherever it starts', () => {
    const arena = new CharArena();
    const texts = ['Acme', '', 'Müller & Söhne', 'x'.repeat(20_000), '"quoted"\n'];
    const starts = texts.map((t) => arena.append(t));
    texts.forEach((t, i) => {
      expect(arena.slice(starts[i]!, starts[i]! + t.length)).toBe(t);
      expect(arena.equals(starts[i]!, starts[i]! + t.length, t)).toBe(true);
    });
    expect(arena.equals(starts[0]!, starts[0]! + 4, 'acme')).toBe(false);
  });
});
