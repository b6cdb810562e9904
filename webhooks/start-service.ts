import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { AppDeps } from '../src/app/app-deps';
import { createInstanceHeartbeat } from '../src/app/instance-heartbeat';
import type { ReconcileJob } from '../src/features/attribution/attribution-job-schemas';
import { jobItem } from '../src/jobs/inbox-job';
import type { Config } from '../src/config';
import { createCrmGateway, createRateLimiter } from '../src/hubspot';
import type { EmulatorHandle, EmulatorSeed } from '../src/emulator';
import { readDemoSeed, startEmulator } from '../src/emulator';
import { runSetup } from '../src/hubspot/provisioning';
import { createPreviewRouter } from '../src/preview/create-preview-router';
import { DEFAULT_SQLITE_PATH } from '../src/store/store-constants';
import { createStore } from '../src/store';
import type { BackendHandle } from './start-backend';
import { startBackend } from './start-backend';
import { buildSchedule } from './scheduler';

export interface ServiceHandle {
  mode: Config['mode'];
  backend: BackendHandle;
  emulator: EmulatorHandle | null;
  deps: AppDeps;
  /** Embedded demo: the card preview's per-start token (its page holds it); null on a real portal. */
  previewToken: string | null;
  /** What `npm start` prints: URLs and (embedded only) the emulator's dummy credentials. */
  banner: string;
  /**
   * Resolves once the start-up reconcile has left the inbox (or after `timeoutMs`), so `npm start`
   * can print the banner after the worker's start-up log lines rather than have them bury it.
   */
  settled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The embedded demo keeps its own throwaway database: the emulator portal lives in memory. */
export const EMBEDDED_SQLITE_PATH = './data/embedded-demo.db';

/**
 * Where the service keeps its data, and whether it wipes it first. The embedded demo uses its own
 * file (never the production default `./data/cosell.db`) and, because the emulator portal is rebuilt
 * in memory at every start, resets it unless COSELL_DEMO_RESET=0. An explicit SQLITE_PATH (anything
 * but the default) or DATABASE_URL is used as given and never deleted.
 */
export function databaseFor(config: Pick<Config, 'mode' | 'DATABASE_URL' | 'SQLITE_PATH' | 'COSELL_DEMO_RESET'>): { sqlitePath: string; reset: boolean; description: string } {
  if (config.DATABASE_URL) return { sqlitePath: config.SQLITE_PATH, reset: false, description: 'PostgreSQL (DATABASE_URL)' };
  if (config.mode === 'embedded' && config.SQLITE_PATH === DEFAULT_SQLITE_PATH) {
    return {
      sqlitePath: EMBEDDED_SQLITE_PATH,
      reset: config.COSELL_DEMO_RESET,
      description: config.COSELL_DEMO_RESET ? `${EMBEDDED_SQLITE_PATH} (reset at every start; COSELL_DEMO_RESET=0 keeps it)` : `${EMBEDDED_SQLITE_PATH} (kept: COSELL_DEMO_RESET=0)`,
    };
  }
  return { sqlitePath: config.SQLITE_PATH, reset: false, description: config.SQLITE_PATH };
}

/**
 * The composition root behind `npm start`.
 * - No HUBSPOT_ACCESS_TOKEN: the embedded default — the emulator (provisioned like
 *   `cosell setup --apply`, then seeded with the demo portal), the backend on SQLite, emulator
 *   webhooks → backend, an initial reconcile so every demo deal is computed, the card preview.
 * - With HUBSPOT_ACCESS_TOKEN (+ secret, app id, portal id, PUBLIC_URL): the real portal.
 */
export async function startService(config: Config, logger: Logger): Promise<ServiceHandle> {
  let emulator: EmulatorHandle | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  try {
    let accessToken: string;
    let baseUrl: string | undefined;
    let appId: string | undefined;
    let portalId: string | undefined;
    let secrets: string[];
    if (config.mode === 'embedded') {
      const emuLog = logger.child({ component: 'emulator' });
      emulator = await startEmulator({
        port: config.EMULATOR_PORT,
        ...(config.EMULATOR_ACCESS_TOKEN ? { accessToken: config.EMULATOR_ACCESS_TOKEN } : {}),
        ...(config.HUBSPOT_APP_ID ? { appId: config.HUBSPOT_APP_ID } : {}),
        ...(config.HUBSPOT_CLIENT_SECRET ? { clientSecret: config.HUBSPOT_CLIENT_SECRET } : {}),
        // The demo's emulator and its provisioning are scaffolding, not news: at debug level they stay
        // out of the way of the banner (LOG_LEVEL=debug shows them). Warnings still show.
        logger: { info: (fields, message) => emuLog.debug(fields, message), warn: (fields, message) => emuLog.warn(fields, message) },
      });
      const emu = emulator;
      cleanups.push(() => emu.close());
      const setupLog = logger.child({ component: 'setup' });
      await runSetup({
        baseUrl: emu.baseUrl,
        accessToken: emu.accessToken,
        apply: true,
        logger: { debug: (fields, message) => setupLog.debug(fields, message), info: (fields, message) => setupLog.debug(fields, message), warn: (fields, message) => setupLog.warn(fields, message) },
      });
      ({ accessToken, appId, portalId } = emu);
      baseUrl = emu.baseUrl;
      secrets = [emu.clientSecret];
    } else {
      accessToken = config.HUBSPOT_ACCESS_TOKEN!;
      baseUrl = config.HUBSPOT_BASE_URL;
      appId = config.HUBSPOT_APP_ID;
      portalId = config.HUBSPOT_PORTAL_ID;
      secrets = [config.HUBSPOT_CLIENT_SECRET!, ...(config.HUBSPOT_CLIENT_SECRET_PREVIOUS ? [config.HUBSPOT_CLIENT_SECRET_PREVIOUS] : [])];
    }

    const database = databaseFor(config);
    const sqlitePath = database.sqlitePath;
    if (database.reset) for (const suffix of ['', '-wal', '-shm']) rmSync(resolve(sqlitePath + suffix), { force: true });
    const store = await createStore({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { sqlitePath }) });
    cleanups.push(() => store.close());
    const limiter = createRateLimiter({ perTenSeconds: config.HUBSPOT_RATE_LIMIT_PER_10S });
    // Every instance on this store shares the app's HubSpot limit: its share follows the live count.
    const heartbeat = createInstanceHeartbeat(store, limiter, logger.child({ component: 'instances' }));
    await heartbeat.beat();
    heartbeat.start();
    cleanups.unshift(() => heartbeat.stop());
    const gateway = createCrmGateway({
      accessToken,
      ...(baseUrl ? { basePath: baseUrl } : {}),
      ...(appId ? { appId } : {}),
      limiter,
      logger: logger.child({ component: 'crm' }),
    });
    const deps: AppDeps = { store, gateway, clock: () => new Date(), logger, appId, portalId, registrationTtlDays: config.REGISTRATION_TTL_DAYS, partnerRollupsOnDealChange: true };
    const backend = await startBackend({
      ...deps,
      port: config.PORT,
      host: config.bindHost,
      config: {
        ...(config.PUBLIC_URL && config.mode === 'portal' ? { publicUrl: config.PUBLIC_URL } : {}),
        clientSecrets: secrets,
        portalId,
        settingsAllowedUsers: config.SETTINGS_ALLOWED_USERS,
        settingsAllowedTeams: config.SETTINGS_ALLOWED_TEAMS,
        settingsOpenToAll: config.mode === 'embedded' && config.SETTINGS_ALLOWED_USERS.length === 0 && config.SETTINGS_ALLOWED_TEAMS.length === 0,
        mode: config.mode === 'embedded' ? 'embedded-demo' : 'portal',
      },
      worker: { maxAttempts: config.WORKER_MAX_ATTEMPTS },
      scheduler: { entries: buildSchedule({ labelSweepMinutes: config.LABEL_SWEEP_MINUTES }) },
      workerCount: config.WORKER_CONCURRENCY,
    });
    cleanups.unshift(() => backend.close());

    let previewToken: string | null = null;
    const lines = [
      `Co-sell attribution backend (${config.mode === 'embedded' ? 'embedded demo: local HubSpot emulator' : `HubSpot portal ${portalId}`})`,
      `  backend      ${backend.url}`,
      `  database     ${database.description}`,
    ];
    if (emulator) {
      emulator.admin.setWebhookTarget(`${backend.url}/webhooks/hubspot`);
      await emulator.admin.seed(readDemoSeed() as EmulatorSeed);
      const owners = await gateway.listOwners().catch(() => []);
      // New at every start: only a page served by this run can call the preview's signing proxy.
      previewToken = randomBytes(32).toString('base64url');
      backend.late.use(
        '/preview',
        await createPreviewRouter({ backendUrl: backend.url, clientSecret: emulator.clientSecret, portalId: emulator.portalId, userId: owners[0]?.id ?? '1', crmBaseUrl: emulator.baseUrl, accessToken: emulator.accessToken, token: previewToken }),
      );
      lines.push(
        `  card preview ${backend.url}/preview/`,
        `  emulator     ${emulator.baseUrl}   (portal ${emulator.portalId}, app ${emulator.appId})`,
        `  emulator token     ${emulator.accessToken}`,
        `  app client secret  ${emulator.clientSecret}`,
      );
    }
    // Compute everything that changed while we were away (embedded: the whole demo portal).
    const now = deps.clock();
    await store.inbox.enqueue([jobItem<ReconcileJob>({ type: 'reconcile', full: config.mode === 'embedded' }, `startup:${now.toISOString()}`, now)]);
    backend.worker.notify();
    lines.push(`  openapi      ${backend.url}/openapi.json`, `  health       ${backend.url}/healthz  ${backend.url}/readyz`);
    const startedAt = now;
    async function settled(timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const stats = await store.inbox.stats();
        if (stats.pending === 0 && stats.leased === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      logger.warn({ since: startedAt.toISOString(), timeoutMs }, 'start-up reconcile still running; printing the URLs anyway');
    }
    return {
      mode: config.mode,
      backend,
      emulator,
      deps,
      previewToken,
      banner: lines.join('\n'),
      settled,
      async close() {
        for (const c of cleanups.splice(0)) await c();
      },
    };
  } catch (error) {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw error;
  }
}
