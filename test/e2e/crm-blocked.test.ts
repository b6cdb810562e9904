import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmGateway, createRateLimiter } from '../../src/hubspot';
import type { InboxItem } from '../../src/store/store';
import { createWorker } from '../../webhooks/worker';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

/** Every inbox item the stack's store holds (ids are a sequence from 1). */
async function allItems(s: Stack): Promise<InboxItem[]> {
  const out: InboxItem[] = [];
  for (let id = 1; id <= 50; id++) {
    const item = await s.store.inbox.get(String(id));
    if (item) out.push(item);
  }
  return out;
}

describe('a DAILY 429 defers work instead of dead-lettering it', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('no dead letters and no attempt counted while blocked; everything lands once the block lifts', async () => {
    const { d1, d2 } = s.seed.deals;
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1!, 'companies', s.seed.companies.p1!, ['Selling partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d2!, 'companies', s.seed.companies.p2!, ['Sourcing partner']);
    await s.hs.admin.flushWebhooks();
    const pending = (await s.store.inbox.stats()).pending;
    expect(pending).toBeGreaterThanOrEqual(2);

    // A short block stands in for "until midnight in the account's time zone".
    const blockMs = 600;
    const gateway = createCrmGateway({ accessToken: s.hs.accessToken, basePath: s.hs.baseUrl, appId: s.hs.appId, limiter: createRateLimiter({ perTenSeconds: 1000 }), sleep: async () => undefined, dailyBlockMs: blockMs });
    const worker = createWorker({ ...s.deps, gateway }, { maxAttempts: 2, backoffMs: () => 0 });
    s.hs.admin.clearRequestLog();
    s.hs.admin.setFaults({ next429: 1, next429Policy: 'daily' });
    const blockedAt = Date.now();

    // The worker runs several times during the block: nothing is attempted, nothing dies.
    for (let i = 0; i < 3; i++) await worker.drain();
    const during = await allItems(s);
    expect(await s.store.inbox.stats()).toMatchObject({ dead: 0, done: 0, pending });
    expect(during.every((item) => item.attempts === 0 && item.status === 'pending')).toBe(true);
    expect(during.every((item) => /^deferred: HubSpot's daily API limit/.test(item.lastError ?? ''))).toBe(true);
    // Deferred to the block's end, not retried in a loop against HubSpot.
    expect(during.every((item) => Date.parse(item.availableAt) >= blockedAt + blockMs - 50)).toBe(true);
    const sent = s.hs.admin.requestLog();
    expect(sent.filter((r) => r.status === 429)).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(gateway.status()).toMatchObject({ state: 'daily_blocked' });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, blockedAt + blockMs + 1_100 - Date.now())));
    const reports = await worker.drain();
    expect(reports.reduce((n, r) => n + r.completed, 0)).toBe(pending);
    expect(await s.store.inbox.stats()).toMatchObject({ dead: 0, pending: 0, leased: 0, done: pending });
    expect(s.hs.admin.getObject('deals', d1!)?.cosell_model).toBe('solo');
    expect(s.hs.admin.getObject('deals', d2!)?.cosell_model).toBe('solo');
    expect(gateway.status()).toMatchObject({ state: 'ok' });
  });

  it('through a block, webhook intake stays ready and /readyz says "daily-blocked until T" with a 200', async () => {
    s.hs.admin.setFaults({ next429: 1, next429Policy: 'daily' });
    const res = await fetch(`${s.backend.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; crm: { state: string; until: string; detail: string } };
    expect(body).toMatchObject({ ok: true, crm: { state: 'daily_blocked' } });
    expect(Date.parse(body.crm.until)).toBeGreaterThan(Date.now() + 60_000);
    expect(body.crm.detail).toContain(body.crm.until);

    // A rep's edit during the block: HubSpot's webhook is acknowledged and queued, no HubSpot call needed.
    const before = (await s.store.inbox.stats()).pending;
    s.hs.admin.clearRequestLog();
    await s.hs.admin.actAsUser('deals', s.seed.deals.d1!, { amount: '12000.00' });
    await s.hs.admin.flushWebhooks();
    expect(s.hs.admin.deliveries().at(-1)).toMatchObject({ status: 200 });
    expect((await s.store.inbox.stats()).pending).toBeGreaterThan(before);
    expect(s.hs.admin.requestLog()).toEqual([]);
    // A second probe during the block sends nothing to HubSpot.
    expect(((await (await fetch(`${s.backend.url}/readyz`)).json()) as { crm: { state: string } }).crm.state).toBe('daily_blocked');
    expect(s.hs.admin.requestLog()).toEqual([]);
  });
});
