import { describe, expect, it } from 'vitest';
import type { StageChangeEvent } from './stage-change-notices';
import { planStageChangeNotices } from './stage-change-notices';

const event: StageChangeEvent = {
  dealId: '301',
  dealName: 'Acme <platform>',
  stageId: 'contractsent',
  stageLabel: 'Contract sent',
  eventKey: 'stage:301:contractsent:17',
  partners: [
    { companyId: '11', name: 'Northwind', roles: ['sourcing'], amountMinor: '58824', currency: 'USD', ownerId: '501' },
    { companyId: '12', name: 'Stackly', roles: ['selling', 'technical_validation'], amountMinor: '191176', currency: 'USD', ownerId: '502' },
    { companyId: '13', name: 'Referly', roles: ['influence'], amountMinor: null, currency: null, ownerId: '501' },
    { companyId: '14', name: 'Orphan Co', roles: ['influence'], amountMinor: '0', currency: 'USD', ownerId: null },
  ],
};

describe('planStageChangeNotices', () => {
  it('sends one notice per partner manager, keyed by event and recipient', () => {
    const plan = planStageChangeNotices(event);
    expect(plan.notices.map((n) => [n.key, n.ownerId, n.companyIds])).toEqual([
      ['stage:301:contractsent:17:owner:501', '501', ['11', '13']],
      ['stage:301:contractsent:17:owner:502', '502', ['12']],
    ]);
    expect(plan.unowned).toEqual(['Orphan Co']);
  });

  it('names the deal and stage, and lists partners, roles and projected commission (escaped)', () => {
    const [first] = planStageChangeNotices(event).notices;
    expect(first!.subject).toBe('Acme <platform> moved to Contract sent');
    expect(first!.body).toContain('Acme &lt;platform&gt; moved to Contract sent. You manage Northwind and Referly on this deal.');
    expect(first!.body).toContain('<li>Northwind: sourcing; projected commission 588.24 USD</li>');
    expect(first!.body).toContain('<li>Stackly: selling and technical validation; projected commission 1911.76 USD</li>');
    expect(first!.body).toContain('<li>Referly: influence; no projected commission yet</li>');
  });

  it('sends nothing when no partner has an owner', () => {
    const plan = planStageChangeNotices({ ...event, partners: event.partners.map((p) => ({ ...p, ownerId: null })) });
    expect(plan.notices).toEqual([]);
    expect(plan.unowned).toHaveLength(4);
  });
});
