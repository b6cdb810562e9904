import { afterEach, describe, expect, it } from 'vitest';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/deals';
import type { EmulatorHandle } from '../../src/emulator';
import { apiError, emulatorWithClient } from './emulator-fixture';

let hs: EmulatorHandle | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

const emptySearch = { filterGroups: [], properties: [], limit: 1, after: '0', sorts: [] } as unknown as PublicObjectSearchRequest;

describe('rate limits through @hubspot/api-client', () => {
  it('answers 429 TEN_SECONDLY_ROLLING past the burst limit, with the X-HubSpot-RateLimit-* headers', async () => {
    const started = await emulatorWithClient({ rateLimit: { perTenSeconds: 5, daily: 1000 } });
    hs = started.hs;
    const { client } = started;
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const info = await client.crm.deals.basicApi.getPageWithHttpInfo();
      expect(info.httpStatusCode).toBe(200);
      expect(info.headers['x-hubspot-ratelimit-max']).toBe('5');
      expect(info.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
      expect(info.headers['x-hubspot-ratelimit-daily']).toBe('1000');
      remaining.push(info.headers['x-hubspot-ratelimit-remaining']!);
      expect(info.headers['x-hubspot-ratelimit-daily-remaining']).toBe(String(1000 - i - 1));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const err = await apiError(client.crm.deals.basicApi.getPage());
    expect(err.code).toBe(429);
    expect(err.body).toEqual({
      status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT',
      correlationId: expect.any(String), policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(err.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    const log = hs.admin.requestLog();
    expect(log.filter((e) => e.rateLimited)).toEqual([expect.objectContaining({ status: 429, policyName: 'TEN_SECONDLY_ROLLING' })]);
  });

  it('frees the window after 10 s (rolling, injected clock)', async () => {
    let t = 1_000_000;
    const started = await emulatorWithClient({ rateLimit: { perTenSeconds: 2 }, now: () => t });
    hs = started.hs;
    await started.client.crm.deals.basicApi.getPage();
    t += 6_000;
    await started.client.crm.deals.basicApi.getPage();
    expect((await apiError(started.client.crm.deals.basicApi.getPage())).code).toBe(429);
    t += 4_001; // the first call has left the window, the second has not
    await started.client.crm.deals.basicApi.getPage();
    expect((await apiError(started.client.crm.deals.basicApi.getPage())).code).toBe(429);
  });

  it('answers 429 DAILY once the daily budget is spent', async () => {
    const started = await emulatorWithClient({ rateLimit: { perTenSeconds: 100, daily: 3 } });
    hs = started.hs;
    for (let i = 0; i < 3; i++) await started.client.crm.deals.basicApi.getPage();
    const err = await apiError(started.client.crm.deals.basicApi.getPage());
    expect(err.code).toBe(429);
    expect(err.body).toMatchObject({ status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    expect(err.headers['x-hubspot-ratelimit-daily-remaining']).toBe('0');
  });

  it('limits search per second without rate-limit headers', async () => {
    const started = await emulatorWithClient({ rateLimit: { searchPerSecond: 2 } });
    hs = started.hs;
    const first = await started.client.crm.deals.searchApi.doSearchWithHttpInfo(emptySearch);
    expect(first.headers['x-hubspot-ratelimit-max']).toBeUndefined();
    expect(first.headers['x-hubspot-ratelimit-remaining']).toBeUndefined();
    await started.client.crm.deals.searchApi.doSearch(emptySearch);
    const err = await apiError(started.client.crm.deals.searchApi.doSearch(emptySearch));
    expect(err.code).toBe(429);
    expect(err.body).toMatchObject({ message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' });
    expect(err.headers['x-hubspot-ratelimit-max']).toBeUndefined();
    // Search has its own budget: ordinary calls still pass.
    await started.client.crm.deals.basicApi.getPage();
  });

  it('injects 429s, 5xx and latency on demand', async () => {
    const started = await emulatorWithClient();
    hs = started.hs;
    hs.admin.setFaults({ next429: 1, next429Policy: 'daily' });
    expect((await apiError(started.client.crm.deals.basicApi.getPage())).body).toMatchObject({ policyName: 'DAILY' });
    hs.admin.setFaults({ next5xx: 2 });
    expect((await apiError(started.client.crm.deals.basicApi.getPage())).code).toBe(500);
    expect((await apiError(started.client.crm.deals.basicApi.getPage())).code).toBe(500);
    await started.client.crm.deals.basicApi.getPage();
    hs.admin.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    await started.client.crm.deals.basicApi.getPage();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
