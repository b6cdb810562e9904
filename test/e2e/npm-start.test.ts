import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { databaseFor, EMBEDDED_SQLITE_PATH, startService } from '../../webhooks/start-service';

const dir = mkdtempSync(join(tmpdir(), 'cosell-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start (embedded default)', () => {
  it('provisions and seeds the emulator, computes every demo deal, serves the preview and answers readyz', async () => {
    const config = readConfig({ PORT: '0', EMULATOR_PORT: '0', SQLITE_PATH: join(dir, 'in-process.db') });
    const service = await startService(config, pino({ level: 'silent' }));
    try {
      expect(service.mode).toBe('embedded');
      expect(service.banner).toContain(`${service.backend.url}/preview/`);
      expect(service.banner).toContain(service.emulator!.accessToken);
      expect(service.banner).toContain(service.emulator!.clientSecret);
      // The initial reconcile is queued; let the running worker finish it.
      for (let i = 0; i < 100; i++) {
        const stats = await service.deps.store.inbox.stats();
        if (stats.pending === 0 && stats.leased === 0 && stats.done > 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const ids: string[] = [];
      for await (const page of service.deps.gateway.searchDealIds({})) ids.push(...page);
      expect(ids.length).toBeGreaterThan(10);
      const deals = await service.deps.gateway.readDeals(ids);
      const computed = [...deals.values()].filter((d) => d.outputs.cosell_model);
      expect(computed.length).toBe(ids.length);
      // Money leaves as a decimal string with the currency's minor digits, never a float rendering.
      const sellWith = computed.filter((d) => d.outputs.cosell_model === 'sell_with');
      const pools = sellWith.filter((d) => d.outputs.cosell_status !== 'lost').map((d) => d.outputs.cosell_pool_amount);
      expect(pools.length).toBeGreaterThan(0);
      for (const pool of pools) expect(pool).toMatch(/^[1-9]\d*\.\d{2}$/);
      // Closed-lost deals earn nothing: their pool is written as 0 so reports never count them.
      for (const d of sellWith.filter((x) => x.outputs.cosell_status === 'lost')) expect(d.outputs.cosell_pool_amount).toBe('0.00');

      const ready = await fetch(`${service.backend.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, mode: 'embedded-demo' });
      const page = await fetch(`${service.backend.url}/preview/`);
      expect(page.status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('webhooks/main.ts prints the URLs last (setup logs at debug), reprints them on SIGUSR2 and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'webhooks/main.ts'], {
      env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: join(dir, 'child.db'), HUBSPOT_ACCESS_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 300 && !out.includes('ready in'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toMatch(/backend +http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/app client secret +\S+/);
    const url = /backend +(http:\/\/\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Provisioning is at debug level: none of its info lines reach the screen.
    expect(out).not.toContain('setup: applied');
    expect(out).not.toContain('emulator: listening');
    // The start-up reconcile logged before the banner, and the banner is the last thing printed.
    const bannerAt = out.indexOf('Co-sell attribution backend');
    expect(out.indexOf('deals recomputed')).toBeGreaterThan(-1);
    expect(out.indexOf('deals recomputed')).toBeLessThan(bannerAt);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/ready in \d+ ms .*kill -USR2 \d+.* prints these URLs again/);
    const before = out.length;
    child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !out.slice(before).includes('ready in'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out.slice(before)).toContain(`backend      ${url}`);
    expect(out.slice(before)).toMatch(/card preview +http:\/\/127\.0\.0\.1:\d+\/preview\//);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('with NODE_ENV=production and no HUBSPOT_ACCESS_TOKEN, webhooks/main.ts refuses to start in one line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'webhooks/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent', SQLITE_PATH: join(dir, 'prod.db'), HUBSPOT_ACCESS_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: HUBSPOT_ACCESS_TOKEN: required when NODE_ENV=production/);
  }, 60_000);
});

describe('the demo database', () => {
  it('is data/embedded-demo.db, reset at start unless COSELL_DEMO_RESET=0; an explicit path or Postgres is never reset', () => {
    expect(databaseFor(readConfig({}))).toMatchObject({ sqlitePath: EMBEDDED_SQLITE_PATH, reset: true });
    expect(EMBEDDED_SQLITE_PATH).toBe('./data/embedded-demo.db');
    expect(databaseFor(readConfig({ COSELL_DEMO_RESET: '0' }))).toMatchObject({ sqlitePath: EMBEDDED_SQLITE_PATH, reset: false });
    expect(databaseFor(readConfig({ SQLITE_PATH: '/tmp/mine.db' }))).toMatchObject({ sqlitePath: '/tmp/mine.db', reset: false });
    expect(databaseFor(readConfig({ DATABASE_URL: 'postgres://127.0.0.1/x' })).reset).toBe(false);
    const portal = readConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_CLIENT_SECRET: 'secret-secret', HUBSPOT_APP_ID: '1', HUBSPOT_PORTAL_ID: '2', PUBLIC_URL: 'https://x.example' });
    expect(databaseFor(portal)).toMatchObject({ sqlitePath: './data/cosell.db', reset: false });
  });
});
