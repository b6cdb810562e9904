// Which computations announce something: a stage change of a partner deal (never the first
// computation, never the same stage), and a change in the deal's conflicts.
import { describe, expect, it } from 'vitest';
import type { DealContext } from '../../app/deal-context';
import type { AccountConflict, AttributionPlan } from '../../domain';
import type { LedgerEntry } from '../../store/store';
import { conflictAlertsItem } from './conflict-alerts';
import { stageChangeItem } from './stage-change';

const now = new Date('2026-05-01T09:00:00.000Z');

function ctx(stageId: string, partners: DealContext['partners']): DealContext {
  return {
    deal: { id: '301', name: 'Acme platform', amount: '10000.00', currency: 'USD', closeDate: '2026-06-30', stageId, pipelineId: 'default', ownerId: null, updatedAt: '', outputs: {} },
    stage: { pipelineId: 'default', stageId, label: stageId === 'contractsent' ? 'Contract Sent' : 'Appointment Scheduled', isClosed: false, isWon: false, probability: null },
    status: 'open',
    partners,
    partnersWithoutRole: [],
    account: { companyId: '1', domain: 'acme.example', parentCompanyId: null },
    settings: { model: null, plan: { relationshipOwner: null, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [] } },
  };
}

function entry(id: string, stageId: string, conflicts: Array<Pick<AccountConflict, 'entryIds' | 'reason'>> = []): LedgerEntry {
  return { id, dealId: '301', trigger: 't', ruleVersion: '2026.1', inputs: { deal: { stageId }, conflicts }, plan: {}, dealStatus: 'open', closeDate: null, computedAt: now.toISOString(), allocations: [] };
}

const partners: DealContext['partners'] = [
  { companyId: '11', name: 'Northwind', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] },
  { companyId: '12', name: 'Stackly', partnerType: 'technology', isPartner: true, roles: ['selling'] },
  { companyId: '13', name: 'Not a partner', partnerType: null, isPartner: false, roles: ['influence'] },
];
const plan = { currency: 'USD', allocations: [{ partnerId: '11', amountMinor: '58824' }] } as unknown as AttributionPlan;

describe('stageChangeItem', () => {
  it('announces a partner deal moving stage, with partners, roles and projected commission', () => {
    const item = stageChangeItem(ctx('contractsent', partners), plan, entry('8', 'appointmentscheduled'), entry('9', 'contractsent'), now);
    expect(item).toMatchObject({ dedupeKey: 'notify-stage-change:301:9', subject: 'job:notify-stage-change' });
    expect(item!.payload).toEqual({
      type: 'notify-stage-change',
      dealId: '301',
      dealName: 'Acme platform',
      stageId: 'contractsent',
      stageLabel: 'Contract Sent',
      entryId: '9',
      occurredAt: now.toISOString(),
      partners: [
        { companyId: '11', name: 'Northwind', roles: ['sourcing'], amountMinor: '58824', currency: 'USD' },
        { companyId: '12', name: 'Stackly', roles: ['selling'], amountMinor: null, currency: null },
      ],
    });
  });

  it('announces nothing for a first computation, the same stage, or a deal without partners', () => {
    expect(stageChangeItem(ctx('contractsent', partners), plan, null, entry('9', 'contractsent'), now)).toBeNull();
    expect(stageChangeItem(ctx('contractsent', partners), plan, entry('8', 'contractsent'), entry('9', 'contractsent'), now)).toBeNull();
    expect(stageChangeItem(ctx('contractsent', []), plan, entry('8', 'appointmentscheduled'), entry('9', 'contractsent'), now)).toBeNull();
  });
});

describe('conflictAlertsItem', () => {
  const c: AccountConflict = { entryIds: ['301', '302'], reason: 'different_partners', matchedOn: 'company', accountValue: '1', partnerIds: ['11', '12', '13'], message: 'Acme platform and Acme add-on …' };

  it('syncs alerts when the conflicts appear or clear, not when they stay the same', () => {
    expect(conflictAlertsItem('301', [c], entry('8', 'x'), entry('9', 'x'), now)?.payload).toEqual({ type: 'sync-conflict-alerts', dealId: '301', entryId: '9', conflicts: [{ entryIds: ['301', '302'], reason: 'different_partners', message: c.message }] });
    expect(conflictAlertsItem('301', [c], entry('8', 'x', [c]), entry('9', 'x', [c]), now)).toBeNull();
    expect(conflictAlertsItem('301', [], entry('8', 'x', [c]), entry('9', 'x'), now)?.payload).toMatchObject({ conflicts: [] });
    expect(conflictAlertsItem('301', [], null, entry('9', 'x'), now)).toBeNull();
  });
});
