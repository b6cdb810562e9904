import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as setup } from '../src/cli/setup';
import type { EmulatorHandle } from '../src/emulator';
import { startEmulator } from '../src/emulator';
import { createStore } from '../src/store';
import { captureCliIo } from './support/capture-cli-io';

let dir: string;
let hs: EmulatorHandle;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cosell-alloc-setup-'));
  hs = await startEmulator();
});
afterAll(async () => {
  await hs.close();
  rmSync(dir, { recursive: true, force: true });
});

const schemas = async (h: EmulatorHandle) => {
  const res = await fetch(`${h.baseUrl}/crm/v3/schemas`, { headers: { authorization: `Bearer ${h.accessToken}` } });
  return ((await res.json()) as { results: Array<{ name: string; labels: { singular: string }; primaryDisplayProperty: string; properties: Array<{ name: string; hasUniqueValue: boolean }> }> }).results;
};

describe('cosell setup --allocations-object', () => {
  it('dry run by default: says what it would create and creates nothing', async () => {
    const { io, out } = captureCliIo({ HUBSPOT_ACCESS_TOKEN: hs.accessToken, HUBSPOT_BASE_URL: hs.baseUrl, SQLITE_PATH: join(dir, 'a.db') });
    expect(await setup(['--allocations-object'], io)).toBe(0);
    expect(out()).toContain('Would create the "Partner allocation" custom object');
    expect(out()).toContain('Dry run: nothing changed');
    expect(await schemas(hs)).toEqual([]);
  });

  it('--apply creates the schema and turns the records on in the store; a second run has nothing to create', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: hs.accessToken, HUBSPOT_BASE_URL: hs.baseUrl, SQLITE_PATH: join(dir, 'a.db') };
    const first = captureCliIo(env);
    expect(await setup(['--allocations-object', '--apply', '--json'], first.io)).toBe(0);
    const report = JSON.parse(first.out()) as { schema: string; objectTypeId: string; recordsEnabled: boolean };
    expect(report).toMatchObject({ schema: 'created', recordsEnabled: true });
    expect(report.objectTypeId).toMatch(/^2-\d+$/);
    const [schema] = await schemas(hs);
    expect(schema).toMatchObject({ name: 'cosell_partner_allocation', labels: { singular: 'Partner allocation' }, primaryDisplayProperty: 'cosell_allocation_name' });
    expect(schema!.properties.find((p) => p.name === 'cosell_allocation_key')?.hasUniqueValue).toBe(true);
    expect(schema!.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['cosell_deal_id', 'cosell_partner_company_id', 'cosell_weight', 'cosell_share', 'cosell_amount', 'cosell_status', 'cosell_rule_version']));

    const store = await createStore({ sqlitePath: join(dir, 'a.db') });
    try {
      expect((await store.appSettings.get('allocationsObject'))?.value).toEqual({ enabled: true });
    } finally {
      await store.close();
    }

    const second = captureCliIo(env);
    expect(await setup(['--allocations-object', '--apply'], second.io)).toBe(0);
    expect(second.out()).toContain(`The "Partner allocation" object exists (${report.objectTypeId}): nothing to create.`);
    expect(await schemas(hs)).toHaveLength(1);
  });

  it('a portal without custom objects (403) says so and exits 1', async () => {
    const plain = await startEmulator({ customObjects: false });
    try {
      const { io, err } = captureCliIo({ HUBSPOT_ACCESS_TOKEN: plain.accessToken, HUBSPOT_BASE_URL: plain.baseUrl, SQLITE_PATH: join(dir, 'b.db') });
      expect(await setup(['--allocations-object'], io)).toBe(1);
      expect(err()).toContain('custom objects need an Enterprise subscription');
      expect(err()).toContain('crm.schemas.custom.write');
    } finally {
      await plain.close();
    }
  });
});
