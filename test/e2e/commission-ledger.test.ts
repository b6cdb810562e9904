import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { ledgerSeed, runLedgerFlow } from './commission-ledger-flow';

describe('end to end: the commission ledger, approvals and payout runs (SQLite, CLI on the same file)', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(ledgerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('earned → reversed → earned, approve, a run pays the split, a second pays nothing, a clawback carries forward', async () => {
    await runLedgerFlow({ stack: s, cliEnv: { SQLITE_PATH: s.dbPath }, settle: () => s.settle() });
  }, 60_000);

  it('the settings endpoints list open lines by name with their math and approve a selection', async () => {
    const [d1, p1, p2] = [s.seed.deals.d1!, s.seed.companies.p1!, s.seed.companies.p2!];
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p1, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', p2, ['Selling partner']);
    await s.hs.admin.actAsUser('deals', d1, { dealstage: 'closedwon' });
    await s.settle();

    const listed = await s.card('GET', '/api/v1/payouts/open-lines');
    expect(listed.status).toBe(200);
    const body = listed.json as { lines: Array<{ id: string; partnerName: string; dealName: string; amount: string; math: { poolRate: string; roles: string[] } | null }> };
    expect(body.lines.map((l) => [l.dealName, l.partnerName, l.amount, l.math?.poolRate, l.math?.roles])).toEqual([
      ['Acme platform', 'Northwind', '833.33', '25', ['sourcing']],
      ['Acme platform', 'Stackly', '1666.67', '25', ['selling']],
    ]);

    const bad = await s.card('POST', '/api/v1/payouts/approve', { lineIds: ['x'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('lineIds');
    const notAllowed = await s.card('POST', '/api/v1/payouts/approve', { lineIds: [body.lines[0]!.id] }, { userId: '99' });
    expect(notAllowed.status).toBe(403);

    const approved = await s.card('POST', '/api/v1/payouts/approve', { lineIds: [body.lines[0]!.id] });
    expect(approved).toEqual({ status: 200, json: { approved: 1 } });
    const again = await s.card('GET', '/api/v1/payouts/open-lines');
    expect((again.json as { lines: Array<{ partnerName: string }> }).lines.map((l) => l.partnerName)).toEqual(['Stackly']);
  }, 60_000);
});
