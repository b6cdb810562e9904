// The commission ledger's end-to-end story, shared by the SQLite e2e test and the Postgres one:
// close won → earned; reopen → reversed; close again → earned; approve; a run pays the split; a
// second run pays nothing; reopening a paid deal claws back in the next run.
import { expect } from 'vitest';
import { main } from '../../src/cli/main';
import { captureCliIo } from '../support/capture-cli-io';
import type { EmulatorSeed } from '../../src/emulator';
import type { Stack } from './start-stack';
import { threePartnerSeed } from './start-stack';

/** The three-partner portal with EUR as a second currency (1 EUR = 1.1 USD) and the add-on deal in EUR. */
export function ledgerSeed(): EmulatorSeed {
  const seed = threePartnerSeed();
  seed.currencies = { companyCurrency: 'USD', exchangeRates: [{ fromCurrencyCode: 'EUR', conversionRate: 1.1 }] };
  const addOn = (seed.deals ?? []).find((d) => d.key === 'd2')!;
  addOn.properties = { ...addOn.properties, deal_currency_code: 'EUR', amount: '1000.00' };
  return seed;
}

export interface LedgerFlowTarget {
  stack: Stack;
  /** What the CLI is given to reach the service's store (SQLITE_PATH or DATABASE_URL + schema). */
  cliEnv: Record<string, string>;
  /** Runs the worker(s) until nothing is pending. */
  settle(): Promise<void>;
}

interface RunStatementJson {
  partnerName: string;
  currency: string;
  total: string;
  carriedForward: boolean;
  summary: string;
}
interface CliJson {
  runId: string | null;
  paidLines: number;
  approved: number;
  statements: Array<RunStatementJson & { lines: Array<{ amount: string; math: unknown }> }>;
  lines: Array<{ status: string; runId: string | null }>;
  totals: Array<{ partnerName: string; net: string }>;
}

async function cli(env: Record<string, string>, args: string[]): Promise<{ code: number; json: CliJson; out: string; err: string }> {
  const { io, out, err } = captureCliIo(env);
  const code = await main(args, io);
  const text = out();
  let json = {} as CliJson;
  try {
    json = JSON.parse(text) as CliJson;
  } catch {
    // Not JSON (csv, html, text): the caller reads `out`.
  }
  return { code, json, out: text, err: err() };
}

export async function runLedgerFlow(t: LedgerFlowTarget): Promise<void> {
  const s = t.stack;
  const [d1, d2] = [s.seed.deals.d1!, s.seed.deals.d2!];
  const [p1, p2, p3] = [s.seed.companies.p1!, s.seed.companies.p2!, s.seed.companies.p3!];
  const period = new Date().toISOString().slice(0, 7);
  const net = async (dealId: string) => {
    const lines = await s.store.commissionLedger.list({ dealId });
    const out: Record<string, bigint> = {};
    for (const l of lines) out[l.partnerId] = (out[l.partnerId] ?? 0n) + l.amountMinor;
    return out;
  };
  const status = (dealId: string) => s.hs.admin.getObject('deals', dealId)!.cosell_commission_status;

  await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p1, ['Sourcing partner']);
  await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p2, ['Selling partner']);
  await s.hs.admin.setAssociationLabelsAsUser('deals', d2, 'companies', p3, ['Sourcing partner']);
  await t.settle();
  expect(await s.store.commissionLedger.list()).toEqual([]);
  expect(status(d1)).toBe('projected');

  // Close won: one earned line per partner, the split (default rules, sell_with 25 % of 10,000.00; sourcing 20 : selling 40).
  await s.hs.admin.actAsUser('deals', d1, { dealstage: 'closedwon' });
  await t.settle();
  const earned = await s.store.commissionLedger.list({ dealId: d1 });
  expect(earned.map((l) => [l.partnerId, l.kind, l.amountMinor])).toEqual([
    [p1, 'earned', 83333n],
    [p2, 'earned', 166667n],
  ]);
  expect(earned.every((l) => l.homeCurrency === 'USD' && l.homeAmountMinor === l.amountMinor && l.ruleVersion === '2026.1')).toBe(true);
  expect(status(d1)).toBe('earned');
  // The partner companies' figures, in the home currency (USD), refreshed after the new lines.
  const company = (id: string) => s.hs.admin.getObject('companies', id)!;
  expect(company(p1).cosell_commission_earned_qtd).toBe('833.33');
  expect(company(p1).cosell_commission_paid_ytd).toBe('0.00');
  expect(company(p1).cosell_commission_projected).toBe('0.00');

  // A replayed webhook and a second recompute add nothing.
  await s.deps.store.inbox.enqueue([{ dedupeKey: 'replay-1', kind: 'job', subject: `deal:${d1}`, payload: { type: 'recompute-deals', dealIds: [d1], trigger: 'replay' }, occurredAt: new Date() }]);
  await t.settle();
  expect(await s.store.commissionLedger.list({ dealId: d1 })).toHaveLength(2);

  // Reopen: reversed to 0; close again: earned again.
  await s.hs.admin.actAsUser('deals', d1, { dealstage: 'contractsent' });
  await t.settle();
  expect(await net(d1)).toEqual({ [p1]: 0n, [p2]: 0n });
  expect((await s.store.commissionLedger.list({ dealId: d1 })).slice(2).map((l) => l.kind)).toEqual(['reversal', 'reversal']);
  expect(status(d1)).toBe('reversed');
  // Reopened: nothing earned net this quarter, the open deal is projected again.
  expect([company(p1).cosell_commission_earned_qtd, company(p1).cosell_commission_projected]).toEqual(['0.00', '833.33']);
  await s.hs.admin.actAsUser('deals', d1, { dealstage: 'closedwon' });
  await t.settle();
  expect(await net(d1)).toEqual({ [p1]: 83333n, [p2]: 166667n });

  // The solo EUR deal: its line carries the USD amount at the deal's rate (250.00 EUR × 1.1).
  await s.hs.admin.actAsUser('deals', d2, { dealstage: 'closedwon' });
  await t.settle();
  const solo = await s.store.commissionLedger.list({ dealId: d2 });
  expect(solo.map((l) => [l.partnerId, l.kind, l.amountMinor, l.currency, l.homeAmountMinor, l.homeCurrency])).toEqual([[p3, 'earned', 20000n, 'EUR', 22000n, 'USD']]);

  // Nothing approved yet: a run pays nothing.
  const early = await cli(t.cliEnv, ['payouts', 'run', '--period', period, '--json']);
  expect(early.code).toBe(0);
  expect(early.json).toMatchObject({ runId: null, statements: [] });

  const approved = await cli(t.cliEnv, ['payouts', 'approve', '--all', '--json']);
  expect(approved.code).toBe(0);
  expect(approved.json.approved).toBe(7);
  await t.settle();
  expect(status(d1)).toBe('approved');

  // The run pays the split, solo and co-sell together; partners by name.
  const first = await cli(t.cliEnv, ['payouts', 'run', '--period', period, '--json']);
  expect(first.code, first.err).toBe(0);
  // Statements come sorted by partner id.
  const byId = (rows: Array<[string, ...unknown[]]>) => rows.sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, ...rest]) => rest);
  expect(first.json.statements.map((st) => [st.partnerName, st.currency, st.total, st.carriedForward])).toEqual(
    byId([
      [p1, 'Northwind', 'USD', '833.33', false],
      [p2, 'Stackly', 'USD', '1666.67', false],
      [p3, 'Referly', 'EUR', '200.00', false],
    ]),
  );
  const runId = first.json.runId as string;
  expect(runId).toBeTruthy();

  // A second run pays nothing twice.
  const second = await cli(t.cliEnv, ['payouts', 'run', '--period', period, '--json']);
  expect(second.json).toMatchObject({ runId: null, statements: [], paidLines: 0 });

  const statement = await cli(t.cliEnv, ['payouts', 'statement', runId, '--partner', p1, '--format', 'json']);
  expect(statement.code, statement.err).toBe(0);
  const st = statement.json.statements[0];
  expect(st).toMatchObject({ partnerName: 'Northwind', currency: 'USD', total: '833.33', carriedForward: false });
  // Every line with its math: amount → pool rate → role weight → share → commission.
  const lineSum = st!.lines.reduce((a, l) => a + BigInt(l.amount.replace('.', '')), 0n);
  expect(lineSum).toBe(83333n);
  expect(st!.lines.at(-1)!.math).toMatchObject({ dealAmount: '10000.00', poolRate: '25', roles: ['sourcing'], commission: '833.33' });
  const html = await cli(t.cliEnv, ['payouts', 'statement', runId, '--partner', p1, '--format', 'html']);
  expect(html.out).toContain('Payout statement: Northwind');
  expect(html.out).toContain('Acme platform');
  const csv = await cli(t.cliEnv, ['payouts', 'statement', runId, '--partner', p1, '--format', 'csv']);
  expect(csv.out.split('\r\n')[0]).toContain('deal_amount,pool_rate');

  const paid = await cli(t.cliEnv, ['payouts', 'mark-paid', runId, '--json']);
  expect(paid.code).toBe(0);
  await t.settle();
  expect(status(d1)).toBe('paid');
  expect(company(p2).cosell_commission_paid_ytd).toBe('1666.67');
  expect(company(p3).cosell_commission_paid_ytd).toBe('220.00');

  // Each partner in the run hears about it on its company: one note when the run is recorded, one
  // when it is marked paid, naming the deals and the total; a replayed job sends nothing more.
  const runNotes = (companyId: string) =>
    s.hs.admin
      .getAssociations('companies', companyId, 'notes')
      .map((a) => String(s.hs.admin.getObject('notes', a.toId)!.hs_note_body))
      .filter((body) => body.includes(`run ${runId} `));
  expect(runNotes(p1)).toHaveLength(2);
  expect(runNotes(p1).find((b) => b.includes('Commission approved for payout'))).toContain('Acme platform: earned 833.33 USD');
  expect(runNotes(p1).find((b) => b.includes('Commission paid'))).toContain('total 833.33 USD. Marked paid on');
  expect(runNotes(p3).find((b) => b.includes('Commission paid'))).toContain('for Referly');
  await s.deps.store.inbox.enqueue([{ dedupeKey: 'replay-commission-status', kind: 'job', subject: `run:${runId}`, payload: { type: 'notify-commission-status', runId, event: 'paid' }, occurredAt: new Date() }]);
  await t.settle();
  expect(runNotes(p1)).toHaveLength(2);

  // Reopening the paid deal claws back in the next run: the partners' nets are negative, so the
  // run carries them forward and says so; the solo partner is untouched.
  await s.hs.admin.actAsUser('deals', d1, { dealstage: 'contractsent' });
  await t.settle();
  expect(status(d1)).toBe('reversed');
  await cli(t.cliEnv, ['payouts', 'approve', '--deal', d1]);
  const clawback = await cli(t.cliEnv, ['payouts', 'run', '--period', period, '--json']);
  expect(clawback.code, clawback.err).toBe(0);
  expect(clawback.json.statements.map((x) => [x.partnerName, x.total, x.carriedForward])).toEqual(
    byId([
      [p1, 'Northwind', '-833.33', true],
      [p2, 'Stackly', '-1666.67', true],
    ]),
  );
  expect(clawback.json.statements[0]!.summary).toContain('carried forward');
  const carried = await cli(t.cliEnv, ['payouts', 'statement', clawback.json.runId!, '--partner', p2, '--format', 'json']);
  expect(carried.json.statements[0]).toMatchObject({ carriedForward: true, total: '-1666.67' });

  // Won again: the next run nets the carried clawback against the new earning — 0 paid, nothing twice.
  await s.hs.admin.actAsUser('deals', d1, { dealstage: 'closedwon' });
  await t.settle();
  await cli(t.cliEnv, ['payouts', 'approve', '--all']);
  const settled = await cli(t.cliEnv, ['payouts', 'run', '--period', period, '--json']);
  expect(settled.json.statements.map((x) => [x.partnerName, x.total, x.carriedForward]).sort()).toEqual([
    ['Northwind', '0.00', false],
    ['Stackly', '0.00', false],
  ]);
  const ledger = await cli(t.cliEnv, ['ledger', '--deal', d1, '--json']);
  expect(ledger.json.lines.every((l) => l.status !== 'open' && l.runId !== null)).toBe(true);
  expect(ledger.json.totals.map((x) => [x.partnerName, x.net])).toEqual(
    byId([
      [p1, 'Northwind', '833.33'],
      [p2, 'Stackly', '1666.67'],
    ]),
  );
  // Every line is in exactly one run.
  const runs = await s.store.commissionLedger.listRuns();
  const all = runs.flatMap((r) => r.lineIds);
  expect(new Set(all).size).toBe(all.length);
}
