// The worker hands company events to account mapping (InboxWork.eventFollowUps): one index job per
// event, enqueued once however often the event is replayed, and run like any other job.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app/app-deps';
import type { CrmCompanySummary, CrmGateway } from '../../hubspot/crm-gateway';
import { processInboxBatch } from '../../jobs/process-inbox-batch';
import { toInboxItems, webhookEventSchema } from '../../jobs/webhook-events';
import { createStore } from '../../store';
import type { Store } from '../../store/store';
import { inboxWork } from '../feature-jobs';

function fakeCrm(companies: Map<string, CrmCompanySummary>) {
  const reads: string[][] = [];
  const gateway = {
    async readCompanySummaries(ids: string[]) {
      reads.push(ids);
      return new Map(ids.filter((id) => companies.has(id)).map((id) => [id, companies.get(id)!]));
    },
    async readCompanyDealIds(ids: string[]) {
      return new Map(ids.map((id) => [id, []]));
    },
  } as unknown as CrmGateway;
  return { gateway, reads };
}

const opts = { workerId: 'w', batchSize: 100, leaseMs: 60_000, maxAttempts: 3, backoffMs: () => 60_000, work: inboxWork };
const company = (id: string, domain: string | null, lifecycleStage: string | null = null): CrmCompanySummary => ({ id, name: `Company ${id}`, domain, website: null, lifecycleStage, ownerId: null });

describe('account mapping follow-ups of company events', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ sqlitePath: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });
  const deps = (gateway: CrmGateway): AppDeps => ({ store, gateway, clock: () => new Date(), logger: pino({ level: 'silent' }), appId: '1', portalId: '9' });
  const event = (fields: Record<string, unknown>) => webhookEventSchema.parse({ portalId: 9, occurredAt: 1_700_000_000_000, ...fields });

  it('a creation, a domain change and a deletion reach the index; a replayed delivery adds no second job', async () => {
    await store.companyIndex.upsert([{ companyId: '30', name: 'Old', domain: 'old.com', lifecycleStage: null }]);
    const crm = fakeCrm(new Map([['10', company('10', 'www.acme.co.uk', 'customer')], ['20', company('20', 'https://globex.com/x')]]));
    const events = [
      event({ subscriptionType: 'company.creation', objectId: 10 }),
      event({ subscriptionType: 'company.propertyChange', objectId: 20, propertyName: 'domain', propertyValue: 'globex.com' }),
      event({ subscriptionType: 'company.deletion', objectId: 30 }),
    ];
    await store.inbox.enqueue(toInboxItems(events));
    await processInboxBatch(deps(crm.gateway), opts);
    // The delivery comes again (HubSpot retries): same dedupe keys, nothing new.
    expect(await store.inbox.enqueue(toInboxItems(events))).toEqual({ inserted: 0, duplicates: 3 });
    await processInboxBatch(deps(crm.gateway), opts);
    expect(crm.reads.sort()).toEqual([['10'], ['20'], ['30']]);
    expect((await store.companyIndex.page({ limit: 10 })).map((r) => [r.companyId, r.domain, r.lifecycleStage])).toEqual([
      ['10', 'acme.co.uk', 'customer'],
      ['20', 'globex.com', null],
    ]);
    expect(await store.inbox.stats()).toMatchObject({ pending: 0, dead: 0 });
  });
});
