import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAllHsProfiles, loadHsProfileFile, validateProfileVariables } from '@hubspot/project-parsing-lib/profiles';
import { isKnownPlatformVersion } from '@hubspot/project-parsing-lib/projects';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEntriesAlone, checkHubspotProject, checkWorkspaces, readDependencies, satisfiesSpec, uploadedFiles } from './check-hubspot-project';

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
/** A scratch copy of only what `hs project upload` would send (hsproject.json + the archive of extensions/). */
function copyUploadedProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-upload-'));
  temps.push(dir);
  cpSync(path.join(root, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  for (const file of uploadedFiles(path.join(root, 'extensions'))) {
    mkdirSync(path.dirname(path.join(dir, 'extensions', file)), { recursive: true });
    cpSync(path.join(root, 'extensions', file), path.join(dir, 'extensions', file));
  }
  return dir;
}
/** The entry files of the project's components, relative to srcDir (`app/cards/…-entry.tsx`). */
async function entrypoints(projectDir: string): Promise<string[]> {
  const { ir } = await checkHubspotProject(projectDir);
  return Object.values(ir.intermediateNodesIndexedByUid)
    .map((n) => (n.config as { entrypoint?: string } | null)?.entrypoint)
    .filter((e): e is string => typeof e === 'string')
    .map((e) => e.replace(/^\//, ''))
    .sort();
}
const WORKSPACE_DIRS = ['app/cards', 'app/packages/card-kit', 'app/packages/card-test-support', 'app/packages/contract', 'app/settings'];

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
        // Names of users (owners) and the scorecard's home-currency total (docs/hubspot.md §4.8, §4.11).
        'crm.objects.owners.read',
        'settings.currencies.read',
      ].sort(),
    );
    // The optional Partner allocation custom object (Enterprise portals; docs/hubspot.md "Custom objects:
    // the Partner allocation object"): optional, so portals without custom objects can still install.
    expect([...config.auth.optionalScopes].sort()).toEqual(['crm.objects.custom.read', 'crm.objects.custom.write', 'crm.schemas.custom.read', 'crm.schemas.custom.write']);
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

  it('pins React 18.3.1 in each extension point, which uses the shared packages by name and fixtures only as a dev dependency', () => {
    for (const point of ['cards', 'settings']) {
      const deps = readDependencies(path.join(root, 'extensions/app', point));
      expect(deps.react).toBe('18.3.1');
      expect(Object.keys(deps).sort()).toEqual(['@cosell/card-kit', '@cosell/contract', '@hubspot/ui-extensions', 'react']);
      const pkg = JSON.parse(readFileSync(path.join(root, 'extensions/app', point, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      expect(Object.keys(pkg.devDependencies)).toContain('@cosell/card-test-support');
    }
    for (const dir of ['cards', 'settings', 'packages/contract', 'packages/card-kit']) {
      for (const [name, spec] of Object.entries(readDependencies(path.join(root, 'extensions/app', dir)))) {
        if (name.startsWith('@cosell/')) continue;
        expect(satisfiesSpec(installedVersion(name), spec), `${dir}: ${name}@${installedVersion(name)} vs ${spec}`).toBe(true);
      }
    }
  });

  it('makes extensions/app an npm workspace root, collected by the parser with every workspace inside extensions/', async () => {
    const { roots, members, problems } = await checkWorkspaces(path.join(root, 'extensions'));
    expect(problems).toEqual([]);
    expect(roots).toEqual(['app/package.json']);
    expect(members.map((m) => m.dir)).toEqual(WORKSPACE_DIRS);
    expect(members.map((m) => m.name).sort()).toEqual(['@cosell/card-kit', '@cosell/card-test-support', '@cosell/contract', 'cosell-cards', 'cosell-settings']);
  });

  it('installs the same workspaces with one npm ci at the repository root, and resolves the contract from there', async () => {
    const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
    const dirs = new Set<string>();
    for (const pattern of rootPkg.workspaces) {
      const base = path.join(root, pattern.replace(/\/\*$/, ''));
      const found = pattern.endsWith('/*') ? readdirSync(base).map((d) => path.join(base, d)) : [base];
      for (const dir of found) dirs.add(path.relative(path.join(root, 'extensions'), dir).split(path.sep).join('/'));
    }
    expect([...dirs].sort()).toEqual(WORKSPACE_DIRS);
    // The root install links each workspace package, so the backend's import resolves to the same file.
    expect(realpathSync(path.join(root, 'node_modules/@cosell/contract'))).toBe(realpathSync(path.join(root, 'extensions/app/packages/contract')));
    const backend = await import('../../src/contract/card-api');
    const shared = await import('@cosell/contract');
    expect(backend.cardApi).toBe(shared.cardApi);
  });

  it('keeps both lock files in step with the workspaces (npm ci at the root and in extensions/app)', async () => {
    const { members } = await checkWorkspaces(path.join(root, 'extensions'));
    const locks = [
      { file: 'extensions/app/package-lock.json', key: (dir: string) => dir.replace(/^app\//, '') },
      { file: 'package-lock.json', key: (dir: string) => `extensions/${dir}` },
    ];
    for (const lock of locks) {
      const packages = (JSON.parse(readFileSync(path.join(root, lock.file), 'utf8')) as { packages: Record<string, Record<string, unknown>> }).packages;
      for (const member of members) {
        const entry = packages[lock.key(member.dir)];
        expect(entry, `${lock.file}: ${member.dir}`).toBeDefined();
        expect(entry!.name).toBe(member.name);
        expect(entry!.dependencies ?? {}, `${lock.file}: ${member.dir} dependencies`).toEqual(member.packageJson.dependencies ?? {});
        expect(entry!.devDependencies ?? {}, `${lock.file}: ${member.dir} devDependencies`).toEqual(member.packageJson.devDependencies ?? {});
        expect(packages[`node_modules/${member.name}`], `${lock.file}: link for ${member.name}`).toMatchObject({ link: true, resolved: lock.key(member.dir) });
      }
    }
  });

  it('uploads tests and fixtures nowhere: the archive keeps the test-support package.json and drops its sources', () => {
    const files = uploadedFiles(path.join(root, 'extensions'));
    expect(files).toEqual(expect.arrayContaining(['app/package.json', 'app/package-lock.json', 'app/packages/card-test-support/package.json', 'app/packages/contract/src/card-api.ts', 'app/cards/deal-cosell-card-entry.tsx']));
    expect(files.filter((f) => /\.test\.tsx?$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('app/packages/card-test-support/'))).toEqual(['app/packages/card-test-support/package.json']);
  });

  it('builds every entry point from the uploaded files alone, with the shared packages and without test support', async () => {
    const dir = copyUploadedProject();
    const entries = await entrypoints(dir);
    expect(entries).toEqual(['app/cards/deal-cosell-card-entry.tsx', 'app/cards/partner-scorecard-card-entry.tsx', 'app/settings/settings-page-entry.tsx']);
    const { problems } = await checkWorkspaces(path.join(dir, 'extensions'));
    expect(problems).toEqual([]);
    for (const built of await buildEntriesAlone(path.join(dir, 'extensions'), entries)) {
      expect(built.problems, built.entrypoint).toEqual([]);
      expect(built.inputs).toContain(built.entrypoint);
      expect(built.inputs).toContain('app/packages/contract/src/card-api.ts');
      expect(built.inputs).toContain('app/packages/card-kit/src/hubspot-fetcher.ts');
      expect(built.inputs.filter((f) => !f.startsWith('app/'))).toEqual([]);
      expect(built.inputs.filter((f) => f.includes('card-test-support') || /\.test\.tsx?$/.test(f))).toEqual([]);
      expect(built.registryPackages).toEqual(['@hubspot/ui-extensions', 'react', 'zod']);
    }
  });

  it('fails the build on an import out of its package, an undeclared dependency and test support in an entry', async () => {
    const dir = copyProject();
    const app = path.join(dir, 'extensions/app');
    const prepend = (file: string, line: string) => writeFileSync(path.join(app, file), `${line}\n${readFileSync(path.join(app, file), 'utf8')}`);
    prepend('cards/deal-cosell-card-entry.tsx', "import '../settings/components/rule-set-form';");
    prepend('packages/card-kit/src/labels.ts', "import '../../contract/src/card-api';");
    prepend('cards/partner-scorecard-card-entry.tsx', "import '@cosell/card-test-support';");
    prepend('settings/settings-page-entry.tsx', "import 'left-pad';");
    const built = await buildEntriesAlone(path.join(dir, 'extensions'), await entrypoints(dir));
    const problems = built.flatMap((b) => b.problems);
    expect(problems).toEqual(
      expect.arrayContaining([
        'app/cards/deal-cosell-card-entry.tsx imports ../settings/components/rule-set-form, outside its package app/cards/',
        'app/packages/card-kit/src/labels.ts imports ../../contract/src/card-api, outside its package app/packages/card-kit/',
        'app/cards/partner-scorecard-card-entry.tsx imports @cosell/card-test-support, which app/cards/package.json does not list in dependencies',
        'app/settings/settings-page-entry.tsx imports left-pad, which app/settings/package.json does not list in dependencies',
      ]),
    );
  });

  it('reports a workspace outside extensions/, a file: dependency and a package no workspace provides', async () => {
    const dir = copyProject();
    mkdirSync(path.join(dir, 'outside'));
    writeFileSync(path.join(dir, 'outside/package.json'), JSON.stringify({ name: '@cosell/outside', version: '0.1.0' }));
    const appPkg = path.join(dir, 'extensions/app/package.json');
    const app = JSON.parse(readFileSync(appPkg, 'utf8')) as { workspaces: string[] };
    writeFileSync(appPkg, JSON.stringify({ ...app, workspaces: [...app.workspaces, '../../outside'] }));
    const cardsPkg = path.join(dir, 'extensions/app/cards/package.json');
    const cards = JSON.parse(readFileSync(cardsPkg, 'utf8')) as { dependencies: Record<string, string> };
    writeFileSync(cardsPkg, JSON.stringify({ ...cards, dependencies: { ...cards.dependencies, '@cosell/payouts': '0.1.0', '@cosell/contract': '0.2.0', helper: 'file:../helper' } }));
    mkdirSync(path.join(dir, 'extensions/app/helper'));
    writeFileSync(path.join(dir, 'extensions/app/helper/package.json'), JSON.stringify({ name: 'helper', version: '1.0.0' }));
    const { problems } = await checkWorkspaces(path.join(dir, 'extensions'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app\/package.json: workspace .*outside is outside extensions\/$/),
        'app/cards/package.json: helper is a file: dependency; share code as a workspace',
        'app/cards/package.json: @cosell/payouts is not a workspace; npm would fetch it from the registry',
        "app/cards/package.json: @cosell/contract@0.2.0 does not match the workspace's 0.1.0; npm would fetch it from the registry",
      ]),
    );
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
