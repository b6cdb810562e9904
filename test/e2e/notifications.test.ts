import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { OutboundHttp } from '../../src/app/app-deps';
import type { Database } from '../../src/store/database-schema';
import type { NotificationSettingsResponse } from '../../src/contract/card-api';
import { signWebhookBody } from '../../src/features/notifications/webhook-signature';
import type { RecomputeDealsJob } from '../../src/features/attribution/attribution-job-schemas';
import { jobItem } from '../../src/jobs/inbox-job';
import { signV3 } from '../../webhooks/verify-signature';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { dealTasks, managedPartnersSeed } from './notifications-seed';

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

describe('notifications end to end: settings, conflict alerts and partner webhooks', () => {
  let s: Stack;
  const sent: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  const outbound: OutboundHttp = {
    resolve: async (host) => (host === 'hooks.northwind.example' ? ['93.184.215.14'] : host === 'intranet.example' ? ['10.1.2.3'] : []),
    post: async (url, headers, body) => {
      sent.push({ url, headers, body });
      // The partner's endpoint is down for the first attempt.
      return { status: sent.length === 1 ? 502 : 204 };
    },
  };
  beforeEach(async () => {
    sent.length = 0;
    s = await startStack(managedPartnersSeed(), { backend: { outbound } });
  });
  afterEach(async () => {
    await s.close();
  });

  it('saves settings chosen by name, refuses http:// and private webhook URLs, never returns secrets', async () => {
    const before = await s.card('GET', '/api/v1/notifications/settings');
    expect(before.status).toBe(200);
    const choices = before.json as NotificationSettingsResponse;
    expect(choices.settings).toMatchObject({ kind: 'task', stages: 'all', partnerOps: { ownerId: null, name: null }, webhooks: [], updatedAt: null });
    expect(choices.owners.map((o) => o.name)).toContain('Pat Ops');
    expect(choices.stages.find((x) => x.stageId === 'contractsent')?.label).toBe('Contract Sent');
    expect(choices.partners.map((p) => p.name)).toEqual(['Northwind', 'Referly', 'Stackly']);

    const northwind = s.seed.companies.p1!;
    const bad = await s.card('PUT', '/api/v1/notifications/settings', {
      kind: 'task',
      stages: ['contractsent'],
      partnerOps: { ownerId: s.seed.owners.pat },
      webhooks: [
        { partnerId: northwind, url: 'http://hooks.northwind.example/cosell', secret: 'x'.repeat(24) },
        { partnerId: s.seed.companies.p2!, url: 'https://intranet.example/hook', secret: 'x'.repeat(24) },
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('webhooks[0].url');
    expect(await s.store.appSettings.get('notifications')).toBeNull();

    const good = await s.card('PUT', '/api/v1/notifications/settings', {
      kind: 'task',
      stages: ['contractsent'],
      partnerOps: { ownerId: s.seed.owners.pat },
      webhooks: [{ partnerId: northwind, url: 'https://hooks.northwind.example/cosell', secret: 'northwind-secret-0123456789' }],
    });
    expect(good.status).toBe(200);
    const saved = (good.json as NotificationSettingsResponse).settings;
    expect(saved.partnerOps).toEqual({ ownerId: s.seed.owners.pat, name: 'Pat Ops' });
    expect(saved.webhooks).toEqual([{ partnerId: northwind, partnerName: 'Northwind', url: 'https://hooks.northwind.example/cosell', secretSet: true }]);
    expect(JSON.stringify(good.json)).not.toContain('northwind-secret');

    // Saving again without the secret keeps it.
    const again = await s.card('PUT', '/api/v1/notifications/settings', { kind: 'note', stages: 'all', partnerOps: { ownerId: null }, webhooks: [{ partnerId: northwind, url: 'https://hooks.northwind.example/cosell' }] });
    expect(again.status).toBe(200);
    expect((await s.store.appSettings.get('notifications'))?.value).toMatchObject({ kind: 'note', webhooks: [{ secret: 'northwind-secret-0123456789' }] });
  });

  it('alerts partner ops once per conflict and completes the task when it clears', async () => {
    await s.store.appSettings.put('notifications', { partnerOps: { ownerId: s.seed.owners.pat } }, '1');
    const [d1, d2] = [s.seed.deals.d1!, s.seed.deals.d2!];
    // Two co-sell deals on one account with different partner pairs: a conflict.
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d1, 'companies', s.seed.companies.p2!, ['Selling partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d2, 'companies', s.seed.companies.p1!, ['Sourcing partner']);
    await s.hs.admin.setAssociationLabelsAsUser('deals', d2, 'companies', s.seed.companies.p3!, ['Selling partner']);
    await s.settle();

    const alerts = [...dealTasks(s, d1), ...dealTasks(s, d2)].filter((t) => t.hs_task_subject?.startsWith('Co-sell conflict'));
    const distinct = [...new Map(alerts.map((t) => [t.hs_object_id, t])).values()];
    expect(distinct).toHaveLength(1);
    expect(distinct[0]).toMatchObject({ hubspot_owner_id: s.seed.owners.pat, hs_task_status: 'NOT_STARTED' });
    expect(distinct[0]!.hs_task_subject).toContain('Acme platform');
    expect(distinct[0]!.hs_task_subject).toContain('Acme add-on');
    expect(distinct[0]!.hs_task_body).toContain('Acme Corp');
    expect(s.hs.admin.getObject('deals', d1)!.cosell_conflict).toBe('true');
    // Recomputing either deal again alerts nobody twice.
    await s.store.inbox.enqueue([jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: [d1, d2], trigger: 'test' }, 'test-recompute-both', new Date())]);
    await s.settle();
    expect((await s.store.notifications.listOpen('conflict')).length).toBe(1);

    // The add-on is lost: the conflict clears and the task is completed.
    await s.hs.admin.actAsUser('deals', d2, { dealstage: 'closedlost' });
    await s.settle();
    expect(s.hs.admin.getObject('tasks', distinct[0]!.hs_object_id!)!.hs_task_status).toBe('COMPLETED');
  });

  it("posts a partner's stage-change event to its webhook, signed, retried after a 5xx", async () => {
    const northwind = s.seed.companies.p1!;
    const secret = 'northwind-secret-0123456789';
    await s.store.appSettings.put('notifications', { webhooks: [{ partnerId: northwind, url: 'https://hooks.northwind.example/cosell', secret }] }, '1');
    const deal = s.seed.deals.d1!;
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', northwind, ['Sourcing partner']);
    await s.settle();
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'contractsent' });
    await s.settle();

    expect(sent).toHaveLength(1);
    const [delivery] = await s.store.notifications.listDeliveries({ partnerId: northwind });
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 502 });
    // The retry waits for its backoff; make it due now, as the clock would.
    const db = (s.store as unknown as { db: Kysely<Database> }).db;
    await db.updateTable('inbox_items').set({ available_at: new Date(0).toISOString() }).where('status', '=', 'pending').execute();
    await s.settle();
    expect(sent).toHaveLength(2);
    expect((await s.store.notifications.getDelivery(delivery!.id))?.status).toBe('delivered');
    const t = /^t=(\d+),/.exec(sent[1]!.headers['X-Cosell-Signature']!)![1]!;
    expect(sent[1]!.headers['X-Cosell-Signature']).toBe(signWebhookBody(secret, Number(t), sent[1]!.body));
    expect(JSON.parse(sent[1]!.body)).toMatchObject({ type: 'deal.stage_changed', data: { deal: { name: 'Acme platform' }, stage: { label: 'Contract Sent' }, partner: { name: 'Northwind' } } });
  });
});
