import { describe, expect, it } from 'vitest';
import { overdueCommitments } from './sla-overdue';

const base = {
  commitments: [
    { partnerId: '11', responseSlaHours: 24 },
    { partnerId: '12', responseSlaHours: 48 },
  ],
  lastStageChangeAt: '2026-05-01T09:00:00.000Z',
  lastMeetingAt: null,
  touchpoints: [],
};

describe('overdueCommitments', () => {
  it('is empty before the SLA runs out', () => {
    expect(overdueCommitments({ ...base, now: new Date('2026-05-02T09:00:00.000Z') })).toEqual([]);
  });

  it('names each partner whose SLA ran out with no touchpoint since the event', () => {
    expect(overdueCommitments({ ...base, now: new Date('2026-05-02T09:00:01.000Z') })).toEqual([
      { partnerId: '11', since: '2026-05-01T09:00:00.000Z', dueAt: '2026-05-02T09:00:00.000Z', responseSlaHours: 24 },
    ]);
    expect(overdueCommitments({ ...base, now: new Date('2026-05-04T00:00:00.000Z') }).map((o) => o.partnerId)).toEqual(['11', '12']);
  });

  it('a touchpoint from that partner after the event answers it; one from before or from another partner does not', () => {
    const touchpoints = [
      { partnerId: '11', occurredAt: '2026-05-01T12:00:00.000Z' },
      { partnerId: '12', occurredAt: '2026-04-30T12:00:00.000Z' },
    ];
    expect(overdueCommitments({ ...base, touchpoints, now: new Date('2026-05-04T00:00:00.000Z') }).map((o) => o.partnerId)).toEqual(['12']);
  });

  it('counts from the later of the last stage change and the last customer meeting', () => {
    const r = overdueCommitments({ ...base, lastMeetingAt: '2026-05-03T09:00:00.000Z', now: new Date('2026-05-04T09:00:01.000Z') });
    expect(r).toEqual([{ partnerId: '11', since: '2026-05-03T09:00:00.000Z', dueAt: '2026-05-04T09:00:00.000Z', responseSlaHours: 24 }]);
  });

  it('is empty when neither event is known', () => {
    expect(overdueCommitments({ ...base, lastStageChangeAt: null, now: new Date('2030-01-01T00:00:00.000Z') })).toEqual([]);
  });
});
