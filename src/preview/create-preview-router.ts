import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { bundlePreview } from './bundle-preview';
import { localRequestProblem, PREVIEW_TOKEN_HEADER, sameToken } from './local-only';
import { renderPreviewPage } from './render-preview-page';
import { signHubspotRequest } from './sign-hubspot-request';

export interface PreviewRouterOptions {
  /** Base URL of the backend (the origin HubSpot would call; the card's BACKEND_URL profile variable). */
  backendUrl: string;
  /** The app's client secret: the preview signs card requests with it, as HubSpot does. */
  clientSecret: string;
  portalId: string;
  userId: string;
  /** Base URL of the CRM API (the local emulator, or https://api.hubapi.com). */
  crmBaseUrl: string;
  accessToken: string;
  /** Clock for signature timestamps; defaults to Date.now. */
  now?: () => number;
  /** fetch used for backend and CRM calls; defaults to the global fetch. */
  fetchFn?: typeof fetch;
  /**
   * The per-start secret the served page holds and sends back on every `api/…` call; defaults to
   * 32 random bytes. Only a page this server served (same origin, local Host) can know it.
   */
  token?: string;
}

const proxyRequestSchema = z.object({
  url: z.string().min(1, 'url is required'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  body: z.record(z.string(), z.unknown()).optional(),
});

const crmListSchema = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable().optional()) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** HubSpot's limit on a hubspot.fetch body (docs/hubspot.md §2.4). */
const MAX_BODY = '1mb';

/**
 * The local card preview: a page with a deal picker that renders the real deal card, partner scorecard and
 * settings page (bundled with esbuild, `@hubspot/ui-extensions` mapped to plain HTML), and a
 * `hubspot.fetch` stand-in that signs each request with v3 like HubSpot and forwards it to the backend.
 *
 * Routes (relative to where it is mounted, e.g. `/preview`): `GET /` page, `GET /preview.js` bundle,
 * `GET /api/deals`, `GET /api/companies` (from the CRM with the access token), `POST /api/fetch` (signed proxy).
 *
 * Local doors: `api/fetch` signs with the real client secret, so anything that can call it can
 * publish rules as any user. Every route answers only loopback peers with a local Host and no
 * foreign Origin (see `localRequestProblem`), and every `api/…` route also wants the per-start
 * token that the served page carries (header `x-cosell-preview-token`); otherwise 403.
 *
 * @example app.use('/preview', await createPreviewRouter({ backendUrl, clientSecret, portalId, userId, crmBaseUrl, accessToken }));
 */
export async function createPreviewRouter(opts: PreviewRouterOptions): Promise<Router> {
  const now = opts.now ?? Date.now;
  const fetchFn = opts.fetchFn ?? fetch;
  const backendUrl = opts.backendUrl.replace(/\/+$/, '');
  const crmBaseUrl = opts.crmBaseUrl.replace(/\/+$/, '');
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const bundle = await bundlePreview();
  const router = express.Router();

  router.use((req, res, next) => {
    const problem = localRequestProblem(req);
    if (problem) {
      res.status(403).json({ error: { code: 'forbidden', message: `card preview: ${problem}` } });
      return;
    }
    next();
  });
  router.use('/api', (req, res, next) => {
    if (!sameToken(req.get(PREVIEW_TOKEN_HEADER), token)) {
      res.status(403).json({ error: { code: 'forbidden', message: `card preview: the ${PREVIEW_TOKEN_HEADER} header is missing or wrong; reload the preview page (the token changes at every start)` } });
      return;
    }
    next();
  });

  router.get('/', (req, res) => {
    // Relative URLs in the page (preview.js, api/…) need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      const [pathPart, query] = req.originalUrl.split('?');
      res.redirect(302, `${pathPart}/${query ? `?${query}` : ''}`);
      return;
    }
    // The page carries the token: never cached, never framed by another site.
    res
      .type('html')
      .set({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" })
      .send(renderPreviewPage({ portalId: opts.portalId, userId: opts.userId, backendUrl, token }));
  });

  router.get('/preview.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'no-store').send(bundle);
  });

  router.get('/api/deals', async (_req, res) => {
    const result = await listCrmObjects(fetchFn, crmBaseUrl, opts.accessToken, 'deals', ['dealname', 'amount', 'deal_currency_code', 'dealstage']);
    if (!result.ok) {
      res.status(502).json({ error: { code: 'crm_unavailable', message: result.message } });
      return;
    }
    res.json(
      result.objects
        .map((d) => ({ id: d.id, name: d.properties.dealname ?? `Deal ${d.id}`, amount: d.properties.amount ?? null, currency: d.properties.deal_currency_code ?? null, stage: d.properties.dealstage ?? null }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  router.get('/api/companies', async (_req, res) => {
    const result = await listCrmObjects(fetchFn, crmBaseUrl, opts.accessToken, 'companies', ['name', 'cosell_partner_type']);
    if (!result.ok) {
      res.status(502).json({ error: { code: 'crm_unavailable', message: result.message } });
      return;
    }
    res.json(
      result.objects
        .filter((c) => Boolean(c.properties.cosell_partner_type))
        .map((c) => ({ id: c.id, name: c.properties.name ?? `Company ${c.id}`, partnerType: c.properties.cosell_partner_type ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  router.post('/api/fetch', express.json({ limit: MAX_BODY }), async (req, res) => {
    const parsed = proxyRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: { code: 'validation_failed', message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` } });
      return;
    }
    const { url, method, body } = parsed.data;
    // Like permittedUrls.fetch: only the configured backend origin may be called (no open proxy).
    if (!url.startsWith(`${backendUrl}/`)) {
      res.status(403).json({ error: { code: 'url_not_permitted', message: `url: only ${backendUrl} is a permitted fetch URL` } });
      return;
    }
    const rawBody = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...signHubspotRequest({ method, url, body: rawBody, timestampMs: now(), clientSecret: opts.clientSecret }),
      accept: 'application/json',
    };
    if (rawBody) headers['content-type'] = 'application/json';
    try {
      const upstream = await fetchFn(url, { method, headers, body: rawBody || undefined });
      const text = await upstream.text();
      res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json').send(text);
    } catch (cause) {
      res.status(502).json({ error: { code: 'backend_unavailable', message: `The backend at ${backendUrl} did not answer: ${cause instanceof Error ? cause.message : String(cause)}` } });
    }
  });

  return router;
}

type CrmObject = { id: string; properties: Record<string, string | null | undefined> };

async function listCrmObjects(
  fetchFn: typeof fetch,
  crmBaseUrl: string,
  accessToken: string,
  objectType: 'deals' | 'companies',
  properties: string[],
): Promise<{ ok: true; objects: CrmObject[] } | { ok: false; message: string }> {
  const objects: CrmObject[] = [];
  let after: string | undefined;
  // A picker needs a page or a few, not the whole portal: stop at 500 records.
  for (let page = 0; page < 5; page += 1) {
    const query = new URLSearchParams({ limit: '100', properties: properties.join(','), ...(after ? { after } : {}) });
    let response: Response;
    try {
      response = await fetchFn(`${crmBaseUrl}/crm/v3/objects/${objectType}?${query.toString()}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      });
    } catch (cause) {
      return { ok: false, message: `CRM at ${crmBaseUrl} unreachable: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
    if (!response.ok) return { ok: false, message: `CRM answered ${response.status} listing ${objectType}` };
    const parsed = crmListSchema.safeParse(await response.json());
    if (!parsed.success) return { ok: false, message: `CRM returned an unexpected ${objectType} page` };
    objects.push(...parsed.data.results);
    after = parsed.data.paging?.next?.after;
    if (!after) break;
  }
  return { ok: true, objects };
}
