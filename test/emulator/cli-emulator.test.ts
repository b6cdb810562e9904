import { describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { parseEmulatorArgs, runEmulatorCommand } from '../../src/cli/emulator';
import { startEmulator } from '../../src/emulator';
import { captureCliIo } from '../support/capture-cli-io';

async function waitFor<T>(fn: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('cosell emulator', () => {
  it('parses its flags and names the bad one', () => {
    expect(parseEmulatorArgs(['--port', '4010', '--seed', 'demo', '--webhook-target', 'http://localhost:3000/webhooks/hubspot', '--json'])).toEqual({
      ok: true, args: { port: 4010, seed: 'demo', webhookTarget: 'http://localhost:3000/webhooks/hubspot', json: true, setup: true },
    });
    expect(parseEmulatorArgs(['--port', 'x'])).toMatchObject({ ok: false, error: expect.stringContaining('--port') });
    expect(parseEmulatorArgs(['--seed'])).toMatchObject({ ok: false, error: expect.stringContaining('--seed') });
    expect(parseEmulatorArgs(['--webhook-target', 'ftp://x'])).toMatchObject({ ok: false, error: expect.stringContaining('--webhook-target') });
    expect(parseEmulatorArgs(['--bogus'])).toMatchObject({ ok: false });
  });

  it('--json prints exactly one JSON line once it accepts requests, runs setup + demo seed, and stops on signal', async () => {
    const { io, out } = captureCliIo();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (stop = r));
    const exit = runEmulatorCommand(['--json', '--seed', 'demo'], io, stopped);
    const line = await waitFor(() => (out().endsWith('\n') ? out() : undefined), 15_000);
    expect(line.split('\n').filter(Boolean)).toHaveLength(1);
    const info = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual(['accessToken', 'appId', 'baseUrl', 'clientSecret', 'portalId']);
    const client = new Client({ accessToken: info.accessToken!, basePath: info.baseUrl! });
    const page = await client.crm.deals.basicApi.getPage(5);
    expect(page.results).toHaveLength(5);
    const partnerType = await client.crm.properties.coreApi.getByName('companies', 'cosell_partner_type');
    expect(partnerType.options.map((o) => o.value)).toEqual(expect.arrayContaining(['reseller', 'technology', 'services', 'referral']));
    stop();
    expect(await exit).toBe(0);
    await expect(fetch(`${info.baseUrl}/_emulator/info`)).rejects.toThrow();
  });

  it('fails clearly when seeding is asked for but provisioning is unavailable', async () => {
    const { io, err } = captureCliIo();
    const code = await runEmulatorCommand(['--seed', 'demo'], io, Promise.resolve(), { loadRunSetup: async () => undefined });
    expect(code).toBe(1);
    expect(err()).toContain('provisioning module');
  });

  it('reports a busy port clearly (exit 1) instead of crashing', async () => {
    const first = await startEmulator({ port: 0 });
    try {
      const port = Number(new URL(first.baseUrl).port);
      await expect(startEmulator({ port })).rejects.toThrow(`port ${port} is already in use (EADDRINUSE)`);
      const { io, out, err } = captureCliIo();
      const code = await runEmulatorCommand(['--no-setup', '--port', String(port)], io, Promise.resolve());
      expect(code).toBe(1);
      expect(err()).toBe(`cosell emulator: could not start: port ${port} is already in use (EADDRINUSE)\n`);
      expect(out()).toBe('');
      // The first emulator is untouched.
      expect((await fetch(`${first.baseUrl}/_emulator/info`)).status).toBe(200);
    } finally {
      await first.close();
    }
  });

  it('prints the human summary without --json', async () => {
    const { io, out } = captureCliIo();
    const code = await runEmulatorCommand(['--no-setup'], io, Promise.resolve());
    expect(code).toBe(0);
    expect(out()).toMatch(/base URL\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out()).toMatch(/client secret\s+\S+/);
  });
});

describe('npx cosell emulator (real process)', () => {
  it('prints one JSON line, serves requests, and exits 0 on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/cosell.js', 'emulator', '--json', '--no-setup'], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const line = await waitFor(() => (out.includes('\n') ? out : undefined), 15_000);
      const info = JSON.parse(line) as { baseUrl: string; accessToken: string };
      const res = await fetch(`${info.baseUrl}/crm/v3/pipelines/deals`, { headers: { authorization: `Bearer ${info.accessToken}` } });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});
