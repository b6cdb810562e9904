// Account mapping end to end on the emulator: the company index fills from the portal (nightly
// reconcile) and follows company webhooks; a saved map writes the overlap properties to our
// companies; a second map marks what is new, lists what is gone and clears companies that left;
// a partner whose map is older than 90 days gets one reminder task.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { EmulatorSeed } from '../../src/emulator';
import { remindStaleMaps } from '../../src/features/account-mapping/account-mapping-service';
import { jobItem } from '../../src/jobs/inbox-job';
import { buildSchedule, createScheduler } from '../../webhooks/scheduler';
import { captureCliIo } from '../support/capture-cli-io';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

function mappingSeed(): EmulatorSeed {
  return {
    owners: [{ key: 'pam', email: 'pam@example.com', firstName: 'Pam', lastName: 'Partner' }],
    companies: [
      { key: 'acme', name: 'Acme Inc', domain: 'acme.com', properties: { lifecyclestage: 'customer' } },
      { key: 'globex', name: 'Globex Ltd', properties: { website: 'https://www.globex.co.uk/en', lifecyclestage: 'opportunity' } },
      { key: 'initech', name: 'Initech', domain: 'initech.io', properties: { lifecyclestage: 'lead' } },
      { key: 'umbrella', name: 'Umbrella Corp', domain: 'umbrella.com' },
      { key: 'northwind', name: 'Northwind', domain: 'northwind.example', ownerKey: 'pam', properties: { cosell_partner_type: 'reseller' } },
      { key: 'stackly', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
    ],
    deals: [],
  };
}

describe('account mapping on the emulator', () => {
  let s: Stack;
  let dir: string;
  let ids: Record<string, string>;

  async function cosell(args: string[]) {
    const { io, out, err } = captureCliIo({ SQLITE_PATH: s.dbPath, USER: 'e2e' });
    const code = await main(args, io);
    return { code, stdout: out(), stderr: err() };
  }
  async function list(name: string, rows: string[]): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, ['Account Name,Website,Status', ...rows].join('\n'));
    return path;
  }
  async function hubspot(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${s.hs.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${s.hs.accessToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBeLessThan(300);
    return res.status === 204 ? null : res.json();
  }
  const company = (key: string) => s.hs.admin.getObject('companies', ids[key]!) ?? {};
  const overlap = (key: string) => {
    const c = company(key);
    return [c.cosell_overlap_partners ?? '', c.cosell_overlap_category ?? '', c.cosell_warm_intro_partners ?? '', c.cosell_map_date ?? ''];
  };

  beforeEach(async () => {
    s = await startStack(mappingSeed());
    ids = s.seed.companies as Record<string, string>;
    dir = await mkdtemp(join(tmpdir(), 'cosell-map-e2e-'));
    // The nightly reconcile fills the index from the CRM list endpoint.
    const scheduler = createScheduler(s.deps, { holderId: 'only', entries: buildSchedule() });
    await scheduler.start();
    try {
      expect(await scheduler.tick('nightly-company-index')).toBe(true);
    } finally {
      await scheduler.stop();
    }
    await s.settle();
  });
  afterEach(async () => {
    await s.close();
  });

  it('the reconcile indexes every company with its registrable domain (domain, else website) and lifecycle stage', async () => {
    expect(await s.store.companyIndex.count()).toBe(6);
    const rows = await s.store.companyIndex.get([ids.acme!, ids.globex!, ids.umbrella!]);
    expect(rows.map((r) => [r.name, r.domain, r.lifecycleStage])).toEqual(
      expect.arrayContaining([
        ['Acme Inc', 'acme.com', 'customer'],
        ['Globex Ltd', 'globex.co.uk', 'opportunity'],
        ['Umbrella Corp', 'umbrella.com', null],
      ]),
    );
    // A company HubSpot no longer has is dropped by the next reconcile even without a webhook.
    await s.store.companyIndex.upsert([{ companyId: '999999', name: 'Ghost', domain: 'ghost.com', lifecycleStage: null }]);
    await s.store.inbox.enqueue([jobItem({ type: 'account-mapping.reconcile-index' }, 'reconcile-again', new Date())]);
    await s.settle();
    expect(await s.store.companyIndex.get(['999999'])).toEqual([]);
  });

  it('company webhooks keep the index current: creation, property changes, merge and deletion', async () => {
    const created = (await hubspot('POST', '/crm/v3/objects/companies', { properties: { name: 'Wayne Enterprises', domain: 'shop.wayne.com', lifecyclestage: 'lead' } })) as { id: string };
    await s.hs.admin.actAsUser('companies', ids.initech!, { lifecyclestage: 'customer', name: 'Initech Corp' });
    await s.hs.admin.actAsUser('companies', ids.umbrella!, { domain: 'umbrella-corp.com' });
    await s.settle();
    expect((await s.store.companyIndex.get([created.id])).map((r) => [r.name, r.domain, r.lifecycleStage])).toEqual([['Wayne Enterprises', 'wayne.com', 'lead']]);
    expect((await s.store.companyIndex.get([ids.initech!])).map((r) => [r.name, r.lifecycleStage])).toEqual([['Initech Corp', 'customer']]);
    expect((await s.store.companyIndex.get([ids.umbrella!]))[0]?.domain).toBe('umbrella-corp.com');

    await hubspot('POST', '/crm/v3/objects/companies/merge', { primaryObjectId: ids.acme, objectIdToMerge: created.id });
    await hubspot('DELETE', `/crm/v3/objects/companies/${ids.umbrella}`);
    await s.settle();
    expect(await s.store.companyIndex.get([created.id, ids.umbrella!])).toEqual([]);
    expect((await s.store.companyIndex.get([ids.acme!])).map((r) => r.name)).toEqual(['Acme Inc']);
    expect(await s.store.companyIndex.count()).toBe(5);
  });

  it('a saved map writes the company properties; a second map marks what is new, lists what is gone and clears companies that left', async () => {
    const first = await list('q1.csv', ['Acme,https://www.acme.com,Customer', 'Globex,globex.co.uk,Customer', 'Initech,initech.io,Prospect', 'Wayne,wayne.com,Customer']);
    const one = await cosell(['map', '--theirs', first, '--partner', ids.northwind!, '--save']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Partner: Northwind');
    // Stackly has an older map in which Acme is a prospect overlap... its latest map counts too.
    const stacklyList = await list('stackly.csv', ['Acme,acme.com,Prospect', 'Umbrella,umbrella.com,Customer']);
    expect((await cosell(['map', '--theirs', stacklyList, '--partner', ids.stackly!, '--save'])).code).toBe(0);
    await s.settle();
    const today = new Date().toISOString().slice(0, 10);
    expect(overlap('acme')).toEqual(['Northwind; Stackly', 'customer_overlap', '', today]);
    expect(overlap('globex')).toEqual(['Northwind', 'prospect_overlap', 'Northwind', today]);
    expect(overlap('initech')).toEqual(['Northwind', 'both_prospects', '', today]);
    expect(overlap('umbrella')).toEqual(['Stackly', 'prospect_overlap', 'Stackly', today]);
    expect(overlap('northwind')).toEqual(['', '', '', '']);

    // Only changed values are written: saving the same list again writes nothing.
    s.hs.admin.clearRequestLog();
    expect((await cosell(['map', '--theirs', first, '--partner', ids.northwind!, '--save'])).code).toBe(0);
    await s.settle();
    expect(s.hs.admin.requestLog().filter((r) => r.path.includes('/companies/batch/update'))).toEqual([]);

    // Next quarter: Globex left their list, Initech became their customer.
    const second = await list('q2.csv', ['Acme,acme.com,Customer', 'Initech,initech.io,Customer', 'Wayne,wayne.com,Customer']);
    const two = await cosell(['map', '--theirs', second, '--partner', ids.northwind!, '--save', '--json']);
    expect(two.code).toBe(0);
    const map = JSON.parse(two.stdout);
    expect(map.matches.map((m: { domain: string; category: string; isNew: boolean }) => [m.domain, m.category, m.isNew])).toEqual([
      ['acme.com', 'customer_overlap', false],
      ['initech.io', 'prospect_overlap', true],
    ]);
    expect(map.gone.map((g: { domain: string; category: string }) => [g.category, g.domain])).toEqual([
      ['prospect_overlap', 'globex.co.uk'],
      ['both_prospects', 'initech.io'],
    ]);
    await s.settle();
    expect(s.hs.admin.requestLog().filter((r) => r.path.includes('/companies/batch/update')).length).toBeGreaterThan(0);
    expect(overlap('globex')).toEqual(['', '', '', '']);
    expect(overlap('initech')).toEqual(['Northwind', 'prospect_overlap', 'Northwind', today]);
    expect(overlap('acme')).toEqual(['Northwind; Stackly', 'customer_overlap', '', today]);
  });

  it('a partner whose latest map is older than 90 days gets one task, for its owner, on the partner company', async () => {
    const q1 = await list('q1.csv', ['Acme,acme.com,Customer']);
    expect((await cosell(['map', '--theirs', q1, '--partner', ids.northwind!, '--save'])).code).toBe(0);
    await s.settle();
    const soon = { ...s.deps, clock: () => new Date(Date.now() + 30 * 86_400_000) };
    expect(await remindStaleMaps(soon)).toEqual({ reminded: 0 });
    const later = { ...s.deps, clock: () => new Date(Date.now() + 91 * 86_400_000) };
    expect(await remindStaleMaps(later)).toEqual({ reminded: 1 });
    expect(await remindStaleMaps(later)).toEqual({ reminded: 0 });
    const map = (await s.store.accountMaps.latest(ids.northwind!))!;
    const reminder = await s.store.accountMaps.getReminder(ids.northwind!, map.id);
    expect(reminder?.taskId).toBeTruthy();
    const task = s.hs.admin.getObject('tasks', reminder!.taskId!)!;
    expect(task.hs_task_subject).toBe('Refresh the account map with Northwind');
    expect(task.hubspot_owner_id).toBe(s.seed.owners.pam);
    expect(s.hs.admin.getAssociations('tasks', reminder!.taskId!, 'companies').map((a) => a.toId)).toEqual([ids.northwind]);
    // A new map resets the clock: the next staleness gets its own reminder, once.
    expect((await cosell(['map', '--theirs', q1, '--partner', ids.northwind!, '--save'])).code).toBe(0);
    expect(await remindStaleMaps(soon)).toEqual({ reminded: 0 });
    expect(await remindStaleMaps(later)).toEqual({ reminded: 1 });
    expect(await remindStaleMaps(later)).toEqual({ reminded: 0 });
  });

  it('the daily scheduled job reminds about a map saved more than 90 days ago, through the worker, once', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    const saved = await s.store.accountMaps.save({ partnerId: ids.stackly!, createdBy: 'e2e', createdAt: old, hashed: false, summary: {}, entries: [] });
    await s.store.accountMaps.save({ partnerId: ids.northwind!, createdBy: 'e2e', hashed: false, summary: {}, entries: [] });
    const scheduler = createScheduler(s.deps, { holderId: 'only', entries: buildSchedule() });
    await scheduler.start();
    try {
      expect(await scheduler.tick('daily-map-reminders')).toBe(true);
      await s.settle();
      const reminder = await s.store.accountMaps.getReminder(ids.stackly!, saved.id);
      expect(s.hs.admin.getObject('tasks', reminder!.taskId!)?.hs_task_subject).toBe('Refresh the account map with Stackly');
      // Stackly has no owner: the task is unassigned but still on the partner company.
      expect(s.hs.admin.getObject('tasks', reminder!.taskId!)?.hubspot_owner_id ?? '').toBe('');
      expect(s.hs.admin.getAssociations('tasks', reminder!.taskId!, 'companies').map((a) => a.toId)).toEqual([ids.stackly]);
      // The fresh Northwind map gets no reminder; a second run the next day creates nothing new.
      expect(await s.store.accountMaps.getReminder(ids.northwind!, (await s.store.accountMaps.latest(ids.northwind!))!.id)).toBeNull();
      const taskCreates = () => s.hs.admin.requestLog().filter((r) => r.method === 'POST' && r.path.startsWith('/crm/v3/objects/tasks'));
      expect(taskCreates()).toHaveLength(1);
      s.hs.admin.clearRequestLog();
      await s.store.inbox.enqueue([jobItem({ type: 'account-mapping.map-reminders' }, 'next-day', new Date())]);
      await s.settle();
      expect(taskCreates()).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });

  it('the settings endpoints take a list in parts, map it, save it and write the company properties', async () => {
    const header = ['Account Name', 'Website', 'Status', 'Industry'];
    const part0 = await s.card('PUT', '/api/v1/account-maps/uploads/upload-0001', { part: 0, parts: 2, firstRow: 2, header, rows: [['Acme', 'acme.com', 'Customer', 'Software'], ['Freelancer', 'gmail.com', 'Customer', '']] });
    expect(part0).toEqual({ status: 200, json: { uploadId: 'upload-0001', received: 1, parts: 2 } });
    // Running before every part is there says what is missing.
    const early = await s.card('POST', '/api/v1/account-maps/run', { partnerId: ids.northwind, uploadId: 'upload-0001', icp: null, save: true });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.json)).toContain('the upload has 1 of 2 parts');
    await s.card('PUT', '/api/v1/account-maps/uploads/upload-0001', { part: 1, parts: 2, firstRow: 4, header, rows: [['Globex', 'https://globex.co.uk', 'Customer', 'Retail'], ['Wayne', 'wayne.com', 'Customer', 'Software']] });
    const run = await s.card('POST', '/api/v1/account-maps/run', { partnerId: ids.northwind, uploadId: 'upload-0001', icp: { industries: ['Software'] }, save: true });
    expect(run.status).toBe(200);
    const result = run.json as { partner: unknown; savedMapId: string | null; summary: Record<string, number>; matches: unknown[]; whitespace: unknown[]; rejected: unknown[]; newCounts: Record<string, number> };
    expect(result.partner).toEqual({ companyId: ids.northwind, name: 'Northwind' });
    expect(result.savedMapId).toMatch(/^\d+$/);
    expect(result.matches).toEqual([
      { category: 'customer_overlap', domain: 'acme.com', ours: [{ companyId: ids.acme, name: 'Acme Inc' }], theirRows: [2], isNew: true },
      { category: 'prospect_overlap', domain: 'globex.co.uk', ours: [{ companyId: ids.globex, name: 'Globex Ltd' }], theirRows: [4], isNew: true },
    ]);
    expect(result.whitespace).toEqual([{ domain: 'wayne.com', name: 'Wayne', theirRows: [5], icp: true, isNew: true }]);
    expect(result.rejected).toEqual([{ row: 3, value: 'gmail.com', reason: 'free-mail domain' }]);
    expect(result.newCounts).toEqual({ customer_overlap: 1, prospect_overlap: 1, our_customer_their_prospect: 0, both_prospects: 0, whitespace: 1 });
    // The parts are gone once the map ran; the write-back ran through the worker.
    expect(await s.store.accountMaps.uploadParts('upload-0001')).toEqual([]);
    await s.settle();
    expect(overlap('globex').slice(0, 3)).toEqual(['Northwind', 'prospect_overlap', 'Northwind']);
    // The scorecard shows the map.
    const card = await s.card('GET', `/api/v1/partners/${ids.northwind}/scorecard`);
    expect((card.json as { accountMap: unknown }).accountMap).toMatchObject({ previousMappedAt: null, counts: { customer_overlap: 1, prospect_overlap: 1, whitespace: 1 }, newCounts: { whitespace: 1 } });
  });
});
