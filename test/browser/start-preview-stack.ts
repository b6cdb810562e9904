import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { EmulatorHandle } from '../../src/emulator/index';
import { readConfig } from '../../src/config';
import { startService } from '../../webhooks/start-service';
import type { ServiceHandle } from '../../webhooks/start-service';

export interface PreviewStack {
  previewUrl: string;
  /** The preview's per-start token, for calls the test makes outside the page. */
  previewToken: string;
  emulator: EmulatorHandle;
  service: ServiceHandle;
  close(): Promise<void>;
}

/**
 * Exactly what `npm start` runs with no HubSpot token (the embedded default), in-process on ephemeral
 * ports and a scratch SQLite file: emulator + demo portal, backend + worker, emulator webhooks → backend,
 * the startup reconcile, and the preview at /preview. Resolves once the reconcile has been worked off,
 * so every demo deal (and its conflicts) is computed before a test looks at it.
 */
export async function startPreviewStack(): Promise<PreviewStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-browser-'));
  const config = readConfig({ PORT: '0', EMULATOR_PORT: '0', SQLITE_PATH: path.join(dir, 'cosell.db'), LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const service = await startService(config, pino({ level: 'silent' }));
  const emulator = service.emulator;
  if (!emulator || !service.previewToken) throw new Error('expected the embedded default (no HUBSPOT_ACCESS_TOKEN) to start the emulator and the preview');
  const previewToken = service.previewToken;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const stats = await service.deps.store.inbox.stats();
    if (stats.pending === 0 && stats.leased === 0 && stats.done > 0) break;
    if (Date.now() > deadline) throw new Error(`startup reconcile did not finish: ${JSON.stringify(stats)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    previewUrl: `${service.backend.url}/preview/`,
    previewToken,
    emulator,
    service,
    async close() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
