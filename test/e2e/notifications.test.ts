import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator';
import type { RecomputeDealsJob } from '../../src/features/attribution/attribution-job-schemas';
import { jobItem } from '../../src/jobs/inbox-job';
import { signV3 } from '../../webhooks/verify-signature';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

/** A customer, two partners each owned by its own partner manager, and one open deal. */
function managedPartnersSeed(): EmulatorSeed {
  return {
    owners: [
      { key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' },
      { key: 'nina', email: 'nina@example.com', firstName: 'Nina', lastName: 'North' },
      { key: 'sam', email: 'sam@example.com', firstName: 'Sam', lastName: 'Stack' },
      { key: 'pat', email: 'pat@example.com', firstName: 'Pat', lastName: 'Ops' },
    ],
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', ownerKey: 'nina', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', ownerKey: 'sam', properties: { cosell_partner_type: 'technology' } },
    ],
    deals: [
      {
        key: 'd1',
        ownerKey: 'ana',
        properties: { dealname: 'Acme platform', dealstage: 'appointmentscheduled', pipeline: 'default', amount: '10000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }],
      },
    ],
  };
}

function dealTasks(s: Stack, dealId: string): Array<Record<string, string>> {
  return s.hs.admin.getAssociations('deals', dealId, 'tasks').map((a) => s.hs.admin.getObject('tasks', a.toId)!);
}

async function postSigned(s: Stack, events: unknown[]): Promise<number> {
  const url = `${s.backend.url}/webhooks/hubspot`;
  const body = JSON.stringify(events);
  const timestamp = String(Date.now());
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signV3({ method: 'POST', url, body, timestamp, secret: s.hs.clientSecret }), 'x-hubspot-request-timestamp': timestamp },
    body,
  });
  return res.status;
}

describe('notifications end to end: stage changes of a co-sell deal → a task per partner manager', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(managedPartnersSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('creates one task per partner manager on a stage change, and none on a replay or a recompute', async () => {
    const deal = s.seed.deals.d1!;
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p2!, ['Selling partner']);
    await s.settle();
    // The first computation has no stage to compare with: nobody is told yet.
    expect(dealTasks(s, deal)).toEqual([]);

    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'contractsent' });
    await s.settle();

    const tasks = dealTasks(s, deal);
    expect(tasks.map((t) => t.hubspot_owner_id).sort()).toEqual([s.seed.owners.nina, s.seed.owners.sam].sort());
    for (const t of tasks) {
      expect(t.hs_task_subject).toBe('Acme platform moved to Contract Sent');
      expect(t.hs_task_body).toContain('Northwind: sourcing; projected commission');
      expect(t.hs_task_body).toContain('Stackly: selling; projected commission');
    }
    const nina = tasks.find((t) => t.hubspot_owner_id === s.seed.owners.nina)!;
    expect(s.hs.admin.getAssociations('tasks', nina.hs_object_id!, 'companies').map((a) => a.toId)).toEqual([s.seed.companies.p1]);

    // Replay every webhook HubSpot delivered, as HubSpot retries them, then force a recompute.
    const delivered = s.hs.admin.deliveries().filter((d) => d.status === 200).flatMap((d) => d.events);
    expect(await postSigned(s, delivered.map((e) => ({ ...e, attemptNumber: e.attemptNumber + 1 })))).toBe(200);
    await s.store.inbox.enqueue([jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: [deal], trigger: 'test' }, 'test-recompute', new Date())]);
    await s.settle();
    expect(dealTasks(s, deal)).toHaveLength(2);

    // A stage not chosen in the settings notifies nobody; a chosen one does.
    await s.store.appSettings.put('notifications', { stages: ['closedwon'] }, '1');
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'decisionmakerboughtin' });
    await s.settle();
    expect(dealTasks(s, deal)).toHaveLength(2);
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'closedwon' });
    await s.settle();
    expect(dealTasks(s, deal).filter((t) => t.hs_task_subject === 'Acme platform moved to Closed Won')).toHaveLength(2);
  });
});
