/**
 * The gateway end to end against the local HubSpot emulator (real HTTP, the official SDK inside).
 * Unit-level behaviour (exact bodies, backoff arithmetic) is pinned by the msw tests beside the code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, computeAttribution } from '../../src/domain';
import { CrmDailyLimitError, createCrmGateway, createRateLimiter, type CrmGateway } from '../../src/hubspot';
import { toDealOutputProperties } from '../../src/hubspot/deal-output-properties';
import { startEmulator, type EmulatorHandle, type SeedReport } from '../../src/emulator';
import { runSetup } from '../../src/hubspot/provisioning';

let hs: EmulatorHandle;
let ids: SeedReport;

/** One clock for the emulator's rate windows and the gateway's limiter: sleeping is instant, time still adds up. */
const clock = { t: Date.UTC(2026, 3, 1, 12), sleeps: [] as number[] };
const now = () => clock.t;
const sleep = async (ms: number) => {
  clock.sleeps.push(ms);
  clock.t += ms;
};

async function start(rateLimit?: { perTenSeconds?: number; daily?: number; searchPerSecond?: number }) {
  hs = await startEmulator({
    port: 0,
    now,
    ...(rateLimit ? { rateLimit } : {}),
    beforeSeed: (portal) =>
      runSetup({ baseUrl: portal.baseUrl, accessToken: portal.accessToken, apply: true, now, sleep, limiter: createRateLimiter({ perTenSeconds: rateLimit?.perTenSeconds ?? 190, now, sleep }) }).then(() => undefined),
  });
  ids = await hs.admin.seed({
    owners: [{ key: 'ann', email: 'ann@example.test', firstName: 'Ann', lastName: 'Lee' }],
    companies: [
      { key: 'acme', name: 'Acme Partners', domain: 'acme.example', properties: { cosell_partner_type: 'reseller' } },
      { key: 'globex', name: 'Globex', domain: 'globex.example', properties: { cosell_partner_type: 'technology' } },
      { key: 'holding', name: 'Big Holding', domain: 'holding.example' },
      { key: 'buyer', name: 'Buyer Inc', domain: 'buyer.example', parentKey: 'holding' },
    ],
    deals: [
      {
        key: 'd1',
        ownerKey: 'ann',
        properties: { dealname: 'Buyer expansion', amount: '120000', deal_currency_code: 'USD', closedate: '2026-05-31T00:00:00.000Z', dealstage: 'qualifiedtobuy', pipeline: 'default' },
        companies: [
          { companyKey: 'buyer', labels: [], primary: true },
          { companyKey: 'acme', labels: ['Sourcing partner', 'Selling partner'] },
          { companyKey: 'globex', labels: ['Technical validation partner'] },
        ],
      },
      { key: 'd2', properties: { dealname: 'Won deal', amount: '5000', deal_currency_code: 'EUR', dealstage: 'closedwon', pipeline: 'default' }, companies: [{ companyKey: 'acme', labels: ['Selling partner'] }] },
    ],
  });
}

function gatewayFor(perTenSeconds = 190, extra: Partial<Parameters<typeof createCrmGateway>[0]> = {}): CrmGateway {
  const limiter = createRateLimiter({ perTenSeconds, now, sleep });
  return createCrmGateway({ accessToken: hs.accessToken, basePath: hs.baseUrl, limiter, now, sleep, random: () => 0.5, ...extra });
}

const apiCalls = (pathPart: string, method = 'POST') => hs.admin.requestLog().filter((e) => e.method === method && e.path.includes(pathPart));

afterEach(async () => {
  await hs.close();
});

describe('gateway reads (emulator)', () => {
  beforeEach(() => start());

  it('reads deals, partner links with roles, companies with parents, and company→deal ids', async () => {
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    const deals = await gateway.readDeals([d1, ids.deals['d2']!, '999999']);
    expect(deals.size).toBe(2);
    expect(deals.get(d1)).toMatchObject({ name: 'Buyer expansion', amount: '120000', currency: 'USD', closeDate: '2026-05-31', stageId: 'qualifiedtobuy', pipelineId: 'default', ownerId: ids.owners['ann'] });

    const links = await gateway.readDealPartnerLinks([d1]);
    const byCompany = new Map(links.get(d1)!.map((l) => [l.companyId, l]));
    expect(byCompany.get(ids.companies['acme']!)!.roles).toEqual(['sourcing', 'selling']);
    expect(byCompany.get(ids.companies['globex']!)!.roles).toEqual(['technical_validation']);
    expect(byCompany.get(ids.companies['buyer']!)).toMatchObject({ roles: [], otherLabels: ['Primary'] });

    const companies = await gateway.readCompanies([ids.companies['buyer']!, ids.companies['acme']!]);
    expect(companies.get(ids.companies['buyer']!)).toEqual({ id: ids.companies['buyer'], name: 'Buyer Inc', domain: 'buyer.example', partnerType: null, parentCompanyId: ids.companies['holding'] });
    expect(companies.get(ids.companies['acme']!)).toMatchObject({ partnerType: 'reseller', parentCompanyId: null });

    const dealIds = await gateway.readCompanyDealIds([ids.companies['acme']!]);
    expect(dealIds.get(ids.companies['acme']!)!.sort()).toEqual([d1, ids.deals['d2']!].sort());

    const partners = await gateway.listPartnerCompanies();
    expect(partners.map((p) => p.name).sort()).toEqual(['Acme Partners', 'Globex']);
  });

  it('stages, open-deal search, owners and ping', async () => {
    const gateway = gatewayFor();
    const stages = await gateway.readStages();
    expect(stages.get('closedwon')).toMatchObject({ isClosed: true, isWon: true, probability: 1 });
    expect(stages.get('closedlost')).toMatchObject({ isClosed: true, isWon: false });
    expect(stages.get('qualifiedtobuy')).toMatchObject({ isClosed: false, isWon: false });

    const open: string[] = [];
    for await (const page of gateway.searchDealIds({ openOnly: true })) open.push(...page);
    expect(open).toEqual([ids.deals['d1']]);
    const all: string[] = [];
    for await (const page of gateway.searchDealIds({ updatedSince: new Date(clock.t - 60_000) })) all.push(...page);
    expect(all.sort()).toEqual([ids.deals['d1']!, ids.deals['d2']!].sort());
    const none: string[] = [];
    for await (const page of gateway.searchDealIds({ updatedSince: new Date(clock.t + 60_000) })) none.push(...page);
    expect(none).toEqual([]);

    expect(await gateway.listOwners()).toEqual([expect.objectContaining({ id: ids.owners['ann'], email: 'ann@example.test', firstName: 'Ann', lastName: 'Lee' })]);
    await expect(gateway.ping()).resolves.toBeUndefined();
  });

  it("reads the company currency and the current exchange rates in HubSpot's shapes, and caches them", async () => {
    const gateway = gatewayFor();
    // A new portal: USD, no other currency.
    expect(await gateway.readCompanyCurrency()).toBe('USD');
    expect(await gateway.readExchangeRates()).toEqual([]);
    const fresh = gatewayFor();
    await hs.admin.seed({ currencies: { companyCurrency: 'EUR', exchangeRates: [{ fromCurrencyCode: 'USD', conversionRate: 0.925926 }, { fromCurrencyCode: 'GBP', conversionRate: 1.17 }] } });
    expect(await fresh.readCompanyCurrency()).toBe('EUR');
    expect(await fresh.readExchangeRates()).toEqual([
      { fromCurrencyCode: 'USD', toCurrencyCode: 'EUR', conversionRate: '0.925926', effectiveAt: expect.any(String) },
      { fromCurrencyCode: 'GBP', toCurrencyCode: 'EUR', conversionRate: '1.17', effectiveAt: expect.any(String) },
    ]);
    // The first gateway still holds its cached answer (5 minutes); a second read makes no call.
    expect(await gateway.readCompanyCurrency()).toBe('USD');
    expect(apiCalls('/settings/v3/currencies/company-currency', 'GET')).toHaveLength(2);
    expect(apiCalls('/settings/v3/currencies/exchange-rates/current', 'GET')).toHaveLength(2);
    // The raw answer is HubSpot's documented shape (docs/hubspot.md §4.11).
    const raw = (await (await fetch(`${hs.baseUrl}/settings/v3/currencies/exchange-rates/current`, { headers: { authorization: `Bearer ${hs.accessToken}` } })).json()) as { results: Array<Record<string, unknown>> };
    expect(Object.keys(raw.results[0]!).sort()).toEqual(['conversionRate', 'createdAt', 'effectiveAt', 'fromCurrencyCode', 'id', 'toCurrencyCode', 'updatedAt', 'visibleInUI']);
    expect(typeof raw.results[0]!.conversionRate).toBe('number');
    const company = (await (await fetch(`${hs.baseUrl}/settings/currencies/2026-03/company-currency`, { headers: { authorization: `Bearer ${hs.accessToken}` } })).json()) as Record<string, unknown>;
    expect(company).toEqual({ id: 'EUR', createdAt: expect.any(String) });
  });
});

describe('gateway writes (emulator)', () => {
  beforeEach(() => start());

  it('writes a computed plan, then skips the identical write entirely', async () => {
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    const deal = (await gateway.readDeals([d1])).get(d1)!;
    const links = (await gateway.readDealPartnerLinks([d1])).get(d1)!.filter((l) => l.roles.length > 0);
    const plan = computeAttribution({ deal: { id: d1, amount: deal.amount!, currency: deal.currency!, closeDate: deal.closeDate }, partners: links.map((l) => ({ id: l.companyId, roles: l.roles })), rules: DEFAULT_RULE_SET });
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const names = new Map([[ids.companies['acme']!, 'Acme Partners'], [ids.companies['globex']!, 'Globex']]);
    const properties = toDealOutputProperties(plan.value, [], { dealId: d1, names, ruleSet: DEFAULT_RULE_SET });

    const first = await gateway.writeDealProperties([{ dealId: d1, properties }], { current: new Map([[d1, deal.outputs]]) });
    expect(first).toMatchObject({ requested: 1, written: 1, skippedUnchanged: 0, apiCalls: 1 });
    const stored = hs.admin.getObject('deals', d1)!;
    expect(stored['cosell_model']).toBe('sell_with');
    expect(Number(stored['cosell_pool_amount'])).toBe(Number(plan.value.pool.amount));
    expect(Number(stored['cosell_pool_amount'])).toBe(30_000); // 120,000 × 25 % co-sell rate
    expect(stored['cosell_sourcing_partner']).toBe('Acme Partners');
    expect(stored['cosell_split_summary']).toContain('Globex (technical validation)');

    hs.admin.clearRequestLog();
    // Re-read HubSpot's stored values (numbers may come back normalised): nothing to write.
    const again = await gateway.writeDealProperties([{ dealId: d1, properties }]);
    expect(again).toMatchObject({ written: 0, skippedUnchanged: 1, apiCalls: 1 });
    expect(apiCalls('/batch/update')).toHaveLength(0);
  });

  it('writes 250 deals in 3 update calls (plus 3 reads)', async () => {
    const gateway = gatewayFor();
    const seeded = await hs.admin.seed({ deals: Array.from({ length: 250 }, (_, i) => ({ key: `bulk${i}`, properties: { dealname: `Bulk ${i}`, amount: '100' } })) });
    hs.admin.clearRequestLog();
    const report = await gateway.writeDealProperties(Object.values(seeded.deals).map((id) => ({ dealId: id, properties: { cosell_model: 'none', cosell_partner_count: '0' } })));
    expect(report).toMatchObject({ requested: 250, written: 250, apiCalls: 6 });
    expect(apiCalls('/crm/v3/objects/deals/batch/update')).toHaveLength(3);
    expect(apiCalls('/crm/v3/objects/deals/batch/read')).toHaveLength(3);
  });

  it('setDealPartnerRoles adds and removes role labels; a partner dropped entirely loses its association', async () => {
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    await gateway.setDealPartnerRoles(d1, [
      { companyId: ids.companies['acme']!, roles: ['sourcing'] },
      { companyId: ids.companies['globex']!, roles: ['technical_validation', 'implementation'] },
    ]);
    const assocs = new Map(hs.admin.getAssociations('deals', d1, 'companies').map((a) => [a.toId, a]));
    expect(assocs.get(ids.companies['acme']!)!.labels.sort()).toEqual(['Sourcing partner']);
    expect(assocs.get(ids.companies['globex']!)!.labels.sort()).toEqual(['Implementation partner', 'Technical validation partner']);
    // The customer's company keeps its primary association.
    expect(assocs.get(ids.companies['buyer']!)!.labels).toEqual(['Primary']);
    // A company on the deal that never held a role label (here associated by a rep, no label) is not ours to remove.
    // (The emulator keeps a plain association once a pair is associated: label it, then clear the label.)
    await hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', ids.companies['holding']!, ['Influence partner']);
    await hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', ids.companies['holding']!, []);
    expect(hs.admin.getAssociations('deals', d1, 'companies').find((a) => a.toId === ids.companies['holding'])?.labels).toEqual([]);
    // Partner dropped from the deal entirely: the whole association goes, not just its role labels.
    await gateway.setDealPartnerRoles(d1, [{ companyId: ids.companies['globex']!, roles: ['implementation'] }]);
    const after = new Map(hs.admin.getAssociations('deals', d1, 'companies').map((a) => [a.toId, a]));
    expect(after.has(ids.companies['acme']!)).toBe(false);
    expect(after.get(ids.companies['globex']!)!.labels).toEqual(['Implementation partner']);
    expect(after.get(ids.companies['buyer']!)!.labels).toEqual(['Primary']);
    expect(after.get(ids.companies['holding']!)!.labels).toEqual([]);
    const links = (await gateway.readDealPartnerLinks([d1])).get(d1)!;
    expect(links.find((l) => l.companyId === ids.companies['globex'])!.roles).toEqual(['implementation']);
    expect(links.some((l) => l.companyId === ids.companies['acme'])).toBe(false);

    // No partners at all: only the companies without a role label remain.
    await gateway.setDealPartnerRoles(d1, []);
    const last = hs.admin.getAssociations('deals', d1, 'companies').map((a) => a.toId).sort();
    expect(last).toEqual([ids.companies['buyer']!, ids.companies['holding']!].sort());
  });

  it('creates a note and a task on the deal', async () => {
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    const noteId = await gateway.createDealNote(d1, '<p>POC with Globex</p>', new Date(clock.t));
    const taskId = await gateway.createDealTask(d1, { subject: 'Partner SLA overdue', body: 'Acme has not replied in 24 h', dueAt: new Date(clock.t + 86_400_000), ownerId: ids.owners['ann']! });
    expect(hs.admin.getObject('notes', noteId)).toMatchObject({ hs_note_body: '<p>POC with Globex</p>' });
    expect(hs.admin.getObject('tasks', taskId)).toMatchObject({ hs_task_subject: 'Partner SLA overdue', hubspot_owner_id: ids.owners['ann'] });
    expect(hs.admin.getAssociations('deals', d1, 'notes').map((a) => a.toId)).toContain(noteId);
    expect(hs.admin.getAssociations('deals', d1, 'tasks').map((a) => a.toId)).toContain(taskId);
  });

  it('creates a task and a note on deals and companies, and completes the task', async () => {
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    const acme = ids.companies['acme']!;
    const taskId = await gateway.createTask({ subject: 'Review the Acme pairing', body: 'Day 90', dueAt: new Date(clock.t + 86_400_000), ownerId: ids.owners['ann']!, dealIds: [d1], companyIds: [acme] });
    expect(hs.admin.getObject('tasks', taskId)).toMatchObject({ hs_task_subject: 'Review the Acme pairing', hs_task_status: 'NOT_STARTED', hubspot_owner_id: ids.owners['ann'] });
    expect(hs.admin.getAssociations('tasks', taskId, 'deals').map((a) => a.toId)).toEqual([d1]);
    expect(hs.admin.getAssociations('tasks', taskId, 'companies').map((a) => a.toId)).toEqual([acme]);
    const noteId = await gateway.createNote({ bodyHtml: '<p>Payout run 2026-Q4</p>', timestamp: new Date(clock.t), companyIds: [acme] });
    expect(hs.admin.getAssociations('companies', acme, 'notes').map((a) => a.toId)).toContain(noteId);
    expect(hs.admin.getAssociations('notes', noteId, 'deals')).toEqual([]);
    await gateway.completeTask(taskId);
    expect(hs.admin.getObject('tasks', taskId)).toMatchObject({ hs_task_status: 'COMPLETED' });
    // A task someone deleted in HubSpot is done as far as we are concerned.
    await expect(gateway.completeTask('999999999')).resolves.toBeUndefined();
  });
});

describe('gateway limits and faults (emulator)', () => {
  it('paces a long run at the emulator limit without a single 429', async () => {
    await start({ perTenSeconds: 10 });
    const gateway = gatewayFor(10);
    hs.admin.clearRequestLog();
    // Start on a fresh rate window: provisioning the app schema used part of the current one.
    clock.t += 10_000;
    const startAt = clock.t;
    for (let i = 0; i < 35; i++) await gateway.ping();
    const log = hs.admin.requestLog();
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    expect(log.filter((e) => e.path.startsWith('/crm/'))).toHaveLength(35);
    // 35 calls at 10 per 10 s need three full windows after the first burst, and not much more.
    expect(clock.t - startAt).toBeGreaterThanOrEqual(30_000);
    expect(clock.t - startAt).toBeLessThan(32_000);
  });

  it('adapts to a lower limit announced in the headers', async () => {
    await start({ perTenSeconds: 10 });
    const gateway = gatewayFor(190);
    hs.admin.clearRequestLog();
    for (let i = 0; i < 25; i++) await gateway.ping();
    expect(hs.admin.requestLog().filter((e) => e.status === 429)).toEqual([]);
  });

  it('burst 429 and 5xx are retried; DAILY 429 stops at once', async () => {
    await start();
    const gateway = gatewayFor();
    hs.admin.setFaults({ next429: 1, next429Policy: 'burst' });
    await expect(gateway.ping()).resolves.toBeUndefined();
    hs.admin.setFaults({ next5xx: 2 });
    await expect(gateway.ping()).resolves.toBeUndefined();
    hs.admin.clearRequestLog();
    hs.admin.setFaults({ next429: 1, next429Policy: 'daily' });
    await expect(gateway.readDeals([ids.deals['d1']!])).rejects.toBeInstanceOf(CrmDailyLimitError);
    await expect(gateway.ping()).rejects.toBeInstanceOf(CrmDailyLimitError);
    expect(hs.admin.requestLog().filter((e) => e.path.startsWith('/crm/'))).toHaveLength(1);
  });

  it('a wrong property is a permanent error naming the deal and the property', async () => {
    await start();
    const gateway = gatewayFor();
    const d1 = ids.deals['d1']!;
    await expect(gateway.writeDealProperties([{ dealId: d1, properties: { cosell_model: 'bogus' } }])).rejects.toMatchObject({
      name: 'CrmPermanentError',
      objectType: 'deals',
      objectId: d1,
      property: 'cosell_model',
      retryable: false,
    });
  });
});
