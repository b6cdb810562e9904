import { captureCliIo } from '../support/capture-cli-io';
import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as runSetupCli } from '../../src/cli/setup';
import { APP_SCHEMA } from '../../src/hubspot/app-schema';
import { startEmulator, type EmulatorHandle } from '../../src/emulator';
import { planSetup, runSetup, type PortalSchema } from '../../src/hubspot/provisioning';

let hs: EmulatorHandle;
beforeEach(async () => {
  hs = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await hs.close();
});

const expectedChangeCount =
  2 /* groups */ + APP_SCHEMA.properties.deals.length + APP_SCHEMA.properties.companies.length + APP_SCHEMA.dealCompanyLabels.length;


describe('runSetup against the emulator', () => {
  it('dry run lists every change and changes nothing; apply makes them; the next run has nothing to do', async () => {
    const dry = await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: false });
    expect(dry.applied).toBe(false);
    expect(dry.actions).toHaveLength(expectedChangeCount);
    expect(dry.warnings).toEqual([]);
    expect((await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: false })).actions).toHaveLength(expectedChangeCount);

    const applied = await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
    expect(applied.applied).toBe(true);
    expect(applied.done).toHaveLength(expectedChangeCount);

    const again = await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
    expect(again.actions).toEqual([]);
    expect(again.warnings).toEqual([]);

    // What HubSpot now holds, read with the official client.
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.baseUrl });
    const partnerType = await client.crm.properties.coreApi.getByName('companies', 'cosell_partner_type');
    expect(partnerType).toMatchObject({ type: 'enumeration', fieldType: 'select', groupName: 'cosell' });
    expect(partnerType.options.map((x) => x.value)).toEqual(['reseller', 'technology', 'services', 'referral']);
    const model = await client.crm.properties.coreApi.getByName('deals', 'cosell_model');
    expect(model.options.map((x) => x.value)).toEqual(['none', 'solo', 'sell_with', 'sell_through', 'sell_to']);
    const conflict = await client.crm.properties.coreApi.getByName('deals', 'cosell_conflict');
    expect(conflict).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox' });
    for (const name of ['cosell_technical_validation_partner', 'cosell_technical_validation_amount', 'cosell_split_summary', 'cosell_pool_amount']) {
      expect((await client.crm.properties.coreApi.getByName('deals', name)).groupName).toBe('cosell');
    }
    const labels = await client.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
    const userLabels = labels.results.filter((l) => l.category === 'USER_DEFINED').map((l) => l.label);
    expect(userLabels.sort()).toEqual(['Implementation partner', 'Influence partner', 'Selling partner', 'Sourcing partner', 'Technical validation partner']);
  });

  it('never rewrites a customer change: warns, adds only missing enum options, keeps the customer’s own', async () => {
    await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.baseUrl });
    // The customer renames a property and replaces an option of the model enum with their own.
    await client.crm.properties.coreApi.update('deals', 'cosell_pool_amount', { label: 'Partner pool ($)' });
    await client.crm.properties.coreApi.update('deals', 'cosell_model', {
      options: [
        { value: 'none', label: 'None', hidden: false, displayOrder: 0 },
        { value: 'solo', label: 'Solo partner', hidden: false, displayOrder: 1 },
        { value: 'sell_with', label: 'Sell with', hidden: false, displayOrder: 2 },
        { value: 'sell_through', label: 'Sell through', hidden: false, displayOrder: 3 },
        { value: 'marketplace', label: 'Marketplace', hidden: false, displayOrder: 9 },
      ],
    });

    const dry = await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: false });
    expect(dry.actions).toEqual([expect.objectContaining({ kind: 'add-options', objectType: 'deals', property: 'cosell_model', add: [expect.objectContaining({ value: 'sell_to' })] })]);
    expect(dry.warnings).toHaveLength(2);
    expect(dry.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/customer changed deals\.cosell_pool_amount label to "Partner pool \(\$\)".*left as is/),
        expect.stringMatching(/deals\.cosell_model has option\(s\) the app does not know: marketplace/),
      ]),
    );

    await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
    const model = await client.crm.properties.coreApi.getByName('deals', 'cosell_model');
    expect(model.options.map((x) => x.value).sort()).toEqual(['marketplace', 'none', 'sell_through', 'sell_to', 'sell_with', 'solo']);
    expect((await client.crm.properties.coreApi.getByName('deals', 'cosell_pool_amount')).label).toBe('Partner pool ($)');
    const after = await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: false });
    expect(after.actions).toEqual([]);
    expect(after.warnings).toHaveLength(2);
  });

  it('a wrong token is a clear permanent error', async () => {
    await expect(runSetup({ baseUrl: hs.baseUrl, accessToken: 'not-the-token', apply: false })).rejects.toMatchObject({ status: 401, retryable: false });
  });
});

describe('planSetup (pure)', () => {
  const empty: PortalSchema = { groups: { deals: [], companies: [] }, properties: { deals: [], companies: [] }, dealCompanyLabels: [] };
  it('creates groups before their properties', () => {
    const plan = planSetup(APP_SCHEMA, empty);
    const firstProperty = plan.actions.findIndex((a) => a.kind === 'create-property' && a.objectType === 'deals');
    const dealGroup = plan.actions.findIndex((a) => a.kind === 'create-group' && a.objectType === 'deals');
    expect(dealGroup).toBeGreaterThanOrEqual(0);
    expect(dealGroup).toBeLessThan(firstProperty);
  });
  it('a property whose type the customer changed is reported, not touched', () => {
    const portal: PortalSchema = {
      ...empty,
      properties: {
        deals: [],
        companies: [{ name: 'cosell_partner_type', label: 'Co-sell partner type', type: 'string', fieldType: 'text', groupName: 'cosell', options: [] }],
      },
    };
    const plan = planSetup(APP_SCHEMA, portal);
    expect(plan.actions.some((a) => (a.kind === 'create-property' || a.kind === 'add-options') && a.objectType === 'companies' && (a.kind === 'add-options' ? a.property : a.property.name) === 'cosell_partner_type')).toBe(false);
    expect(plan.warnings).toEqual([expect.stringContaining('customer changed companies.cosell_partner_type type to string')]);
  });
});

describe('npx cosell setup', () => {
  it('without a token: exit 2 and a message naming HUBSPOT_ACCESS_TOKEN', async () => {
    const c = captureCliIo({});
    expect(await runSetupCli([], c.io)).toBe(2);
    expect(c.err()).toContain('HUBSPOT_ACCESS_TOKEN is not set');
    expect(c.out()).toBe('');
  });

  it('dry run by default, --apply applies, second run says nothing to do; --json prints one JSON line', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: hs.accessToken, HUBSPOT_BASE_URL: hs.baseUrl };
    const dry = captureCliIo(env);
    expect(await runSetupCli([], dry.io)).toBe(0);
    expect(dry.out()).toContain(`Would apply (dry run; use --apply) ${expectedChangeCount} change(s)`);
    expect(dry.out()).toContain('+ create deal→company association label "Sourcing partner" (cosell_sourcing_partner)');

    const apply = captureCliIo(env);
    expect(await runSetupCli(['--apply', '--json'], apply.io)).toBe(0);
    const lines = apply.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { applied: boolean; changes: unknown[]; done: unknown[] };
    expect(parsed.applied).toBe(true);
    expect(parsed.done).toHaveLength(expectedChangeCount);

    const again = captureCliIo(env);
    expect(await runSetupCli(['--apply'], again.io)).toBe(0);
    expect(again.out()).toContain('nothing to do');
  });

  it('rejects unknown options and a bad base URL with exit 2', async () => {
    const a = captureCliIo({ HUBSPOT_ACCESS_TOKEN: 'x' });
    expect(await runSetupCli(['--force'], a.io)).toBe(2);
    expect(a.err()).toContain('unknown option "--force"');
    const b = captureCliIo({ HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_BASE_URL: 'not a url' });
    expect(await runSetupCli([], b.io)).toBe(2);
    expect(b.err()).toContain('HUBSPOT_BASE_URL');
  });

  it('a rejected token: exit 1 with a hint', async () => {
    const c = captureCliIo({ HUBSPOT_ACCESS_TOKEN: 'wrong', HUBSPOT_BASE_URL: hs.baseUrl });
    expect(await runSetupCli([], c.io)).toBe(1);
    expect(c.err()).toMatch(/401.*check HUBSPOT_ACCESS_TOKEN/);
  });
});
