import type { AccountIndexRepo, Store } from '../../src/store/store';

/** The store with its account index replaced (a counting or interleaving wrapper around the real one). */
export function withAccountIndex(store: Store, accountIndex: AccountIndexRepo): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'accountIndex') return accountIndex;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
