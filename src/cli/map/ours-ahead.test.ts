import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountMap, AccountMapBuilder, TheirRow } from '../../domain/account-mapping/index';
import { createAccountMapBuilder } from '../../domain/account-mapping/index';
import { readOurListAhead } from './ours-ahead';
import { ListError, readOurList } from './read-lists';

/*
 * Our export read in a worker thread (`minBytes: 0` forces the thread for a small file) must give
 * the map that reading it on the main thread gives, with the same progress lines and errors.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-ours-ahead-'));
});

const STAGES = ['customer', 'Lead', 'evangelist', '', ' Customer '];

/** 30,000 companies in every form the reader meets: www, schemes, no id, no domain, quoted names, free mail. */
function ourExport(): string {
  const lines = ['Record ID,Company name,Company Domain Name,Lifecycle Stage'];
  for (let i = 0; i < 30_000; i++) {
    const id = i % 997 === 0 ? '' : String(5000 + i);
    const domain = i % 11 === 0 ? '' : i % 13 === 0 ? 'gmail.com' : i % 3 === 0 ? `https://www.company${i % 20_000}.co.uk/x` : `company${i % 20_000}.co.uk`;
    const name = i % 17 === 0 ? `"Partner ${i % 500}, Inc."` : `Company ${i}`;
    lines.push(`${id},${name},${domain},${STAGES[i % STAGES.length]}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Partner rows on half of those domains, and name-only rows that our names suggest. */
function theirRows(): TheirRow[] {
  const rows: TheirRow[] = [];
  for (let i = 0; i < 10_000; i++) rows.push({ row: i + 2, domain: `www.company${i * 2}.co.uk`, name: `Account ${i}`, status: i % 3 === 0 ? 'Customer' : 'Prospect' });
  for (let i = 0; i < 500; i++) rows.push({ row: 10_002 + i, domain: 'n/a', name: `Partner ${i} LLC`, status: 'Customer' });
  return rows;
}

function builderWithTheirs(): AccountMapBuilder {
  const builder = createAccountMapBuilder();
  for (const row of theirRows()) builder.addTheirs(row);
  return builder;
}

const comparable = (map: AccountMap) => ({ ...map, ourNames: [...map.ourNames] });

describe('readOurListAhead: our export read in a worker thread', () => {
  it('gives the same map, count and progress lines as reading on the main thread', async () => {
    const file = join(dir, 'ours.csv');
    await writeFile(file, ourExport());
    const lines: { here: string[]; ahead: string[] } = { here: [], ahead: [] };
    const here = builderWithTheirs();
    const counted = await readOurList(file, here, { every: 5000, write: (l) => lines.here.push(l) });
    const ahead = readOurListAhead(file, { minBytes: 0 });
    const viaThread = builderWithTheirs();
    try {
      expect(await ahead.into(viaThread, { every: 5000, write: (l) => lines.ahead.push(l) })).toEqual(counted);
      expect(ahead.readIn).toBe('thread');
    } finally {
      await ahead.close();
    }
    const expected = here.finish();
    expect(expected.matches.length).toBeGreaterThan(1000);
    expect(expected.nameSuggestions.length).toBeGreaterThan(10);
    expect(comparable(viaThread.finish())).toEqual(comparable(expected));
    expect(lines.ahead).toEqual(lines.here);
  });

  it('reads a small export on the main thread', () => {
    expect(readOurListAhead(join(dir, 'missing.csv')).readIn).toBe('main');
  });

  it('reports a file that cannot be used exactly as the main-thread reader does', async () => {
    const noDomain = join(dir, 'no-domain.csv');
    await writeFile(noDomain, 'Record ID,Company name\n1,Acme\n');
    const unclosed = join(dir, 'unclosed.csv');
    await writeFile(unclosed, `Record ID,Company name,Company Domain Name\n1,"Acme,acme.com\n${'2,x,y.com\n'.repeat(200_000)}`);
    for (const file of [noDomain, unclosed, join(dir, 'missing.csv'), dir]) {
      const expected = await readOurList(file, builderWithTheirs()).catch((e: unknown) => e);
      expect(expected).toBeInstanceOf(ListError);
      const ahead = readOurListAhead(file, { minBytes: 0 });
      if (file !== join(dir, 'missing.csv')) expect(ahead.readIn).toBe('thread');
      try {
        await expect(ahead.into(builderWithTheirs())).rejects.toEqual(expected);
      } finally {
        await ahead.close();
      }
    }
  });
});
