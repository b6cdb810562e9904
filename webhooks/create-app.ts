import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { ZodType } from 'zod';
import type { AppDeps } from '../src/app/app-deps';
import * as service from '../src/app/card-service';
import type { ServiceResult } from '../src/app/card-service';
import type { WebhookEvent } from '../src/app/webhook-events';
import { classifyEvent, toInboxItems, webhookBodySchema } from '../src/app/webhook-events';
import type { CardEndpointName, ErrorCode, FieldError } from '../src/contract/card-api';
import { cardApi, CardQuery } from '../src/contract/card-api';
import { CrmError, CrmPermanentError } from '../src/hubspot/crm-gateway';
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
  ok: boolean;
  mode: 'embedded-demo' | 'portal';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

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
    await Promise.all([
      timed('store', () => store.ping()),
      timed('crm', () => opts.gateway.ping()),
      timed('worker', async () => {
        if (opts.workerAlive && !opts.workerAlive()) throw new Error('worker is not running');
      }),
    ]);
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ ok, mode: config.mode ?? 'portal', checks });
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
    const parsed = webhookBodySchema.safeParse(json);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', 'body must be an array of HubSpot webhook events', zodFields(parsed.error.issues));
    // Our own echoes (own writes, output properties) and other portals' events would only be
    // skipped by the worker: not storing them keeps the intake fast and the inbox small.
    const events = parsed.data.filter((e) => !isIgnorable(e, opts.appId, config.portalId));
    const { inserted, duplicates } = events.length > 0 ? await store.inbox.enqueue(toInboxItems(events)) : { inserted: 0, duplicates: 0 };
    const ignored = parsed.data.length - events.length;
    res.locals.logFields = { events: parsed.data.length, inserted, duplicates, ignored };
    res.status(200).json({ received: parsed.data.length, inserted, duplicates, ignored });
    if (inserted > 0) opts.onEnqueued?.();
  });

  // ---------- card API ----------
  const handlers: { [K in CardEndpointName]: (deps: AppDeps, ctx: CardCtx) => Promise<ServiceResult<unknown>> } = {
    getDealCoSell: (d, c) => service.getDealState(d, c.params.dealId!),
    setDealPartners: (d, c) => service.setDealPartners(d, c.params.dealId!, c.body as never, c.actor),
    setDealPlan: (d, c) => service.setDealPlan(d, c.params.dealId!, c.body as never, c.actor),
    createTouchpoint: (d, c) => service.createTouchpoint(d, c.params.dealId!, c.body as never, c.actor),
    listTouchpoints: (d, c) => service.listTouchpoints(d, c.params.dealId!),
    registerDeal: (d, c) => service.registerDeal(d, c.params.dealId!, c.body as never, c.actor),
    listRuleSets: (d) => service.listRuleSets(d),
    validateRuleSet: (d, c) => service.validateRuleSet(d, (c.body as { ruleSet: unknown }).ruleSet),
    createRuleSetDraft: (d, c) => service.createRuleSetDraft(d, (c.body as { ruleSet: Record<string, unknown> }).ruleSet, c.actor),
    updateRuleSetDraft: (d, c) => service.updateRuleSetDraft(d, c.params.draftId!, (c.body as { ruleSet: Record<string, unknown> }).ruleSet, c.actor),
    dryRunRuleSet: (d, c) => service.dryRunRuleSet(d, (c.body as { ruleSet: unknown }).ruleSet),
    publishRuleSetDraft: async (d, c) => {
      const r = await service.publishRuleSetDraft(d, c.params.draftId!, c.actor);
      if (r.ok && r.value.recomputeEnqueued > 0) opts.onEnqueued?.();
      return r;
    },
    listPartners: (d) => service.listPartners(d),
    getPartnerScorecard: (d, c) => service.getPartnerScorecard(d, c.params.companyId!),
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
      const query = CardQuery.safeParse(req.query);
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
      if (!result.ok) return sendError(res, result.error.status, result.error.code, result.error.message, result.error.fields);
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
    if (error instanceof StoreError && error.code === 'conflict') {
      return sendError(res, 409, 'conflict', `${error.message}; reload and try again`, error.field ? [{ path: error.field, message: error.message }] : undefined);
    }
    if (typeof error === 'object' && error && 'type' in error && (error as { type: string }).type === 'entity.too.large') {
      return sendError(res, 413, 'payload_too_large', 'body too large');
    }
    log.error({ err: error }, 'unhandled error');
    sendError(res, 500, 'internal', `internal error (request ${String(res.locals.requestId)})`);
  });

  return app;
}

/** Skips decided by the event alone (no CRM state): safe to drop at the door. */
function isIgnorable(e: WebhookEvent, appId: string | undefined, portalId: string | undefined): boolean {
  const d = classifyEvent(e, { appId, portalId });
  return d.action === 'skip' && (d.reason === 'own_write' || d.reason === 'output_property' || d.reason === 'other_portal');
}

interface CardCtx {
  params: Record<string, string>;
  body: unknown;
  actor: service.Actor;
}
