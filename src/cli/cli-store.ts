import type { CliConfig } from '../config';
import { createStore } from '../store';
import type { Store } from '../store/store';
import type { CliIo } from './io';
import { readCommandConfig } from './io';

/**
 * Opens the service's store for a command — Postgres when DATABASE_URL is set, else the SQLite file
 * at SQLITE_PATH — so the CLI and the running backend share their data. On failure it says why on
 * stderr and gives the exit code instead: 2 for a wrong variable, 1 when the store cannot be opened.
 *
 * @example const store = await openCliStore(io, 'cosell inbox'); if (typeof store === 'number') return store;
 */
export async function openCliStore(io: CliIo, command: string, env: CliConfig | undefined = readCommandConfig(io, command)): Promise<Store | number> {
  if (!env) return 2;
  try {
    return await createStore(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { sqlitePath: env.SQLITE_PATH });
  } catch (error) {
    io.stderr.write(`${command}: cannot open the store (${env.DATABASE_URL ? 'DATABASE_URL' : 'SQLITE_PATH'}): ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
