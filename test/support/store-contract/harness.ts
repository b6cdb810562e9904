// What every per-repository contract file shares: the test database and clock, the harness that
// hands each test its store, and small helpers.
import type { NewInboxItem, Store } from '../../../src/store/store';

export interface TestDatabase {
  /** Opens a store on this test's database. With `shared`, every call reaches the same data. */
  open(opts: { now: () => Date }): Promise<Store>;
  /** Drops whatever `open` created (temp files, schemas). Stores are closed by the suite first. */
  cleanup(): Promise<void>;
}

export interface StoreCapabilities {
  /** True when a second `open` sees the first one's data (false for ':memory:'). */
  shared: boolean;
  /** True when two stores can hold overlapping write transactions (Postgres, not SQLite). */
  concurrentWriters: boolean;
}

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function createTestClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = new Date(iso).getTime();
    },
  };
}

export function event(dedupeKey: string, subject = 'deal:1', extra: Partial<NewInboxItem> = {}): NewInboxItem {
  return { dedupeKey, kind: 'event', subject, payload: { dedupeKey }, occurredAt: '2026-03-02T08:59:00.000Z', ...extra };
}

export function ids(items: Array<{ id: string }>): string[] {
  return items.map((i) => i.id).sort();
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

/** What a contract file gets: the current test's store and clock, a way to open another store on the same database, the capabilities. */
export interface ContractHarness {
  store(): Store;
  clock(): TestClock;
  open(): Promise<Store>;
  database(): TestDatabase;
  readonly capabilities: StoreCapabilities;
}

