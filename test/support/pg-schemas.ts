// Postgres e2e tests each work in schemas of their own (several CI runs may share one database)
// and drop them when the file's tests are done.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { withDefaultUser } from '../../src/store/open-store';

/** The database the Postgres suite uses: DATABASE_URL, else CI's 127.0.0.1:5432/test. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/test';

/** Drops the schemas `names()` lists once the file's tests are done. */
export function dropSchemasAfterAll(databaseUrl: string, names: () => readonly string[]): void {
  afterAll(async () => {
    const schemas = names();
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: withDefaultUser(databaseUrl) });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });
}

/**
 * Gives a fresh schema name per call (`<prefix>_<pid>_<random>`), each dropped after the file's tests.
 *
 * @example const newSchema = pgSchemasForThisFile('cosell_e2e'); const schema = newSchema();
 */
export function pgSchemasForThisFile(prefix: string, databaseUrl = TEST_DATABASE_URL): () => string {
  const made: string[] = [];
  dropSchemasAfterAll(databaseUrl, () => made);
  return () => {
    const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
    made.push(name);
    return name;
  };
}
