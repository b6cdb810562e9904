import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/report';
import { DEFAULT_RULE_SET } from '../../src/domain';
import type { EmulatorSeed } from '../../src/emulator';
import { createWorker } from '../../webhooks/worker';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

/*
 * Reporting end to end on the emulator: `cosell report` reading the portal prints exactly what the
 * offline deals file of the same deals gives, and after deals close the partner companies hold
 * the figures `cosell report --partner` prints, with the tier their last quarter earned.
 */

const TODAY = new Date('2026-12-02T10:00:00Z');

function sink() {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _e, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

async function cosellReport(args: string[], env: Record<string, string | undefined> = {}) {
  const stdout = sink();
  const stderr = sink();
  const code = await run(args, { stdin: Readable.from(['']), stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

interface DealSpec {
  key: string;
  name: string;
  amount: string;
  currency: string;
  /** The deal's own rate into USD (hs_exchange_rate), when it has one. */
  rate?: string;
  created: string;
  closed: string;
  stage: 'open' | 'won' | 'lost';
  partners: Array<[partnerKey: string, label: string]>;
  disputed?: boolean;
}

// The portal: USD home currency, EUR at 1.08 and GBP at 1.27 (portal rates); one EUR deal has its own rate.
const DEALS: DealSpec[] = [
  { key: 'd1', name: 'Acme platform', amount: '10000.00', currency: 'USD', created: '2026-10-05', closed: '2026-11-20', stage: 'won', partners: [['p1', 'Sourcing partner'], ['p2', 'Selling partner']] },
  { key: 'd2', name: 'Acme EU', amount: '5000.00', currency: 'EUR', rate: '1.1', created: '2026-10-10', closed: '2026-11-01', stage: 'lost', partners: [['p1', 'Sourcing partner'], ['p2', 'Selling partner']], disputed: true },
  { key: 'd3', name: 'Acme UK', amount: '2000.00', currency: 'GBP', created: '2026-11-01', closed: '2026-12-01', stage: 'won', partners: [['p3', 'Sourcing partner']] },
  { key: 'd4', name: 'Acme add-on', amount: '3000.00', currency: 'USD', created: '2026-10-01', closed: '2027-01-31', stage: 'open', partners: [['p1', 'Selling partner']] },
  { key: 'd5', name: 'Acme services', amount: '7000.00', currency: 'EUR', created: '2026-07-15', closed: '2026-10-20', stage: 'won', partners: [['p2', 'Implementation partner'], ['p3', 'Influence partner']] },
  { key: 'd6', name: 'Acme direct', amount: '100000.00', currency: 'USD', created: '2026-10-02', closed: '2026-11-02', stage: 'won', partners: [] },
  { key: 'd7', name: 'Acme pilot', amount: '4000.00', currency: 'USD', created: '2026-07-01', closed: '2026-09-10', stage: 'won', partners: [['p1', 'Sourcing partner'], ['p2', 'Selling partner'], ['p3', 'Influence partner']] },
];

const PARTNERS = [
  { key: 'p1', name: 'Northwind', type: 'reseller' },
  { key: 'p2', name: 'Stackly', type: 'technology' },
  { key: 'p3', name: 'Referly', type: 'referral' },
];

const STAGE = { open: 'qualifiedtobuy', won: 'closedwon', lost: 'closedlost' } as const;

function seed(): EmulatorSeed {
  return {
    owners: [{ key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' }],
    currencies: { companyCurrency: 'USD', exchangeRates: [{ fromCurrencyCode: 'EUR', conversionRate: 1.08 }, { fromCurrencyCode: 'GBP', conversionRate: 1.27 }] },
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      ...PARTNERS.map((p) => ({ key: p.key, name: p.name, domain: `${p.name.toLowerCase()}.example`, properties: { cosell_partner_type: p.type } })),
    ],
    deals: DEALS.map((d) => ({
      key: d.key,
      ownerKey: 'ana',
      properties: {
        dealname: d.name,
        dealstage: STAGE[d.stage],
        pipeline: 'default',
        amount: d.amount,
        deal_currency_code: d.currency,
        createdate: `${d.created}T12:00:00Z`,
        closedate: `${d.closed}T12:00:00Z`,
        ...(d.rate ? { hs_exchange_rate: d.rate } : {}),
      },
      companies: [{ companyKey: 'acme', labels: [], primary: true }, ...d.partners.map(([companyKey, label]) => ({ companyKey, labels: [label] }))],
    })),
  };
}

/** The same deals as the offline file `cosell report --deals` reads. */
function offlineFile(s: Stack) {
  const roleOf: Record<string, string> = {
    'Sourcing partner': 'sourcing',
    'Selling partner': 'selling',
    'Implementation partner': 'implementation',
    'Influence partner': 'influence',
  };
  const portalRate: Record<string, string> = { EUR: '1.08', GBP: '1.27' };
  return {
    homeCurrency: 'USD',
    deals: DEALS.map((d) => ({
      id: s.seed.deals[d.key]!,
      name: d.name,
      amount: d.amount,
      currency: d.currency,
      ...(d.currency === 'USD' ? {} : { exchangeRate: d.rate ?? portalRate[d.currency] }),
      createDate: d.created,
      closeDate: d.closed,
      stage: d.stage,
      partners: d.partners.map(([key, label]) => ({ id: s.seed.companies[key]!, name: PARTNERS.find((p) => p.key === key)!.name, roles: [roleOf[label]!] })),
      ...(d.disputed ? { disputed: true } : {}),
    })),
  };
}

describe('reporting on the emulator', () => {
  let s: Stack;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    s = await startStack(seed());
    dir = mkdtempSync(join(tmpdir(), 'cosell-report-'));
    env = { HUBSPOT_ACCESS_TOKEN: s.hs.accessToken, HUBSPOT_BASE_URL: s.hs.baseUrl };
    // The disputes feature provisions cosell_dispute_status with the app's schema; a person's value on d2 marks it disputed.
    await s.hs.admin.actAsUser('deals', s.seed.deals.d2!, { cosell_dispute_status: 'open' });
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reading the portal prints the same figures as the offline file of the same deals', async () => {
    const file = join(dir, 'deals.json');
    writeFileSync(file, JSON.stringify(offlineFile(s)));
    const offline = await cosellReport(['--deals', file, '--quarter', '2026-Q4', '--json']);
    expect(offline.code, offline.stderr).toBe(0);
    const portal = await cosellReport(['--quarter', '2026-Q4', '--json'], env);
    expect(portal.code, portal.stderr).toBe(0);
    expect(portal.stderr).toBe('');
    const figures = JSON.parse(portal.stdout) as Record<string, unknown>;
    expect(figures).toEqual(JSON.parse(offline.stdout));

    // And the figures are the ones the definitions give, by hand: co-sell pipeline = d1 10,000 +
    // d2 5,000 EUR at its own 1.1 = 5,500; solo = d3 2,000 GBP at the portal's 1.27 + d4 3,000.
    expect(figures.coSellPipeline).toBe('15500.00');
    expect(figures.partnerPipeline).toBe('21040.00');
    expect(figures.coSellPipelineShare).toBe('0.7367');
    // Co-sell closed in Q4: d1 won, d2 lost, d5 won (created in Q3); d2 is disputed.
    expect(figures.coSell).toMatchObject({ closed: 3, won: 2, winRate: '0.6667' });
    expect(figures.solo).toMatchObject({ closed: 1, won: 1, winRate: '1.0000', avgWonDealSize: '2540.00' });
    expect(figures.disputeRate).toBe('0.3333');
  });

  it('the Program tab and the scorecard read the same figures through the card API', async () => {
    const file = join(dir, 'deals-api.json');
    writeFileSync(file, JSON.stringify(offlineFile(s)));
    const offline = JSON.parse((await cosellReport(['--deals', file, '--quarter', '2026-Q4', '--json'])).stdout) as { quarter: string };
    const program = await s.card('GET', '/api/v1/program/2026-Q4');
    expect(program.status).toBe(200);
    const body = program.json as { report: unknown; dealsRead: number; partnerDeals: number; trend: Array<{ quarter: string }> };
    expect(body.report).toEqual(offline);
    expect(body.trend.map((t) => t.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect([body.dealsRead, body.partnerDeals]).toEqual([7, 6]);
    expect((await s.card('GET', '/api/v1/program/2026-Q5')).status).toBe(400);

    const p2 = s.seed.companies.p2!;
    const own = await s.card('GET', `/api/v1/partners/${p2}/program/2026-Q4`);
    expect(own.status).toBe(200);
    const cli = JSON.parse((await cosellReport(['--quarter', '2026-Q4', '--partner', p2, '--json'], env)).stdout) as unknown;
    expect(own.json).toEqual(cli);
    expect((await s.card('GET', '/api/v1/partners/999999/program/current')).status).toBe(404);
  });

  it('a portal that refuses the token is exit 1 with the reason, nothing on stdout', async () => {
    const down = await cosellReport(['--quarter', '2026-Q4', '--json'], { HUBSPOT_ACCESS_TOKEN: 'pat-wrong', HUBSPOT_BASE_URL: s.hs.baseUrl });
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/^cosell report: /);
  });

  it('the readable report names the pairings by partner name', async () => {
    const portal = await cosellReport(['--quarter', '2026-Q4'], env);
    expect(portal.code, portal.stderr).toBe(0);
    expect(portal.stdout).toContain('Northwind + Stackly');
    expect(portal.stdout).toContain('7 deals read (6 with partners)');
  });

  it('after deals close, the partner companies hold the figures `cosell report --partner` prints, and the tier', async () => {
    // A rule set with a tier that one co-sell win unlocks, in force since before Q3.
    const ruleSet = { ...DEFAULT_RULE_SET, version: '2026.2', effectiveFrom: '2026-06-01', incentives: { fiscalYearStartMonth: 1, tiers: [{ name: 'Co-sell Silver', minCoSellWins: 1, benefits: ['Exclusive leads', 'Joint marketing'] }] } };
    const draft = await s.store.ruleSets.createDraft({ ruleSet, createdBy: 'test' });
    await s.store.ruleSets.publish(draft.id, 'test');

    // The open deal d4 closes won now: the worker recomputes it and refreshes its partner's rollup.
    await s.hs.admin.actAsUser('deals', s.seed.deals.d4!, { dealstage: 'closedwon', closedate: '2026-12-01T12:00:00Z' });
    const worker = createWorker({ ...s.deps, clock: () => TODAY, partnerRollupsOnDealChange: true });
    for (let i = 0; i < 5; i++) {
      await s.hs.admin.flushWebhooks();
      await worker.drain();
    }
    expect(await s.store.inbox.listDeadLetters()).toEqual([]);
    const p1 = s.hs.admin.getObject('companies', s.seed.companies.p1!)!;
    expect(p1.cosell_rollup_quarter).toBe('2026-Q4');

    // Every partner, as the nightly run does.
    const nightly = await s.store.inbox.enqueue([{ dedupeKey: 'nightly-test', kind: 'job', subject: 'job:partner-rollups', payload: { type: 'partner-rollups', all: true }, occurredAt: TODAY }]);
    expect(nightly.inserted).toBe(1);
    await worker.drain();

    for (const key of ['p1', 'p2', 'p3']) {
      const id = s.seed.companies[key]!;
      const now = await cosellReport(['--quarter', '2026-Q4', '--partner', id, '--json'], env);
      const before = await cosellReport(['--quarter', '2026-Q3', '--partner', id, '--json'], env);
      expect(now.code, now.stderr).toBe(0);
      const q4 = JSON.parse(now.stdout) as { coSellPipeline: string; coSell: { won: number; winRate: string | null; avgWonDealSize: string | null } };
      const q3 = JSON.parse(before.stdout) as typeof q4;
      const company = s.hs.admin.getObject('companies', id)!;
      expect(company.cosell_cosell_pipeline_qtd).toBe(q4.coSellPipeline);
      expect(company.cosell_cosell_pipeline_last_quarter).toBe(q3.coSellPipeline);
      expect(company.cosell_cosell_wins_this_quarter).toBe(String(q4.coSell.won));
      expect(company.cosell_cosell_wins_last_quarter).toBe(String(q3.coSell.won));
      expect(company.cosell_cosell_win_rate_qtd ?? '').toBe(q4.coSell.winRate ?? '');
      expect(company.cosell_cosell_win_rate_last_quarter ?? '').toBe(q3.coSell.winRate ?? '');
      expect(company.cosell_avg_won_deal_size_qtd ?? '').toBe(q4.coSell.avgWonDealSize ?? '');
      expect(company.cosell_avg_won_deal_size_last_quarter ?? '').toBe(q3.coSell.avgWonDealSize ?? '');
      // Every partner was on d7, won in Q3: one co-sell win, so Silver is in force in Q4.
      expect(company.cosell_tier).toBe('Co-sell Silver');
      expect(company.cosell_tier_benefits).toBe('Exclusive leads\nJoint marketing');
      expect(company.cosell_tier_quarter).toBe('2026-Q4 (earned in 2026-Q3 with 1 co-sell win)');
    }
    // Q4 by hand for Stackly (p2): co-sell pipeline d1 10,000 + d2 5,500; won d1 and d5 of three closed.
    const p2 = s.hs.admin.getObject('companies', s.seed.companies.p2!)!;
    expect([p2.cosell_cosell_pipeline_qtd, p2.cosell_cosell_win_rate_qtd, p2.cosell_avg_won_deal_size_qtd]).toEqual(['15500.00', '0.6667', '8780.00']);
    // Q4 co-sell wins so far: p1 d1; p2 d1 and d5; p3 d5.
    expect(s.hs.admin.getObject('companies', s.seed.companies.p2!)!.cosell_cosell_wins_qtd).toBe('2');
    expect(s.hs.admin.getObject('companies', s.seed.companies.p3!)!.cosell_cosell_wins_qtd).toBe('1');
  });
});
