import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from './store';
import { registerStoreContract } from './store-contract';

registerStoreContract(
  'SQLite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    // A nested path proves createStore makes the directories it needs.
    const sqlitePath = join(dir, 'nested', 'cosell.db');
    return {
      open: ({ now }) => createStore({ sqlitePath, now }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { shared: true, concurrentWriters: false },
);

registerStoreContract(
  'SQLite :memory:',
  async () => ({ open: ({ now }) => createStore({ sqlitePath: ':memory:', now }), cleanup: async () => undefined }),
  { shared: false, concurrentWriters: false },
);

describe('SQLite store file', () => {
  it('runs in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-store-'));
    const store = await createStore({ sqlitePath: join(dir, 'wal.db') });
    try {
      const { KyselyStore } = await import('./kysely-store');
      if (!(store instanceof KyselyStore)) throw new Error('expected the Kysely store');
      const { sql } = await import('kysely');
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
