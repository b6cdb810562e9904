// The store's front door: the factory, the port's types, its constants and errors. Code outside
// src/store imports from here; files inside src/store never do (the port must not reach its
// implementation). See docs/decisions/0004-store.md.
import { openStore } from './open-store';
import type { CreateStoreOptions, Store } from './store';

export type * from './store';
export * from './store-constants';
export * from './store-error';

/**
 * Opens the store and applies pending migrations.
 * @example
 * const store = await createStore({ databaseUrl: config.databaseUrl, now: () => new Date() });
 * await store.inbox.enqueue([{ dedupeKey: 'e1', kind: 'event', subject: 'deal:1', payload: {}, occurredAt: new Date() }]);
 */
export function createStore(opts: CreateStoreOptions = {}): Promise<Store> {
  return openStore(opts);
}
