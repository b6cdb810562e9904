// The SLA sweep against a real (in-memory) store and a hand-made gateway: overdue partners'
// managers get one task per overdue period.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app/app-deps';
import type { CrmCompany, CrmGateway, NewEngagementTask } from '../../hubspot/crm-gateway';
import { createStore } from '../../store';
import type { Store } from '../../store/store';
import { dealOverdueCommitments, lastStageChangeAt, overdueWarnings, sweepSlaAlerts } from './sla-alerts';

describe('SLA alerts', () => {
  let store: Store;
  let now: Date;
  let tasks: NewEngagementTask[];
  let deps: AppDeps;

  async function compute(stageId: string, at: string) {
    now = new Date(at);
    await store.ledger.append({
      dealId: '301',
      trigger: 'test',
      ruleVersion: '2026.1',
      inputs: { deal: { stageId } },
      plan: {},
      dealStatus: 'open',
      closeDate: '2026-06-30',
      computedAt: new Date(at),
      allocations: [],
    });
  }

  beforeEach(async () => {
    now = new Date('2026-05-01T09:00:00.000Z');
    tasks = [];
    store = await createStore({ sqlitePath: ':memory:', now: () => now });
    const companies = new Map<string, CrmCompany>([
      ['11', { id: '11', name: 'Northwind', domain: null, partnerType: 'reseller', parentCompanyId: null, ownerId: '501' }],
      ['12', { id: '12', name: 'Stackly', domain: null, partnerType: 'technology', parentCompanyId: null }],
    ]);
    const gateway: Partial<CrmGateway> = {
      readCompanies: async (ids) => new Map(ids.flatMap((id) => (companies.has(id) ? [[id, companies.get(id)!] as const] : []))),
      createTask: async (t) => {
        tasks.push(t);
        return String(500_000 + tasks.length);
      },
    };
    deps = { store, gateway: gateway as CrmGateway, clock: () => now, logger: pino({ level: 'silent' }), appId: undefined, portalId: undefined };
    await store.accountIndex.upsert([
      { dealId: '301', name: 'Acme platform', status: 'open', closeDate: '2026-06-30', partnerIds: ['11', '12'], partnerNames: { '11': 'Northwind', '12': 'Stackly' }, account: { companyId: '1', domain: 'acme.example', parentCompanyId: null } },
    ]);
    await store.dealPlans.put(
      '301',
      {
        v: 1,
        model: null,
        plan: {
          relationshipOwner: null,
          stageLeads: [],
          postSale: { onboarding: null, support: null, renewal: null },
          commitments: [
            { companyId: '11', responseSlaHours: 24, meetingAttendance: false },
            { companyId: '12', responseSlaHours: 48, meetingAttendance: false },
          ],
        },
      },
      '7',
    );
  });
  afterEach(async () => {
    await store.close();
  });

  it('dates the last stage change from the first computation at the current stage', async () => {
    await compute('appointmentscheduled', '2026-04-01T09:00:00.000Z');
    await compute('contractsent', '2026-04-20T09:00:00.000Z');
    await compute('contractsent', '2026-04-25T09:00:00.000Z');
    expect(lastStageChangeAt(await store.ledger.listForDeal('301'))).toBe('2026-04-20T09:00:00.000Z');
    expect(lastStageChangeAt([])).toBeNull();
  });

  it('alerts the manager of an overdue partner once per overdue period', async () => {
    await compute('contractsent', '2026-05-01T09:00:00.000Z');
    now = new Date('2026-05-02T08:00:00.000Z');
    expect(await sweepSlaAlerts(deps)).toEqual({ deals: 1, overdue: 0, sent: 0 });

    now = new Date('2026-05-02T10:00:00.000Z');
    expect(await sweepSlaAlerts(deps)).toEqual({ deals: 1, overdue: 1, sent: 1 });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ subject: 'Northwind is overdue on Acme platform', ownerId: '501', dealIds: ['301'], companyIds: ['11'] });
    expect(tasks[0]!.body).toContain('no touchpoint logged within the 24 h response SLA after 2026-05-01T09:00:00.000Z');
    // The next hourly run is the same overdue period: nothing new.
    now = new Date('2026-05-02T11:00:00.000Z');
    expect((await sweepSlaAlerts(deps)).sent).toBe(0);

    // Stackly (no owner in HubSpot) is overdue too after 48 h: nobody to alert, logged instead.
    now = new Date('2026-05-03T10:00:00.000Z');
    expect(await sweepSlaAlerts(deps)).toEqual({ deals: 1, overdue: 2, sent: 0 });

    // Northwind answers; after the next stage change its SLA runs again, and a new period is alerted.
    await store.touchpoints.add({ dealId: '301', partnerId: '11', kind: 'email', occurredAt: '2026-05-03T11:00:00.000Z', summary: 'Sent the proposal', loggedBy: '7' });
    now = new Date('2026-05-03T12:00:00.000Z');
    expect((await dealOverdueCommitments(deps, '301')).map((o) => o.partnerId)).toEqual(['12']);
    await compute('closedwon', '2026-05-04T09:00:00.000Z');
    now = new Date('2026-05-05T09:30:00.000Z');
    expect((await sweepSlaAlerts(deps)).sent).toBe(1);
    expect(tasks.map((t) => t.subject)).toEqual(['Northwind is overdue on Acme platform', 'Northwind is overdue on Acme platform']);
  });

  it('counts from a customer meeting after the stage change', async () => {
    await compute('contractsent', '2026-05-01T09:00:00.000Z');
    await store.touchpoints.add({ dealId: '301', partnerId: '12', kind: 'meeting', occurredAt: '2026-05-02T09:00:00.000Z', summary: 'Customer workshop', loggedBy: '7' });
    now = new Date('2026-05-02T10:00:00.000Z');
    // Northwind's 24 h now count from the meeting; Stackly was at the meeting itself.
    expect(await dealOverdueCommitments(deps, '301')).toEqual([]);
    now = new Date('2026-05-03T09:00:01.000Z');
    expect((await dealOverdueCommitments(deps, '301')).map((o) => [o.partnerId, o.since])).toEqual([['11', '2026-05-02T09:00:00.000Z']]);
  });

  it('gives the deal card a warning per overdue partner, by name, and none once the deal is closed', async () => {
    await compute('contractsent', '2026-05-01T09:00:00.000Z');
    now = new Date('2026-05-03T10:00:00.000Z');
    const partnerNames = new Map([
      ['11', 'Northwind'],
      ['12', 'Stackly'],
    ]);
    expect(await overdueWarnings(deps, { id: '301', open: true, partnerNames }, [])).toEqual([
      { code: 'sla_overdue', partnerId: '11', message: "Northwind is overdue: no touchpoint logged within its 24 h response SLA since 2026-05-01 09:00 UTC; log the partner's follow-up on this card once it happens." },
      { code: 'sla_overdue', partnerId: '12', message: "Stackly is overdue: no touchpoint logged within its 48 h response SLA since 2026-05-01 09:00 UTC; log the partner's follow-up on this card once it happens." },
    ]);
    expect(await overdueWarnings(deps, { id: '301', open: false, partnerNames }, [])).toEqual([]);
  });
});
