import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { recomputeDeals } from '../../src/app/recompute-deals';
import { createCrmGateway } from '../../src/hubspot/create-crm-gateway';
import { startEmulator } from '../../src/hubspot/emulator/index';
import type { EmulatorHandle } from '../../src/hubspot/emulator/index';
import { runSetup } from '../../src/hubspot/provisioning';
import { createPreviewRouter } from '../../src/preview/create-preview-router';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { startBackend } from '../../webhooks/start-backend';
import type { BackendHandle } from '../../webhooks/start-backend';

export interface PreviewStack {
  previewUrl: string;
  emulator: EmulatorHandle;
  backend: BackendHandle;
  store: Store;
  close(): Promise<void>;
}

/**
 * What `npm start` runs in its embedded default, in-process on ephemeral ports: the emulator with the
 * demo portal (provisioned first), the backend on a scratch SQLite file with its worker, emulator
 * webhooks flowing to it, and the preview mounted at /preview.
 */
export async function startPreviewStack(): Promise<PreviewStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-browser-'));
  const logger = pino({ level: 'silent' });
  const emulator = await startEmulator({
    seed: 'demo',
    beforeSeed: async ({ baseUrl, accessToken }) => {
      await runSetup({ baseUrl, accessToken, apply: true });
    },
    webhookDelivery: { batchWindowMs: 20, retryBaseMs: 200 },
  });
  const store = await openStore({ sqlitePath: path.join(dir, 'cosell.db') });
  const gateway = createCrmGateway({ accessToken: emulator.accessToken, basePath: emulator.baseUrl, appId: emulator.appId });
  const backend = await startBackend({
    store,
    gateway,
    clock: () => new Date(),
    logger,
    appId: emulator.appId,
    portalId: emulator.portalId,
    port: 0,
    config: {
      clientSecrets: [emulator.clientSecret],
      portalId: emulator.portalId,
      settingsAllowedUsers: [],
      settingsAllowedTeams: [],
      settingsOpenToAll: true,
    },
    scheduler: false,
  });
  emulator.admin.setWebhookTarget(`${backend.url}/webhooks/hubspot`);
  backend.late.use(
    '/preview',
    await createPreviewRouter({
      backendUrl: backend.url,
      clientSecret: emulator.clientSecret,
      portalId: emulator.portalId,
      userId: '1',
      crmBaseUrl: emulator.baseUrl,
      accessToken: emulator.accessToken,
    }),
  );
  // Like `npm start`: compute every demo deal once, so splits and conflicts are there from the start.
  const dealIds = ((await (await fetch(`${backend.url}/preview/api/deals`)).json()) as { id: string }[]).map((d) => d.id);
  await recomputeDeals({ store, gateway, clock: () => new Date(), logger, appId: emulator.appId, portalId: emulator.portalId }, dealIds, 'initial-reconcile');
  return {
    previewUrl: `${backend.url}/preview/`,
    emulator,
    backend,
    store,
    async close() {
      await backend.close();
      await emulator.close();
      await store.close?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
