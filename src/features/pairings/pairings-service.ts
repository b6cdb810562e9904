// The pairing program's use cases (docs/decisions/0017-pairing-program.md): check and start a
// pairing, list pairings with progress against the playbook's targets, review those at or past
// day 90 and record partner ops' decision. Partners are named by name in everything returned.

import type * as Api from '../../contract/card-api';
import { PairingTargets as PairingTargetsSchema, PairingModel as PairingModelSchema } from '../../contract/card-api';
import { parseMoney } from '../../domain';
import type { Pairing, PairingDeal, PairingPartner, PairingRegistration } from '../../domain/pairings';
import { DEFAULT_PAIRING_TARGETS, pairingProgress, pairingWarnings, reviewSuggestion } from '../../domain/pairings';
import type { AppDeps } from '../../app/app-deps';
import type { CrmCompany } from '../../hubspot/crm-gateway';
import { CrmError } from '../../hubspot';
import type { PairingRow } from '../../store/store';
import { ConflictError, CorruptRowError, NotFoundError } from '../../store/store-error';
import type { Actor, UserNames } from '../shared/card-support';
import { loadUserNames, noNames } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { conflict, invalid, notFound, ok, unavailable } from '../shared/outcome';

/** HubSpot portals start in USD; a deal without a currency is in it (as the deal card shows it). */
const DEFAULT_DEAL_CURRENCY = 'USD';

/** The stored row as the domain's pairing; a row that does not read is a CorruptRowError, never a default. */
export function toPairing(row: PairingRow): Pairing {
  const targets = PairingTargetsSchema.safeParse(row.targets);
  if (!targets.success) throw new CorruptRowError({ table: 'pairings', rowId: row.id, field: 'targets', problem: targets.error.issues[0]?.message ?? 'is not readable' });
  const model = PairingModelSchema.safeParse(row.model);
  if (!model.success) throw new CorruptRowError({ table: 'pairings', rowId: row.id, field: 'model', problem: `holds unknown model "${row.model}"` });
  return {
    id: row.id,
    partnerIds: row.partnerIds,
    pairingKey: row.pairingKey,
    model: model.data,
    startDate: row.startDate,
    targets: targets.data,
    status: row.status,
    decision:
      row.status !== 'active' && row.decidedBy && row.decidedAt
        ? { status: row.status, decidedBy: row.decidedBy, decidedAt: row.decidedAt, note: row.decisionNote ?? '' }
        : null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/** The partner companies by id: the partner list, plus any named company that is no longer typed as a partner. */
export async function readPartnerDirectory(deps: Pick<AppDeps, 'gateway'>, ids: string[] = []): Promise<Map<string, CrmCompany>> {
  const partners = await deps.gateway.listPartnerCompanies();
  const out = new Map(partners.map((p) => [p.id, p]));
  const missing = [...new Set(ids)].filter((id) => !out.has(id));
  if (missing.length > 0) for (const [id, c] of await deps.gateway.readCompanies(missing)) out.set(id, c);
  return out;
}

function toPairingPartner(id: string, directory: ReadonlyMap<string, CrmCompany>): PairingPartner {
  const c = directory.get(id);
  return { id, name: c?.name ?? `Company ${id}`, partnerType: c?.partnerType ?? null };
}

const toApiPartner = (p: PairingPartner): Api.PairingPartner => ({ companyId: p.id, name: p.name, partnerType: p.partnerType });

/** What the progress of several pairings is computed from: their deals (with amounts) and registrations. */
export interface PairingFacts {
  deals: PairingDeal[];
  registrations: PairingRegistration[];
}

/**
 * Reads each pairing's deals (every partner of the pairing on the deal, from the worker's account
 * index), their amounts from HubSpot (one batch read for all) and their registrations.
 */
export async function readPairingFacts(deps: Pick<AppDeps, 'store' | 'gateway' | 'logger'>, pairings: Pairing[]): Promise<Map<string, PairingFacts>> {
  const byPartner = new Map<string, Awaited<ReturnType<AppDeps['store']['accountIndex']['listByPartner']>>>();
  for (const p of pairings) {
    const first = p.partnerIds[0]!;
    if (!byPartner.has(first)) byPartner.set(first, await deps.store.accountIndex.listByPartner(first));
  }
  const entriesOf = new Map(pairings.map((p) => [p.id, byPartner.get(p.partnerIds[0]!)!.filter((e) => p.partnerIds.every((id) => e.partnerIds.includes(id)))]));
  const dealIds = [...new Set([...entriesOf.values()].flat().map((e) => e.dealId))];
  const crm = dealIds.length > 0 ? await deps.gateway.readDeals(dealIds) : new Map();
  const registrations = new Map<string, PairingRegistration[]>();
  for (const id of dealIds) {
    const rows = await deps.store.registrations.listForDeal(id);
    registrations.set(id, rows.filter((r) => r.status !== 'withdrawn').map((r) => ({ dealId: id, registeredAt: r.registeredAt })));
  }
  const out = new Map<string, PairingFacts>();
  for (const p of pairings) {
    const deals = entriesOf.get(p.id)!.map((e): PairingDeal => {
      const deal = crm.get(e.dealId);
      const currency = deal?.currency ?? DEFAULT_DEAL_CURRENCY;
      let amountMinor: bigint | null = null;
      if (deal?.amount) {
        const parsed = parseMoney(deal.amount, currency, `deals[${e.dealId}].amount`);
        if (parsed.ok) amountMinor = parsed.value;
        else deps.logger.warn({ dealId: e.dealId, errors: parsed.errors }, 'deal amount not readable; left out of the pairing totals');
      }
      return { dealId: e.dealId, name: deal?.name ?? e.name, status: e.status, closeDate: e.closeDate, amountMinor, currency: amountMinor === null ? DEFAULT_DEAL_CURRENCY : currency };
    });
    out.set(p.id, { deals, registrations: deals.flatMap((d) => registrations.get(d.dealId) ?? []) });
  }
  return out;
}

export function toPairingView(p: Pairing, facts: PairingFacts, directory: ReadonlyMap<string, CrmCompany>, names: UserNames, today: string): Api.PairingView {
  const progress = pairingProgress(p, facts.deals, facts.registrations, today);
  return {
    id: p.id,
    pairingKey: p.pairingKey,
    partners: p.partnerIds.map((id) => toApiPartner(toPairingPartner(id, directory))),
    model: p.model,
    startDate: p.startDate,
    targets: p.targets,
    status: p.status,
    decision: p.decision ? { ...p.decision, decidedByName: names(p.decision.decidedBy) } : null,
    progress,
    suggestion: p.status === 'active' ? reviewSuggestion(progress) : null,
  };
}

const todayOf = (deps: Pick<AppDeps, 'clock'>) => deps.clock().toISOString().slice(0, 10);

async function viewsOf(deps: AppDeps, pairings: Pairing[]): Promise<Outcome<Api.PairingView[]>> {
  try {
    const [directory, facts, names] = await Promise.all([
      readPartnerDirectory(deps, pairings.flatMap((p) => p.partnerIds)),
      readPairingFacts(deps, pairings),
      pairings.some((p) => p.decision) ? loadUserNames(deps) : Promise.resolve(noNames),
    ]);
    const today = todayOf(deps);
    return ok(pairings.map((p) => toPairingView(p, facts.get(p.id)!, directory, names, today)));
  } catch (error) {
    if (error instanceof CrmError) return unavailable(`HubSpot could not be read for the pairings' partners and deals: ${error.message}`);
    throw error;
  }
}

/** Every pairing (active first, then decided ones), with progress against its targets. */
export async function listPairings(deps: AppDeps): Promise<Outcome<Api.PairingList>> {
  const rows = await deps.store.pairings.list();
  const order = { active: 0, scaled: 1, ended: 2 } as const;
  const pairings = rows.map(toPairing).sort((a, b) => order[a.status] - order[b.status]);
  const views = await viewsOf(deps, pairings);
  return views.ok ? ok({ pairings: views.value }) : views;
}

/** Active pairings at or past day 90, each with the scale-or-end suggestion. */
export async function reviewPairings(deps: AppDeps): Promise<Outcome<Api.PairingList>> {
  const listed = await listPairings(deps);
  if (!listed.ok) return listed;
  return ok({ pairings: listed.value.pairings.filter((p) => p.status === 'active' && p.suggestion !== null) });
}

/** The partners of a new pairing, checked: known companies typed as partners, no company twice. */
async function checkPartners(deps: AppDeps, partnerIds: string[]): Promise<Outcome<{ partners: PairingPartner[]; directory: Map<string, CrmCompany> }>> {
  const fields: Array<{ path: string; message: string }> = [];
  const seen = new Map<string, number>();
  partnerIds.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) fields.push({ path: `partnerIds[${i}]`, message: `the same partner as partnerIds[${first}]` });
    else seen.set(id, i);
  });
  let directory: Map<string, CrmCompany>;
  try {
    directory = await readPartnerDirectory(deps, partnerIds);
  } catch (error) {
    if (error instanceof CrmError) return unavailable(`HubSpot could not be read for the partner companies: ${error.message}`);
    throw error;
  }
  partnerIds.forEach((id, i) => {
    const c = directory.get(id);
    if (!c) fields.push({ path: `partnerIds[${i}]`, message: `company ${id} does not exist` });
    else if (!c.partnerType) fields.push({ path: `partnerIds[${i}]`, message: `${c.name} is not a partner company (set its Co-sell partner type first)` });
  });
  if (fields.length > 0) return invalid(fields);
  return ok({ partners: partnerIds.map((id) => toPairingPartner(id, directory)), directory });
}

/** The complementarity warnings a new pairing would get, before it is started; nothing is written. */
export async function checkPairing(deps: AppDeps, body: Api.CheckPairingRequest): Promise<Outcome<Api.CheckPairingResponse>> {
  const checked = await checkPartners(deps, body.partnerIds);
  if (!checked.ok) return checked;
  const others = (await deps.store.pairings.list()).map(toPairing);
  const names = new Map([...checked.value.directory.values()].map((c) => [c.id, c.name]));
  const warnings = pairingWarnings(checked.value.partners, body.startDate, others, names);
  return ok({ partners: checked.value.partners.map(toApiPartner), warnings });
}

/** Starts a pairing; answers it with the warnings it was started despite (they never block). */
export async function startPairing(deps: AppDeps, body: Api.StartPairingRequest, actor: Actor): Promise<Outcome<Api.StartPairingResponse>> {
  const checked = await checkPartners(deps, body.partnerIds);
  if (!checked.ok) return checked;
  const targets = { ...DEFAULT_PAIRING_TARGETS, ...(body.targetRegistrations === undefined ? {} : { registrations: body.targetRegistrations }) };
  const names = new Map([...checked.value.directory.values()].map((c) => [c.id, c.name]));
  let created: { pairing: Pairing; warnings: ReturnType<typeof pairingWarnings> };
  try {
    created = await deps.store.transaction(async (tx) => {
      const others = (await tx.pairings.list()).map(toPairing);
      const warnings = pairingWarnings(checked.value.partners, body.startDate, others, names);
      const row = await tx.pairings.create({ partnerIds: body.partnerIds, model: body.model, startDate: body.startDate, targets, createdBy: actor.userId });
      const pairing = toPairing(row);
      await tx.audit.record({ actor: actor.userId, action: 'pairing.start', entityType: 'pairing', entityId: pairing.id, after: { ...row, warnings }, requestId: actor.requestId });
      return { pairing, warnings };
    });
  } catch (error) {
    if (error instanceof ConflictError) {
      const who = checked.value.partners.map((p) => p.name).join(' + ');
      return conflict(`${who} are already an active pairing: decide it (scaled or ended) before starting them again`, [{ path: 'partnerIds', message: 'already an active pairing' }]);
    }
    throw error;
  }
  const views = await viewsOf(deps, [created.pairing]);
  if (!views.ok) return views;
  deps.logger.info({ pairingId: created.pairing.id, warnings: created.warnings.map((w) => w.code) }, 'pairing started');
  return ok({ pairing: views.value[0]!, warnings: created.warnings });
}

/** Records partner ops' decision (scaled or ended) with a note; a pairing is decided once. */
export async function decidePairing(deps: AppDeps, pairingId: string, body: Api.DecidePairingRequest, actor: Actor): Promise<Outcome<Api.PairingView>> {
  let decided: Pairing;
  try {
    decided = await deps.store.transaction(async (tx) => {
      const before = await tx.pairings.get(pairingId);
      const row = await tx.pairings.decide(pairingId, { status: body.status, note: body.note, by: actor.userId });
      await tx.audit.record({ actor: actor.userId, action: 'pairing.decide', entityType: 'pairing', entityId: pairingId, before, after: row, requestId: actor.requestId });
      return toPairing(row);
    });
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(`pairing ${pairingId} not found`);
    if (error instanceof ConflictError) {
      const current = await deps.store.pairings.get(pairingId);
      return conflict(`pairing ${pairingId} was already decided (${current?.status ?? 'unknown'}${current?.decidedAt ? ` on ${current.decidedAt.slice(0, 10)}` : ''})`, [{ path: 'status', message: 'already decided' }]);
    }
    throw error;
  }
  const views = await viewsOf(deps, [decided]);
  return views.ok ? ok(views.value[0]!) : views;
}

/** The pairings a partner is in, with progress, for its scorecard (empty when HubSpot cannot be read). */
export async function partnerPairingSummaries(deps: AppDeps, companyId: string): Promise<Api.PartnerPairingSummary[]> {
  const pairings = (await deps.store.pairings.list()).map(toPairing).filter((p) => p.partnerIds.includes(companyId));
  if (pairings.length === 0) return [];
  const views = await viewsOf(deps, pairings);
  if (!views.ok) {
    deps.logger.warn({ companyId, reason: views.message }, 'scorecard shows no pairing progress');
    return [];
  }
  return views.value.map((v) => ({ id: v.id, partners: v.partners, status: v.status, startDate: v.startDate, progress: v.progress }));
}
