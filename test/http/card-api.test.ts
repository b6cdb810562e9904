import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardApi, DealCoSellState, SplitPreview, ErrorResponse, PartnerList, PartnerScorecard, PublishRuleSetResponse, Registration, RuleSetDraft, RuleSetList, Touchpoint, TouchpointList, ValidateRuleSetResponse } from '../../src/contract/card-api';
import { jobItem } from '../../src/jobs/inbox-job';
import type { KyselyStore } from '../../src/store/kysely-store';
import { signV3 } from '../../webhooks/verify-signature';
import type { Stack } from '../e2e/start-stack';
import { startStack, threePartnerSeed } from '../e2e/start-stack';

/** The card API through the real Express app on an ephemeral port, against the emulator. */
describe('card API', () => {
  let s: Stack;
  let deal: string;
  let deal2: string;
  let p1: string;
  let p2: string;
  let p3: string;
  let customer: string;
  beforeAll(async () => {
    s = await startStack(threePartnerSeed(), { settingsAllowedUsers: ['1'] });
    deal = s.seed.deals.d1!;
    deal2 = s.seed.deals.d2!;
    [p1, p2, p3, customer] = [s.seed.companies.p1!, s.seed.companies.p2!, s.seed.companies.p3!, s.seed.companies.acme!];
  });
  afterAll(async () => {
    await s?.close();
  });

  const fieldsOf = (json: unknown) => ErrorResponse.parse(json).error.fields ?? [];

  it('GET deal state of a deal without partners', async () => {
    const res = await s.card('GET', `/api/v1/deals/${deal}/cosell`);
    expect(res.status).toBe(200);
    const state = DealCoSellState.parse(res.json);
    expect(state.deal).toMatchObject({ id: deal, name: 'Acme platform', amount: '10000.00', currency: 'USD', isClosedWon: false });
    expect(state.partners).toEqual([]);
    expect(state.partnerCompanies.map((c) => c.companyId).sort()).toEqual([p1, p2, p3].sort());
    expect(state.unassigned).toContain('Relationship owner');
  });

  it('GET an unknown deal → 404 with the error shape', async () => {
    const res = await s.card('GET', `/api/v1/deals/999999/cosell`);
    expect(res.status).toBe(404);
    expect(ErrorResponse.parse(res.json).error.code).toBe('not_found');
  });

  it('POST split-preview answers the split a partner list would produce and writes nothing', async () => {
    const before = s.hs.admin.getAssociations('deals', deal, 'companies');
    const auditBefore = (await s.store.audit.list({ entityType: 'deal', entityId: deal })).length;
    const res = await s.card('POST', `/api/v1/deals/${deal}/split-preview`, {
      model: 'sell_with',
      partners: [
        { companyId: p1, roles: ['sourcing'] },
        { companyId: p2, roles: ['selling', 'technical_validation'] },
      ],
    });
    expect(res.status).toBe(200);
    const preview = SplitPreview.parse(res.json);
    // The same numbers saving gives (see the PUT below): 25 % of 10,000.00, weights 20 vs 40+25.
    expect(preview.split?.pool.amount).toBe('2500.00');
    expect(preview.split?.allocations.map((a) => a.amount)).toEqual(['588.24', '1911.76']);
    expect(preview.splitErrors).toEqual([]);
    expect(s.hs.admin.getAssociations('deals', deal, 'companies')).toEqual(before);
    expect(await s.store.audit.list({ entityType: 'deal', entityId: deal })).toHaveLength(auditBefore);
    const notPartner = await s.card('POST', `/api/v1/deals/${deal}/split-preview`, { partners: [{ companyId: customer, roles: ['selling'] }] });
    expect(notPartner.status).toBe(400);
    expect(fieldsOf(notPartner.json)).toEqual([{ path: 'partners[0].companyId', message: expect.stringMatching(/not a partner company/) }]);
  });

  it('PUT partners writes association labels and returns the recomputed split', async () => {
    const res = await s.card('PUT', `/api/v1/deals/${deal}/partners`, {
      model: 'sell_with',
      partners: [
        { companyId: p1, roles: ['sourcing'] },
        { companyId: p2, roles: ['selling', 'technical_validation'] },
      ],
    });
    expect(res.status).toBe(200);
    const state = DealCoSellState.parse(res.json);
    expect(state.model).toBe('sell_with');
    expect(state.partners.map((p) => [p.companyId, p.roles])).toEqual([
      [p1, ['sourcing']],
      [p2, ['selling', 'technical_validation']],
    ]);
    // 25 % of 10,000.00 = 2,500.00; weights 20 vs 40+25 of 85.
    expect(state.split?.pool.amount).toBe('2500.00');
    expect(state.split?.allocations.map((a) => a.amount)).toEqual(['588.24', '1911.76']);
    expect(state.split?.explanation.length).toBeGreaterThan(0);
    expect(state.computedAt).not.toBeNull();
    const labels = s.hs.admin.getAssociations('deals', deal, 'companies').find((a) => a.toId === p2)?.labels ?? [];
    expect(labels.sort()).toEqual(['Selling partner', 'Technical validation partner']);
    expect(s.hs.admin.getObject('deals', deal)).toMatchObject({ cosell_pool_amount: '2500.00', cosell_sourcing_amount: '588.24', cosell_selling_amount: '1176.47', cosell_technical_validation_amount: '735.29' });
    const audit = await s.store.audit.list({ entityType: 'deal', entityId: deal });
    expect(audit[0]).toMatchObject({ actor: '1', action: 'deal.partners.set' });
    expect(audit[0]?.requestId).toBeTruthy();
  });

  it('PUT partners names the invalid field', async () => {
    const bad = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: p1, roles: ['sourcing'] }, { companyId: p2, roles: ['sales'] }] });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.json).map((f) => f.path)).toEqual(['partners[1].roles[0]']);
    const notPartner = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: customer, roles: ['selling'] }] });
    expect(notPartner.status).toBe(400);
    expect(fieldsOf(notPartner.json)).toEqual([{ path: 'partners[0].companyId', message: expect.stringMatching(/not a partner company/) }]);
    const twice = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: p1, roles: ['sourcing'] }, { companyId: p1, roles: ['selling'] }] });
    expect(fieldsOf(twice.json)[0]?.path).toBe('partners[1].companyId');
  });

  it('PUT partners with a partner listed without roles is a 400 on that field, and changes nothing', async () => {
    const before = s.hs.admin.getAssociations('deals', deal, 'companies');
    const res = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: p3, roles: [] }, { companyId: p1, roles: ['sourcing'] }] });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json)).toEqual([{ path: 'partners[0].roles', message: expect.stringMatching(/roles/) }]);
    expect(s.hs.admin.getAssociations('deals', deal, 'companies')).toEqual(before);
  });

  it('PUT plan stores the plan; unknown partners and stages are field errors', async () => {
    const plan = {
      relationshipOwner: { kind: 'partner', companyId: p1 },
      stageLeads: [{ stageId: 'appointmentscheduled', lead: { kind: 'partner', companyId: p2 } }],
      postSale: { onboarding: { kind: 'partner', companyId: p2 }, support: null, renewal: null },
      commitments: [{ companyId: p1, responseSlaHours: 12 }],
    };
    const res = await s.card('PUT', `/api/v1/deals/${deal}/plan`, plan);
    expect(res.status).toBe(200);
    const state = DealCoSellState.parse(res.json);
    expect(state.plan.commitments).toEqual([{ companyId: p1, responseSlaHours: 12, meetingAttendance: false }]);
    expect(state.unassigned).toContain('Post-sale: support');
    expect(state.unassigned).not.toContain('Relationship owner');

    const bad = await s.card('PUT', `/api/v1/deals/${deal}/plan`, { ...plan, stageLeads: [{ stageId: 'nope', lead: { kind: 'internal', ownerId: '1' } }], commitments: [{ companyId: p3 }] });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.json).map((f) => f.path)).toEqual(['stageLeads[0].stageId', 'commitments[0].companyId']);
    const shape = await s.card('PUT', `/api/v1/deals/${deal}/plan`, { ...plan, postSale: { onboarding: { kind: 'robot' }, support: null, renewal: null } });
    expect(fieldsOf(shape.json)[0]?.path).toMatch(/^postSale\.onboarding/);
  });

  it('POST touchpoint stores it, mirrors it as a note, and GET lists it', async () => {
    const res = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p2, kind: 'demo', occurredAt: '2026-05-01T10:00:00Z', summary: 'Joint demo <b>with</b> the customer' });
    expect(res.status).toBe(201);
    const tp = Touchpoint.parse(res.json);
    expect(tp.noteId).not.toBeNull();
    const note = s.hs.admin.getObject('notes', tp.noteId!);
    expect(note?.hs_note_body).toContain('Joint demo &lt;b&gt;with&lt;/b&gt; the customer');
    const list = TouchpointList.parse((await s.card('GET', `/api/v1/deals/${deal}/touchpoints`)).json);
    expect(list.touchpoints.map((t) => t.id)).toEqual([tp.id]);
    // Nobody in the portal's owners is user 1 yet: the id stays, with no name invented.
    expect(tp).toMatchObject({ loggedBy: '1', loggedByName: null });
    // Once HubSpot knows user 1 as an owner, the card reads their name, not the id.
    await s.hs.admin.seed({ owners: [{ key: 'bo', email: 'bo@example.com', firstName: 'Bo', lastName: 'Chen', userId: 1 }] });
    const named = TouchpointList.parse((await s.card('GET', `/api/v1/deals/${deal}/touchpoints`)).json);
    expect(named.touchpoints[0]).toMatchObject({ loggedBy: '1', loggedByName: 'Bo Chen' });
    const state = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${deal}/cosell`)).json);
    expect(state.touchpoints[0]?.loggedByName).toBe('Bo Chen');

    const bad = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p2, kind: 'demo', occurredAt: 'last week', summary: '' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.json).map((f) => f.path)).toEqual(['occurredAt', 'summary']);
    const future = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p2, kind: 'demo', occurredAt: '2999-01-01T12:00:00Z', summary: 'Not yet' });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.json)).toEqual([{ path: 'occurredAt', message: expect.stringMatching(/future/) }]);
    const stranger = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p3, kind: 'demo', occurredAt: '2026-05-01T10:00:00Z', summary: 'x' });
    expect(fieldsOf(stranger.json)[0]?.path).toBe('companyId');
  });

  it('POST registration snapshots roles, contributions and the split; a second co-sell deal on the account with other partners is a conflict on both', async () => {
    const res = await s.card('POST', `/api/v1/deals/${deal}/registration`, { expectedContributions: [{ companyId: p1, contribution: 'Introduced the CFO' }] });
    expect(res.status).toBe(201);
    const reg = Registration.parse(res.json);
    expect(reg.partners.find((p) => p.companyId === p1)?.expectedContribution).toBe('Introduced the CFO');
    expect(reg.split?.pool.amount).toBe('2500.00');

    // One partner is not co-sell (docs/glossary.md "Solo / co-sell / pairing"): no conflict yet.
    const solo = await s.card('PUT', `/api/v1/deals/${deal2}/partners`, { partners: [{ companyId: p3, roles: ['selling'] }] });
    expect(solo.status).toBe(200);
    expect(DealCoSellState.parse(solo.json).conflicts).toEqual([]);
    expect(s.hs.admin.getObject('deals', deal2)?.cosell_conflict).not.toBe('true');

    const other = await s.card('PUT', `/api/v1/deals/${deal2}/partners`, { partners: [{ companyId: p3, roles: ['selling'] }, { companyId: p2, roles: ['sourcing'] }] });
    expect(other.status).toBe(200);
    const state2 = DealCoSellState.parse(other.json);
    expect(state2.conflicts.flatMap((c) => c.otherDealIds)).toContain(deal);
    const state1 = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${deal}/cosell`)).json);
    expect(state1.registration?.id).toBe(reg.id);
    expect(state1.conflicts.flatMap((c) => c.otherDealIds)).toContain(deal2);
    // Both deals carry the flag in HubSpot.
    expect(s.hs.admin.getObject('deals', deal)?.cosell_conflict).toBe('true');
    expect(s.hs.admin.getObject('deals', deal2)?.cosell_conflict).toBe('true');
  });

  it('rule sets: list, validate, draft (allowed users only), update, publish (queues a recompute)', async () => {
    const list = RuleSetList.parse((await s.card('GET', '/api/v1/rule-sets')).json);
    expect(list.published.map((p) => p.version)).toEqual(['2026.1']);
    expect(list.inForce).toBe('2026.1');

    // Incentives travel with the version (docs/decisions/0012-incentives.md).
    const incentives = {
      fiscalYearStartMonth: 4,
      coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed' as const, amount: '5000.00', currency: 'USD' } },
      tiers: [{ name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] }, { name: 'Co-sell Gold', minCoSellWins: 10, benefits: [] }],
    };
    const next = { ...list.published[0]!.ruleSet, version: '2026.2', effectiveFrom: '2026-04-01', models: { ...list.published[0]!.ruleSet.models, sell_with: { sourcing: 20, selling: 45, technical_validation: 20, influence: 15 } }, incentives };
    const invalid = ValidateRuleSetResponse.parse((await s.card('POST', '/api/v1/rule-sets/validate', { ruleSet: { ...next, pool: { soloRate: 20, coSellRate: 250 } } })).json);
    expect(invalid.valid).toBe(false);
    expect(invalid.errors.map((e) => e.path)).toEqual(['ruleSet.pool.coSellRate']);
    const badTiers = { ...incentives, tiers: [incentives.tiers[0], { ...incentives.tiers[1], minCoSellWins: 4 }] };
    const invalidTiers = ValidateRuleSetResponse.parse((await s.card('POST', '/api/v1/rule-sets/validate', { ruleSet: { ...next, incentives: badTiers } })).json);
    expect(invalidTiers.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      "ruleSet.incentives.tiers[1].minCoSellWins: must be greater than the previous tier's (Co-sell Silver: 5)",
    ]);
    const valid = ValidateRuleSetResponse.parse((await s.card('POST', '/api/v1/rule-sets/validate', { ruleSet: next })).json);
    expect(valid).toMatchObject({ valid: true, errors: [] });
    expect(valid.changes).toContain('sell_with.selling: 40 → 45');

    const forbidden = await s.card('POST', '/api/v1/rule-sets/drafts', { ruleSet: next }, { userId: '2' });
    expect(forbidden.status).toBe(403);
    const created = await s.card('POST', '/api/v1/rule-sets/drafts', { ruleSet: { ...next, missingRoles: 'sometimes' } });
    expect(created.status).toBe(201);
    const draft = RuleSetDraft.parse(created.json);
    expect(draft.problems.map((p) => p.path)).toEqual(['missingRoles']);
    const cannot = await s.card('POST', `/api/v1/rule-sets/drafts/${draft.id}/publish`);
    expect(cannot.status).toBe(400);
    expect(fieldsOf(cannot.json)[0]?.path).toMatch(/missingRoles/);

    const updated = RuleSetDraft.parse((await s.card('PUT', `/api/v1/rule-sets/drafts/${draft.id}`, { ruleSet: next })).json);
    expect(updated.problems).toEqual([]);
    const before = await s.store.inbox.stats();
    const published = await s.card('POST', `/api/v1/rule-sets/drafts/${draft.id}/publish`);
    expect(published.status).toBe(200);
    expect(PublishRuleSetResponse.parse(published.json)).toMatchObject({ published: { version: '2026.2' }, recomputeEnqueued: 1 });
    expect((await s.store.inbox.stats()).pending).toBe(before.pending + 1);
    const after = RuleSetList.parse((await s.card('GET', '/api/v1/rule-sets')).json);
    expect(after.published.map((p) => p.version)).toEqual(['2026.2', '2026.1']);
    expect(after.published[0]?.changes).toContain('sell_with.selling: 40 → 45');
    expect(after.published[0]?.ruleSet.incentives).toEqual(incentives);
    expect(after.published[0]?.changes.find((c) => c.startsWith('incentives: added'))).toContain('co-sell bonus 5000.00 USD from 3 co-sell wins');
    expect(after.published[1]?.ruleSet.incentives).toBeUndefined();
    // The shipped default is the app's: there is no user to name.
    expect(after.published[1]).toMatchObject({ publishedBy: 'system', publishedByName: null });
    // With HubSpot knowing user 1 as an owner (seeded here so the test does not depend on the touchpoint test's seed), the history names them.
    await s.hs.admin.seed({ owners: [{ key: 'bo', email: 'bo@example.com', firstName: 'Bo', lastName: 'Chen', userId: 1 }] });
    const named = RuleSetList.parse((await s.card('GET', '/api/v1/rule-sets')).json);
    expect(named.published[0]).toMatchObject({ publishedBy: '1', publishedByName: 'Bo Chen' });
    // Drafts name who saved them the same way, in the answer to the save and in the list.
    const nextDraft = RuleSetDraft.parse((await s.card('POST', '/api/v1/rule-sets/drafts', { ruleSet: { ...next, version: '2026.3', effectiveFrom: '2026-10-01' } })).json);
    expect(nextDraft).toMatchObject({ updatedBy: '1', updatedByName: 'Bo Chen' });
    const withDraft = RuleSetList.parse((await s.card('GET', '/api/v1/rule-sets')).json);
    expect(withDraft.drafts.map((d) => [d.updatedBy, d.updatedByName])).toEqual([['1', 'Bo Chen']]);
    const audit = await s.store.audit.list({ entityType: 'rule_set' });
    expect(audit.some((a) => a.action === 'rule_set.publish' && a.actor === '1')).toBe(true);

    // The queued job recomputes the open deals under the new version (effective before their close date).
    await s.settle();
    expect(s.hs.admin.getObject('deals', deal)?.cosell_rule_version).toBe('2026.2');
    const again = await s.card('POST', `/api/v1/rule-sets/drafts/${draft.id}/publish`);
    expect(again.status).toBe(404);
  });

  it('partners and scorecard', async () => {
    const partners = PartnerList.parse((await s.card('GET', '/api/v1/partners')).json);
    expect(partners.partners.find((p) => p.companyId === p1)).toMatchObject({ name: 'Northwind', partnerType: 'reseller' });
    const card = await s.card('GET', `/api/v1/partners/${p1}/scorecard`);
    expect(card.status).toBe(200);
    const sc = PartnerScorecard.parse(card.json);
    expect(sc.partner.companyId).toBe(p1);
    expect(sc.openCoSellDeals).toBe(1);
    expect(sc.pairings[0]?.pairingKey).toBe([p1, p2].sort().join('+'));
    // The emulator's portal is a new one: home currency USD, as HubSpot answers it.
    expect(sc.homeCurrency).toBe('USD');
    expect(sc.quarters[0]).toMatchObject({ homeTotal: { currency: 'USD' }, homeTotalNote: null });
    expect((await s.card('GET', `/api/v1/partners/123456789/scorecard`)).status).toBe(404);
  });

  it('removing a partner in the card removes its association: out of the split, no warning; the customer company stays', async () => {
    const assocs = (dealId: string) => new Map(s.hs.admin.getAssociations('deals', dealId, 'companies').map((a) => [a.toId, a.labels.sort()]));
    expect(assocs(deal).has(p2)).toBe(true);
    const res = await s.card('PUT', `/api/v1/deals/${deal}/partners`, { partners: [{ companyId: p1, roles: ['sourcing', 'selling'] }] });
    expect(res.status).toBe(200);
    const state = DealCoSellState.parse(res.json);
    expect(state.partners.map((p) => p.companyId)).toEqual([p1]);
    expect(state.split?.model).toBe('solo');
    expect(state.warnings.filter((w) => w.code === 'partner_without_role')).toEqual([]);
    expect(assocs(deal).has(p2)).toBe(false);
    expect(assocs(deal).get(customer)).toEqual(['Primary']);
    expect(s.hs.admin.getObject('deals', deal)?.cosell_partner_count).toBe('1');

    // Every partner removed: only the customer company is left on the deal, and nothing to warn about.
    expect([...assocs(deal2).keys()].sort()).toEqual([customer, p2, p3].sort());
    const none = await s.card('PUT', `/api/v1/deals/${deal2}/partners`, { partners: [] });
    expect(none.status).toBe(200);
    const cleared = DealCoSellState.parse(none.json);
    expect(cleared.partners).toEqual([]);
    expect(cleared.warnings.filter((w) => w.code === 'partner_without_role')).toEqual([]);
    expect([...assocs(deal2).entries()]).toEqual([[customer, ['Primary']]]);
    expect(s.hs.admin.getObject('deals', deal2)?.cosell_partner_count).toBe('0');
  });

  describe('request checks', () => {
    const url = () => `${s.backend.url}/api/v1/partners?portalId=${s.hs.portalId}&userId=1`;
    const signed = (method: string, target: string, body: string, secret = s.hs.clientSecret) => {
      const timestamp = String(Date.now());
      return { 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signV3({ method, url: target, body, timestamp, secret }) };
    };

    it('400 without signature headers, 401 with a bad one, 403 for another portal', async () => {
      expect((await fetch(url())).status).toBe(400);
      expect((await fetch(url(), { headers: signed('GET', url(), '', 'wrong-secret-123') })).status).toBe(401);
      const other = await s.card('GET', '/api/v1/partners', undefined, { portalId: '42' });
      expect(other.status).toBe(403);
    });

    it('the signature covers the public URL, not the Host header', async () => {
      const spoofed = url().replace('127.0.0.1', 'evil.example');
      const res = await fetch(url(), { headers: signed('GET', spoofed, '') });
      expect(res.status).toBe(401);
    });

    it('415 for a non-JSON body, 413 over 1 MB, 400 for broken JSON', async () => {
      const target = `${s.backend.url}/api/v1/rule-sets/validate?portalId=${s.hs.portalId}&userId=1`;
      expect((await fetch(target, { method: 'POST', headers: { 'content-type': 'text/plain', ...signed('POST', target, 'x') }, body: 'x' })).status).toBe(415);
      const big = JSON.stringify({ ruleSet: { pad: 'x'.repeat(1024 * 1024) } });
      const tooBig = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...signed('POST', target, big) }, body: big });
      expect(tooBig.status).toBe(413);
      const broken = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...signed('POST', target, '{') }, body: '{' });
      expect(broken.status).toBe(400);
    });
  });

  it('serves an OpenAPI 3.1 document generated from the contract', async () => {
    const res = await fetch(`${s.backend.url}/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: { type?: string } }> }>; requestBody?: { content: Record<string, { schema: unknown }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, spec] of Object.entries(cardApi)) {
      const op = doc.paths[spec.path.replace(/:(\w+)/g, '{$1}')]?.[spec.method.toLowerCase()];
      expect(op?.operationId).toBe(name);
      expect(op?.responses[String(spec.status)]?.content?.['application/json']?.schema.type).toBe('object');
      expect(!!op?.requestBody).toBe(spec.body !== null);
    }
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('healthz and readyz (HubSpot failing is reported in the body, the instance stays in rotation)', async () => {
    expect((await fetch(`${s.backend.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.backend.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, checks: { store: { ok: true }, worker: { ok: true } }, crm: { state: 'ok' } });
    s.hs.admin.setFaults({ fail5xxRate: 1 });
    try {
      // A fresh answer is reported without a ping of its own: until a call fails, HubSpot is fine.
      expect(((await (await fetch(`${s.backend.url}/readyz`)).json()) as { crm: { state: string } }).crm.state).toBe('ok');
      await expect(s.deps.gateway.ping()).rejects.toThrow();
      const down = await fetch(`${s.backend.url}/readyz`);
      expect(down.status).toBe(200);
      const body = (await down.json()) as { ok: boolean; checks: Record<string, unknown>; crm: { state: string; detail: string } };
      expect(body).toMatchObject({ ok: true, checks: { store: { ok: true } }, crm: { state: 'unreachable' } });
      expect(body.checks).not.toHaveProperty('crm');
      expect(body.crm.detail).toMatch(/^HubSpot is not answering/);
    } finally {
      s.hs.admin.setFaults({ fail5xxRate: 0 });
    }
  });

  it('a touchpoint logged while HubSpot fails is kept, and its note follows through the inbox', async () => {
    s.hs.admin.setFaults({ fail5xxRate: 1 });
    let tp;
    try {
      // The deal read fails too while HubSpot is down: the card gets 503 crm_unavailable …
      const down = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p1, kind: 'intro', occurredAt: '2026-05-02T10:00:00Z', summary: 'Intro call' });
      expect(down.status).toBe(503);
      expect(ErrorResponse.parse(down.json).error.code).toBe('crm_unavailable');
    } finally {
      s.hs.admin.setFaults({ fail5xxRate: 0 });
    }
    // … and when only the note call fails, the touchpoint is stored and the note is queued.
    s.hs.admin.setFaults({ next5xx: 0 });
    const origCreate = s.gateway.createDealNote.bind(s.gateway);
    let failOnce = true;
    s.gateway.createDealNote = async (...args) => {
      if (failOnce) {
        failOnce = false;
        throw Object.assign(new Error('HubSpot 503 (simulated)'), { retryable: true });
      }
      return origCreate(...args);
    };
    try {
      const res = await s.card('POST', `/api/v1/deals/${deal}/touchpoints`, { companyId: p1, kind: 'intro', occurredAt: '2026-05-02T10:00:00Z', summary: 'Intro call' });
      expect(res.status).toBe(201);
      tp = Touchpoint.parse(res.json);
      expect(tp.noteId).toBeNull();
      await s.backend.worker.drain();
    } finally {
      s.gateway.createDealNote = origCreate;
    }
    const stored = await s.store.touchpoints.get(tp.id);
    expect(stored?.noteId).toBeTruthy();
    expect(s.hs.admin.getObject('notes', stored!.noteId!)?.hs_note_body).toContain('Intro call');
  });
});

/** Card writes that create (idempotency keys), stored rows that no longer read, and the registration lifecycle. */
describe('card API: repeated creates, unreadable rows, registrations', () => {
  let s: Stack;
  let d1: string;
  let d2: string;
  let p1: string;
  let p2: string;
  let p3: string;
  const db = () => (s.store as KyselyStore).db;
  beforeAll(async () => {
    // A 30-day term (REGISTRATION_TTL_DAYS) instead of the default 90.
    s = await startStack(threePartnerSeed(), { backend: { registrationTtlDays: 30 } });
    [d1, d2] = [s.seed.deals.d1!, s.seed.deals.d2!];
    [p1, p2, p3] = [s.seed.companies.p1!, s.seed.companies.p2!, s.seed.companies.p3!];
    const set = await s.card('PUT', `/api/v1/deals/${d1}/partners`, { partners: [{ companyId: p1, roles: ['sourcing'] }, { companyId: p2, roles: ['selling'] }] });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });
  const error = (json: unknown) => ErrorResponse.parse(json).error;

  it('a touchpoint sent twice with one idempotency key is created once and both answers are the same', async () => {
    let notes = 0;
    const createNote = s.gateway.createDealNote.bind(s.gateway);
    s.gateway.createDealNote = async (...args) => {
      notes += 1;
      return createNote(...args);
    };
    try {
      const body = { companyId: p1, kind: 'meeting', occurredAt: '2026-05-03T10:00:00Z', summary: 'Kick-off with the CFO', idempotencyKey: 'tp-key-0001' };
      const first = await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, body);
      const again = await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.json).toEqual(first.json);
      expect((await s.store.touchpoints.listByDeal(d1)).map((t) => t.summary)).toEqual(['Kick-off with the CFO']);
      expect(notes).toBe(1);

      // The same key with another body is refused, naming the field that differs.
      const changed = await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, { ...body, summary: 'Something else' });
      expect(changed.status).toBe(409);
      expect(error(changed.json).fields).toEqual([{ path: 'summary', message: expect.stringMatching(/differs from the first request/) }]);
      // The key is scoped to the deal: on another deal it is a new action (here refused: not a partner there).
      const elsewhere = await s.card('POST', `/api/v1/deals/${d2}/touchpoints`, body);
      expect(elsewhere.status).toBe(400);
      expect((await s.store.touchpoints.listByDeal(d1)).length).toBe(1);
    } finally {
      s.gateway.createDealNote = createNote;
    }
  });

  it('a failed create is not remembered: its retry with the same key creates the touchpoint once', async () => {
    const body = { companyId: p2, kind: 'demo', occurredAt: '2026-05-04T10:00:00Z', summary: 'Demo after an outage', idempotencyKey: 'tp-key-0002' };
    s.hs.admin.setFaults({ fail5xxRate: 1 });
    try {
      expect((await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, body)).status).toBe(503);
    } finally {
      s.hs.admin.setFaults({ fail5xxRate: 0 });
    }
    const retry = await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, body);
    expect(retry.status).toBe(201);
    const replay = await s.card('POST', `/api/v1/deals/${d1}/touchpoints`, body);
    expect(replay.json).toEqual(retry.json);
    expect((await s.store.touchpoints.listByDeal(d1)).filter((t) => t.summary === 'Demo after an outage')).toHaveLength(1);
  });

  it('a saved plan that no longer reads is a 422 naming deal and field, and is never overwritten with an empty plan', async () => {
    await s.store.dealPlans.put(d1, { v: 1, model: null, plan: { relationshipOwner: { kind: 'robot' }, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [] } }, 'test');
    const read = await s.card('GET', `/api/v1/deals/${d1}/cosell`);
    expect(read.status).toBe(422);
    expect(error(read.json)).toMatchObject({ code: 'corrupt_row', message: expect.stringContaining(`stored plan for deal ${d1} is unreadable: field plan.relationshipOwner`) });
    const save = await s.card('PUT', `/api/v1/deals/${d1}/plan`, { relationshipOwner: null, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [] });
    expect(save.status).toBe(422);
    expect((await s.store.dealPlans.get(d1))?.plan).toMatchObject({ plan: { relationshipOwner: { kind: 'robot' } } });
    // An unknown version is refused the same way.
    await s.store.dealPlans.put(d1, { v: 7, model: null }, 'test');
    expect(error((await s.card('GET', `/api/v1/deals/${d1}/cosell`)).json).message).toMatch(/field v holds unknown version 7/);

    // A row written before versions (v0, the contract's shape) still loads, and the next save writes v1.
    await s.store.dealPlans.put(d1, { model: 'sell_with', plan: { relationshipOwner: { kind: 'partner', companyId: p1 }, stageLeads: [], postSale: { onboarding: null, support: null, renewal: null }, commitments: [{ companyId: p1 }] } }, 'test');
    const legacy = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d1}/cosell`)).json);
    expect(legacy.plan.relationshipOwner).toEqual({ kind: 'partner', companyId: p1 });
    expect(legacy.plan.commitments).toEqual([{ companyId: p1, responseSlaHours: 24, meetingAttendance: false }]);
    const saved = await s.card('PUT', `/api/v1/deals/${d1}/plan`, { ...legacy.plan, relationshipOwner: { kind: 'partner', companyId: p2 } });
    expect(saved.status).toBe(200);
    expect((await s.store.dealPlans.get(d1))?.plan).toMatchObject({ v: 1, model: 'sell_with', plan: { relationshipOwner: { kind: 'partner', companyId: p2 } } });
  });

  it('a registration that no longer reads is an error naming the row, in the card and in the worker (dead letter), not a silent drop', async () => {
    const bad = await s.store.registrations.create({ dealId: '424242', snapshot: { v: 1, partners: 'nobody' }, registeredBy: '1' });
    try {
      const read = await s.card('GET', `/api/v1/deals/${d1}/cosell`);
      expect(read.status).toBe(422);
      expect(error(read.json).message).toMatch(new RegExp(`stored registration ${bad.id} of deal 424242 is unreadable: field `));
      await s.store.inbox.enqueue([jobItem({ type: 'recompute-deals', dealIds: [d1], trigger: 'test' }, `corrupt-registration-test`, new Date())]);
      await s.backend.worker.drain();
      const dead = await s.store.inbox.listDeadLetters();
      expect(dead.map((d) => d.lastError)).toContainEqual(expect.stringMatching(new RegExp(`stored registration ${bad.id} of deal 424242 is unreadable`)));
    } finally {
      await db().deleteFrom('registrations').where('id', '=', Number(bad.id)).execute();
      await s.store.inbox.requeueDeadLetters();
      await s.backend.worker.drain();
    }
    expect((await s.card('GET', `/api/v1/deals/${d1}/cosell`)).status).toBe(200);
  });

  it('registrations: stale by name, confirmation of a conflict, expiry at read time, renew, withdraw with a reason', async () => {
    // Deal 1 registered with Northwind (sourcing) and Stackly (selling); no conflict yet.
    const reg1 = await s.card('POST', `/api/v1/deals/${d1}/registration`, { idempotencyKey: 'reg-key-0001' });
    expect(reg1.status).toBe(201);
    const r1 = Registration.parse(reg1.json);
    expect(r1).toMatchObject({ status: 'open', registeredWith: 'Registered with Northwind (sourcing) and Stackly (selling)', changes: [], confirmedConflicts: [] });
    expect(Date.parse(r1.expiresAt) - Date.parse(r1.registeredAt)).toBe(30 * 86_400_000);
    // The card's retry with the same key answers the same registration; nothing is superseded.
    expect((await s.card('POST', `/api/v1/deals/${d1}/registration`, { idempotencyKey: 'reg-key-0001' })).json).toEqual(reg1.json);
    expect((await s.store.registrations.listForDeal(d1)).map((r) => r.status)).toEqual(['open']);

    // Stackly leaves the deal: the registration is stale, said with names.
    await s.card('PUT', `/api/v1/deals/${d1}/partners`, { partners: [{ companyId: p1, roles: ['sourcing'] }] });
    const stale = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d1}/cosell`)).json).registration;
    expect(stale?.changes).toEqual(['Stackly no longer on the deal']);

    // Deal 2 on the same account with other partners conflicts with deal 1's registration:
    // registering it needs a confirmation, which is recorded.
    await s.card('PUT', `/api/v1/deals/${d2}/partners`, { partners: [{ companyId: p2, roles: ['selling'] }, { companyId: p3, roles: ['sourcing'] }] });
    const state2 = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d2}/cosell`)).json);
    expect(state2.conflicts.flatMap((c) => c.otherRegistrationIds)).toEqual([r1.id]);
    const refused = await s.card('POST', `/api/v1/deals/${d2}/registration`, { idempotencyKey: 'reg-key-0002' });
    expect(refused.status).toBe(409);
    expect(error(refused.json).fields?.[0]?.path).toBe('confirmConflict');
    expect(error(refused.json).message).toMatch(/Deal "Acme add-on" is in an account conflict: .*the registration of deal "Acme platform"/);
    expect(error(refused.json).message).toMatch(/Northwind/);
    expect(await s.store.registrations.latestForDeal(d2)).toBeNull();
    const confirmed = await s.card('POST', `/api/v1/deals/${d2}/registration`, { idempotencyKey: 'reg-key-0002', confirmConflict: true });
    expect(confirmed.status).toBe(201);
    const r2 = Registration.parse(confirmed.json);
    expect(r2.confirmedConflicts).toEqual([expect.stringMatching(/the registration of deal "Acme platform"/)]);
    const audit = await s.store.audit.list({ entityType: 'registration', entityId: r2.id });
    expect(audit[0]?.action).toBe('deal.register.conflict_confirmed');

    // Deal 1's registration expires (decided when read): it no longer conflicts, and says so.
    await db().updateTable('registrations').set({ expires_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', Number(r1.id)).execute();
    const expired = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d1}/cosell`)).json).registration;
    expect(expired).toMatchObject({ id: r1.id, status: 'expired', expiresAt: '2026-01-01T00:00:00.000Z' });
    expect(DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d2}/cosell`)).json).conflicts).toEqual([]);

    // Renewed: counts again for another term, and the deals involved are queued for a recompute.
    const jobsBefore = (await s.store.inbox.stats()).pending;
    const renewed = await s.card('POST', `/api/v1/deals/${d1}/registration/renew`);
    expect(renewed.status).toBe(200);
    const r1b = Registration.parse(renewed.json);
    expect(r1b.status).toBe('open');
    expect(Date.parse(r1b.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(Date.parse(r1b.expiresAt)).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    expect((await s.store.inbox.stats()).pending).toBe(jobsBefore + 1);
    expect(DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d2}/cosell`)).json).conflicts.flatMap((c) => c.otherRegistrationIds)).toEqual([r1.id]);

    // Withdrawn with a reason: it stops causing conflicts, the deals are recomputed, and it cannot be withdrawn twice.
    const noReason = await s.card('POST', `/api/v1/deals/${d1}/registration/withdraw`, { reason: ' ' });
    expect(error(noReason.json).fields?.map((f) => f.path)).toEqual(['reason']);
    const withdrawn = await s.card('POST', `/api/v1/deals/${d1}/registration/withdraw`, { reason: 'Stackly left the deal' });
    expect(withdrawn.status).toBe(200);
    expect(Registration.parse(withdrawn.json)).toMatchObject({ status: 'withdrawn', withdrawal: { by: '1', reason: 'Stackly left the deal' } });
    const pending = (await s.store.inbox.stats()).pending;
    expect(pending).toBeGreaterThan(0);
    expect(DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${d2}/cosell`)).json).conflicts).toEqual([]);
    await s.settle();
    expect(s.hs.admin.getObject('deals', d2)?.cosell_conflict).not.toBe('true');
    const twice = await s.card('POST', `/api/v1/deals/${d1}/registration/withdraw`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(error(twice.json).message).toMatch(/registration of deal "Acme platform" is withdrawn/);
    expect((await s.card('POST', `/api/v1/deals/${d1}/registration/renew`)).status).toBe(409);

    // A deal with one partner is not co-sell, but its registration would be: registering it on the
    // account of an open co-sell deal with other partners asks for the confirmation too.
    expect((await s.card('POST', `/api/v1/deals/${d2}/registration/withdraw`, { reason: 'test: leave deal 2 unregistered' })).status).toBe(200);
    const solo = await s.card('POST', `/api/v1/deals/${d1}/registration`, { idempotencyKey: 'reg-key-0003' });
    expect(solo.status).toBe(409);
    expect(error(solo.json).message).toMatch(/with deal "Acme add-on", with other partners \(Northwind, Stackly and Referly between them\)/);
  });
});
