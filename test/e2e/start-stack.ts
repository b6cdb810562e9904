import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AppDeps } from '../../src/app/app-deps';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import type { CrmGateway, CrmGatewayOptions } from '../../src/hubspot/crm-gateway';
import type { EmulatorHandle, EmulatorOptions, EmulatorSeed, SeedReport } from '../../src/emulator';
import { startEmulator } from '../../src/emulator';
import { runSetup } from '../../src/hubspot/provisioning';
import type { Store } from '../../src/store/store';
import { createStore } from '../../src/store';
import { signV3 } from '../../webhooks/verify-signature';
import type { BackendHandle, StartBackendOptions } from '../../webhooks/start-backend';
import { startBackend } from '../../webhooks/start-backend';

export interface Stack {
  hs: EmulatorHandle;
  seed: SeedReport;
  store: Store;
  gateway: CrmGateway;
  backend: BackendHandle;
  deps: AppDeps;
  /** The SQLite file of the backend's store (for the CLI). */
  dbPath: string;
  /** Calls the backend like a card through hubspot.fetch: v3-signed, portal and user in the query. */
  card(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, opts?: { userId?: string; teamIds?: string; portalId?: string; secret?: string }): Promise<{ status: number; json: unknown }>;
  /** Delivers pending emulator webhooks and runs the worker until the inbox is empty. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole product in-process for end-to-end tests: the emulator (port 0) provisioned with the
 * app schema and seeded, the backend (port 0) on a temp SQLite file, emulator webhooks → backend.
 * The worker loop is not started: tests run it with `settle()` so every step is deterministic.
 */
export async function startStack(
  seed: EmulatorSeed,
  opts: {
    settingsAllowedUsers?: string[];
    backend?: Partial<StartBackendOptions>;
    openStore?: () => Promise<Store>;
    /** Extra emulator options (fault dice, rate windows). */
    emulator?: Partial<EmulatorOptions>;
    /** Extra gateway options (retry policy). */
    gateway?: Partial<CrmGatewayOptions>;
  } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-e2e-'));
  const logger = pino({ level: 'silent' });
  // Dummy credentials generated at runtime (never a real token).
  const hs = await startEmulator({ port: 0, clientSecret: `test-${randomBytes(8).toString('hex')}`, webhookDelivery: { batchWindowMs: 5, retryBaseMs: 20 }, ...opts.emulator });
  await runSetup({ baseUrl: hs.baseUrl, accessToken: hs.accessToken, apply: true });
  const report = await hs.admin.seed(seed);
  const dbPath = join(dir, 'cosell.db');
  const store = opts.openStore ? await opts.openStore() : await createStore({ sqlitePath: dbPath });
  const gateway = createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, appId: hs.appId, limiter: createRateLimiter({ perTenSeconds: 1000 }), sleep: async () => undefined, ...opts.gateway });
  const deps: AppDeps = { store, gateway, clock: () => new Date(), logger, appId: hs.appId, portalId: hs.portalId };
  const backend = await startBackend({
    ...deps,
    port: 0,
    config: {
      clientSecrets: [hs.clientSecret],
      portalId: hs.portalId,
      settingsAllowedUsers: opts.settingsAllowedUsers ?? ['1'],
      settingsAllowedTeams: [],
      settingsOpenToAll: false,
    },
    worker: false,
    scheduler: false,
    ...opts.backend,
  });
  hs.admin.setWebhookTarget(`${backend.url}/webhooks/hubspot`);

  return {
    hs,
    seed: report,
    store,
    gateway,
    backend,
    deps,
    dbPath,
    async card(method, path, body, o = {}) {
      const q = new URLSearchParams({ portalId: o.portalId ?? hs.portalId, userId: o.userId ?? '1', ...(o.teamIds ? { teamIds: o.teamIds } : {}) });
      const url = `${backend.url}${path}?${q.toString()}`;
      const text = body === undefined ? '' : JSON.stringify(body);
      const timestamp = String(Date.now());
      const res = await fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-hubspot-request-timestamp': timestamp,
          'x-hubspot-signature-v3': signV3({ method, url, body: text, timestamp, secret: o.secret ?? hs.clientSecret }),
        },
        ...(body === undefined ? {} : { body: text }),
      });
      return { status: res.status, json: await res.json() };
    },
    async settle() {
      for (let i = 0; i < 10; i++) {
        await hs.admin.flushWebhooks();
        const reports = await backend.worker.drain();
        const stats = await store.inbox.stats();
        if (reports.length === 0 && stats.pending === 0) return;
      }
    },
    async close() {
      await backend.close();
      await store.close();
      await hs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small portal: a customer, three partners, one deal of 10,000.00 USD in an open stage. */
export function threePartnerSeed(): EmulatorSeed {
  return {
    owners: [{ key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' }],
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', properties: { cosell_partner_type: 'technology' } },
      { key: 'p3', name: 'Referly', domain: 'referly.example', properties: { cosell_partner_type: 'referral' } },
    ],
    deals: [
      {
        key: 'd1',
        ownerKey: 'ana',
        properties: { dealname: 'Acme platform', dealstage: 'appointmentscheduled', pipeline: 'default', amount: '10000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }],
      },
      {
        key: 'd2',
        ownerKey: 'ana',
        properties: { dealname: 'Acme add-on', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '999.99', deal_currency_code: 'USD', closedate: '2026-07-15T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }],
      },
    ],
  };
}
