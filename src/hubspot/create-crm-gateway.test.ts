import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEAL_OUTPUT_PROPERTIES } from './app-schema';
import { crmBlockedUntil, CrmDailyLimitError, CrmPermanentError, CrmRateLimitedError, CrmTransientError } from './crm-errors';
import { TEST_BASE, testGateway } from '../../test/support/hubspot-test-support';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Json = Record<string, unknown>;
const bodies: Json[] = [];
afterEach(() => {
  bodies.length = 0;
});

const dealBag = (id: string, extra: Record<string, string | null> = {}) => ({
  id,
  properties: {
    dealname: `Deal ${id}`,
    amount: '1000.5',
    deal_currency_code: 'usd',
    closedate: '2026-03-31T00:00:00.000Z',
    dealstage: 'closedwon',
    pipeline: 'default',
    hubspot_owner_id: '7',
    hs_lastmodifieddate: '2026-04-01T10:00:00.000Z',
    hs_object_id: id,
    ...extra,
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-04-01T10:00:00.000Z',
  archived: false,
});

const batchOf = (results: unknown[]) => ({ status: 'COMPLETE', results, startedAt: '2026-04-01T10:00:00.000Z', completedAt: '2026-04-01T10:00:00.000Z' });
/** Deal batch updates that succeed and are recorded in `bodies`; no reads are expected. */
const recordDealUpdates = () =>
  http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/update`, async ({ request }) => {
    const body = (await request.json()) as { inputs: Array<{ id: string; properties: Record<string, string> }> };
    bodies.push(body as unknown as Json);
    return HttpResponse.json(batchOf(body.inputs.map((i) => dealBag(i.id, i.properties))));
  });
const hubspotError = (status: number, body: Json, headers: Record<string, string> = {}) =>
  HttpResponse.json({ status: 'error', correlationId: 'c0ffee', ...body }, { status, headers });

describe('readDeals', () => {
  it('reads in batches of at most 100, maps the bag, and leaves unknown ids out', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, async ({ request }) => {
        const body = (await request.json()) as { inputs: Array<{ id: string }>; properties: string[] };
        bodies.push(body as unknown as Json);
        const known = body.inputs.filter((i) => Number(i.id) % 10 !== 0);
        return HttpResponse.json(batchOf(known.map((i) => dealBag(i.id))), { status: known.length === body.inputs.length ? 200 : 207 });
      }),
    );
    const { gateway } = testGateway();
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const deals = await gateway.readDeals([...ids, '1']);
    // Batches may be in flight concurrently: compare sizes, not arrival order.
    expect(bodies.map((b) => (b['inputs'] as unknown[]).length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(bodies[0]!['properties']).toEqual(expect.arrayContaining(['dealname', 'amount', 'closedate', ...DEAL_OUTPUT_PROPERTIES]));
    expect(deals.size).toBe(225);
    expect(deals.has('10')).toBe(false);
    expect(deals.get('1')).toMatchObject({
      id: '1',
      name: 'Deal 1',
      amount: '1000.5',
      currency: 'USD',
      closeDate: '2026-03-31',
      stageId: 'closedwon',
      pipelineId: 'default',
      ownerId: '7',
      updatedAt: '2026-04-01T10:00:00.000Z',
    });
    expect(deals.get('1')!.outputs['cosell_model']).toBeNull();
  });

  it('turns a bad value into a permanent error naming the deal and the property', async () => {
    server.use(http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => HttpResponse.json(batchOf([dealBag('42', { amount: 'twelve' })]))));
    const { gateway } = testGateway();
    const error = await gateway.readDeals(['42']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmPermanentError);
    expect(error).toMatchObject({ objectType: 'deals', objectId: '42', property: 'amount', retryable: false });
    expect((error as Error).message).toContain('deals[42].amount');
  });
});

describe('writeDealProperties', () => {
  it('coalesces changes per deal, skips values that would not change (numbers compared as numbers) and batches ≤100', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, async ({ request }) => {
        const body = (await request.json()) as { inputs: Array<{ id: string }>; properties: string[] };
        bodies.push({ kind: 'read', ...body });
        return HttpResponse.json(
          batchOf(body.inputs.map((i) => dealBag(i.id, { cosell_pool_amount: '250', cosell_model: i.id === '3' ? 'sell_with' : null }))),
        );
      }),
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/update`, async ({ request }) => {
        const body = (await request.json()) as { inputs: Array<{ id: string; properties: Record<string, string> }> };
        bodies.push({ kind: 'update', ...body });
        return HttpResponse.json(batchOf(body.inputs.map((i) => dealBag(i.id, i.properties))));
      }),
    );
    const { gateway } = testGateway();
    const changes: Array<{ dealId: string; properties: Record<string, string> }> = [
      { dealId: '1', properties: { cosell_pool_amount: '250.00' } },
      { dealId: '1', properties: { cosell_model: 'solo' } },
      { dealId: '2', properties: { cosell_pool_amount: '250.00', cosell_model: '' } },
      { dealId: '3', properties: { cosell_model: 'sell_with' } },
      ...Array.from({ length: 150 }, (_, i) => ({ dealId: String(100 + i), properties: { cosell_pool_amount: '99.10' } })),
    ];
    const report = await gateway.writeDealProperties(changes);
    const reads = bodies.filter((b) => b['kind'] === 'read');
    const updates = bodies.filter((b) => b['kind'] === 'update');
    expect(reads.map((r) => (r['inputs'] as unknown[]).length).sort((a, b) => b - a)).toEqual([100, 53]);
    expect(reads[0]!['properties']).toEqual(expect.arrayContaining(['cosell_pool_amount', 'cosell_model']));
    expect(updates.map((u) => (u['inputs'] as unknown[]).length).sort((a, b) => b - a)).toEqual([100, 51]);
    const allInputs = updates.flatMap((u) => u['inputs'] as Array<{ id: string; properties: Record<string, string> }>);
    // Deal 1: one input; "250.00" equals HubSpot's "250", so only the model goes out.
    expect(allInputs.filter((i) => i.id === '1')).toEqual([{ id: '1', properties: { cosell_model: 'solo' } }]);
    expect(allInputs.find((i) => i.id === '2')).toBeUndefined();
    expect(allInputs.find((i) => i.id === '3')).toBeUndefined();
    expect(allInputs.find((i) => i.id === '100')).toEqual({ id: '100', properties: { cosell_pool_amount: '99.10' } });
    expect(report).toMatchObject({ requested: 154, written: 151, skippedUnchanged: 2, apiCalls: 4, notFound: [] });
  });

  it('compares text properties exactly even when they look numeric; number properties as numbers', async () => {
    server.use(recordDealUpdates());
    const { gateway } = testGateway();
    const current = new Map([
      ['7', { cosell_rule_version: '2026.1', cosell_pool_amount: '5' }],
      ['8', { cosell_rule_version: '2026.10', cosell_pool_amount: '5' }],
    ]);
    const report = await gateway.writeDealProperties(
      [
        { dealId: '7', properties: { cosell_rule_version: '2026.10', cosell_pool_amount: '5.0' } },
        { dealId: '8', properties: { cosell_rule_version: '2026.10', cosell_pool_amount: '5.0' } },
      ],
      { current },
    );
    expect(bodies).toEqual([{ inputs: [{ id: '7', properties: { cosell_rule_version: '2026.10' } }] }]);
    expect(report).toMatchObject({ written: 1, skippedUnchanged: 1, apiCalls: 1 });
  });

  it('uses the current values the caller passes instead of reading them', async () => {
    server.use(recordDealUpdates());
    const { gateway } = testGateway();
    const current = new Map([
      ['5', { cosell_model: 'solo' }],
      ['6', { cosell_model: null }],
    ]);
    const report = await gateway.writeDealProperties(
      [
        { dealId: '5', properties: { cosell_model: 'solo' } },
        { dealId: '6', properties: { cosell_model: 'solo' } },
      ],
      { current },
    );
    expect(bodies).toEqual([{ inputs: [{ id: '6', properties: { cosell_model: 'solo' } }] }]);
    expect(report).toMatchObject({ written: 1, skippedUnchanged: 1, apiCalls: 1 });
  });

  it('does not write deals that no longer exist', async () => {
    server.use(http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => HttpResponse.json(batchOf([]), { status: 207 })));
    const { gateway } = testGateway();
    const report = await gateway.writeDealProperties([{ dealId: '9', properties: { cosell_model: 'solo' } }]);
    expect(report).toMatchObject({ written: 0, notFound: ['9'], apiCalls: 1 });
  });
});

describe('retry policy', () => {
  const readOk = () => HttpResponse.json(batchOf([dealBag('1')]), { headers: { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '150', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' } });

  it('burst 429: waits out the 10 s window, then retries and succeeds', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        if (calls === 1) {
          return hubspotError(429, { message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
        }
        return readOk();
      }),
    );
    const { gateway, clock } = testGateway();
    const start = clock.t;
    const deals = await gateway.readDeals(['1']);
    expect(deals.size).toBe(1);
    expect(calls).toBe(2);
    expect(clock.t - start).toBeGreaterThanOrEqual(10_000);
  });

  it('burst 429s past the attempt budget: CrmRateLimitedError with the end of the window; status says throttled', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () =>
        hubspotError(429, { message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }),
      ),
    );
    const { gateway, clock } = testGateway();
    expect(gateway.status().state).toBe('unknown');
    const error = await gateway.readDeals(['1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitedError);
    expect(error).toBeInstanceOf(CrmTransientError);
    const retryAt = (error as CrmRateLimitedError).retryAt.getTime();
    expect(retryAt).toBe(clock.t + 10_250);
    expect(crmBlockedUntil(error)).toEqual({ until: new Date(retryAt), reason: 'rate_limited' });
    expect(crmBlockedUntil(new Error('wrapped', { cause: error }))).toEqual({ until: new Date(retryAt), reason: 'rate_limited' });
    expect(crmBlockedUntil(new CrmTransientError({ message: 'HubSpot 502', attempts: 5 }))).toBeUndefined();
    expect(gateway.status()).toMatchObject({ state: 'throttled', until: new Date(retryAt).toISOString() });
    clock.t = retryAt + 1;
    expect(gateway.status().state).toBe('ok');
  });

  it('DAILY 429: throws CrmDailyLimitError at once, and later calls fail fast without reaching HubSpot', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        return hubspotError(429, { message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
      }),
    );
    const { gateway, clock } = testGateway();
    const first = await gateway.readDeals(['1']).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CrmDailyLimitError);
    expect(first).toMatchObject({ retryable: false, status: 429, correlationId: 'c0ffee' });
    expect((first as Error).message).toMatch(/daily API limit/);
    const second = await gateway.readDeals(['1']).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CrmDailyLimitError);
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
    const blocked = (first as CrmDailyLimitError).blockedUntil;
    expect(crmBlockedUntil(first)).toEqual({ until: blocked, reason: 'daily_limit' });
    expect(gateway.status()).toMatchObject({ state: 'daily_blocked', until: blocked.toISOString() });
  });

  it('5xx: exponential backoff with jitter, then success', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        return calls < 3 ? hubspotError(502, { message: 'Bad gateway', category: 'INTERNAL_ERROR' }) : readOk();
      }),
    );
    const randoms = [0.5, 0.25];
    const { gateway, clock } = testGateway({ random: () => randoms.shift() ?? 1, backoffBaseMs: 1_000 });
    await gateway.readDeals(['1']);
    expect(calls).toBe(3);
    // attempt 1: 0.5 × 1000; attempt 2: 0.25 × 2000.
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('5xx with a non-JSON body still counts as a server error', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        return calls === 1 ? new HttpResponse('<html>upstream down</html>', { status: 503, headers: { 'Content-Type': 'text/html' } }) : readOk();
      }),
    );
    const { gateway } = testGateway();
    expect((await gateway.readDeals(['1'])).size).toBe(1);
    expect(calls).toBe(2);
  });

  it('5xx that never ends: CrmTransientError after the attempt budget, backoff capped', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        return hubspotError(500, { message: 'oops', category: 'INTERNAL_ERROR' });
      }),
    );
    const { gateway, clock } = testGateway({ maxAttempts: 4, random: () => 1, backoffBaseMs: 1_000, backoffMaxMs: 3_000 });
    const error = await gateway.readDeals(['1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmTransientError);
    expect(error).toMatchObject({ retryable: true, attempts: 4, status: 500 });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([1_000, 2_000, 3_000]);
  });

  it('network errors are retried like 5xx', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () => {
        calls++;
        return calls === 1 ? HttpResponse.error() : readOk();
      }),
    );
    const { gateway } = testGateway();
    expect((await gateway.readDeals(['1'])).size).toBe(1);
    expect(calls).toBe(2);
  });

  it('other 4xx: CrmPermanentError naming the record and the field, no retry', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/update`, () => {
        calls++;
        return hubspotError(400, {
          message: 'Property values were not valid',
          category: 'VALIDATION_ERROR',
          errors: [{ message: 'Property "cosell_model" was not one of the allowed options', code: 'INVALID_OPTION', context: { propertyName: ['cosell_model'] } }],
        });
      }),
    );
    const { gateway } = testGateway();
    const error = await gateway.writeDealProperties([{ dealId: '77', properties: { cosell_model: 'bogus' } }], { current: new Map([['77', {}]]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmPermanentError);
    expect(error).toMatchObject({ objectType: 'deals', objectId: '77', property: 'cosell_model', status: 400, category: 'VALIDATION_ERROR', retryable: false });
    expect(calls).toBe(1);
  });

  it('creates are not blindly retried after a 5xx (the note may exist already)', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/notes`, () => {
        calls++;
        return hubspotError(500, { message: 'oops' });
      }),
    );
    const { gateway } = testGateway();
    await expect(gateway.createDealNote('1', '<p>x</p>', new Date(0))).rejects.toBeInstanceOf(CrmTransientError);
    expect(calls).toBe(1);
  });

  it('feeds the rate-limit headers back into the shared limiter', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/read`, () =>
        HttpResponse.json(batchOf([dealBag('1')]), { headers: { 'X-HubSpot-RateLimit-Max': '100', 'X-HubSpot-RateLimit-Remaining': '10', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' } }),
      ),
    );
    const { gateway, limiter } = testGateway();
    await gateway.readDeals(['1']);
    expect(limiter.snapshot()).toMatchObject({ max: 100, inWindow: 90 });
  });
});

describe('currency settings', () => {
  const rates = (results: unknown[]) => http.get(`${TEST_BASE}/settings/v3/currencies/exchange-rates/current`, () => HttpResponse.json({ results }));
  const row = (from: string, conversionRate: unknown, to = 'USD') => ({ id: '1', fromCurrencyCode: from, toCurrencyCode: to, conversionRate, effectiveAt: '2026-11-01T00:00:00Z', visibleInUI: true, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });

  it('reads the company currency from `id`, and rates as exact decimal text; odd rates are left out', async () => {
    server.use(
      http.get(`${TEST_BASE}/settings/v3/currencies/company-currency`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer test-token');
        return HttpResponse.json({ id: 'USD', createdAt: '2020-01-01T00:00:00Z' });
      }),
      rates([row('EUR', 1.08), row('JPY', 0.006711), row('GBP', 1e-7), row('CHF', 1.1234567), { fromCurrencyCode: 'X' }]),
    );
    const { gateway } = testGateway();
    expect(await gateway.readCompanyCurrency()).toBe('USD');
    expect(await gateway.readExchangeRates()).toEqual([
      { fromCurrencyCode: 'EUR', toCurrencyCode: 'USD', conversionRate: '1.08', effectiveAt: '2026-11-01T00:00:00Z' },
      { fromCurrencyCode: 'JPY', toCurrencyCode: 'USD', conversionRate: '0.006711', effectiveAt: '2026-11-01T00:00:00Z' },
    ]);
  });

  it('retries a 503 like any read, and a company currency that is not a code is a data error naming the field', async () => {
    let calls = 0;
    server.use(
      http.get(`${TEST_BASE}/settings/v3/currencies/company-currency`, () => {
        calls++;
        return calls === 1 ? hubspotError(503, { message: 'down' }) : HttpResponse.json({ id: 'dollars', createdAt: '2020-01-01T00:00:00Z' });
      }),
    );
    const { gateway, clock } = testGateway();
    const error = await gateway.readCompanyCurrency().catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(clock.sleeps.length).toBe(1);
    expect(error).toBeInstanceOf(CrmPermanentError);
    expect((error as Error).message).toContain('companyCurrency.id: must be a three-letter currency code');
  });

  it('a DAILY 429 blocks further calls and is not retried', async () => {
    server.use(http.get(`${TEST_BASE}/settings/v3/currencies/exchange-rates/current`, () => hubspotError(429, { message: 'You have reached your daily limit.', policyName: 'DAILY' })));
    const { gateway } = testGateway();
    await expect(gateway.readExchangeRates()).rejects.toBeInstanceOf(CrmDailyLimitError);
    await expect(gateway.readCompanyCurrency()).rejects.toBeInstanceOf(CrmDailyLimitError);
  });
});

describe('mapPool', () => {
  it('keeps input order, never exceeds the concurrency, and stops starting work after a failure', async () => {
    const { mapPool } = await import('./create-crm-gateway');
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, x));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
    const started: number[] = [];
    await expect(
      mapPool([1, 2, 3, 4, 5, 6], 2, async (x) => {
        started.push(x);
        if (x === 2) throw new Error('boom');
        await new Promise((r) => setTimeout(r, 5));
        return x;
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(6);
  });
});

describe('more failure shapes', () => {
  it('search 429 "secondly limit": waits a second on the search window and retries', async () => {
    let calls = 0;
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/search`, () => {
        calls++;
        if (calls === 1) return hubspotError(429, { message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' });
        return HttpResponse.json({ total: 1, results: [{ id: '5', properties: { hs_object_id: '5' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
      }),
    );
    const { gateway, clock } = testGateway();
    const start = clock.t;
    const pages: string[][] = [];
    for await (const page of gateway.searchDealIds({})) pages.push(page);
    expect(pages).toEqual([['5']]);
    expect(calls).toBe(2);
    expect(clock.t - start).toBeGreaterThanOrEqual(1_000);
    expect(clock.t - start).toBeLessThan(10_000);
  });

  it('a 207 batch update with per-record errors is a permanent error naming the record', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/deals/batch/update`, () =>
        HttpResponse.json(
          {
            ...batchOf([dealBag('1')]),
            numErrors: 1,
            errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object 2 not found', context: { ids: ['2'] } }],
          },
          { status: 207 },
        ),
      ),
    );
    const { gateway } = testGateway();
    const current = new Map([
      ['1', {}],
      ['2', {}],
    ]);
    const error = await gateway
      .writeDealProperties(
        [
          { dealId: '1', properties: { cosell_model: 'solo' } },
          { dealId: '2', properties: { cosell_model: 'solo' } },
        ],
        { current },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmPermanentError);
    expect(error).toMatchObject({ objectType: 'deals', objectId: '2' });
    expect((error as Error).message).toContain('1 of 2 updates failed');
  });

  it('writeCompanyProperties goes to the companies batch endpoints', async () => {
    server.use(
      http.post(`${TEST_BASE}/crm/v3/objects/companies/batch/read`, () =>
        HttpResponse.json(batchOf([{ id: '3', properties: { cosell_partner_type: 'services' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }])),
      ),
      http.post(`${TEST_BASE}/crm/v3/objects/companies/batch/update`, async ({ request }) => {
        bodies.push((await request.json()) as Json);
        return HttpResponse.json(batchOf([]));
      }),
    );
    const { gateway } = testGateway();
    const report = await gateway.writeCompanyProperties([
      { companyId: '3', properties: { cosell_partner_type: 'services' } },
      { companyId: '3', properties: { cosell_partner_type: 'referral' } },
    ]);
    expect(bodies).toEqual([{ inputs: [{ id: '3', properties: { cosell_partner_type: 'referral' } }] }]);
    expect(report).toMatchObject({ requested: 2, apiCalls: 2 });
  });
});
