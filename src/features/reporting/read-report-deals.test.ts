import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CrmCompany, CrmDeal, CrmGateway, DealPartnerLink, StageInfo } from '../../hubspot/crm-gateway';
import { readReportDeals } from './read-report-deals';

/*
 * The portal reader against an in-memory gateway: what each HubSpot deal becomes, which deals are
 * left out (named, with the reason) and that every page of the search is read.
 */

interface FakeDeal {
  name: string;
  amount: string | null;
  currency: string | null;
  createdate: string | null;
  closeDate: string | null;
  stageId: string;
  rate?: string;
  dispute?: string;
  partners: Array<[companyId: string, roles: DealPartnerLink['roles']]>;
}

const stages = new Map<string, StageInfo>([
  ['open', { pipelineId: 'default', stageId: 'open', label: 'Open', isClosed: false, isWon: false, probability: 0.5 }],
  ['won', { pipelineId: 'default', stageId: 'won', label: 'Won', isClosed: true, isWon: true, probability: 1 }],
  ['lost', { pipelineId: 'default', stageId: 'lost', label: 'Lost', isClosed: true, isWon: false, probability: 0 }],
]);
const companies: Record<string, string> = { '11': 'Northwind', '12': 'Stackly', '90': 'Acme Corp' };

function fakeGateway(deals: Record<string, FakeDeal>, pageSize = 2): CrmGateway & { reads: string[][] } {
  const reads: string[][] = [];
  const gateway = {
    reads,
    async readCompanyCurrency() {
      return 'USD';
    },
    async readExchangeRates() {
      return [{ fromCurrencyCode: 'EUR', toCurrencyCode: 'USD', conversionRate: '1.08', effectiveAt: null }];
    },
    async readStages() {
      return stages;
    },
    async *searchDealIds() {
      const ids = Object.keys(deals);
      for (let i = 0; i < ids.length; i += pageSize) yield ids.slice(i, i + pageSize);
    },
    async readDeals(ids: string[], extra: readonly string[] = []) {
      reads.push(ids);
      expect(extra).toEqual(expect.arrayContaining(['createdate', 'hs_exchange_rate', 'cosell_dispute_status']));
      const out = new Map<string, CrmDeal>();
      for (const id of ids) {
        const d = deals[id];
        if (!d) continue;
        out.set(id, {
          id, name: d.name, amount: d.amount, currency: d.currency, closeDate: d.closeDate, stageId: d.stageId, pipelineId: 'default', ownerId: null, updatedAt: '', outputs: {},
          properties: { createdate: d.createdate, hs_exchange_rate: d.rate ?? null, cosell_dispute_status: d.dispute ?? null },
        });
      }
      return out;
    },
    async readDealPartnerLinks(ids: string[]) {
      return new Map(ids.map((id) => [id, [...(deals[id]?.partners ?? []).map(([companyId, roles]) => ({ companyId, roles, otherLabels: [] })), { companyId: '90', roles: [], otherLabels: [] }]]));
    },
    async readCompanies(ids: string[]) {
      return new Map<string, CrmCompany>(ids.map((id) => [id, { id, name: companies[id] ?? `Company ${id}`, domain: null, partnerType: id === '90' ? null : 'reseller', parentCompanyId: null }]));
    },
  };
  return gateway as unknown as CrmGateway & { reads: string[][] };
}

const deps = (gateway: CrmGateway) => ({ gateway, logger: pino({ level: 'silent' }) });

describe('readReportDeals', () => {
  it('turns HubSpot deals into the metrics input: roles from labels, stage, dates, rates, disputes', async () => {
    const gateway = fakeGateway({
      '1': { name: 'Acme platform', amount: '1000.50', currency: 'USD', createdate: '2026-10-01T23:30:00Z', closeDate: '2026-11-02', stageId: 'won', partners: [['11', ['sourcing']], ['12', ['selling']]], dispute: 'open' },
      '2': { name: 'Acme EU', amount: '100.00', currency: 'EUR', createdate: '2026-10-02T00:00:00Z', closeDate: '2026-12-31', stageId: 'open', rate: '1.100000000', partners: [['11', ['selling']]] },
      '3': { name: 'Acme EU 2', amount: null, currency: 'EUR', createdate: '2026-10-03T00:00:00Z', closeDate: null, stageId: 'lost', partners: [['12', ['influence']]] },
      '4': { name: 'Acme direct', amount: '5.00', currency: 'USD', createdate: '2026-10-04T00:00:00Z', closeDate: null, stageId: 'open', partners: [] },
    });
    const progress: number[] = [];
    const out = await readReportDeals(deps(gateway), 'all', { onProgress: (n) => progress.push(n) });
    expect(out.homeCurrency).toBe('USD');
    expect([out.read, out.direct, out.deals.length]).toEqual([4, 1, 2]);
    expect(progress).toEqual([2, 4]);
    expect(gateway.reads).toEqual([['1', '2'], ['3', '4']]);
    const [won, open] = out.deals;
    expect(won).toMatchObject({ id: '1', name: 'Acme platform', amountMinor: 100050n, currency: 'USD', exchangeRate: null, createDate: '2026-10-01', closeDate: '2026-11-02', stage: 'won', disputed: true });
    expect(won!.partners).toEqual([{ id: '11', name: 'Northwind', roles: ['sourcing'] }, { id: '12', name: 'Stackly', roles: ['selling'] }]);
    // Its own rate (trailing zeros beyond 6 decimals dropped), not the portal's 1.08.
    expect(open).toMatchObject({ id: '2', currency: 'EUR', exchangeRate: { numerator: 1_100_000n }, stage: 'open', disputed: false });
    // A lost deal without a close date cannot be placed in a quarter: left out, named, with the reason.
    expect(out.skipped).toEqual([{ dealId: '3', name: 'Acme EU 2', reason: 'it is lost without a close date' }]);
  });

  it("falls back to the portal's rate; a currency with no rate anywhere is left out, never guessed", async () => {
    const gateway = fakeGateway({
      '1': { name: 'Euro deal', amount: '100.00', currency: 'EUR', createdate: '2026-10-01', closeDate: null, stageId: 'open', partners: [['11', ['selling']]] },
      '2': { name: 'Pound deal', amount: '100.00', currency: 'GBP', createdate: '2026-10-01', closeDate: null, stageId: 'open', partners: [['11', ['selling']]] },
      '3': { name: 'No date', amount: '1.00', currency: null, createdate: null, closeDate: null, stageId: 'open', partners: [['11', ['selling']]] },
    });
    const out = await readReportDeals(deps(gateway), 'all');
    expect(out.deals.map((d) => [d.id, d.exchangeRate?.numerator ?? null])).toEqual([['1', 1_080_000n]]);
    expect(out.skipped).toEqual([
      { dealId: '2', name: 'Pound deal', reason: 'it is in GBP and neither the deal nor the portal has a rate into USD' },
      { dealId: '3', name: 'No date', reason: 'HubSpot gave no create date' },
    ]);
  });

  it('reads only the deals named, in pages of 100', async () => {
    const many: Record<string, FakeDeal> = {};
    for (let i = 1; i <= 150; i++) many[String(i)] = { name: `Deal ${i}`, amount: '1.00', currency: 'USD', createdate: '2026-10-01', closeDate: null, stageId: 'open', partners: [['11', ['selling']]] };
    const gateway = fakeGateway(many);
    const out = await readReportDeals(deps(gateway), [...Object.keys(many), '1']);
    expect(gateway.reads.map((r) => r.length)).toEqual([100, 50]);
    expect(out.deals).toHaveLength(150);
  });
});
