// The pairing program end to end on the emulator: the CLI and the settings endpoints against one
// backend store, partners named by name, progress from real deals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/pairings';
import type { EmulatorSeed } from '../../src/emulator';
import { recomputeDeals } from '../../src/features/attribution/recompute-deals';
import { captureCliIo } from '../support/capture-cli-io';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

function pairingSeed(): EmulatorSeed {
  const deal = (key: string, dealstage: string, amount: string, partners: Array<[string, string[]]>, closedate = '2026-06-30T12:00:00Z') => ({
    key,
    properties: { dealname: key, dealstage, pipeline: 'default', amount, deal_currency_code: 'USD', closedate },
    companies: [{ companyKey: 'acme', labels: [], primary: true }, ...partners.map(([companyKey, labels]) => ({ companyKey, labels }))],
  });
  return {
    owners: [
      { key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' },
      { key: 'ben', email: 'ben@example.com', firstName: 'Ben', lastName: 'Ode' },
    ],
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      { key: 'northwind', name: 'Northwind Resellers', domain: 'northwind.example', ownerKey: 'ana', properties: { cosell_partner_type: 'reseller' } },
      { key: 'bluepeak', name: 'Bluepeak Channel', domain: 'bluepeak.example', ownerKey: 'ben', properties: { cosell_partner_type: 'reseller' } },
      { key: 'stackly', name: 'Stackly', domain: 'stackly.example', ownerKey: 'ben', properties: { cosell_partner_type: 'technology' } },
    ],
    deals: [
      deal('open-1', 'appointmentscheduled', '10000.00', [['northwind', ['Selling partner']], ['stackly', ['Technical validation partner']]]),
      deal('open-2', 'qualifiedtobuy', '2500.50', [['northwind', ['Selling partner']], ['stackly', ['Sourcing partner']]]),
      deal('won-1', 'closedwon', '4000.00', [['northwind', ['Selling partner']], ['stackly', ['Sourcing partner']]], '2026-02-01T12:00:00Z'),
      deal('solo', 'appointmentscheduled', '777.00', [['northwind', ['Selling partner']]]),
    ],
  };
}

describe('pairing program on the emulator', () => {
  let s: Stack;
  const cli = async (...args: string[]) => {
    const c = captureCliIo({ SQLITE_PATH: s.dbPath, HUBSPOT_ACCESS_TOKEN: s.hs.accessToken, HUBSPOT_BASE_URL: s.hs.baseUrl, USER: 'ops' });
    const code = await run(args, c.io);
    return { code, out: c.out(), err: c.err() };
  };

  beforeAll(async () => {
    s = await startStack(pairingSeed());
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('two resellers paired get the same-type warning, naming both', async () => {
    const r = await cli('add', '--partners', 'Northwind Resellers,bluepeak channel', '--model', 'sell_with', '--start', '2026-01-05', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { id: string; warnings: Array<{ code: string; message: string }> };
    expect(body.id).toMatch(/^\d+$/);
    expect(body.warnings.map((w) => w.code)).toEqual(['same_partner_type']);
    expect(body.warnings[0]!.message).toContain('Northwind Resellers and Bluepeak Channel are both resellers');
  });

  it('a reseller and a technology partner do not, and the pairing shows its progress from the deals', async () => {
    const r = await cli('add', '--partners', 'Stackly,Northwind Resellers', '--model', 'sell_through', '--start', '2026-01-05', '--target-registrations', '4', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { id: string; warnings: unknown[]; pairing: { partners: Array<{ name: string }>; targets: { registrations: number }; progress: Record<string, unknown> } };
    expect(body.warnings).toEqual([]);
    expect(body.pairing.partners.map((p) => p.name).sort()).toEqual(['Northwind Resellers', 'Stackly']);
    expect(body.pairing.targets.registrations).toBe(4);
    expect(body.pairing.progress).toMatchObject({ activeDeals: 2, wonDeals: 1, pipeline: [{ currency: 'USD', amount: '12500.50' }], closedRevenue: [{ currency: 'USD', amount: '4000.00' }] });
  });

  it('refuses an unknown partner name and a second active pairing of the same partners, naming the field', async () => {
    const unknown = await cli('add', '--partners', 'Northwind Resellers,Nobody Inc', '--model', 'sell_with', '--start', '2026-01-05');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--partners[1]: no partner company named "Nobody Inc"');
    const again = await cli('add', '--partners', 'Northwind Resellers,Stackly', '--model', 'sell_with', '--start', '2026-02-05');
    expect(again.code).toBe(2);
    expect(again.err).toContain('Northwind Resellers + Stackly are already an active pairing');
    const badDate = await cli('add', '--partners', 'Northwind Resellers,Stackly', '--model', 'sell_with', '--start', '5 Jan');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--start: must be a date like 2026-01-31');
  });

  it('the settings endpoints check before starting, list with progress, review and decide', async () => {
    const ids = s.seed.companies;
    const check = await s.card('POST', '/api/v1/pairings/check', { partnerIds: [ids.northwind, ids.bluepeak], startDate: '2026-03-01' });
    expect(check.status).toBe(200);
    expect((check.json as { warnings: Array<{ code: string }> }).warnings.map((w) => w.code)).toEqual(['same_partner_type']);
    const notPartner = await s.card('POST', '/api/v1/pairings/check', { partnerIds: [ids.northwind, ids.acme], startDate: '2026-03-01' });
    expect(notPartner.status).toBe(400);
    expect((notPartner.json as { error: { fields: unknown[] } }).error.fields).toEqual([{ path: 'partnerIds[1]', message: 'Acme Corp is not a partner company (set its Co-sell partner type first)' }]);
    const samePartner = await s.card('POST', '/api/v1/pairings/check', { partnerIds: [ids.northwind, ids.northwind], startDate: '2026-03-01' });
    expect((samePartner.json as { error: { fields: unknown[] } }).error.fields).toEqual([{ path: 'partnerIds[1]', message: 'the same partner as partnerIds[0]' }]);
    const oneOnly = await s.card('POST', '/api/v1/pairings', { partnerIds: [ids.northwind], startDate: '2026-03-01', model: 'sell_with' });
    expect(oneOnly.status).toBe(400);
    expect(JSON.stringify(oneOnly.json)).toContain('partnerIds');
    const forbidden = await s.card('POST', '/api/v1/pairings', { partnerIds: [ids.bluepeak, ids.stackly], startDate: '2026-03-01', model: 'sell_with' }, { userId: '2' });
    expect(forbidden.status).toBe(403);
    const list = await s.card('GET', '/api/v1/pairings');
    expect(list.status).toBe(200);
    const pairings = (list.json as { pairings: Array<{ id: string; partners: Array<{ name: string }>; suggestion: { suggestion: string } | null }> }).pairings;
    expect(pairings).toHaveLength(2);
    const review = await s.card('GET', '/api/v1/pairings/review');
    // Started 2026-01-05: today is long past day 90, so both are due.
    const due = (review.json as { pairings: Array<{ id: string; suggestion: { suggestion: string } }> }).pairings;
    const resellers = pairings.find((p) => p.partners.some((x) => x.name === 'Bluepeak Channel'))!;
    const withStackly = pairings.find((p) => p.partners.some((x) => x.name === 'Stackly'))!;
    expect(Object.fromEntries(due.map((p) => [p.id, p.suggestion.suggestion]))).toEqual({ [resellers.id]: 'end', [withStackly.id]: 'scale' });
    const decided = await s.card('POST', `/api/v1/pairings/${resellers.id}/decision`, { status: 'ended', note: 'Two resellers: they competed' });
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ status: 'ended', decision: { status: 'ended', decidedBy: '1', note: 'Two resellers: they competed' }, suggestion: null });
    const twice = await s.card('POST', `/api/v1/pairings/${resellers.id}/decision`, { status: 'scaled', note: 'again' });
    expect(twice.status).toBe(409);
    const noNote = await s.card('POST', `/api/v1/pairings/${withStackly.id}/decision`, { status: 'scaled', note: ' ' });
    expect(noNote.status).toBe(400);
  });

  it("the partner scorecard shows the partner's pairings with progress against target", async () => {
    const card = await s.card('GET', `/api/v1/partners/${s.seed.companies.stackly}/scorecard`);
    expect(card.status).toBe(200);
    const program = (card.json as { programPairings: Array<{ partners: Array<{ name: string }>; progress: { activeDeals: number; registrationsTarget: number } }> }).programPairings;
    expect(program).toHaveLength(1);
    expect(program[0]!.partners.map((p) => p.name).sort()).toEqual(['Northwind Resellers', 'Stackly']);
    expect(program[0]!.progress).toMatchObject({ activeDeals: 2, registrationsTarget: 4 });
  });

  it('a co-sell deal with no relationship owner is warned before the first customer meeting stage, and as overdue past it', async () => {
    const warningsOf = async (key: string) => {
      const r = await s.card('GET', `/api/v1/deals/${s.seed.deals[key]}/cosell`);
      expect(r.status).toBe(200);
      return (r.json as { warnings: Array<{ code: string; message: string }> }).warnings.filter((w) => w.code === 'no_relationship_owner').map((w) => w.message);
    };
    expect(await warningsOf('open-1')).toEqual(['This co-sell deal has no relationship owner: name one before the first customer meeting (Appointment Scheduled), so the customer gets one point of contact.']);
    expect((await warningsOf('open-2'))[0]).toMatch(/^This co-sell deal is at Qualified To Buy, past the first customer meeting \(Appointment Scheduled\)/);
    expect(await warningsOf('won-1')).toEqual([]);
    expect(await warningsOf('solo')).toEqual([]);
  });

  it('the CLI decides and lists the decision with the note', async () => {
    const listed = JSON.parse((await cli('review', '--json')).out) as { pairings: Array<{ id: string }> };
    expect(listed.pairings).toHaveLength(1);
    const id = listed.pairings[0]!.id;
    const decided = await cli('decide', id, '--status', 'scaled', '--note', 'pipeline and a win: widen the mapping');
    expect(decided.code).toBe(0);
    expect(decided.out).toContain('Recorded: Northwind Resellers + Stackly scaled.');
    const text = (await cli('list')).out;
    expect(text).toContain('decided scaled by cli:ops');
    expect(text).toContain('pipeline and a win: widen the mapping');
    expect((await cli('review', '--json')).out).toBe('{"pairings":[]}\n');
  });
});

describe('pairing digests and the day-90 review on the emulator', () => {
  let s: Stack;
  const now = new Date('2026-12-02T07:00:00.000Z'); // a Wednesday of ISO week 2026-W49
  const at = (d: Date) => ({ ...s.deps, clock: () => d });
  const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const notesOn = (companyId: string) => s.hs.admin.getAssociations('companies', companyId, 'notes').map((a) => a.toId);
  const tasksOn = (companyId: string) => s.hs.admin.getAssociations('companies', companyId, 'tasks').map((a) => a.toId);

  beforeAll(async () => {
    s = await startStack(pairingSeed());
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
    const { northwind, stackly, bluepeak } = s.seed.companies as Record<string, string>;
    // Past day 90 with pipeline and a win; and a young pairing of two resellers with nothing yet.
    await s.store.pairings.create({ partnerIds: [northwind!, stackly!], model: 'sell_with', startDate: '2026-01-05', targets: { registrations: 5, registrationWindowDays: 90, activeDealsMin: 3, activeDealsMax: 5, activeDealsByDay: 60 }, createdBy: '1' });
    // A blocker the digest names: an attribution dispute left open on a deal of the first pairing.
    await s.store.disputes.open({ dealId: s.seed.deals['open-1']!, dealName: 'open-1', partners: [{ id: northwind!, name: 'Northwind Resellers' }], openedBy: { userId: '1', name: 'Ana Lopez' }, reason: 'Northwind sourced it', claim: null, openedAt: '2026-11-20T09:00:00.000Z' });
    await s.store.pairings.create({ partnerIds: [bluepeak!, northwind!], model: 'sell_to', startDate: daysBefore(9), targets: { registrations: 5, registrationWindowDays: 90, activeDealsMin: 3, activeDealsMax: 5, activeDealsByDay: 60 }, createdBy: '1' });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('writes one note per pairing per week on every partner company, and one review task per partner manager, once', async () => {
    const { northwind, stackly, bluepeak } = s.seed.companies as Record<string, string>;
    const { sendPairingDigests } = await import('../../src/features/pairings/pairing-digests');
    expect(await sendPairingDigests(at(now))).toEqual({ pairings: 2, notesCreated: 2, reviewTasksCreated: 2 });
    expect(notesOn(northwind!)).toHaveLength(2);
    expect(notesOn(stackly!)).toHaveLength(1);
    expect(notesOn(bluepeak!)).toHaveLength(1);
    const note = s.hs.admin.getObject('notes', notesOn(stackly!)[0]!) as Record<string, string>;
    expect(note.hs_note_body).toContain('Co-sell stand-up 2026-W49: Northwind Resellers + Stackly');
    expect(note.hs_note_body).toContain('Pipeline: USD 12500.50 in 2 open co-sell deal(s)');
    expect(note.hs_note_body).toContain('<li>open-1</li>');
    expect(note.hs_note_body).toContain('open-1 has no relationship owner');
    expect(note.hs_note_body).toContain('open-1: an attribution dispute is open since 2026-11-20');
    expect(note.hs_note_body).toContain('Day-90 review:</strong> scale');
    // The review task goes to each partner manager (Ana owns Northwind, Ben owns Stackly), named by name.
    const tasks = tasksOn(stackly!).map((id) => s.hs.admin.getObject('tasks', id) as Record<string, string>);
    expect(tasks.map((t) => t.hubspot_owner_id).sort()).toEqual([s.seed.owners.ana, s.seed.owners.ben].sort());
    expect(tasks[0]!.hs_task_subject).toBe('Day-90 review: Northwind Resellers + Stackly — suggestion: scale');
    // Again this week (a retry, a second instance): nothing new.
    expect(await sendPairingDigests(at(new Date(now.getTime() + 3_600_000)))).toEqual({ pairings: 2, notesCreated: 0, reviewTasksCreated: 0 });
    expect(notesOn(northwind!)).toHaveLength(2);
    // Next week: new notes, no new review task.
    expect(await sendPairingDigests(at(new Date(now.getTime() + 7 * 86_400_000)))).toEqual({ pairings: 2, notesCreated: 2, reviewTasksCreated: 0 });
    expect(tasksOn(stackly!)).toHaveLength(2);
  });

  it('a failed note is made on the retry, not lost', async () => {
    const { sendPairingDigests } = await import('../../src/features/pairings/pairing-digests');
    const later = new Date(now.getTime() + 14 * 86_400_000);
    let calls = 0;
    const failing = { ...s.deps.gateway, createNote: async () => {
      calls += 1;
      throw new Error('HubSpot 503');
    } };
    await expect(sendPairingDigests({ ...at(later), gateway: failing })).rejects.toThrow('HubSpot 503');
    expect(calls).toBe(1);
    expect(await sendPairingDigests(at(later))).toMatchObject({ notesCreated: 2 });
  });

  it('the scheduler enqueues the weekly job and the worker runs it', async () => {
    const { buildSchedule } = await import('../../webhooks/scheduler');
    const entry = buildSchedule().find((e) => e.name === 'weekly-pairing-digest');
    expect(entry?.cron).toBe('29 6 * * 1');
    expect(entry?.job()).toEqual({ type: 'pairing-digest' });
    const { bluepeak, stackly } = s.seed.companies as Record<string, string>;
    const fresh = await s.store.pairings.create({ partnerIds: [bluepeak!, stackly!], model: 'sell_with', startDate: '2026-11-30', targets: { registrations: 5, registrationWindowDays: 90, activeDealsMin: 3, activeDealsMax: 5, activeDealsByDay: 60 }, createdBy: '1' });
    const { jobItem } = await import('../../src/jobs/inbox-job');
    await s.store.inbox.enqueue([jobItem({ type: 'pairing-digest' }, 'test:pairing-digest', new Date())]);
    await s.settle();
    expect((await s.store.inbox.stats()).dead).toBe(0);
    // It ran against today's week (the real clock): the new pairing got its digest note.
    const { isoWeekOf } = await import('../../src/domain/pairings');
    const week = isoWeekOf(new Date().toISOString().slice(0, 10));
    const rows = await s.store.pairings.listEngagements(fresh.id);
    expect(rows.map((r) => [r.purpose, r.periodKey, r.engagementIds?.length])).toEqual([['digest', week, 1]]);
    expect(notesOn(stackly!)).toContain(rows[0]!.engagementIds![0]);
  });
});
