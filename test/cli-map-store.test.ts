// `cosell map` with the store: our side from the company index, --partner and --save (isNew, gone),
// hashed maps keeping nothing of the partner's plain data, and the write-back job it queues.
import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { createStore } from '../src/store';
import type { Store } from '../src/store/store';
import type { KyselyStore } from '../src/store/kysely-store';
import { captureCliIo } from './support/capture-cli-io';

const root = fileURLToPath(new URL('..', import.meta.url));
const theirsFile = join(root, 'examples/account-mapping/partner-accounts.csv');

let dir: string;
let dbPath: string;
let store: Store;

async function cosell(args: string[]) {
  const { io, out, err } = captureCliIo({ SQLITE_PATH: dbPath });
  const code = await main(args, io);
  return { code, stdout: out(), stderr: err() };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-map-store-'));
  dbPath = join(dir, 'cosell.db');
  store = await createStore({ sqlitePath: dbPath });
});

afterEach(async () => {
  await store.close();
});

// The example export's companies as the service would have indexed them (registrable domains).
const OURS = [
  { companyId: '9000', name: 'Acme Inc', domain: 'acme.com', lifecycleStage: 'customer' },
  { companyId: '9001', name: 'Acme Europe', domain: 'acme.com', lifecycleStage: 'lead' },
  { companyId: '9002', name: 'Globex Ltd', domain: 'globex.co.uk', lifecycleStage: 'opportunity' },
  { companyId: '9003', name: 'Initech', domain: 'initech.io', lifecycleStage: 'evangelist' },
  { companyId: '9004', name: 'Umbrella Corp', domain: 'umbrella.com', lifecycleStage: null },
  { companyId: '9005', name: 'Bücher GmbH', domain: 'xn--bcher-kva.de', lifecycleStage: 'customer' },
  { companyId: '9200', name: 'Hooli', domain: null, lifecycleStage: 'customer' },
  { companyId: '9300', name: 'Massive Dynamic', domain: 'massivedynamic.com', lifecycleStage: 'customer' },
  { companyId: '500', name: 'Northwind', domain: 'northwind.example', lifecycleStage: null },
];

describe('cosell map from the company index', () => {
  it('matches the partner list against the index exactly as against the export', async () => {
    await store.companyIndex.upsert(OURS);
    const { code, stdout, stderr } = await cosell(['map', '--theirs', theirsFile, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const map = JSON.parse(stdout);
    expect(map.partner).toBeNull();
    expect(map.matches).toEqual([
      { category: 'customer_overlap', domain: 'acme.com', ours: ['9000', '9001'], theirRows: [2, 7], isNew: true },
      { category: 'customer_overlap', domain: 'xn--bcher-kva.de', ours: ['9005'], theirRows: [16], isNew: true },
      { category: 'prospect_overlap', domain: 'globex.co.uk', ours: ['9002'], theirRows: [3], isNew: true },
      { category: 'our_customer_their_prospect', domain: 'initech.io', ours: ['9003'], theirRows: [4], isNew: true },
      { category: 'both_prospects', domain: 'umbrella.com', ours: ['9004'], theirRows: [5], isNew: true },
    ]);
    expect(map.nameSuggestions).toEqual([{ ours: ['9200'], theirRows: [13], name: 'Hooli GmbH' }]);
  });

  it('exits 2 naming the problem when the index is empty or the partner unknown', async () => {
    const empty = await cosell(['map', '--theirs', theirsFile]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/the company index is empty/);
    await store.companyIndex.upsert(OURS);
    const unknown = await cosell(['map', '--theirs', theirsFile, '--partner', '777', '--save']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--partner 777: no such company in the company index/);
    expect(await store.accountMaps.latest('777')).toBeNull();
  });

  it('--save stores the map; the next map for the partner marks what is new and lists what is gone', async () => {
    await store.companyIndex.upsert(OURS);
    const first = await cosell(['map', '--theirs', theirsFile, '--partner', '500', '--save']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Partner: Northwind — no earlier saved map: everything is new\n/);
    expect(first.stdout).not.toMatch(/\b500\b/);
    expect(first.stderr).toMatch(/saved map \d+ for Northwind \(9 new entries, 0 gone\)/);
    const saved = await store.accountMaps.latest('500');
    expect(saved).toMatchObject({ partnerId: '500', hashed: false, entryCount: 9, newCount: 9 });
    // The write-back is queued with the map, for the service's worker.
    const inbox = await store.inbox.stats();
    expect(inbox.pending).toBe(1);

    // A quarter later: Globex became their prospect, Umbrella left their list, Massive Dynamic joined.
    const next = await writeFile(
      join(dir, 'next.csv'),
      [
        'Account Name,Website,Status',
        'Acme,acme.com,Customer',
        'Globex,globex.co.uk,Prospect',
        'Initech,initech.io,Prospect',
        'Massive,massivedynamic.com,Customer',
        'Bücher,xn--bcher-kva.de,Customer',
        'Wayne Enterprises,wayne.com,Customer',
      ].join('\n'),
    ).then(() => join(dir, 'next.csv'));
    const second = await cosell(['map', '--theirs', next, '--partner', '500', '--save', '--json']);
    expect(second.stderr).toMatch(/saved map/);
    expect(second.code).toBe(0);
    const map = JSON.parse(second.stdout);
    expect(map.partner).toBe('500');
    expect(map.matches.map((m: { domain: string; category: string; isNew: boolean }) => [m.domain, m.category, m.isNew])).toEqual([
      ['acme.com', 'customer_overlap', false],
      ['massivedynamic.com', 'customer_overlap', true],
      ['xn--bcher-kva.de', 'customer_overlap', false],
      ['initech.io', 'our_customer_their_prospect', false],
      ['globex.co.uk', 'both_prospects', true],
    ]);
    expect(map.whitespace.map((w: { domain: string; isNew: boolean }) => [w.domain, w.isNew])).toEqual([['wayne.com', false]]);
    expect(map.gone.map((g: { domain: string; category: string }) => [g.category, g.domain])).toEqual([
      ['prospect_overlap', 'globex.co.uk'],
      ['both_prospects', 'umbrella.com'],
      ['whitespace', 'cyberdyne.io'],
      ['whitespace', 'stark.de'],
      ['whitespace', 'tyrell.com'],
    ]);
    expect((await store.accountMaps.listForPartner('500')).length).toBe(2);

    // Without --save the map is compared but not stored.
    const dry = await cosell(['map', '--theirs', next, '--partner', '500']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/compared with the map saved on \d{4}-\d{2}-\d{2}/);
    expect(dry.stdout).toMatch(/Gone since the last saved map: nothing\./);
    expect((await store.accountMaps.listForPartner('500')).length).toBe(2);
  });

  it('a hashed list saves only hashes, categories, our record ids and row numbers', async () => {
    await store.companyIndex.upsert(OURS);
    const key = 'k3y-for-tests';
    const hmac = (d: string) => createHmac('sha256', key).update(d).digest('hex');
    const hashed = join(dir, 'hashed.csv');
    await writeFile(hashed, ['domain_hmac,status,industry', `${hmac('acme.com')},customer,Software`, `${hmac('secret-prospect.com')},customer,Software`].join('\n'));
    const { code, stderr } = await cosell(['map', '--theirs', hashed, '--key', key, '--partner', '500', '--save']);
    expect(stderr).toMatch(/saved map/);
    expect(code).toBe(0);
    const saved = (await store.accountMaps.latest('500'))!;
    expect(saved.hashed).toBe(true);
    const entries = await store.accountMaps.entries(saved.id);
    expect(entries).toEqual([
      { kind: 'match', category: 'customer_overlap', domain: 'acme.com', ours: ['9000', '9001'], theirRows: [2], icp: null, isNew: true },
      { kind: 'whitespace', category: 'whitespace', domain: hmac('secret-prospect.com'), ours: [], theirRows: [3], icp: true, isNew: true },
    ]);
    // Nothing of the partner's plain data anywhere in the database.
    const raw = (store as KyselyStore).db;
    const dump = JSON.stringify([
      await raw.selectFrom('account_maps').selectAll().execute(),
      await raw.selectFrom('account_map_entries').selectAll().execute(),
      await raw.selectFrom('inbox_items').selectAll().execute(),
    ]);
    expect(dump).not.toContain('secret-prospect');
    expect(dump).not.toContain('Software');
  });
});
