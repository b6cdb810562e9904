/**
 * Search past HubSpot's 10,000-result cap, against the emulator: the emulator refuses a page past
 * the cap with a 400 (as HubSpot does) although it hands back the cursor, and the gateway never
 * follows that cursor but starts a new search from the last hs_object_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import { startEmulator, type EmulatorHandle } from '../../src/emulator';

const DEALS = 10_450;

describe('searchDealIds past the 10,000-result cap (emulator)', () => {
  let hs: EmulatorHandle;
  let created: string[];
  beforeAll(async () => {
    // Search's own 5/s limit is HubSpot's; lifted here so 53 pages take milliseconds, not 11 s.
    hs = await startEmulator({ port: 0, rateLimit: { searchPerSecond: 10_000, perTenSeconds: 10_000 } });
    created = hs.admin.createRecords(
      'deals',
      Array.from({ length: DEALS }, (_, i) => ({ dealname: `Bulk deal ${i + 1}`, dealstage: i % 10 === 0 ? 'closedwon' : 'appointmentscheduled', amount: String(1000 + i) })),
    );
  });
  afterAll(async () => {
    await hs?.close();
  });

  async function search(body: unknown): Promise<{ status: number; json: { paging?: { next?: { after?: string } }; category?: string; message?: string } }> {
    const res = await fetch(`${hs.baseUrl}/crm/v3/objects/deals/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hs.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as never };
  }

  it('the emulator hands back the cursor at 10,000 and answers 400 when it is followed', async () => {
    const last = await search({ limit: 200, after: '9800' });
    expect(last.status).toBe(200);
    expect(last.json.paging?.next?.after).toBe('10000');
    const past = await search({ limit: 200, after: '10000' });
    expect(past.status).toBe(400);
    expect(past.json).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(past.json.message).toContain('10000');
  });

  it('returns every matching id exactly once, restarting from the last hs_object_id instead of paging past the cap', async () => {
    const gateway = createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, limiter: createRateLimiter({ perTenSeconds: 10_000, searchPerSecond: 10_000 }), sleep: async () => undefined });
    hs.admin.clearRequestLog();
    const ids: string[] = [];
    for await (const page of gateway.searchDealIds({})) ids.push(...page);
    expect(ids).toHaveLength(DEALS);
    expect(new Set(ids).size).toBe(DEALS);
    expect([...ids].sort()).toEqual([...created].sort());
    const searches = hs.admin.requestLog().filter((r) => r.path.endsWith('/search'));
    expect(searches.every((r) => r.status === 200)).toBe(true);
    // 50 pages up to the cap, then 3 pages of a new search for the remaining 450.
    expect(searches).toHaveLength(53);

    // With a filter too: the open deals only (9 of every 10).
    const open: string[] = [];
    for await (const page of gateway.searchDealIds({ openOnly: true })) open.push(...page);
    expect(open).toHaveLength(DEALS - DEALS / 10);
    expect(new Set(open).size).toBe(open.length);
  });
});
