import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAllHsProfiles, loadHsProfileFile, validateProfileVariables } from '@hubspot/project-parsing-lib/profiles';
import { isKnownPlatformVersion } from '@hubspot/project-parsing-lib/projects';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHubspotProject, readDependencies, satisfiesSpec } from './check-hubspot-project';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const installedVersion = (name: string) =>
  (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A scratch copy of the project (hsproject.json + extensions/) to break on purpose. */
function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-project-'));
  temps.push(dir);
  cpSync(path.join(root, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  cpSync(path.join(root, 'extensions'), path.join(dir, 'extensions'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

describe('HubSpot project structure (offline, @hubspot/project-parsing-lib)', () => {
  it('has a valid project config on platform 2026.03 pointing at extensions/', async () => {
    const { config } = await checkHubspotProject(root);
    expect(config).toMatchObject({ name: 'cosell-attribution', srcDir: 'extensions', platformVersion: '2026.03' });
    expect(isKnownPlatformVersion(config.platformVersion)).toBe(true);
  });

  it('finds every component where HubSpot expects it, with valid unique uids and nothing skipped', async () => {
    const { ir, problems, countByType } = await checkHubspotProject(root);
    expect(problems).toEqual([]);
    const byPath = Object.fromEntries(Object.values(ir.intermediateNodesIndexedByUid).map((n) => [n.metaFilePath, n.componentType]));
    expect(byPath).toEqual({
      'app/app-hsmeta.json': 'APPLICATION',
      'app/cards/deal-cosell-card-hsmeta.json': 'CARD',
      'app/cards/partner-scorecard-card-hsmeta.json': 'CARD',
      'app/settings/settings-hsmeta.json': 'SETTINGS',
      'app/webhooks/webhooks-hsmeta.json': 'WEBHOOKS',
    });
    expect(countByType.get('card')).toBe(2);
    // Every child component depends on the one app component.
    const appUid = Object.values(ir.intermediateNodesIndexedByUid).find((n) => n.componentType === 'APPLICATION')?.uid;
    for (const node of Object.values(ir.intermediateNodesIndexedByUid)) {
      if (node.componentType !== 'APPLICATION') expect(node.componentDeps.app).toBe(appUid);
    }
  });

  it('declares a static-auth private app with the smallest scopes and the backend as the only fetch origin', async () => {
    const { ir } = await checkHubspotProject(root);
    const app = Object.values(ir.intermediateNodesIndexedByUid).find((n) => n.componentType === 'APPLICATION')!;
    const config = app.config as {
      distribution: string;
      auth: { type: string; requiredScopes: string[]; optionalScopes: string[] };
      permittedUrls: { fetch: string[] };
    };
    expect(config.distribution).toBe('private');
    expect(config.auth.type).toBe('static');
    expect([...config.auth.requiredScopes].sort()).toEqual(
      [
        'oauth',
        'crm.objects.deals.read',
        'crm.objects.deals.write',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.schemas.deals.read',
        'crm.schemas.deals.write',
        'crm.schemas.companies.read',
        'crm.schemas.companies.write',
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        // Names of users (owners) and the scorecard's home-currency total (docs/hubspot.md §4.8, §4.10).
        'crm.objects.owners.read',
        'settings.currencies.read',
      ].sort(),
    );
    expect(config.auth.optionalScopes).toEqual([]);
    expect(config.permittedUrls.fetch).toEqual(['${BACKEND_URL}']);
  });

  it('places the cards on deals and companies as record tabs', async () => {
    const { ir } = await checkHubspotProject(root);
    const cards = Object.values(ir.intermediateNodesIndexedByUid)
      .filter((n) => n.componentType === 'CARD')
      .map((n) => n.config as { location: string; objectTypes: string[] });
    expect(cards.map((c) => [c.location, c.objectTypes])).toEqual(
      expect.arrayContaining([
        ['crm.record.tab', ['deals']],
        ['crm.record.tab', ['companies']],
      ]),
    );
  });

  it('has local and production profiles whose BACKEND_URL fills permittedUrls.fetch and the webhook target', async () => {
    const srcDir = path.join(root, 'extensions');
    expect((await getAllHsProfiles(srcDir)).sort()).toEqual(['local', 'production']);
    for (const name of ['local', 'production']) {
      const profile = loadHsProfileFile(srcDir, name);
      expect(typeof profile.accountId).toBe('number');
      expect(validateProfileVariables(profile.variables ?? {}, `hsprofile.${name}.json`).success).toBe(true);
      const backend = String(profile.variables?.BACKEND_URL);
      expect(backend).toMatch(/^https:\/\/[^/]+$/);
      const { ir, problems } = await checkHubspotProject(root, { profile: name });
      expect(problems).toEqual([]);
      const nodes = Object.values(ir.intermediateNodesIndexedByUid);
      expect((nodes.find((n) => n.componentType === 'APPLICATION')!.config as { permittedUrls: { fetch: string[] } }).permittedUrls.fetch).toEqual([backend]);
      expect((nodes.find((n) => n.componentType === 'WEBHOOKS')!.config as { settings: { targetUrl: string } }).settings.targetUrl).toBe(
        `${backend}/webhooks/hubspot`,
      );
      expect(ir.profileData?.vars.profileVariables.BACKEND_URL).toEqual({ variableType: 'PROFILE_STRING', value: backend });
    }
  });

  it('pins React 18.3.1 in one package.json per extension point, satisfied by the root install', () => {
    for (const point of ['cards', 'settings']) {
      const deps = readDependencies(path.join(root, 'extensions/app', point));
      expect(deps.react).toBe('18.3.1');
      expect(Object.keys(deps).sort()).toEqual(['@hubspot/ui-extensions', 'react', 'zod']);
      for (const [name, spec] of Object.entries(deps)) {
        expect(satisfiesSpec(installedVersion(name), spec), `${name}@${installedVersion(name)} vs ${spec}`).toBe(true);
      }
    }
  });

  it('reports a component in the wrong place, a skipped hsmeta, a bad uid, a second settings page and a missing entrypoint', async () => {
    const dir = copyProject();
    const cards = path.join(dir, 'extensions/app/cards');
    const deal = JSON.parse(readFileSync(path.join(cards, 'deal-cosell-card-hsmeta.json'), 'utf8')) as { uid: string; config: { entrypoint: string } };
    writeFileSync(path.join(cards, 'deal-cosell-card-hsmeta.json'), JSON.stringify({ ...deal, uid: 'deal card!' }));
    mkdirSync(path.join(cards, 'nested'));
    writeFileSync(path.join(cards, 'nested/extra-hsmeta.json'), JSON.stringify({ ...deal, uid: 'extra' }));
    writeFileSync(
      path.join(dir, 'extensions/app/settings/second-hsmeta.json'),
      JSON.stringify({ uid: 'second_settings', type: 'settings', config: { entrypoint: '/app/settings/missing.tsx' } }),
    );
    renameSync(path.join(dir, 'extensions/app/cards/partner-scorecard-card-hsmeta.json'), path.join(dir, 'extensions/app/settings/partner-scorecard-card-hsmeta.json'));
    const { problems } = await checkHubspotProject(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app\/cards\/nested\/extra-hsmeta.json: skipped/),
        expect.stringMatching(/^app\/cards\/deal-cosell-card-hsmeta.json: .*uid/i),
        'app/settings/partner-scorecard-card-hsmeta.json: a card belongs in app/cards/',
        'app/settings/second-hsmeta.json: entrypoint /app/settings/missing.tsx does not exist',
        'settings: at most one allowed, found 2',
      ]),
    );
  });

  it('reports a duplicate uid', async () => {
    const dir = copyProject();
    const scorecard = path.join(dir, 'extensions/app/cards/partner-scorecard-card-hsmeta.json');
    writeFileSync(scorecard, JSON.stringify({ ...JSON.parse(readFileSync(scorecard, 'utf8')), uid: 'cosell_deal_card' }));
    const { problems } = await checkHubspotProject(dir);
    expect(problems.join('\n')).toMatch(/cosell_deal_card/);
  });

  it('checks caret and exact specs like npm', () => {
    expect(satisfiesSpec('0.17.4', '^0.17.0')).toBe(true);
    expect(satisfiesSpec('0.18.0', '^0.17.0')).toBe(false);
    expect(satisfiesSpec('4.6.7', '^4.6.7')).toBe(true);
    expect(satisfiesSpec('4.6.6', '^4.6.7')).toBe(false);
    expect(satisfiesSpec('5.0.0', '^4.6.7')).toBe(false);
    expect(satisfiesSpec('18.3.1', '18.3.1')).toBe(true);
    expect(satisfiesSpec('18.3.2', '18.3.1')).toBe(false);
  });
});
