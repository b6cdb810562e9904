import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { startService } from '../../webhooks/start-service';

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
      const pools = computed.filter((d) => d.outputs.cosell_model === 'sell_with').map((d) => d.outputs.cosell_pool_amount);
      expect(pools.length).toBeGreaterThan(0);
      for (const pool of pools) expect(pool).toMatch(/^[1-9]\d*\.\d{2}$/);

      expect((await fetch(`${service.backend.url}/readyz`)).status).toBe(200);
      const page = await fetch(`${service.backend.url}/preview/`);
      expect(page.status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('webhooks/main.ts prints the URLs and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'webhooks/main.ts'], {
      env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent', SQLITE_PATH: join(dir, 'child.db'), HUBSPOT_ACCESS_TOKEN: '' },
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
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
