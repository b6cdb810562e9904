import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../../store';
import type { Store } from '../../store/store';
import { decideDispute, disputeEvidence, disputesOverview, openDispute } from './disputes-service';

const rep = { userId: '5', name: 'Riley Rep' };
const ops = { userId: '9', name: 'Pat Ops' };

describe('disputes service (store only)', () => {
  let store: Store;
  let now = new Date('2026-11-20T09:00:00.000Z');
  const deps = () => ({ store, clock: () => now });

  beforeEach(async () => {
    now = new Date('2026-11-20T09:00:00.000Z');
    store = await createStore({ sqlitePath: ':memory:', now: () => now });
    const entry = (dealId: string, status: 'open' | 'won' | 'lost', closeDate: string | null) => ({
      dealId,
      name: `Deal ${dealId}`,
      status,
      closeDate,
      partnerIds: ['11', '12'],
      partnerNames: { '11': 'Northwind', '12': 'Contoso' },
      account: { companyId: `9${dealId}`, domain: null, parentCompanyId: null },
    });
    await store.accountIndex.upsert([entry('101', 'won', '2026-11-02'), entry('102', 'lost', '2026-10-15'), entry('103', 'won', '2026-12-01'), entry('104', 'won', '2026-08-01')]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('the dispute rate of this quarter and the last, the overdue flag, and who is alerted', async () => {
    const opened = await openDispute(deps(), { dealId: '101', reason: 'Northwind sourced it', claim: null }, rep);
    if (!opened.ok) throw new Error(opened.message);
    now = new Date('2026-11-28T09:00:01.000Z');
    const overview = await disputesOverview(deps());
    expect(overview.rates[0]).toMatchObject({ quarter: '2026-Q4', coSellClosed: 3, disputed: 1, rate: '0.3333', verdict: 'rules_unclear' });
    expect(overview.rates[1]).toMatchObject({ quarter: '2026-Q3', coSellClosed: 1, disputed: 0, rate: '0.0000', verdict: 'suspicious' });
    expect(overview.disputes[0]).toMatchObject({ id: opened.value.id, overdue: true, dealName: 'Deal 101' });
    expect(overview).toMatchObject({ alertAfterDays: 7, partnerOpsOwnerSet: false });

    await store.appSettings.put('disputes', { alertAfterDays: 10 }, '9');
    await store.appSettings.put('notifications', { partnerOps: { ownerId: '77' }, stages: [] }, '9');
    const later = await disputesOverview(deps());
    expect(later).toMatchObject({ alertAfterDays: 10, partnerOpsOwnerSet: true });
    expect(later.disputes[0]?.overdue).toBe(false);
    // Malformed settings read as the defaults, never as a failure.
    await store.appSettings.put('disputes', { alertAfterDays: 'soon' }, '9');
    await store.appSettings.put('notifications', 'nonsense', '9');
    expect(await disputesOverview(deps())).toMatchObject({ alertAfterDays: 7, partnerOpsOwnerSet: false });
  });

  it('shows the evidence: touchpoints by partner name and the registration snapshot', async () => {
    await store.touchpoints.add({ dealId: '101', partnerId: '11', kind: 'intro', occurredAt: '2026-10-02T12:00:00Z', summary: 'Warm intro to the CIO', loggedBy: '5' });
    await store.registrations.create({
      dealId: '101',
      registeredBy: '5',
      snapshot: {
        model: 'sell_with',
        partners: [
          { companyId: '11', name: 'Northwind', roles: ['sourcing'], expectedContribution: 'intro' },
          { companyId: '12', name: 'Contoso', roles: ['selling'], expectedContribution: '' },
        ],
        split: null,
        account: { companyId: '9101', domain: null, parentCompanyId: null },
        partnerIds: ['11', '12'],
      },
    });
    const opened = await openDispute(deps(), { dealId: '101', reason: 'r', claim: null }, rep);
    if (!opened.ok) throw new Error(opened.message);
    const evidence = await disputeEvidence(deps(), opened.value.id, (id) => (id === '5' ? 'Riley Rep' : null));
    if (!evidence.ok) throw new Error(evidence.message);
    expect(evidence.value.touchpoints).toEqual([{ id: expect.any(String), kind: 'intro', partnerName: 'Northwind', occurredAt: '2026-10-02T12:00:00.000Z', summary: 'Warm intro to the CIO' }]);
    expect(evidence.value.registration).toMatchObject({ registeredByName: 'Riley Rep', status: 'open', lines: ['Northwind (sourcing) — intro', 'Contoso (selling)'] });
    expect((await disputeEvidence(deps(), '999')).ok).toBe(false);
  });

  it('refuses what cannot be decided, naming why', async () => {
    const opened = await openDispute(deps(), { dealId: '101', reason: 'r', claim: [{ partnerId: '11', percent: 100 }] }, rep);
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.value.id;
    expect(await decideDispute(deps(), id, { decision: 'rejected', note: 'no', applyClaim: true }, ops)).toMatchObject({ ok: false, kind: 'invalid', fields: [{ path: 'applyClaim' }] });
    expect(await decideDispute(deps(), id, { decision: 'upheld', note: '  ', applyClaim: false }, ops)).toMatchObject({ ok: false, kind: 'invalid', fields: [{ path: 'note' }] });
    expect(await decideDispute(deps(), '424242', { decision: 'upheld', note: 'n', applyClaim: false }, ops)).toMatchObject({ ok: false, kind: 'not_found' });
    expect(await decideDispute(deps(), id, { decision: 'rejected', note: 'the roles are right', applyClaim: false }, ops)).toMatchObject({ ok: true, value: { status: 'rejected' } });
    expect(await decideDispute(deps(), id, { decision: 'upheld', note: 'n', applyClaim: false }, ops)).toMatchObject({ ok: false, kind: 'conflict' });
    expect(await store.disputes.adjustmentsFor(['101'])).toEqual([]);
    expect(await openDispute(deps(), { dealId: '101', reason: '', claim: null }, rep)).toMatchObject({ ok: false, kind: 'invalid', fields: [{ path: 'reason' }] });
  });
});
