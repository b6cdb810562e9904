import { describe, expect, it } from 'vitest';
import { touchpointInFuture } from '../touchpoints/touchpoints-service';
import { stagesAhead } from './deals-service';
import { unassignedItems } from '../../app/deal-settings';

describe('touchpointInFuture', () => {
  const now = new Date('2026-11-26T09:30:00Z');
  it('accepts today and the past, and the next UTC date (already today east of UTC)', () => {
    expect(touchpointInFuture('2026-11-26T12:00:00.000Z', now)).toBe(false);
    expect(touchpointInFuture('2026-01-01T12:00:00.000Z', now)).toBe(false);
    // 09:30 UTC is 23:30 in UTC+14: the 26th there too; the 27th is not yet anywhere.
    expect(touchpointInFuture('2026-11-27T12:00:00.000Z', now)).toBe(true);
  });
  it('once it is tomorrow in UTC+14, that day is allowed and the day after is not', () => {
    const late = new Date('2026-11-26T10:30:00Z');
    expect(touchpointInFuture('2026-11-27T12:00:00.000Z', late)).toBe(false);
    expect(touchpointInFuture('2026-11-28T00:00:00.000Z', late)).toBe(true);
  });
});

describe('stagesAhead', () => {
  const stages = [
    { stageId: 'a', label: 'Appointment scheduled', isClosed: false },
    { stageId: 'q', label: 'Qualified to buy', isClosed: false },
    { stageId: 'c', label: 'Contract sent', isClosed: false },
    { stageId: 'won', label: 'Closed won', isClosed: true },
  ];
  it('keeps the current stage and the open ones after it, in pipeline order', () => {
    expect(stagesAhead(stages, 'q').map((s) => s.stageId)).toEqual(['q', 'c']);
    expect(stagesAhead(stages, 'c').map((s) => s.stageId)).toEqual(['c']);
  });
  it('leaves every open stage when the current one is not in the pipeline', () => {
    expect(stagesAhead(stages, 'gone').map((s) => s.stageId)).toEqual(['a', 'q', 'c']);
  });
});

describe('unassignedItems', () => {
  it('names partners without commitments by name', () => {
    const plan = { relationshipOwner: null, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [] };
    expect(unassignedItems(plan, [], [{ companyId: '11', name: 'Stackly' }])).toContain('Commitments of Stackly');
  });
});
