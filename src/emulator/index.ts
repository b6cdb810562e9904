import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { z } from 'zod';
import type { NextFunction, Request, Response } from 'express';
import { localRequestProblem } from '../preview/local-only';
import { parseObjectType } from './default-schema';
import { schemasRoutes } from './routes/schemas-routes';
import { EmulatorState } from './emulator-state';
import type { ChangeOrigin } from './emulator-state';
import { applySeed, parseEmulatorSeed, SeedError } from './emulator-seed';
import type { EmulatorSeed, SeedReport } from './emulator-seed';
import { HubSpotApiError, validationError } from './hubspot-error';
import { RateLimiter } from './rate-limiter';
import { associationsRoutes } from './routes/associations-routes';
import { currenciesRoutes } from './routes/currencies-routes';
import { objectsRoutes } from './routes/objects-routes';
import { pipelinesOwnersRoutes } from './routes/pipelines-owners-routes';
import { propertiesRoutes } from './routes/properties-routes';
import type { RouteContext } from './routes/route-helpers';
import { readWebhookConfig } from './webhook-config';
import type { WebhookSettings } from './webhook-config';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { DeliveryLogEntry } from './webhook-dispatcher';

export type { EmulatorSeed, SeedReport } from './emulator-seed';
export { parseEmulatorSeed, emulatorSeedSchema } from './emulator-seed';
export type { DeliveryLogEntry, WebhookEvent } from './webhook-dispatcher';
export { signV3 } from './webhook-dispatcher';

/** Pino-shaped: structured fields first, then the message (a pino logger fits as is). */
export interface EmulatorLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface EmulatorOptions {
  /** 0 = ephemeral (default). Host is always 127.0.0.1. */
  port?: number;
  accessToken?: string;
  appId?: string;
  portalId?: string;
  /** False emulates a portal without custom objects (not Enterprise): the schemas API answers 403. Default true. */
  customObjects?: boolean;
  clientSecret?: string;
  /** Loaded at start; 'demo' is seeds/demo.json (needs the app schema: run setup first). */
  seed?: EmulatorSeed | 'demo';
  /** Overrides config.settings.targetUrl of webhooks-hsmeta.json. */
  webhookTargetUrl?: string;
  /** Default <repo>/extensions/app/webhooks/webhooks-hsmeta.json. */
  webhooksConfigPath?: string;
  /**
   * HubSpot's limits. `intervalMs` (default 10,000) shortens the burst window — and the
   * `X-HubSpot-RateLimit-Interval-Milliseconds` header clients pace from — so fault suites that
   * provoke burst 429s run in seconds, not minutes.
   */
  rateLimit?: { perTenSeconds?: number; daily?: number; searchPerSecond?: number; intervalMs?: number };
  webhookDelivery?: { batchWindowMs?: number; maxBatch?: number; retryBaseMs?: number; maxAttempts?: number; timeoutMs?: number };
  logger?: EmulatorLogger;
  /** Clock for record timestamps and rate windows (tests). */
  now?: () => number;
  /** Dice for the probabilistic faults (fail5xxRate, fail429Rate); default Math.random. Seed it for a repeatable run. */
  random?: () => number;
  /**
   * Runs once the server listens and before the seed loads — where `cosell setup --apply` goes,
   * since a seed may only use schema that already exists in the portal.
   */
  beforeSeed?: (portal: { baseUrl: string; accessToken: string }) => Promise<void>;
}

export interface Faults {
  /** Added before every API response. */
  latencyMs: number;
  /** Probability (0..1) that an API call answers 500. */
  fail5xxRate: number;
  /**
   * Probability (0..1) that an API call answers a burst 429 (TEN_SECONDLY_ROLLING; search:
   * SECONDLY) although the app is within its limits — as when another app or process spends the
   * same budget. Logged with `injected: true` so a suite can tell them from real limit hits.
   */
  fail429Rate: number;
  /** The next N API calls answer 500. */
  next5xx: number;
  /** The next N API calls answer 429 with the given policy. */
  next429: number;
  next429Policy: 'burst' | 'daily';
  /** The next N webhook batches are silently dropped (never sent). */
  dropDeliveries: number;
  /** Every webhook batch is sent twice. */
  duplicateDeliveries: boolean;
  /** Pending events are sent newest first. */
  reorderDeliveries: boolean;
  /**
   * Holds the answer to the next `holdDealReads` reads of deal `holdDealId` (single GET or batch
   * read naming it) for `holdMs` before answering: one backend instance reads a deal, waits (as
   * behind a 429), and another processes a newer edit meanwhile. Each held read takes one off the
   * count, so a test sees the hold begin when `holdDealReads` drops.
   */
  holdDealId: string;
  holdMs: number;
  holdDealReads: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  time: number;
  durationMs: number;
  rateLimited: boolean;
  policyName?: string;
  /** True when a fault setting (not the emulated limits) produced this answer. */
  injected?: boolean;
}

export interface EmulatorAdmin {
  seed(seed: EmulatorSeed): Promise<SeedReport>;
  actAsUser(objectType: string, id: string, properties: Record<string, string>, userId?: string): Promise<void>;
  /**
   * Creates records straight in the emulator's state, as an import would (no webhooks, no rate
   * limit): for portals too big to seed through the API in a test (search past 10,000). Returns the ids.
   */
  createRecords(objectType: string, records: Array<Record<string, string>>): string[];
  setAssociationLabelsAsUser(fromType: string, fromId: string, toType: string, toId: string, labelNames: string[]): Promise<void>;
  setFaults(f: Partial<Faults>): void;
  faults(): Faults;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  deliveries(): DeliveryLogEntry[];
  flushWebhooks(): Promise<void>;
  setWebhookTarget(url: string): void;
  getObject(type: string, id: string): Record<string, string> | undefined;
  /** Ids of the records associated to one record, with the association type ids of each. */
  getAssociations(fromType: string, fromId: string, toType: string): Array<{ toId: string; typeIds: number[]; labels: string[] }>;
}

export interface EmulatorHandle {
  baseUrl: string;
  accessToken: string;
  appId: string;
  portalId: string;
  clientSecret: string;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOKS_CONFIG_PATH = fileURLToPath(new URL('../../extensions/app/webhooks/webhooks-hsmeta.json', import.meta.url));
const DEMO_SEED_PATH = fileURLToPath(new URL('./seeds/demo.json', import.meta.url));

export function readDemoSeed(): unknown {
  return JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8'));
}

/** Cap of the request log and the delivery log (oldest entries are dropped first). */
export const MAX_LOG_ENTRIES = 100_000;

const silentLogger: EmulatorLogger = { info: () => undefined, warn: () => undefined };

const defaultFaults = (): Faults => ({
  latencyMs: 0, fail5xxRate: 0, fail429Rate: 0, next5xx: 0, next429: 0, next429Policy: 'burst',
  dropDeliveries: 0, duplicateDeliveries: false, reorderDeliveries: false,
  holdDealId: '', holdMs: 0, holdDealReads: 0,
});

/** Is this request a read of deal `dealId` (GET by id, or a batch read listing it)? */
function readsDeal(req: Request, dealId: string): boolean {
  const single = /^\/crm\/v3\/objects\/(deals|0-3)\/([^/]+)$/.exec(req.path);
  if (req.method === 'GET' && single) return decodeURIComponent(single[2]!) === dealId;
  if (req.method !== 'POST' || !/^\/crm\/v3\/objects\/(deals|0-3)\/batch\/read$/.test(req.path)) return false;
  const inputs = (req.body as { inputs?: unknown } | undefined)?.inputs;
  return Array.isArray(inputs) && inputs.some((i) => typeof i === 'object' && i !== null && String((i as { id?: unknown }).id) === dealId);
}

/** A listen failure in words a person can act on; the code stays on the error for callers. */
function listenError(e: unknown, port: number): Error {
  const code = (e as { code?: string }).code;
  if (code === 'EADDRINUSE') return Object.assign(new Error(`port ${port} is already in use (EADDRINUSE)`), { code, cause: e });
  if (code === 'EACCES') return Object.assign(new Error(`port ${port} needs more privileges (EACCES)`), { code, cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

const count = z.number({ error: 'must be a whole number ≥ 0' }).int({ error: 'must be a whole number ≥ 0' }).min(0, { error: 'must be a whole number ≥ 0' });
const flag = z.boolean({ error: 'must be true or false' });
const probability = z.number({ error: 'must be a probability from 0 to 1' }).min(0, { error: 'must be a probability from 0 to 1' }).max(1, { error: 'must be a probability from 0 to 1' });
/** Every fault is optional (a partial update) but nothing unknown: a typo must not pass as "no fault". */
const faultsSchema = z.strictObject({
  latencyMs: count.max(60_000, { error: 'must be at most 60000' }),
  fail5xxRate: probability,
  fail429Rate: probability,
  next5xx: count,
  next429: count,
  next429Policy: z.enum(['burst', 'daily'], { error: 'must be "burst" or "daily"' }),
  dropDeliveries: count,
  duplicateDeliveries: flag,
  reorderDeliveries: flag,
  holdDealId: z.string({ error: 'must be a deal id ("" = none)' }).max(40, { error: 'must be a deal id ("" = none)' }),
  holdMs: count.max(60_000, { error: 'must be at most 60000' }),
  holdDealReads: count,
}).partial();

/** Validates a fault update (HTTP body or in-process call); throws a 400 naming every bad field. */
function parseFaults(input: unknown): Partial<Faults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw userError('faults', 'must be an object of fault settings');
  const parsed = faultsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ message: `unknown fault setting; expected one of ${faultsSchema.keyof().options.join(', ')}`, in: key }))
      : [{ message: issue.message, in: issue.path.map(String).join('.') }],
  );
  const first = details[0] ?? { message: 'invalid', in: 'faults' };
  throw validationError(`faults.${first.in}: ${first.message}`, details);
}

function userError(field: string, message: string): HubSpotApiError {
  return validationError(`${field}: ${message}`, [{ message, in: field }]);
}

/**
 * Starts a local HubSpot: the CRM REST subset the app uses (as @hubspot/api-client 13.5 calls it),
 * rate limits, webhook delivery and an admin API under /_emulator. State is in memory.
 *
 * @example
 *   const hs = await startEmulator();
 *   const client = new Client({ accessToken: hs.accessToken, basePath: hs.baseUrl });
 *   await client.crm.deals.basicApi.create({ properties: { dealname: 'A' }, associations: [] });
 *   await hs.close();
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const logger = opts.logger ?? silentLogger;
  const accessToken = opts.accessToken ?? `emu-${randomBytes(12).toString('hex')}`;
  const appId = opts.appId ?? '3100001';
  const portalId = opts.portalId ?? '2100001';
  const clientSecret = opts.clientSecret ?? `emu-secret-${randomBytes(12).toString('hex')}`;
  const state = new EmulatorState(now);
  const limiter = new RateLimiter({
    perTenSeconds: opts.rateLimit?.perTenSeconds ?? 190,
    daily: opts.rateLimit?.daily ?? 1_000_000,
    searchPerSecond: opts.rateLimit?.searchPerSecond ?? 5,
    intervalMs: opts.rateLimit?.intervalMs ?? 10_000,
  }, now);
  let faults = defaultFaults();
  const requestLog: RequestLogEntry[] = [];

  const configPath = opts.webhooksConfigPath ?? DEFAULT_WEBHOOKS_CONFIG_PATH;
  const config = readWebhookConfig(configPath, opts.webhookTargetUrl);
  let webhookSettings: WebhookSettings;
  if (config.ok) webhookSettings = config.settings;
  else {
    logger.warn({ error: config.error }, 'emulator: webhooks disabled');
    webhookSettings = { targetUrl: opts.webhookTargetUrl, maxConcurrentRequests: 10, subscriptions: [] };
  }

  const dispatcher = new WebhookDispatcher({
    settings: () => webhookSettings,
    clientSecret, appId, portalId,
    faults: () => faults,
    consumeDrop: () => { faults = { ...faults, dropDeliveries: Math.max(0, faults.dropDeliveries - 1) }; },
    batchWindowMs: opts.webhookDelivery?.batchWindowMs ?? 50,
    maxBatch: opts.webhookDelivery?.maxBatch ?? 100,
    retryBaseMs: opts.webhookDelivery?.retryBaseMs ?? 1_000,
    maxAttempts: opts.webhookDelivery?.maxAttempts ?? 10,
    timeoutMs: opts.webhookDelivery?.timeoutMs ?? 5_000,
    maxLogEntries: MAX_LOG_ENTRIES,
    now,
    logger,
  });
  state.onChange((c) => dispatcher.enqueue(c));

  const integration: ChangeOrigin = { changeSource: 'INTEGRATION', sourceId: appId, emit: true };
  const seedOrigin: ChangeOrigin = { changeSource: 'IMPORT', sourceId: 'emulator-seed', emit: false };
  const userOrigin = (userId: string | undefined): ChangeOrigin => ({
    changeSource: 'CRM_UI', sourceId: `userId:${userId ?? String(state.owners[0]?.userId ?? 1)}`, emit: true,
  });
  const ctx: RouteContext = { state, integration, now };

  const requireType = (value: string, field: string) => {
    const t = parseObjectType(value) ?? state.customTypeOf(value);
    if (!t) throw userError(field, `unknown object type "${value}"`);
    return t;
  };

  const admin: EmulatorAdmin = {
    async seed(seed) {
      const parsed = parseEmulatorSeed(seed);
      if (!parsed.ok) throw new SeedError(parsed.field, parsed.error.replace(/^seed [^:]*: /, ''));
      return applySeed(state, parsed.seed, seedOrigin);
    },
    createRecords(objectType, records) {
      const type = requireType(objectType, 'objectType');
      return records.map((properties) => state.createRecord(type, properties, seedOrigin).id);
    },
    async actAsUser(objectType, id, properties, userId) {
      state.updateRecord(requireType(objectType, 'objectType'), id, properties, userOrigin(userId));
    },
    async setAssociationLabelsAsUser(fromType, fromId, toType, toId, labelNames) {
      const from = requireType(fromType, 'fromType');
      const to = requireType(toType, 'toType');
      const defs = state.definitionsBetween(from, to);
      const wanted = labelNames.map((n, i) => {
        const d = defs.find((x) => x.label === n || x.name === n);
        if (!d) throw userError(`labelNames[${i}]`, `no association label "${n}" between ${from} and ${to}`);
        return d.typeId;
      });
      const origin = userOrigin(undefined);
      const current = state.associationTypes(from, fromId, to, toId);
      const labelled = current.filter((t) => state.associationDefinitions.get(t)?.category === 'USER_DEFINED');
      const remove = labelled.filter((t) => !wanted.includes(t));
      if (remove.length > 0) state.disassociate(from, fromId, to, toId, remove, origin);
      // An empty label list on an unassociated pair stays unassociated; otherwise the pair keeps
      // (or gains) its plain association alongside exactly the named labels.
      if (wanted.length > 0 || current.length > 0) state.associate(from, fromId, to, toId, wanted, origin);
    },
    setFaults(f) {
      faults = { ...faults, ...parseFaults(f) };
    },
    faults: () => ({ ...faults }),
    requestLog: () => [...requestLog],
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    deliveries: () => [...dispatcher.log],
    flushWebhooks: () => dispatcher.flush(),
    setWebhookTarget(url) {
      webhookSettings = { ...webhookSettings, targetUrl: url };
    },
    getObject(type, id) {
      const t = parseObjectType(type) ?? state.customTypeOf(type);
      const r = t ? state.getRecord(t, id) : undefined;
      return t && r ? state.rawProperties(t, r) : undefined;
    },
    getAssociations(fromType, fromId, toType) {
      const from = requireType(fromType, 'fromType');
      const to = requireType(toType, 'toType');
      return state.associatedIds(from, fromId, to).map((toId) => {
        const typeIds = state.associationTypes(from, fromId, to, toId);
        return { toId, typeIds, labels: typeIds.map((t) => state.associationDefinitions.get(t)?.label).filter((l): l is string => !!l) };
      });
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb' }));

  app.use((req, res, next) => {
    const started = now();
    // Admin traffic is not API traffic: keep the log to what a HubSpot client sent.
    if (req.path.startsWith('/_emulator')) {
      next();
      return;
    }
    res.on('finish', () => {
      const entry: RequestLogEntry = {
        method: req.method, path: req.originalUrl, status: res.statusCode, time: started, durationMs: now() - started,
        rateLimited: res.statusCode === 429,
      };
      const policy = res.locals.policyName as string | undefined;
      if (policy) entry.policyName = policy;
      if (res.locals.injected === true) entry.injected = true;
      requestLog.push(entry);
      // A long-running `npm start` must not grow without bound; tests and benchmarks stay far below.
      if (requestLog.length > MAX_LOG_ENTRIES) requestLog.splice(0, requestLog.length - MAX_LOG_ENTRIES);
    });
    next();
  });

  // The admin API hands out the token and the client secret and can rewrite the portal: development
  // only, and only for this machine (loopback peer, local Host, no foreign Origin, no CORS headers).
  app.use('/_emulator', (req, res, next) => {
    const problem = localRequestProblem(req);
    if (problem) {
      res.status(403).json({ status: 'error', message: `emulator admin API: ${problem}`, correlationId: randomUUID(), category: 'FORBIDDEN' });
      return;
    }
    next();
  });
  app.use('/_emulator', adminRouter(admin, () => ({ baseUrl: handle.baseUrl, accessToken, appId, portalId, clientSecret })));

  app.use(async (_req, _res, next) => {
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    next();
  });

  app.use((req, res, next) => {
    const header = req.headers.authorization ?? '';
    if (header !== `Bearer ${accessToken}`) {
      res.status(401).json({
        status: 'error',
        message: header ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview' : 'Authentication credentials not found.',
        correlationId: randomUUID(),
        category: 'INVALID_AUTHENTICATION',
        errors: [{ message: 'Bearer token missing or invalid', code: 'INVALID_AUTHENTICATION' }],
      });
      return;
    }
    const isSearch = req.method === 'POST' && /\/search\/?$/.test(req.path);
    let forced: 'burst' | 'daily' | undefined;
    if (faults.next429 > 0) {
      forced = faults.next429Policy;
      faults = { ...faults, next429: faults.next429 - 1 };
    } else if (faults.fail429Rate > 0 && random() < faults.fail429Rate) {
      forced = 'burst';
    }
    if (forced) res.locals.injected = true;
    const decision = limiter.take(isSearch ? 'search' : 'standard', forced);
    for (const [k, v] of Object.entries(decision.headers)) res.setHeader(k, v);
    if (!decision.allowed) {
      res.locals.policyName = decision.policy;
      const message = decision.policy === 'DAILY' ? 'You have reached your daily limit.'
        : decision.policy === 'SECONDLY' ? 'You have reached your secondly limit.'
          : 'You have reached your ten_secondly_rolling limit.';
      res.status(429).json({ status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: decision.policy });
      return;
    }
    const fail = faults.next5xx > 0 || (faults.fail5xxRate > 0 && random() < faults.fail5xxRate);
    if (fail) {
      res.locals.injected = true;
      if (faults.next5xx > 0) faults = { ...faults, next5xx: faults.next5xx - 1 };
      res.status(500).json({ status: 'error', message: 'internal error (emulator fault injection)', correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
      return;
    }
    next();
  });

  app.use((req, res, next) => {
    if (faults.holdDealReads > 0 && faults.holdDealId !== '' && readsDeal(req, faults.holdDealId)) {
      const ms = faults.holdMs;
      faults = { ...faults, holdDealReads: faults.holdDealReads - 1 };
      // The record is read now and the answer sent later, so the caller gets a stale view of it.
      const send = res.json.bind(res);
      res.json = (body: unknown) => {
        setTimeout(() => send(body), ms);
        return res;
      };
    }
    next();
  });

  app.use(objectsRoutes(ctx));
  app.use(propertiesRoutes(ctx));
  app.use(associationsRoutes(ctx));
  app.use(pipelinesOwnersRoutes(ctx));
  app.use(currenciesRoutes(ctx));
  app.use(schemasRoutes(ctx, portalId, opts.customObjects ?? true));

  app.use((req, res) => {
    res.status(404).json({ status: 'error', message: `No route for ${req.method} ${req.path}`, correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HubSpotApiError) {
      res.status(err.httpStatus).json(err.toBody());
      return;
    }
    if (err instanceof SeedError) {
      res.status(400).json(validationError(err.message, [{ message: err.message, in: err.field }]).toBody());
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed' || e.status === 400) {
      res.status(400).json({ status: 'error', message: `Invalid input JSON on line 1: ${e.message ?? ''}`, correlationId: randomUUID(), category: 'VALIDATION_ERROR' });
      return;
    }
    logger.warn({ err }, 'emulator: unexpected error');
    res.status(500).json({ status: 'error', message: 'internal emulator error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
  });

  const wanted = opts.port ?? 0;
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 hands a listen error to this callback (not only to 'error'), so it must be checked.
      const s = app.listen(wanted, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
  } catch (e) {
    await dispatcher.close();
    throw listenError(e, wanted);
  }
  const { port } = server.address() as AddressInfo;

  const handle: EmulatorHandle = {
    baseUrl: `http://127.0.0.1:${port}`,
    accessToken, appId, portalId, clientSecret, admin,
    async close() {
      await dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  if (opts.beforeSeed || opts.seed) {
    try {
      await opts.beforeSeed?.({ baseUrl: handle.baseUrl, accessToken });
      if (opts.seed) await admin.seed(opts.seed === 'demo' ? (readDemoSeed() as EmulatorSeed) : opts.seed);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  logger.info({ baseUrl: handle.baseUrl }, 'emulator: listening');
  return handle;
}

/**
 * The admin HTTP API: the same operations as `EmulatorAdmin`, JSON in/out, no token. For development
 * only; the guard in front of it answers only local requests (see `localRequestProblem`).
 */
function adminRouter(admin: EmulatorAdmin, info: () => Record<string, string>) {
  const router = express.Router();
  const body = (req: Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? req.body as Record<string, unknown> : {});
  const str = (v: unknown, field: string): string => {
    if (typeof v !== 'string' && typeof v !== 'number') throw userError(field, 'required string');
    return String(v);
  };
  router.get('/info', (_req, res) => {
    res.json(info());
  });
  router.post('/seed', async (req, res) => {
    res.json(await admin.seed(req.body as EmulatorSeed));
  });
  router.post('/records/:type', (req, res) => {
    const records = body(req).records;
    if (!Array.isArray(records) || records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) throw userError('records', 'required array of property objects');
    res.json({ ids: admin.createRecords(String(req.params.type), records as Array<Record<string, string>>) });
  });
  router.post('/act-as-user', async (req, res) => {
    const b = body(req);
    const props = b.properties;
    if (typeof props !== 'object' || props === null) throw userError('properties', 'required object');
    await admin.actAsUser(str(b.objectType, 'objectType'), str(b.id, 'id'), props as Record<string, string>, b.userId === undefined ? undefined : str(b.userId, 'userId'));
    res.status(204).end();
  });
  router.post('/association-labels-as-user', async (req, res) => {
    const b = body(req);
    if (!Array.isArray(b.labelNames)) throw userError('labelNames', 'required array of label names');
    await admin.setAssociationLabelsAsUser(str(b.fromType, 'fromType'), str(b.fromId, 'fromId'), str(b.toType, 'toType'), str(b.toId, 'toId'), b.labelNames.map(String));
    res.status(204).end();
  });
  router.get('/faults', (_req, res) => {
    res.json(admin.faults());
  });
  router.post('/faults', (req, res) => {
    admin.setFaults(req.body as Partial<Faults>);
    res.json(admin.faults());
  });
  router.get('/requests', (_req, res) => {
    res.json(admin.requestLog());
  });
  router.delete('/requests', (_req, res) => {
    admin.clearRequestLog();
    res.status(204).end();
  });
  router.get('/deliveries', (_req, res) => {
    res.json(admin.deliveries());
  });
  router.post('/flush-webhooks', async (_req, res) => {
    await admin.flushWebhooks();
    res.status(204).end();
  });
  router.post('/webhook-target', (req, res) => {
    admin.setWebhookTarget(str(body(req).url, 'url'));
    res.status(204).end();
  });
  router.get('/objects/:type/:id', (req, res) => {
    const obj = admin.getObject(String(req.params.type), String(req.params.id));
    if (!obj) {
      res.status(404).json({ status: 'error', message: 'not found', category: 'OBJECT_NOT_FOUND', correlationId: randomUUID() });
      return;
    }
    res.json(obj);
  });
  router.get('/associations/:fromType/:fromId/:toType', (req, res) => {
    res.json(admin.getAssociations(String(req.params.fromType), String(req.params.fromId), String(req.params.toType)));
  });
  return router;
}
