import type { Kysely } from 'kysely';
import type { Database } from './database-schema';
import type { Dialect } from './migrations';

/** What every repository is built from: one handle (the pool or an open transaction) and the clock. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: Dialect;
  now: () => Date;
}

/** The current time as the ISO string every timestamp column stores. */
export function nowIso(ctx: StoreContext): string {
  return ctx.now().toISOString();
}

/**
 * Runs `fn` atomically: inside the caller's transaction when there is one (so a repository call
 * joins `store.transaction`), else in a fresh one.
 */
export function atomically<T>(ctx: StoreContext, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx.db);
  return ctx.db.transaction().execute((trx) => fn(trx));
}
