import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema';
import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrations';
import type { Dialect } from './migrations';
import type { CreateStoreOptions, Store } from './store';
import { StoreError } from './store-error';

import { DEFAULT_SQLITE_PATH } from './store-constants';
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Builds the Kysely handle for the configured database, migrates it, and wraps it as a Store. */
export async function openStore(opts: CreateStoreOptions): Promise<Store> {
  const now = opts.now ?? (() => new Date());
  if (opts.databaseUrl !== undefined && opts.databaseUrl !== '') {
    return openPostgres(opts.databaseUrl, opts, now);
  }
  return openSqlite(opts.sqlitePath ?? DEFAULT_SQLITE_PATH, now);
}

async function openSqlite(path: string, now: () => Date): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // WAL lets readers (the card API) run while the worker writes; busy_timeout makes a second
  // connection wait for the write lock instead of failing at once.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return finish(db, 'sqlite', undefined, now);
}

async function openPostgres(url: string, opts: CreateStoreOptions, now: () => Date): Promise<Store> {
  const schema = opts.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new StoreError(`schema must be a plain identifier, got ${schema}`, { field: 'schema' });
  const pool = new pg.Pool({
    connectionString: withDefaultUser(url),
    max: opts.poolSize ?? 10,
    // Every connection resolves unqualified table names in our schema, so one database can host
    // several independent stores (CI runs, tenants).
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the
  // process. The next query reports the outage instead (and /readyz uses ping()).
  pool.on('error', (error) => opts.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two instances creating the schema at once: the loser sees a duplicate; anything else is real.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') {
      await db.destroy();
      throw new StoreError(`could not reach or prepare Postgres schema ${schema}: ${(error as Error).message}`, {
        code: 'unavailable',
        field: 'databaseUrl',
        retryable: true,
        cause: error,
      });
    }
  }
  return finish(db, 'postgres', schema, now);
}

// libpq (psql) falls back to the OS user when neither the URL nor PGUSER names one; node-postgres
// only looks at $USER, which containers and CI often leave unset. Behave like psql.
// (The connection string wins over pg's `user` option, so the name goes into the URL.)
export function withDefaultUser(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError('databaseUrl is not a valid URL (postgres://user@host:5432/db)', { field: 'databaseUrl' });
  }
  if (parsed.username !== '' || pg.defaults.user) return url;
  let osUser: string;
  try {
    osUser = userInfo().username;
  } catch {
    return url;
  }
  parsed.username = encodeURIComponent(osUser);
  return parsed.toString();
}

async function finish(db: Kysely<Database>, dialect: Dialect, schema: string | undefined, now: () => Date): Promise<Store> {
  const { error } = await migrateToLatest(db as unknown as Kysely<unknown>, dialect, schema);
  if (error !== undefined) {
    await db.destroy();
    throw new StoreError(`store migrations failed (${dialect}): ${error instanceof Error ? error.message : String(error)}`, {
      code: 'unavailable',
      cause: error,
    });
  }
  return new KyselyStore(db, dialect, now);
}
