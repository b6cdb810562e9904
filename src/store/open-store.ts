import type { CreateStoreOptions, Store } from './store';

export async function openStore(_opts: CreateStoreOptions): Promise<Store> {
  throw new Error('store: implementation in progress');
}
