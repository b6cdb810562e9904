import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { DEFAULT_RULE_SET, fiscalQuarterOf, previousFiscalQuarter } from '../../src/domain';
import { buildSchedule, createScheduler } from '../../webhooks/scheduler';
import { captureCliIo } from '../support/capture-cli-io';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

interface IncentivesJson {
  quarter: string;
  dryRun: boolean;
  wonDeals: number;
  lines: Array<{ kind: string; partnerName: string; amount: string; currency: string; ruleVersion: string | null }>;
}

describe('end to end: quarter incentive lines (SQLite, CLI on the same file)', () => {
  let s: Stack;
  // The quarter that just ended (calendar quarters, as the rule set below says): the job's default.
  const last = previousFiscalQuarter(fiscalQuarterOf(new Date().toISOString().slice(0, 10), 1)!, 1);
  const closeDate = `${last.firstDay}T12:00:00Z`;
  const cli = async (args: string[]) => {
    const { io, out, err } = captureCliIo({ SQLITE_PATH: s.dbPath, HUBSPOT_ACCESS_TOKEN: s.hs.accessToken, HUBSPOT_BASE_URL: s.hs.baseUrl, USER: 'ops' });
    const code = await main(args, io);
    return { code, out: out(), err: err() };
  };
  const quarterLines = async () => (await s.store.commissionLedger.list()).filter((l) => l.key.startsWith(`quarter:${last.label}:`));

  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
    // A fixed co-sell bonus of 500.00 USD from one co-sell win.
    const ruleSet = {
      ...structuredClone(DEFAULT_RULE_SET),
      version: '2026.2',
      effectiveFrom: last.firstDay, // after the shipped 2026.1, in force all of last quarter
      incentives: { fiscalYearStartMonth: 1, coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '500.00', currency: 'USD' } }, tiers: [] },
    };
    const draft = await s.deps.store.ruleSets.createDraft({ ruleSet, createdBy: 'test' });
    await s.deps.store.ruleSets.publish(draft.id, 'test');
    // Acme platform (10,000.00) closed won last quarter, sourced by Northwind and sold by Stackly: a co-sell win for both.
    const [d1, p1, p2] = [s.seed.deals.d1!, s.seed.companies.p1!, s.seed.companies.p2!];
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p1, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p2, ['Selling partner']);
    await s.hs.admin.actAsUser('deals', d1, { dealstage: 'closedwon', closedate: closeDate });
    await s.settle();
  });
  afterEach(async () => {
    await s.close();
  });

  it('appends the bonus once (CLI and the scheduled job), a run after approval pays it, a late reopen takes it back', async () => {
    // Dry run: what would be appended, per partner by name; nothing written.
    const dry = await cli(['payouts', 'incentives', '--quarter', last.label, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`${last.label}: 1 won partner deal(s) read.`);
    expect(dry.out).toContain('Northwind: would append\n  co-sell bonus: 500.00 USD (rule set 2026.2)');
    expect(dry.out).toContain('Stackly: would append\n  co-sell bonus: 500.00 USD (rule set 2026.2)');
    expect(await quarterLines()).toEqual([]);

    const first = await cli(['payouts', 'incentives', '--quarter', last.label, '--json']);
    expect(first.code, first.err).toBe(0);
    const appended = JSON.parse(first.out) as IncentivesJson;
    expect(appended).toMatchObject({ quarter: last.label, dryRun: false, wonDeals: 1 });
    expect(appended.lines.map((l) => [l.partnerName, l.kind, l.amount, l.currency, l.ruleVersion]).sort()).toEqual([
      ['Northwind', 'bonus', '500.00', 'USD', '2026.2'],
      ['Stackly', 'bonus', '500.00', 'USD', '2026.2'],
    ]);

    // Running it again, by hand or from the daily schedule (default: the quarter that just ended), adds nothing.
    const again = await cli(['payouts', 'incentives', '--quarter', last.label]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('Nothing to append');
    const scheduler = createScheduler(s.deps, { holderId: 'only', entries: buildSchedule() });
    await scheduler.start();
    try {
      expect(await scheduler.tick('daily-quarter-incentives')).toBe(true);
    } finally {
      await scheduler.stop();
    }
    await s.settle();
    const stored = await quarterLines();
    expect(stored.map((l) => [l.partnerId, l.kind, l.amountMinor, l.dealId, l.ruleVersion]).sort()).toEqual(
      [
        [s.seed.companies.p1!, 'bonus', 50000n, `quarter:${last.label}`, '2026.2'],
        [s.seed.companies.p2!, 'bonus', 50000n, `quarter:${last.label}`, '2026.2'],
      ].sort(),
    );

    // Approve and run: the bonus is paid with the deal's commission (833.33 + 500.00; 1666.67 + 500.00).
    expect((await cli(['payouts', 'approve', '--all'])).code).toBe(0);
    const period = new Date().toISOString().slice(0, 7);
    const run = await cli(['payouts', 'run', '--period', period, '--json']);
    expect(run.code, run.err).toBe(0);
    const runJson = JSON.parse(run.out) as { runId: string; statements: Array<{ partnerName: string; total: string }> };
    expect(runJson.statements.map((x) => [x.partnerName, x.total]).sort()).toEqual([
      ['Northwind', '1333.33'],
      ['Stackly', '2166.67'],
    ]);
    const statement = await cli(['payouts', 'statement', runJson.runId, '--partner', s.seed.companies.p1!, '--format', 'json']);
    expect(statement.code, statement.err).toBe(0);
    const lines = (JSON.parse(statement.out) as { statements: Array<{ lines: Array<{ kind: string; dealName: string; explanation: string }> }> }).statements[0]!.lines;
    expect(lines.find((l) => l.kind === 'bonus')).toMatchObject({ dealName: `Quarter ${last.label}`, explanation: `Co-sell bonus ${last.label}: at least 1 co-sell win (rule set 2026.2).` });

    // A late change: the deal is reopened, so the quarter has no co-sell win and the bonus is taken back once.
    await s.hs.admin.actAsUser('deals', s.seed.deals.d1!, { dealstage: 'contractsent' });
    await s.settle();
    const late = JSON.parse((await cli(['payouts', 'incentives', '--quarter', last.label, '--json'])).out) as IncentivesJson;
    expect(late.lines.map((l) => [l.partnerName, l.kind, l.amount]).sort()).toEqual([
      ['Northwind', 'bonus', '-500.00'],
      ['Stackly', 'bonus', '-500.00'],
    ]);
    expect(JSON.parse((await cli(['payouts', 'incentives', '--quarter', last.label, '--json'])).out)).toMatchObject({ lines: [] });
    expect((await quarterLines()).reduce((sum, l) => sum + l.amountMinor, 0n)).toBe(0n);
  }, 90_000);

  it('names the field of a bad quarter and exits 2', async () => {
    const bad = await cli(['payouts', 'incentives', '--quarter', '2026-Q5']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--quarter: "2026-Q5" is not a quarter like 2026-Q3');
  });
});
