import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { ZodType } from 'zod';
import type { AppDeps } from '../src/app/app-deps';
import { dealsRoutes } from '../src/features/deals/deals-routes';
import { plansRoutes } from '../src/features/plans/plans-routes';
import { registrationsRoutes } from '../src/features/registrations/registrations-routes';
import { ruleSetsRoutes } from '../src/features/rule-sets/rule-sets-routes';
import { scorecardRoutes } from '../src/features/scorecard/scorecard-routes';
import { disputesRoutes } from '../src/features/disputes/disputes-routes';
import { pairingsRoutes } from '../src/features/pairings/pairings-routes';
import { reportingRoutes } from '../src/features/reporting/reporting-routes';
import { payoutsRoutes } from '../src/features/payouts/payouts-routes';
import { accountMappingRoutes } from '../src/features/account-mapping/account-mapping-routes';
import type { CardHandler } from '../src/features/shared/card-routes';
import { touchpointsRoutes } from '../src/features/touchpoints/touchpoints-routes';
import { notificationsRoutes } from '../src/features/notifications/notifications-routes';
import { outcomeStatus } from '../src/http/outcome-status';
import { jsonDepthExceeds, MAX_JSON_DEPTH, sortDelivery } from '../src/jobs/webhook-events';
import type { CardEndpointName, ErrorCode, FieldError } from '../src/contract/card-api';
import { cardApi, CardQuery } from '../src/contract/card-api';
import { CrmError, CrmPermanentError } from '../src/hubspot';
import type { CrmStatus } from '../src/hubspot/crm-gateway';
import { formatPath } from '../src/domain';
import { StoreError } from '../src/store/store-error';
import { buildOpenApiDocument } from './openapi';
import { readSignedBody } from './read-signed-body';

export interface BackendConfig {
  /** The public base URL HubSpot calls (signatures are computed over it, never over the Host header). */
  publicUrl: string;
  /** Current client secret first, then the previous one while rotating. */
  clientSecrets: string[];
  /** The one portal this deployment serves; requests for another portal are refused. */
  portalId: string | undefined;
  settingsAllowedUsers: string[];
  settingsAllowedTeams: string[];
  /** Embedded demo only: with no allow-list configured, anyone may change settings. */
  settingsOpenToAll: boolean;
  /** Default 1 MB (HubSpot's hubspot.fetch limit; a 100-event webhook batch is far below it). */
  limitBytes?: number;
  /** Reported by /readyz so a demo is never mistaken for production; default `portal`. */
  mode?: 'embedded-demo' | 'portal';
}

export interface ReadyReport {
  /** Store and worker: what this instance needs to take webhooks and work them off. */
  ok: boolean;
  mode: 'embedded-demo' | 'portal';
  checks: Record<string, { ok: boolean; detail?: string }>;
  /**
   * HubSpot as this instance sees it. Informational only: intake needs no HubSpot call, and the
   * worker defers work while HubSpot is blocked, so a HubSpot outage must not take every
   * instance out of the load balancer (webhooks would then be lost to HubSpot's retry limit).
   */
  crm: CrmStatus;
}

/** How long /readyz waits for HubSpot's answer before calling it unreachable. */
export const READYZ_CRM_TIMEOUT_MS = 2_000;
/**
 * A HubSpot answer younger than this is the CRM state /readyz reports, without a ping of its own:
 * a load balancer polls every few seconds on every instance, and each ping would spend the app's
 * shared burst budget (and wait behind the pacing of a busy worker, which is not an outage).
 */
export const READYZ_CRM_FRESH_MS = 30_000;

export interface CreateAppOptions extends AppDeps {
  config: BackendConfig;
  /** Is the worker loop alive? (for /readyz) */
  workerAlive?: () => boolean;
  /** Called after events were enqueued, so an idle worker wakes at once. */
  onEnqueued?: () => void;
  /** Extra routers mounted before the 404 handler (e.g. the local preview). */
  mounts?: Array<{ path: string; router: express.Router }>;
}

const DEFAULT_LIMIT = 1024 * 1024;
/** How many dead-letter reasons a webhook answer lists (all are in the inbox). */
const MAX_REPORTED_ERRORS = 20;

function sendError(res: Response, status: number, code: ErrorCode, message: string, fields?: FieldError[]): void {
  res.status(status).json({ error: { code, message, ...(fields && fields.length > 0 ? { fields } : {}) } });
}

function zodFields(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, prefix = ''): FieldError[] {
  return issues.map((i) => {
    const path = formatPath(i.path);
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path || '(body)', message: i.message };
  });
}

/**
 * The backend's Express app: signed webhook intake, the card API, `/openapi.json`, `/healthz`,
 * `/readyz`. Every dependency comes in; nothing here reads the environment or calls HubSpot
 * inside the webhook request.
 *
 * @example const app = createApp({ store, gateway, clock, logger, appId, portalId, config });
 *          app.listen(0)
 */
export function createApp(opts: CreateAppOptions): express.Express {
  const { store, config } = opts;
  const limitBytes = config.limitBytes ?? DEFAULT_LIMIT;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // Request id + structured request log bound to it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = opts.logger.child({ requestId });
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      (res.locals.log as AppDeps['logger']).info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...(res.locals.logFields ?? {}) }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/readyz', async (_req, res) => {
    const checks: ReadyReport['checks'] = {};
    const timed = async (name: string, fn: () => Promise<void>) => {
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref())]);
        checks[name] = { ok: true };
      } catch (error) {
        checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    };
    const [, , crm] = await Promise.all([
      timed('store', () => store.ping()),
      timed('worker', async () => {
        if (opts.workerAlive && !opts.workerAlive()) throw new Error('worker is not running');
      }),
      crmState(opts.gateway, opts.clock),
    ]);
    const ok = Object.values(checks).every((c) => c.ok);
    const report: ReadyReport = { ok, mode: config.mode ?? 'portal', checks, crm };
    res.status(ok ? 200 : 503).json(report);
  });

  const openApi = buildOpenApiDocument();

  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  // ---------- webhook intake ----------
  app.post('/webhooks/hubspot', async (req: Request, res: Response) => {
    const log = res.locals.log as AppDeps['logger'];
    if (!req.is('application/json')) {
      req.resume();
      return sendError(res, 415, 'unsupported_media_type', 'Content-Type must be application/json');
    }
    const signed = await readSignedBody(req, { publicUrl: config.publicUrl, secrets: config.clientSecrets, nowMs: opts.clock().getTime(), limitBytes });
    if (!signed.ok) {
      log.warn({ reason: signed.reason }, 'webhook rejected');
      if (signed.status === 400) return sendError(res, 400, 'invalid_request', 'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers are required');
      if (signed.status === 401) return sendError(res, 401, 'unauthorized', `signature check failed (${signed.reason})`);
      return sendError(res, 413, 'payload_too_large', `body exceeds ${limitBytes} bytes`);
    }
    let json: unknown;
    try {
      json = JSON.parse(signed.body.toString('utf8'));
    } catch {
      return sendError(res, 400, 'invalid_request', 'body is not valid JSON');
    }
    if (!Array.isArray(json)) return sendError(res, 400, 'invalid_request', 'body must be a JSON array of HubSpot webhook events');
    // Event by event: valid ones to the inbox, invalid ones kept as dead letters (HubSpot would
    // retry a refused batch and then drop it whole, good events included), unknown types skipped.
    // Echoes on output properties and other portals' events would only be skipped by the worker:
    // not storing them keeps the intake fast and the inbox small.
    const sorted = sortDelivery(json, { appId: opts.appId, portalId: config.portalId, receivedAt: opts.clock() });
    const none = { inserted: 0, duplicates: 0 };
    const { inserted, duplicates } = sorted.inbox.length > 0 ? await store.inbox.enqueue(sorted.inbox) : none;
    const dead = sorted.deadLetters.length > 0 ? await store.inbox.enqueueDead(sorted.deadLetters) : none;
    const rejected = sorted.deadLetters.length;
    if (rejected > 0) {
      log.warn({ rejected, newDeadLetters: dead.inserted, reasons: sorted.deadLetters.slice(0, 5).map((d) => d.error) }, 'webhook events failed validation; kept as dead letters (cosell inbox list)');
    }
    res.locals.logFields = { events: json.length, inserted, duplicates, ignored: sorted.ignored, rejected };
    res.status(200).json({
      received: json.length,
      inserted,
      duplicates,
      ignored: sorted.ignored,
      rejected,
      ...(rejected > 0 ? { errors: sorted.deadLetters.slice(0, MAX_REPORTED_ERRORS).map((d) => d.error) } : {}),
    });
    if (inserted > 0) opts.onEnqueued?.();
  });

  // ---------- card API ----------
  // Each feature serves its own endpoints; together they must cover the whole card contract.
  const hooks = { onEnqueued: () => opts.onEnqueued?.() };
  const handlers: { [K in CardEndpointName]: CardHandler } = {
    ...dealsRoutes(),
    ...plansRoutes(),
    ...touchpointsRoutes(),
    ...registrationsRoutes(hooks),
    ...ruleSetsRoutes(hooks),
    ...scorecardRoutes(),
    ...disputesRoutes(hooks),
    ...pairingsRoutes(),
    ...reportingRoutes(),
    ...notificationsRoutes(),
    ...payoutsRoutes(),
    ...accountMappingRoutes(hooks),
  };

  for (const [name, spec] of Object.entries(cardApi) as Array<[CardEndpointName, (typeof cardApi)[CardEndpointName]]>) {
    const method = spec.method.toLowerCase() as 'get' | 'post' | 'put';
    app[method](spec.path, async (req: Request, res: Response) => {
      const log = res.locals.log as AppDeps['logger'];
      const hasBody = spec.method !== 'GET';
      const bodySchema = spec.body as ZodType | null;
      if (hasBody && bodySchema && !req.is('application/json')) {
        req.resume();
        return sendError(res, 415, 'unsupported_media_type', 'Content-Type must be application/json');
      }
      const signed = await readSignedBody(req, { publicUrl: config.publicUrl, secrets: config.clientSecrets, nowMs: opts.clock().getTime(), limitBytes });
      if (!signed.ok) {
        log.warn({ reason: signed.reason, endpoint: name }, 'card request rejected');
        if (signed.status === 400) return sendError(res, 400, 'invalid_request', 'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers are required (call through hubspot.fetch)');
        if (signed.status === 401) return sendError(res, 401, 'unauthorized', `signature check failed (${signed.reason})`);
        return sendError(res, 413, 'payload_too_large', `body exceeds ${limitBytes} bytes`);
      }
      const { values: queryValues, repeated } = lastQueryValues(req.query);
      if (repeated.length > 0) log.info({ repeatedKeys: repeated, endpoint: name }, 'query key sent more than once; using the last value (the one HubSpot appends)');
      const query = CardQuery.safeParse(queryValues);
      if (!query.success) return sendError(res, 400, 'invalid_request', 'signed query parameters are invalid', zodFields(query.error.issues, 'query'));
      if (config.portalId && query.data.portalId !== config.portalId) {
        return sendError(res, 403, 'forbidden', `this backend serves portal ${config.portalId}, not ${query.data.portalId}`);
      }
      const teamIds = query.data.teamIds ? query.data.teamIds.split(',') : [];
      if (spec.settings && !config.settingsOpenToAll) {
        const allowed = config.settingsAllowedUsers.includes(query.data.userId) || teamIds.some((t) => config.settingsAllowedTeams.includes(t));
        if (!allowed) return sendError(res, 403, 'forbidden', `user ${query.data.userId} may not change settings (SETTINGS_ALLOWED_USERS / SETTINGS_ALLOWED_TEAMS)`);
      }
      let body: unknown = undefined;
      if (hasBody && bodySchema) {
        let json: unknown;
        try {
          json = signed.body.length === 0 ? undefined : JSON.parse(signed.body.toString('utf8'));
        } catch {
          return sendError(res, 400, 'invalid_request', 'body is not valid JSON');
        }
        // Checked before any recursive walk (zod, the store's JSON encoding) can meet a hostile depth.
        if (jsonDepthExceeds(json, MAX_JSON_DEPTH)) {
          return sendError(res, 400, 'invalid_request', `body is nested deeper than ${MAX_JSON_DEPTH} levels`, [{ path: '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
        }
        const parsed = bodySchema.safeParse(json);
        if (!parsed.success) {
          const fields = zodFields(parsed.error.issues);
          return sendError(res, 400, 'invalid_request', `invalid request body: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
        }
        body = parsed.data;
      }
      const params = req.params as Record<string, string>;
      const reqLog = log.child({ portalId: query.data.portalId, userId: query.data.userId, ...(params.dealId ? { dealId: params.dealId } : {}), endpoint: name });
      res.locals.log = reqLog;
      const deps: AppDeps = { ...opts, logger: reqLog };
      const result = await handlers[name](deps, { params, body, actor: { userId: query.data.userId, requestId: res.locals.requestId as string } });
      if (!result.ok) {
        const { status, code } = outcomeStatus(result.kind);
        return sendError(res, status, code, result.message, result.fields);
      }
      res.status(spec.status).json(result.value);
    });
  }

  for (const m of opts.mounts ?? []) app.use(m.path, m.router);

  app.use((_req: Request, res: Response) => sendError(res, 404, 'not_found', 'no such endpoint'));

  // Thrown errors are bugs or dependency failures; expected failures came back as results above.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const log = (res.locals.log as AppDeps['logger'] | undefined) ?? opts.logger;
    if (res.headersSent) return;
    if (error instanceof CrmError) {
      log.warn({ err: error }, 'HubSpot call failed during a card request');
      const status = error instanceof CrmPermanentError ? 502 : 503;
      return sendError(res, status, 'crm_unavailable', error.message);
    }
    if (error instanceof StoreError && error.code === 'corrupt_row') {
      // A stored row that no longer reads: the card says which, nothing is replaced by a default.
      log.error({ err: error }, 'stored data is unreadable');
      return sendError(res, 422, 'corrupt_row', `${error.message}; ask an administrator to repair it`, error.field ? [{ path: error.field, message: error.message }] : undefined);
    }
    if (error instanceof StoreError && error.code === 'conflict') {
      return sendError(res, 409, 'conflict', `${error.message}; reload and try again`, error.field ? [{ path: error.field, message: error.message }] : undefined);
    }
    // Express and its router mark bad input with a 4xx `status`/`statusCode` (e.g. 400 for a path
    // with a malformed percent-encoding): that is the client's error, answered as such, never a 500.
    const clientStatus = clientErrorStatus(error);
    if (clientStatus !== undefined) {
      log.warn({ status: clientStatus, reason: error instanceof Error ? error.message : String(error) }, 'request refused');
      if (clientStatus === 413) return sendError(res, 413, 'payload_too_large', 'body too large');
      if (clientStatus === 415) return sendError(res, 415, 'unsupported_media_type', 'unsupported content type');
      if (clientStatus === 404) return sendError(res, 404, 'not_found', 'no such endpoint');
      const message = error instanceof URIError || /decode/i.test(error instanceof Error ? error.message : '') ? 'the URL has a malformed percent-encoding' : 'invalid request';
      return sendError(res, clientStatus, 'invalid_request', message);
    }
    log.error({ err: error }, 'unhandled error');
    sendError(res, 500, 'internal', `internal error (request ${String(res.locals.requestId)})`);
  });

  return app;
}

/**
 * What the gateway learned from its latest calls when they are recent (see READYZ_CRM_FRESH_MS);
 * otherwise one cheap call: a burst back-off shows as throttled, no answer in time as unreachable.
 */
async function crmState(gateway: AppDeps['gateway'], clock: AppDeps['clock']): Promise<CrmStatus> {
  const known = gateway.status();
  if (known.state === 'daily_blocked' || known.state === 'throttled') return known;
  if (known.lastCallAt && clock().getTime() - Date.parse(known.lastCallAt) < READYZ_CRM_FRESH_MS) return known;
  let failure: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      gateway.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READYZ_CRM_TIMEOUT_MS / 1000} s`)), READYZ_CRM_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
  } catch (error) {
    failure = error;
  } finally {
    if (timer) clearTimeout(timer);
  }
  const status = gateway.status();
  if (failure === undefined) return status;
  if (status.state === 'daily_blocked' || status.state === 'throttled') return status;
  const detail = failure instanceof Error ? failure.message : String(failure);
  return { state: 'unreachable', since: status.state === 'unreachable' ? status.since : clock().toISOString(), until: null, detail: `HubSpot is not answering: ${detail}`, lastCallAt: status.lastCallAt };
}

/** The 4xx status an error carries (`status` or `statusCode`, as http-errors and the router set them). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 500 ? value : undefined;
}

/**
 * Query values with repeated keys collapsed to their last value. HubSpot appends its own
 * parameters to hubspot.fetch URLs (`appId` for sure; possibly `portalId`, `userId`, `userEmail`),
 * so a key the card also sends arrives twice and Express makes it an array; HubSpot's is the last.
 */
export function lastQueryValues(query: Record<string, unknown>): { values: Record<string, unknown>; repeated: string[] } {
  const repeated: string[] = [];
  const values = Object.fromEntries(
    Object.entries(query).map(([key, value]) => {
      if (!Array.isArray(value)) return [key, value];
      repeated.push(key);
      return [key, value.at(-1)];
    }),
  );
  return { values, repeated };
}
