import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignatureV3 } from '../../webhooks/verify-signature';
import { createPreviewRouter } from './create-preview-router';
import { FAVICON, renderPreviewPage } from './render-preview-page';

const SECRET = 'preview-test-secret';
const NOW = 1_800_000_000_000;
const TOKEN = 'per-start-preview-token';
const withToken = { 'x-cosell-preview-token': TOKEN };

/** A raw HTTP call, so the test can send the Host header a DNS-rebinding page would send. */
function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let backend: { server: Server; url: string };
let crm: { server: Server; url: string };
let preview: { server: Server; url: string };
const seen: { url: string; verified: boolean; body: string; contentType: string | undefined }[] = [];

beforeAll(async () => {
  // A stand-in backend that checks each request with the backend's own, independent verifier.
  const backendApp = express();
  backendApp.use(express.raw({ type: () => true }));
  backendApp.all('/{*rest}', (req, res) => {
    const url = `${backend.url}${req.originalUrl}`;
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = verifySignatureV3(
      { method: req.method, url, rawBody, signature: req.get('x-hubspot-signature-v3'), timestamp: req.get('x-hubspot-request-timestamp') },
      { secrets: [SECRET], nowMs: NOW },
    );
    seen.push({ url, verified: result.ok, body: rawBody.toString('utf8'), contentType: req.get('content-type') });
    if (!result.ok) {
      res.status(401).json({ error: { code: 'unauthorized', message: result.reason } });
      return;
    }
    res.status(req.method === 'POST' ? 201 : 200).json({ echoed: req.method });
  });
  backend = await listen(backendApp);

  const crmApp = express();
  crmApp.get('/crm/v3/objects/:type', (req, res) => {
    if (req.get('authorization') !== 'Bearer crm-token') {
      res.status(401).json({ status: 'error', message: 'bad token' });
      return;
    }
    if (req.params.type === 'deals') {
      const page = req.query.after === '2' ? 2 : 1;
      res.json(
        page === 1
          ? { results: [{ id: '2', properties: { dealname: 'Zeta deal', amount: '10', deal_currency_code: 'USD', dealstage: 'x' } }], paging: { next: { after: '2' } } }
          : { results: [{ id: '1', properties: { dealname: 'Alpha deal', amount: null, deal_currency_code: 'EUR', dealstage: 'y' } }] },
      );
      return;
    }
    res.json({
      results: [
        { id: '10', properties: { name: 'Partner Co', cosell_partner_type: 'reseller' } },
        { id: '11', properties: { name: 'Customer Co', cosell_partner_type: null } },
      ],
    });
  });
  crm = await listen(crmApp);

  const app = express();
  app.use(
    '/preview',
    await createPreviewRouter({
      backendUrl: backend.url,
      clientSecret: SECRET,
      portalId: '555',
      userId: '7',
      crmBaseUrl: crm.url,
      accessToken: 'crm-token',
      now: () => NOW,
      token: TOKEN,
    }),
  );
  preview = await listen(app);
}, 60_000);

afterAll(async () => {
  for (const s of [backend, crm, preview]) await new Promise((r) => s?.server.close(r));
});

describe('the preview page', () => {
  it('carries an inline favicon (no /favicon.ico 404) and keeps toasts clear of the pickers at the top right', () => {
    const html = renderPreviewPage({ portalId: '1', userId: '2', backendUrl: 'http://127.0.0.1:1', token: 't' });
    expect(html).toContain(`<link rel="icon" href="${FAVICON}">`);
    expect(FAVICON).toMatch(/^data:image\/svg\+xml,/);
    const toasts = /\.preview-toasts \{([^}]*)\}/.exec(html)![1]!;
    expect(toasts).toContain('bottom:16px');
    expect(toasts).not.toContain('top:');
  });
});

describe('createPreviewRouter', () => {
  it('serves the page (redirecting to the trailing slash) with the preview config', async () => {
    const redirect = await fetch(`${preview.url}/preview`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/preview/');
    const page = await fetch(`${preview.url}/preview/`);
    const html = await page.text();
    expect(html).toContain('<script src="preview.js"></script>');
    expect(html).toContain(`"backendUrl":"${backend.url}"`);
    expect(html).toContain('"portalId":"555"');
    expect(html).toContain(`"token":"${TOKEN}"`);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('serves a bundle of the real card and settings components built with the HTML shim', async () => {
    const response = await fetch(`${preview.url}/preview/preview.js`);
    expect(response.headers.get('content-type')).toContain('javascript');
    const js = await response.text();
    expect(js).toContain('Save partners and roles'); // from the deal card
    expect(js).toContain('Commission earned this quarter'); // from the scorecard
    expect(js).toContain('Confirm publish'); // from the settings page
    expect(js).toContain('hs-button'); // the shim, not HubSpot's remote components
    expect(js).not.toContain('createAndRegisterRemoteReactComponent');
  });

  it('lists deals (all pages, sorted by name) and partner companies from the CRM', async () => {
    expect(await (await fetch(`${preview.url}/preview/api/deals`, { headers: withToken })).json()).toEqual([
      { id: '1', name: 'Alpha deal', amount: null, currency: 'EUR', stage: 'y' },
      { id: '2', name: 'Zeta deal', amount: '10', currency: 'USD', stage: 'x' },
    ]);
    expect(await (await fetch(`${preview.url}/preview/api/companies`, { headers: withToken })).json()).toEqual([{ id: '10', name: 'Partner Co', partnerType: 'reseller' }]);
  });

  it('signs hubspot.fetch calls with v3 as HubSpot does, including the body and a decoded comma', async () => {
    const url = `${backend.url}/api/v1/deals/1/partners?portalId=555&userId=7&teamIds=1%2C2`;
    const response = await fetch(`${preview.url}/preview/api/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withToken },
      body: JSON.stringify({ url, method: 'PUT', body: { partners: [{ companyId: '10', roles: ['selling'] }] } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ echoed: 'PUT' });
    expect(seen.at(-1)).toEqual({ url, verified: true, body: '{"partners":[{"companyId":"10","roles":["selling"]}]}', contentType: 'application/json' });
  });

  it('passes the backend status through and signs bodiless GETs', async () => {
    const response = await fetch(`${preview.url}/preview/api/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withToken },
      body: JSON.stringify({ url: `${backend.url}/api/v1/partners?portalId=555&userId=7` }),
    });
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.verified).toBe(true);
    expect(seen.at(-1)?.body).toBe('');
  });

  it('refuses URLs outside the backend and malformed requests', async () => {
    const before = seen.length;
    const foreign = await fetch(`${preview.url}/preview/api/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withToken },
      body: JSON.stringify({ url: `${crm.url}/crm/v3/objects/deals` }),
    });
    expect(foreign.status).toBe(403);
    const bad = await fetch(`${preview.url}/preview/api/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withToken },
      body: JSON.stringify({ url: `${backend.url}/x`, method: 'TRACE' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^method/);
    expect(seen.length).toBe(before);
  });

  it('refuses api calls without the per-start token, or with a wrong one, and signs nothing for them', async () => {
    const before = seen.length;
    const body = JSON.stringify({ url: `${backend.url}/api/v1/settings/rule-sets`, method: 'POST', body: { poolRate: '0' } });
    const missing = await fetch(`${preview.url}/preview/api/fetch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('x-cosell-preview-token');
    const wrong = await fetch(`${preview.url}/preview/api/fetch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cosell-preview-token': `${TOKEN}x` }, body });
    expect(wrong.status).toBe(403);
    expect((await fetch(`${preview.url}/preview/api/deals`)).status).toBe(403);
    expect(seen.length).toBe(before);
  });

  it('refuses a DNS-rebinding Host and a foreign Origin even with the token, and accepts localhost and its own origin', async () => {
    const before = seen.length;
    const port = new URL(preview.url).port;
    const body = JSON.stringify({ url: `${backend.url}/api/v1/partners` });
    const post = (headers: Record<string, string>) =>
      rawRequest(`${preview.url}/preview/api/fetch`, { method: 'POST', headers: { 'content-type': 'application/json', ...withToken, ...headers }, body });

    const rebound = await post({ host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { error: { message: string } }).error.message).toMatch(/^card preview: Host "evil\.example:\d+" is not this local server/);
    // The page itself (which holds the token) is not served to a rebound name either.
    expect((await rawRequest(`${preview.url}/preview/`, { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    const otherPort = await post({ host: `127.0.0.1:${Number(port) + 1}` });
    expect(otherPort.status).toBe(403);
    const foreign = await post({ origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((JSON.parse(foreign.body) as { error: { message: string } }).error.message).toBe('card preview: Origin "https://evil.example" is not this local server\'s own page');
    expect(seen.length).toBe(before);

    expect((await post({ host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post({ origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect(seen.length).toBe(before + 2);
  });
});
