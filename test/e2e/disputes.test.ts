import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { run as disputesCli } from '../../src/cli/disputes';
import type { Dispute, DisputesOverview } from '../../src/contract/card-api';
import { alertOverdueDisputes } from '../../src/features/disputes/disputes-jobs';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';

const DAY_MS = 86_400_000;

describe('end to end: disputes on the emulator', () => {
  let s: Stack;
  let deal: string;
  let p1: string;
  let p2: string;
  const dealProp = (name: string) => s.hs.admin.getObject('deals', deal)?.[name];
  const companyProp = (id: string, name: string) => s.hs.admin.getObject('companies', id)?.[name];

  beforeAll(async () => {
    s = await startStack(threePartnerSeed());
    deal = s.seed.deals.d1!;
    [p1, p2] = [s.seed.companies.p1!, s.seed.companies.p2!];
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p1, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', p2, ['Selling partner']);
    await s.settle();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a dispute opened and decided shows on the deal property, the partner count and the list; the upheld claim becomes the written split', async () => {
    // Default rules, sell_with: pool 2,500.00; sourcing 20 and selling 40 renormalised → 833.33 / 1666.67.
    expect(dealProp('cosell_sourcing_amount')).toBe('833.33');
    expect(dealProp('cosell_dispute_status') ?? '').toBe('');

    const opened = await s.card('POST', `/api/v1/deals/${deal}/disputes`, {
      reason: 'Northwind found the deal and ran the first meetings',
      claim: [
        { partnerId: p1, percent: 70 },
        { partnerId: p2, percent: 30 },
      ],
    }, { userId: '5' });
    expect(opened.status).toBe(201);
    const dispute = opened.json as Dispute;
    expect(dispute).toMatchObject({ status: 'open', dealName: 'Acme platform', claimText: 'Northwind 70 %, Stackly 30 %' });
    await s.settle();
    expect(dealProp('cosell_dispute_status')).toBe('open');
    expect(companyProp(p1, 'cosell_open_disputes')).toBe('1');
    expect(companyProp(p2, 'cosell_open_disputes')).toBe('1');

    // Deciding is partner ops' (settings rights): another user is refused.
    const refused = await s.card('POST', `/api/v1/disputes/${dispute.id}/decision`, { decision: 'upheld', note: 'x', applyClaim: true }, { userId: '5' });
    expect(refused.status).toBe(403);

    const decided = await s.card('POST', `/api/v1/disputes/${dispute.id}/decision`, { decision: 'upheld', note: 'the intro email of 2 March shows it', applyClaim: true });
    expect(decided.status).toBe(200);
    expect((decided.json as Dispute).decision).toMatchObject({ status: 'upheld', adjustmentApplied: true, note: 'the intro email of 2 March shows it' });
    await s.settle();

    expect(dealProp('cosell_dispute_status')).toBe('upheld');
    expect(companyProp(p1, 'cosell_open_disputes')).toBe('0');
    // The pool stays the rule set's (2,500.00); the split is now 70 / 30.
    expect(dealProp('cosell_pool_amount')).toBe('2500.00');
    expect(dealProp('cosell_sourcing_amount')).toBe('1750.00');
    expect(dealProp('cosell_selling_amount')).toBe('750.00');
    const latest = await s.store.ledger.latestForDeal(deal);
    expect(latest?.allocations.map((a) => [a.partnerId, a.amountMinor])).toEqual([
      [p1, 175000n],
      [p2, 75000n],
    ]);
    expect(latest?.trigger).toBe('dispute-adjustment');
    expect((latest?.plan as { explanation: string[] }).explanation.join('\n')).toContain('split was set by partner ops after a dispute (the intro email of 2 March shows it)');

    // The card shows the plan's reason; a replay of the worker writes nothing more.
    const state = await s.card('GET', `/api/v1/deals/${deal}/cosell`);
    expect(JSON.stringify(state.json)).toContain('Split set by partner ops after a dispute (the intro email of 2 March shows it)');
    const entries = (await s.store.ledger.listForDeal(deal)).length;
    await s.store.inbox.enqueue([{ dedupeKey: 'replay-1', kind: 'job', subject: `deal:${deal}`, payload: { type: 'dispute-sync', dealIds: [deal], recompute: true }, occurredAt: new Date() }]);
    await s.settle();
    expect((await s.store.ledger.listForDeal(deal)).length).toBe(entries);

    // The list (settings tab) and the CLI on the same store.
    const overview = (await s.card('GET', '/api/v1/disputes')).json as DisputesOverview;
    expect(overview.disputes.map((d) => [d.id, d.status, d.decision?.note])).toEqual([[dispute.id, 'upheld', 'the intro email of 2 March shows it']]);
    expect(overview.partnerOpsOwnerSet).toBe(false);
    const out: string[] = [];
    const code = await disputesCli(['list'], {
      stdin: Readable.from(['']),
      stdout: new Writable({ write: (c: Buffer, _e, done) => (out.push(c.toString()), done()) }),
      stderr: new Writable({ write: (_c, _e, done) => done() }),
      env: { SQLITE_PATH: s.dbPath },
    });
    expect(code).toBe(0);
    expect(out.join('')).toContain(`#${dispute.id}  UPHELD  "Acme platform"`);

    const evidence = await s.card('GET', `/api/v1/disputes/${dispute.id}/evidence`);
    expect(evidence.status).toBe(200);
  });

  it('an overdue dispute alerts partner ops once, and nobody without a partner-ops owner', async () => {
    const opened = await s.card('POST', `/api/v1/deals/${deal}/disputes`, { reason: 'Stackly did the demo' });
    const dispute = opened.json as Dispute;
    const later = () => new Date(Date.now() + 8 * DAY_MS);
    expect(await alertOverdueDisputes({ ...s.deps, clock: later })).toMatchObject({ alerted: 0, overdue: 1, skipped: 'no_partner_ops_owner' });

    const ownerId = s.seed.owners.ana!;
    await s.store.appSettings.put('notifications', { partnerOps: { ownerId } }, '1');
    expect(await alertOverdueDisputes({ ...s.deps, clock: later })).toMatchObject({ alerted: 1, overdue: 1 });
    expect(await alertOverdueDisputes({ ...s.deps, clock: later })).toMatchObject({ alerted: 0, overdue: 0 });
    const stored = await s.store.disputes.get(dispute.id);
    const task = s.hs.admin.getObject('tasks', stored!.alertTaskId!);
    expect(task?.hs_task_subject).toBe('Attribution dispute open 8 days: Acme platform');
    expect(task?.hubspot_owner_id).toBe(ownerId);
  });
});
