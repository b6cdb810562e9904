import { describe, expect, it } from 'vitest';
import { relationshipOwnerWarning } from './relationship-owner-warning';

const stages = [
  { stageId: 'appointmentscheduled', label: 'Appointment scheduled' },
  { stageId: 'qualifiedtobuy', label: 'Qualified to buy' },
  { stageId: 'contractsent', label: 'Contract sent' },
];
const base = { partnerCount: 2, hasRelationshipOwner: false, isOpen: true, openStages: stages, currentStageId: 'appointmentscheduled' };

describe('relationshipOwnerWarning', () => {
  it.each([
    ['solo deal', { partnerCount: 1 }, null],
    ['owner named', { hasRelationshipOwner: true }, null],
    ['closed deal', { isOpen: false }, null],
    ['in the first meeting stage: before the meeting', {}, false],
    ['stage not in the pipeline list: treated as before', { currentStageId: 'gone' }, false],
    ['no stage known: treated as before', { currentStageId: null }, false],
    ['past the first meeting stage: overdue', { currentStageId: 'qualifiedtobuy' }, true],
    ['three partners, late stage: overdue', { partnerCount: 3, currentStageId: 'contractsent' }, true],
  ] as const)('%s', (_name, over, overdue) => {
    const w = relationshipOwnerWarning({ ...base, ...over });
    expect(w === null ? null : w.overdue).toBe(overdue);
  });

  it('names the stages by their labels', () => {
    expect(relationshipOwnerWarning(base)?.message).toBe(
      'This co-sell deal has no relationship owner: name one before the first customer meeting (Appointment scheduled), so the customer gets one point of contact.',
    );
    expect(relationshipOwnerWarning({ ...base, currentStageId: 'contractsent' })?.message).toBe(
      'This co-sell deal is at Contract sent, past the first customer meeting (Appointment scheduled), and still has no relationship owner: name one now so the customer stops hearing from both partners.',
    );
    expect(relationshipOwnerWarning({ ...base, openStages: [] })?.message).toBe('This co-sell deal has no relationship owner: name one before the first customer meeting, so the customer gets one point of contact.');
  });
});
