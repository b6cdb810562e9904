import { describe, expect, it } from 'vitest';
import { partnerRollupsJobSchema } from './reporting-job-schemas';
import type { DealPartnerChange } from './reporting-jobs';
import { partnerRollupsFor } from './reporting-jobs';

const NOW = new Date('2026-12-02T10:00:00Z');
const change = (over: Partial<DealPartnerChange> = {}): DealPartnerChange => ({
  dealId: '1',
  before: { status: 'open', pairing: '11+12' },
  after: { status: 'open', pairing: '11+12' },
  partnerIdsBefore: ['11', '12'],
  partnerIdsAfter: ['11', '12'],
  ...over,
});

describe('partnerRollupsFor', () => {
  it('nothing a rollup reads changed (a replayed recompute): no job', () => {
    expect(partnerRollupsFor([change()], NOW)).toBeNull();
    expect(partnerRollupsFor([], NOW)).toBeNull();
  });

  it('a deal closed: its partners are refreshed', () => {
    const item = partnerRollupsFor([change({ after: { status: 'won', pairing: '11+12' } })], NOW);
    expect(item?.payload).toEqual({ type: 'partner-rollups', partnerIds: ['11', '12'] });
    expect(partnerRollupsJobSchema.safeParse(item?.payload).success).toBe(true);
  });

  it('a partner left: the one who left is refreshed too', () => {
    const item = partnerRollupsFor([change({ after: { status: 'open', pairing: '' }, partnerIdsAfter: ['11'] }), change({ dealId: '2', partnerIdsBefore: ['99'], partnerIdsAfter: ['99'] })], NOW);
    expect(item?.payload).toEqual({ type: 'partner-rollups', partnerIds: ['11', '12'] });
  });

  it('the same changes at the same moment are one job (same key); other changes are another', () => {
    const a = partnerRollupsFor([change({ after: { status: 'won', pairing: '11+12' } })], NOW);
    const b = partnerRollupsFor([change({ after: { status: 'won', pairing: '11+12' } })], NOW);
    const c = partnerRollupsFor([change({ after: { status: 'lost', pairing: '11+12' } })], NOW);
    expect(a?.dedupeKey).toBe(b?.dedupeKey);
    expect(c?.dedupeKey).not.toBe(a?.dedupeKey);
  });

  it('the job payload refuses what is not a company id', () => {
    expect(partnerRollupsJobSchema.safeParse({ type: 'partner-rollups', partnerIds: ['abc'] }).success).toBe(false);
    expect(partnerRollupsJobSchema.safeParse({ type: 'partner-rollups', partnerIds: [] }).success).toBe(false);
    expect(partnerRollupsJobSchema.safeParse({ type: 'partner-rollups', all: true }).success).toBe(true);
  });
});
