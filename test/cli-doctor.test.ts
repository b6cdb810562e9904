import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run as doctor } from '../src/cli/doctor';
import type { DoctorCheck } from '../src/cli/doctor';
import { main } from '../src/cli/main';
import type { EmulatorHandle } from '../src/emulator';
import { startEmulator } from '../src/emulator';
import { runSetup } from '../src/hubspot/provisioning';
import { captureCliIo } from './support/capture-cli-io';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cosell-doctor-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function profile(name: string, content: unknown): string {
  const file = join(dir, `hsprofile.${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function runJson(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; report: { ok: boolean; problems: number; checks: DoctorCheck[] } }> {
  const { io, out } = captureCliIo(env);
  const code = await doctor([...args, '--json'], io);
  return { code, report: JSON.parse(out()) as { ok: boolean; problems: number; checks: DoctorCheck[] } };
}

const statusOf = (checks: DoctorCheck[], check: DoctorCheck['check']) => checks.find((c) => c.check === check)?.status;

describe('cosell doctor: the deploy profile and PUBLIC_URL', () => {
  it('flags the shipped profiles: accountId 0 is refused by the HubSpot CLI', async () => {
    const { io, out } = captureCliIo({ PUBLIC_URL: 'https://cosell.example.com' });
    expect(await doctor([], io)).toBe(1);
    expect(out()).toContain('accountId in ');
    expect(out()).toContain('hsprofile.production.json is 0: set it to the id of the HubSpot account');
    expect(out()).toContain('1 problem(s) to fix before a deploy.');
    // The local profile has the same gap.
    const local = await runJson(['--profile', 'local'], { PUBLIC_URL: 'https://cosell-local.example.com' });
    expect(local.code).toBe(1);
    expect(statusOf(local.report.checks, 'account-id')).toBe('problem');
  });

  it('passes a complete profile whose BACKEND_URL equals PUBLIC_URL, and says the portal was not checked without a token', async () => {
    const file = profile('good', { accountId: 2100001, variables: { BACKEND_URL: 'https://cosell.example.com' } });
    const { io, out } = captureCliIo({ PUBLIC_URL: 'https://cosell.example.com/' });
    expect(await doctor(['--profile-file', file], io)).toBe(0);
    expect(out()).toContain('Ready to deploy: nothing wrong found.');
    const { report } = await runJson(['--profile-file', file], { PUBLIC_URL: 'https://cosell.example.com' });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['profile', 'ok'],
      ['account-id', 'ok'],
      ['backend-url', 'ok'],
      ['public-url', 'ok'],
      ['portal-schema', 'skipped'],
    ]);
  });

  it('names each problem: http BACKEND_URL, PUBLIC_URL unset or different, HUBSPOT_PORTAL_ID of another account, a missing or broken file', async () => {
    const http = profile('http', { accountId: 5, variables: { BACKEND_URL: 'http://cosell.example.com' } });
    const r1 = await runJson(['--profile-file', http], { PUBLIC_URL: 'http://cosell.example.com' });
    expect(r1.code).toBe(1);
    expect(r1.report.checks.find((c) => c.check === 'backend-url')?.message).toContain('must be an https origin');

    const good = profile('good2', { accountId: 5, variables: { BACKEND_URL: 'https://cosell.example.com' } });
    const r2 = await runJson(['--profile-file', good], {});
    expect(r2.report.checks.find((c) => c.check === 'public-url')?.message).toMatch(/^PUBLIC_URL is not set: .*\(https:\/\/cosell\.example\.com\)/);
    const r3 = await runJson(['--profile-file', good], { PUBLIC_URL: 'https://other.example.com', HUBSPOT_PORTAL_ID: '6' });
    expect(r3.report.problems).toBe(2);
    expect(r3.report.checks.find((c) => c.check === 'public-url')?.message).toContain('PUBLIC_URL is https://other.example.com but the profile\'s BACKEND_URL is https://cosell.example.com');
    expect(r3.report.checks.find((c) => c.check === 'portal-id')?.message).toContain('HUBSPOT_PORTAL_ID is 6 but the profile uploads to account 5');

    const r4 = await runJson(['--profile-file', join(dir, 'absent.json')], { PUBLIC_URL: 'https://x.example' });
    expect(r4.code).toBe(1);
    expect(r4.report.checks[0]).toMatchObject({ check: 'profile', status: 'problem' });
    expect(r4.report.checks[0]!.message).toContain('does not exist');
    const r5 = await runJson(['--profile-file', profile('broken', '{ accountId: ')], { PUBLIC_URL: 'https://x.example' });
    expect(r5.report.checks[0]!.message).toContain('could not be read as JSON');
  });

  it('is registered in the command table and refuses unknown options with exit 2', async () => {
    const help = captureCliIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/doctor +check the deploy profile/);
    const bad = captureCliIo();
    expect(await doctor(['--frobnicate'], bad.io)).toBe(2);
    expect(bad.err()).toContain('unknown option "--frobnicate"');
    const noValue = captureCliIo();
    expect(await doctor(['--profile'], noValue.io)).toBe(2);
  });
});

describe('cosell doctor: the portal schema (against the emulator)', () => {
  let hs: EmulatorHandle;
  let file: string;
  beforeEach(async () => {
    hs = await startEmulator({ port: 0 });
    file = profile('portal', { accountId: Number(hs.portalId), variables: { BACKEND_URL: 'https://cosell.example.com' } });
  });
  afterEach(async () => {
    await hs.close();
  });
  const env = () => ({ PUBLIC_URL: 'https://cosell.example.com', HUBSPOT_ACCESS_TOKEN: hs.accessToken, HUBSPOT_BASE_URL: hs.baseUrl, HUBSPOT_PORTAL_ID: hs.portalId });

  it('an unprovisioned portal: names the missing labels and properties and says to run setup; after setup --apply it passes', async () => {
    const before = await runJson(['--profile-file', file], env());
    expect(before.code).toBe(1);
    const schema = before.report.checks.find((c) => c.check === 'portal-schema')!;
    expect(schema.status).toBe('problem');
    expect(schema.message).toContain('deal→company association label "Sourcing partner"');
    expect(schema.message).toContain('property deals.cosell_pool_amount');
    expect(schema.message).toContain('npx cosell setup --apply');
    // A dry run: the doctor changed nothing.
    expect((await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: false })).actions.length).toBeGreaterThan(0);

    await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
    const after = await runJson(['--profile-file', file], env());
    expect(after.code).toBe(0);
    expect(statusOf(after.report.checks, 'portal-schema')).toBe('ok');
    expect(statusOf(after.report.checks, 'portal-id')).toBe('ok');
  });

  it('a rejected token is a problem in plain words, not a crash', async () => {
    const { code, report } = await runJson(['--profile-file', file], { ...env(), HUBSPOT_ACCESS_TOKEN: 'not-the-token' });
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.check === 'portal-schema')?.message).toMatch(/^could not read the portal's schema at http:\/\/127\.0\.0\.1:\d+: .*check HUBSPOT_ACCESS_TOKEN/);
  });
});
