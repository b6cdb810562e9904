import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse, PartnerList } from '../../src/contract/card-api';
import { signV3 } from '../../webhooks/verify-signature';
import type { Stack } from '../e2e/start-stack';
import { startStack, threePartnerSeed } from '../e2e/start-stack';

/** The card API's handling of what HubSpot adds to a URL and of hostile input, through the real Express app. */
describe('card API: query params HubSpot appends, malformed paths, deep bodies', () => {
  let s: Stack;
  const logged: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    s = await startStack(threePartnerSeed(), {
      backend: {
        // Collects the backend's info lines so the test can see the repeated-key log.
        logger: {
          level: 'info',
          child() {
            return this;
          },
          info: (obj: unknown) => logged.push(obj as Record<string, unknown>),
          warn: () => undefined,
          error: () => undefined,
          debug: () => undefined,
          trace: () => undefined,
          fatal: () => undefined,
        } as never,
      },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A signed request with a raw query string (so keys can repeat). */
  async function signed(method: 'GET' | 'POST' | 'PUT', pathAndQuery: string, body?: string) {
    const url = `${s.backend.url}${pathAndQuery}`;
    const timestamp = String(Date.now());
    const res = await fetch(url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'x-hubspot-request-timestamp': timestamp,
        'x-hubspot-signature-v3': signV3({ method, url, body: body ?? '', timestamp, secret: s.hs.clientSecret }),
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  }

  it('a key HubSpot appends again (portalId, userId, appId, userEmail) is accepted: the last value wins, and it is logged', async () => {
    const q = `portalId=${s.hs.portalId}&userId=1&portalId=${s.hs.portalId}&userId=1&appId=${s.hs.appId}&appId=${s.hs.appId}&userEmail=ana%40example.com&userEmail=ana%40example.com`;
    const res = await signed('GET', `/api/v1/partners?${q}`);
    expect(res.status).toBe(200);
    expect(PartnerList.parse(res.json).partners.length).toBe(3);
    expect(logged).toContainEqual(expect.objectContaining({ repeatedKeys: ['portalId', 'userId', 'appId', 'userEmail'] }));
  });

  it('the last value is the one used: a wrong portal appended last is refused, a right one appended last is accepted', async () => {
    const wrongLast = await signed('GET', `/api/v1/partners?portalId=${s.hs.portalId}&userId=1&portalId=1`);
    expect(wrongLast.status).toBe(403);
    const rightLast = await signed('GET', `/api/v1/partners?portalId=1&userId=1&portalId=${s.hs.portalId}`);
    expect(rightLast.status).toBe(200);
  });

  it('appId and userEmail are optional but validated', async () => {
    const res = await signed('GET', `/api/v1/partners?portalId=${s.hs.portalId}&userId=1&appId=abc`);
    expect(res.status).toBe(400);
    expect(ErrorResponse.parse(res.json).error.fields?.map((f) => f.path)).toEqual(['query.appId']);
  });

  it.each([
    ['GET', '/api/v1/deals/%ff/cosell'],
    ['GET', '/api/v1/deals/%E0%A4%A/touchpoints'],
    ['PUT', '/api/v1/deals/%/partners'],
    ['GET', '/api/v1/partners/%c3%28/scorecard'],
    ['POST', '/api/v1/rule-sets/drafts/%ff/publish'],
  ] as const)('%s %s with a malformed percent-encoding → 400, signed or not', async (method, path) => {
    const unsigned = await fetch(`${s.backend.url}${path}`, { method });
    expect(unsigned.status).toBe(400);
    expect(ErrorResponse.parse(await unsigned.json()).error).toMatchObject({ code: 'invalid_request', message: 'the URL has a malformed percent-encoding' });
    const withSignature = await signed(method, `${path}?portalId=${s.hs.portalId}&userId=1`, method === 'GET' ? undefined : '{}');
    expect(withSignature.status).toBe(400);
  });

  it.each([
    ['PUT', (d: string) => `/api/v1/deals/${d}/partners`],
    ['PUT', (d: string) => `/api/v1/deals/${d}/plan`],
    ['POST', (d: string) => `/api/v1/deals/${d}/touchpoints`],
    ['POST', (d: string) => `/api/v1/deals/${d}/registration`],
    ['POST', () => '/api/v1/rule-sets/validate'],
    ['POST', () => '/api/v1/rule-sets/drafts'],
    ['PUT', () => '/api/v1/rule-sets/drafts/1'],
  ] as const)('%s body nested 5,000 levels deep → 400 naming the limit (%#)', async (method, path) => {
    const deep = `{"ruleSet":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const res = await signed(method, `${path(s.seed.deals.d1!)}?portalId=${s.hs.portalId}&userId=1`, deep);
    expect(res.status).toBe(400);
    expect(ErrorResponse.parse(res.json).error.message).toBe('body is nested deeper than 32 levels');
  });
});
