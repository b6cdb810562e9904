// The Postgres half of the contract (npm run test:pg). Every test gets its own schema, named after
// this run, so parallel CI jobs on one database never see each other's rows; each is dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDefaultUser } from './open-store';
import { createStore } from '.';
import { registerStoreContract } from '../../test/support/store-contract';
import { StoreError } from './store-error';

const databaseUrl = process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/test';
const runId = `cosell_test_${process.pid}_${randomBytes(3).toString('hex')}`;
let counter = 0;
const created = new Set<string>();

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDefaultUser(databaseUrl) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`drop schema if exists "${schema}" cascade`));
  created.delete(schema);
}

afterAll(async () => {
  for (const schema of [...created]) await dropSchema(schema);
});

registerStoreContract(
  'Postgres',
  async () => {
    counter += 1;
    const schema = `${runId}_${counter}`;
    created.add(schema);
    return {
      open: ({ now }) => createStore({ databaseUrl, schema, now, poolSize: 4 }),
      cleanup: () => dropSchema(schema),
    };
  },
  { shared: true, concurrentWriters: true },
);

describe('Postgres store', () => {
  it('keeps each schema to itself', async () => {
    const a = `${runId}_iso_a`;
    const b = `${runId}_iso_b`;
    created.add(a).add(b);
    const storeA = await createStore({ databaseUrl, schema: a });
    const storeB = await createStore({ databaseUrl, schema: b });
    try {
      await storeA.cursors.set('c', 'from a');
      expect(await storeB.cursors.get('c')).toBeNull();
      expect(await storeA.cursors.get('c')).toBe('from a');
    } finally {
      await storeA.close();
      await storeB.close();
    }
    await dropSchema(a);
    await dropSchema(b);
  });

  // Regression: a CI run failed with 'schema "cosell_test_…" does not exist' while another run on the
  // same database dropped its schemas — Kysely's catalog scan trips over any schema dropped meanwhile.
  it('migrates while other schemas are being created and dropped on the same database', async () => {
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i += 1) {
        const other = `${runId}_churn_${i}`;
        await withClient(async (client) => {
          await client.query(`create schema "${other}"`);
          await client.query(`create table "${other}".t (id serial primary key)`);
          await client.query(`drop schema "${other}" cascade`);
        });
      }
    })();
    try {
      for (let i = 0; i < 6; i += 1) {
        const schema = `${runId}_during_churn_${i}`;
        created.add(schema);
        const store = await createStore({ databaseUrl, schema, poolSize: 2 });
        await store.close();
        await dropSchema(schema);
      }
    } finally {
      churning = false;
      await churn;
    }
  });

  it('rejects a schema name that is not a plain identifier, naming the field', async () => {
    const err = await createStore({ databaseUrl, schema: 'x; drop table y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).field).toBe('schema');
  });

  it('reports an unreachable database as a retryable StoreError', async () => {
    const err = await createStore({ databaseUrl: 'postgres://127.0.0.1:1/test', schema: `${runId}_down` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('stores money as TEXT and timestamps as timestamptz, never floats', async () => {
    const schema = `${runId}_types`;
    created.add(schema);
    const store = await createStore({ databaseUrl, schema });
    await store.close();
    const { rows } = await withClient((client) =>
      client.query<{ table_name: string; column_name: string; data_type: string }>(
        'select table_name, column_name, data_type from information_schema.columns where table_schema = $1',
        [schema],
      ),
    );
    const typeOf = (table: string, column: string) => rows.find((r) => r.table_name === table && r.column_name === column)?.data_type;
    expect(typeOf('ledger_allocations', 'amount_minor')).toBe('text');
    expect(typeOf('inbox_items', 'available_at')).toBe('timestamp with time zone');
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.data_type === 'real' || r.data_type === 'double precision' || r.data_type === 'numeric')).toEqual([]);
    await dropSchema(schema);
  });
});
