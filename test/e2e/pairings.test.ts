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
