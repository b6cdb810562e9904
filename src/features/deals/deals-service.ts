import type * as Api from '../../contract/card-api';
import type { AttributionPlan as DomainPlan, FieldError } from '../../domain';
import { VERSION_LABEL_HINT, conflictsFor, diffRuleSets, formatMoney, isVersionLabel, pairingKey, parseMoney, parseRuleSet, PARTNER_TYPES, ROLES, ruleSetWarnings, selectRuleSet } from '../../domain';
import { AttributionPlan as AttributionPlanSchema } from '../../contract/card-api';
import { z } from 'zod';
import type { CrmCompany } from '../../hubspot/crm-gateway';
import { CrmError, CrmPermanentError } from '../../hubspot';
import { ConflictError, NotFoundError } from '../../store/store-error';
import type { PublishedRuleSet as StoredPublished, Registration as StoredRegistration, RuleSetDraft as StoredDraft, Touchpoint as StoredTouchpoint } from '../../store/store';
import { DEFAULT_REGISTRATION_TTL_DAYS } from '../../store/store-constants';
import type { AppDeps } from '../../app/app-deps';
import type { DealContext, RegistrationKeys } from '../../app/deal-context';
import { computeDealPlan, detectConflicts, loadConflictEntries, loadRuleSets, readDealContexts, takesPartInConflicts, toIndexEntry } from '../../app/deal-context';
import { readDealSettings, toStoredDealSettings, unassignedItems } from '../../app/deal-settings';
import { jobItem } from '../../jobs/inbox-job';
import type { RecomputeDealsJob, RecomputeOpenJob } from '../attribution/attribution-job-schemas';
import type { TouchpointNoteJob } from '../touchpoints/touchpoints-jobs';
import { openRegistrationKeys, recomputeDeals } from '../attribution/recompute-deals';
import type { RegistrationSnapshot } from '../../app/registration-snapshot';
import { parseRegistrationSnapshot, toStoredSnapshot } from '../../app/registration-snapshot';
import { mirrorTouchpointNote } from '../touchpoints/touchpoint-note';

/** Who is acting, and which request: every change is audited with both. */
export interface Actor {
  userId: string;
  requestId: string;
}

export type ServiceError = { status: number; code: Api.ErrorCode; message: string; fields?: FieldError[] };
export type ServiceResult<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

const ok = <T>(value: T): ServiceResult<T> => ({ ok: true, value });
const notFound = (message: string): ServiceResult<never> => ({ ok: false, error: { status: 404, code: 'not_found', message } });
const invalid = (fields: FieldError[], message = 'the request is invalid'): ServiceResult<never> => ({
  ok: false,
  error: { status: 400, code: 'invalid_request', message: `${message}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields },
});
const conflict = (message: string, fields?: FieldError[]): ServiceResult<never> => ({ ok: false, error: { status: 409, code: 'conflict', message, ...(fields ? { fields } : {}) } });

// ---------- mapping domain/store shapes to the contract ----------

export function toApiPlan(plan: DomainPlan): Api.AttributionPlan {
  return {
    dealId: plan.dealId,
    model: plan.model,
    ruleVersion: plan.ruleVersion,
    currency: plan.currency,
    dealAmount: plan.dealAmount,
    pool: { rate: plan.pool.rate, amount: plan.pool.amount, currency: plan.pool.currency },
    allocations: plan.allocations.map((a) => ({ partnerId: a.partnerId, partnerName: a.partnerName ?? null, roles: a.roles, weight: a.weight, share: a.share, amount: a.amount })),
    unallocated: plan.unallocated,
    warnings: plan.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.partnerId ? { partnerId: w.partnerId } : {}) })),
    explanation: plan.explanation,
  };
}

function toApiCompany(c: CrmCompany): Api.PartnerCompany {
  return { companyId: c.id, name: c.name, partnerType: c.partnerType, domain: c.domain, parentCompanyId: c.parentCompanyId };
}

/** A HubSpot user's name by user id; null when the portal's owners do not name that user. */
export type UserNames = (userId: string) => string | null;
const noNames: UserNames = () => null;

/**
 * Names of the portal's users, from its owners (one paged read). Cards identify users by user id;
 * an owner carries both its owner id and its user id, and either may have been stored (the local
 * preview acts as an owner id), so both are looked up, the user id first. When HubSpot does not
 * answer, the card still works and shows ids (a name is a nicety, not worth failing the read).
 * https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide
 */
export async function loadUserNames(deps: Pick<AppDeps, 'gateway' | 'logger'>): Promise<UserNames> {
  let owners: Awaited<ReturnType<AppDeps['gateway']['listOwners']>>;
  try {
    owners = await deps.gateway.listOwners();
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    deps.logger.warn({ err: error }, 'could not read the HubSpot owners; showing user ids instead of names');
    return noNames;
  }
  const byUser = new Map<string, string>();
  const byOwner = new Map<string, string>();
  for (const o of owners) {
    const name = `${o.firstName} ${o.lastName}`.trim() || o.email;
    if (!name) continue;
    if (o.userId) byUser.set(o.userId, name);
    byOwner.set(o.id, name);
  }
  return (userId) => byUser.get(userId) ?? byOwner.get(userId) ?? null;
}

function toApiTouchpoint(t: StoredTouchpoint, names: UserNames = noNames): Api.Touchpoint {
  return { id: t.id, dealId: t.dealId, companyId: t.partnerId, kind: t.kind, occurredAt: t.occurredAt, summary: t.summary, loggedBy: t.loggedBy, loggedByName: names(t.loggedBy), noteId: t.noteId, createdAt: t.createdAt };
}

const roleText = (roles: readonly string[]) => roles.map((r) => r.replace(/_/g, ' ')).join(', ');

function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/**
 * How the deal's partners and roles now differ from a registration's snapshot, by name
 * ("Bluepeak no longer on the deal"); empty when they still match.
 */
export function registrationChanges(snapshot: Pick<RegistrationSnapshot, 'partners'>, current: ReadonlyArray<{ companyId: string; name: string; roles: readonly string[] }>): string[] {
  const out: string[] = [];
  const now = new Map(current.map((p) => [p.companyId, p]));
  for (const p of snapshot.partners) {
    const cur = now.get(p.companyId);
    if (!cur) out.push(`${p.name} no longer on the deal`);
    else if ([...cur.roles].sort().join() !== [...p.roles].sort().join()) out.push(`${cur.name} is now ${roleText(cur.roles)} (registered as ${roleText(p.roles)})`);
  }
  const registered = new Set(snapshot.partners.map((p) => p.companyId));
  for (const p of current) if (!registered.has(p.companyId)) out.push(`${p.name} (${roleText(p.roles)}) joined the deal after the registration`);
  return out;
}

/** The contract's view of a stored registration; `current` partners make it say what changed since. */
function toApiRegistration(r: StoredRegistration, snapshot: RegistrationSnapshot, now: Date, current: DealContext['partners'] | null, names: UserNames = noNames): Api.Registration {
  const expired = r.status === 'open' && Date.parse(r.expiresAt) <= now.getTime();
  const live = r.status === 'open';
  return {
    id: r.id,
    dealId: r.dealId,
    registeredAt: r.registeredAt,
    registeredBy: r.registeredBy,
    registeredByName: names(r.registeredBy),
    model: snapshot.model,
    partners: snapshot.partners,
    split: snapshot.split,
    status: expired ? 'expired' : r.status,
    expiresAt: r.expiresAt,
    renewedAt: r.renewedAt,
    withdrawal: r.withdrawnAt ? { at: r.withdrawnAt, by: r.withdrawnBy ?? '', byName: r.withdrawnBy ? names(r.withdrawnBy) : null, reason: r.withdrawReason ?? '' } : null,
    registeredWith: `Registered with ${listText(snapshot.partners.map((p) => `${p.name} (${roleText(p.roles)})`))}`,
    changes: live && current ? registrationChanges(snapshot, current) : [],
    confirmedConflicts: snapshot.confirmedConflicts.map((c) => c.message),
  };
}

// ---------- deal state ----------

async function dealContext(deps: AppDeps, dealId: string): Promise<DealContext | null> {
  if (!/^\d+$/.test(dealId)) return null;
  return (await readDealContexts(deps, [dealId])).get(dealId) ?? null;
}

/**
 * How long a card read may wait for HubSpot. hubspot.fetch gives up after 15 s and a burst 429
 * alone waits out a 10 s window, so past this the card answers from stored data instead.
 */
export const DEAL_STATE_BUDGET_MS = 2_000;

export interface DealStateOptions {
  /** Default deps.dealStateBudgetMs, then DEAL_STATE_BUDGET_MS. */
  budgetMs?: number;
}

/**
 * A deal's co-sell state for the card: the split is computed live from the CRM as it is now;
 * `computedAt` says when the CRM properties were last written. When HubSpot does not answer
 * within the budget (slow, throttled, blocked or failing), the answer comes from what the store
 * knows — the latest ledger entry, the plan, touchpoints, registration and account index — marked
 * `stale` with the time of that data. A permanent HubSpot error or a bug is not hidden this way.
 */
export async function getDealState(deps: AppDeps, dealId: string, opts: DealStateOptions = {}): Promise<ServiceResult<Api.DealCoSellState>> {
  if (!/^\d+$/.test(dealId)) return notFound(`deal ${dealId} not found`);
  const budgetMs = opts.budgetMs ?? deps.dealStateBudgetMs ?? DEAL_STATE_BUDGET_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The live read keeps going after the budget (it warms the gateway's caches); its late result
  // or failure is dropped, never left as an unhandled rejection.
  const live = liveDealState(deps, dealId).then(
    (value) => ({ kind: 'live' as const, value }),
    (error: unknown) => ({ kind: 'failed' as const, error }),
  );
  const late = new Promise<{ kind: 'late' }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'late' }), budgetMs);
  });
  const outcome = await Promise.race([live, late]);
  clearTimeout(timer);
  if (outcome.kind === 'live') return outcome.value;
  if (outcome.kind === 'failed' && !crmCouldNotAnswer(outcome.error)) throw outcome.error;

  const reason = outcome.kind === 'late' ? 'crm_slow' : 'crm_unavailable';
  const stored = await storedDealState(deps, dealId, reason);
  if (stored) {
    deps.logger.warn(
      { dealId, reason, asOf: stored.stale?.asOf, ...(outcome.kind === 'failed' ? { err: outcome.error } : { budgetMs }) },
      `card shows the stored co-sell state of deal "${stored.deal.name}" as of ${stored.stale?.asOf ?? 'unknown'}: HubSpot ${reason === 'crm_slow' ? `did not answer within ${budgetMs} ms` : 'failed'}`,
    );
    return ok(stored);
  }
  if (outcome.kind === 'failed') throw outcome.error;
  return {
    ok: false,
    error: { status: 503, code: 'crm_unavailable', message: `HubSpot did not answer within ${budgetMs / 1000} s and the co-sell details of this deal were never computed; try again in a moment.` },
  };
}

async function liveDealState(deps: AppDeps, dealId: string): Promise<ServiceResult<Api.DealCoSellState>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  return ok(await assembleState(deps, ctx));
}

/** HubSpot was slow, throttled, blocked or failing — not "your request is wrong". */
function crmCouldNotAnswer(error: unknown): boolean {
  return error instanceof CrmError && !(error instanceof CrmPermanentError);
}

/**
 * The ledger's `inputs` as recompute-deals writes them. Only what the stale card shows is read;
 * a row that does not match is not shown (the card then relies on the account index).
 */
const storedInputsSchema = z.object({
  deal: z.object({
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    closeDate: z.string().nullable(),
    stageId: z.string().nullable(),
    status: z.enum(['open', 'won', 'lost']),
  }),
  partners: z.array(
    z.object({ companyId: z.string(), name: z.string(), partnerType: z.enum(PARTNER_TYPES).nullable(), isPartner: z.boolean(), roles: z.array(z.enum(ROLES)) }),
  ),
});

/** The deal's state from the store alone (no HubSpot call); null when the deal was never computed. */
async function storedDealState(deps: AppDeps, dealId: string, reason: Api.StaleMarker['reason']): Promise<Api.DealCoSellState | null> {
  const [latestLedger, indexRows, settingsRow, touchpoints, registration, registrations] = await Promise.all([
    deps.store.ledger.latestForDeal(dealId),
    deps.store.accountIndex.get([dealId]),
    readDealSettings(deps.store, dealId),
    deps.store.touchpoints.listByDeal(dealId),
    deps.store.registrations.latestForDeal(dealId),
    openRegistrationKeys(deps.store),
  ]);
  const indexRow = indexRows[0];
  if (!latestLedger && !indexRow) return null;

  const inputs = latestLedger ? storedInputsSchema.safeParse(latestLedger.inputs) : undefined;
  if (latestLedger && inputs && !inputs.success) {
    const issue = inputs.error.issues[0];
    deps.logger.warn(
      { dealId, ledgerEntryId: latestLedger.id, field: issue ? `inputs.${issue.path.join('.')}` : 'inputs', message: issue?.message },
      `ledger entry ${latestLedger.id} of deal "${indexRow?.name ?? dealId}" does not have the expected inputs; the stored card state uses the account index for the deal and its partners`,
    );
  }
  const known = inputs?.success ? inputs.data : undefined;
  const split = latestLedger ? storedSplit(deps, dealId, latestLedger) : null;
  const partners: Api.DealPartner[] = known
    ? known.partners
    : (indexRow?.partnerIds ?? []).map((id) => ({ companyId: id, name: indexRow?.partnerNames[id] ?? `Company ${id}`, partnerType: null, isPartner: true, roles: [] }));
  const status = known?.deal.status ?? indexRow?.status ?? 'open';

  let conflicts: Api.Conflict[] = [];
  if (indexRow && status === 'open') {
    const entries = await loadConflictEntries(deps.store, new Map([[dealId, indexRow]]), registrations);
    conflicts = conflictsFor(dealId, detectConflicts(entries.values(), registrations)).map((c) => toApiConflict(dealId, c));
  }
  const snapshot = registration ? parseRegistrationSnapshot(registration) : null;
  const { settings } = settingsRow;
  const asOf = latestLedger?.computedAt ?? indexRow!.updatedAt;
  return {
    deal: {
      id: dealId,
      name: indexRow?.name ?? `Deal ${dealId}`,
      amount: known?.deal.amount ?? split?.dealAmount ?? null,
      currency: known?.deal.currency ?? split?.currency ?? 'USD',
      pipelineId: null,
      stageId: known?.deal.stageId ?? null,
      // Stage labels come from HubSpot's pipeline metadata, which is what is not answering.
      stageLabel: null,
      isClosed: status !== 'open',
      isClosedWon: status === 'won',
      closeDate: known?.deal.closeDate ?? indexRow?.closeDate ?? null,
    },
    partners,
    // The picker lists HubSpot's partner companies: nothing to offer until HubSpot answers.
    partnerCompanies: [],
    model: settings.model,
    plan: settings.plan,
    unassigned: unassignedItems(settings.plan, [], partners),
    split,
    splitErrors: [],
    conflicts,
    touchpoints: touchpoints.map((t) => toApiTouchpoint(t)).reverse(),
    registration: registration && snapshot ? toApiRegistration(registration, snapshot, deps.clock(), null) : null,
    warnings: split?.warnings ?? [],
    computedAt: latestLedger?.computedAt ?? null,
    stale: { asOf, reason },
  };
}

/** The split of a ledger entry in the contract's shape; null (and a warning) when the stored plan does not fit it. */
function storedSplit(deps: AppDeps, dealId: string, entry: { id: string; plan: unknown }): Api.AttributionPlan | null {
  const plan = entry.plan;
  const shaped = !!plan && typeof plan === 'object' && Array.isArray((plan as { allocations?: unknown }).allocations) && Array.isArray((plan as { warnings?: unknown }).warnings);
  const parsed = shaped ? AttributionPlanSchema.safeParse(toApiPlan(plan as DomainPlan)) : undefined;
  if (parsed?.success) return parsed.data;
  const issue = parsed?.error.issues[0];
  deps.logger.warn(
    { dealId, ledgerEntryId: entry.id, field: issue ? `plan.${issue.path.join('.')}` : 'plan', message: issue?.message ?? 'not a plan' },
    `ledger entry ${entry.id} holds no readable split; the stored card state shows none`,
  );
  return null;
}

function toApiConflict(dealId: string, c: ReturnType<typeof conflictsFor>[number]): Api.Conflict {
  const others = c.entryIds.filter((id) => id !== dealId);
  return {
    reason: c.reason,
    matchedOn: c.matchedOn,
    account: c.accountValue,
    otherDealIds: others.filter((id) => !id.startsWith('registration:')),
    otherRegistrationIds: others.filter((id) => id.startsWith('registration:')).map((id) => id.slice(13)),
    partnerIds: c.partnerIds,
    message: c.message,
  };
}

/** The names of the users a plan assigns internally (relationship owner, stage leads, post-sale), where HubSpot knows them. */
function internalUserNames(plan: Api.CoSellPlan, names: UserNames): Record<string, string> {
  const assignees = [plan.relationshipOwner, ...plan.stageLeads.map((l) => l.lead), plan.postSale.onboarding, plan.postSale.support, plan.postSale.renewal];
  const out: Record<string, string> = {};
  for (const a of assignees) {
    if (a?.kind !== 'internal') continue;
    const name = names(a.ownerId);
    if (name) out[a.ownerId] = name;
  }
  return out;
}

/**
 * The open stages of a pipeline from the deal's current stage on: the only stages a lead can still
 * be named for. HubSpot lists a pipeline's stages in their display order
 * (https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide); a stage it does not
 * list (just deleted, say) leaves every open stage ahead.
 */
export function stagesAhead<S extends { stageId: string; isClosed: boolean }>(pipelineStages: S[], currentStageId: string | null): S[] {
  const open = pipelineStages.filter((s) => !s.isClosed);
  const at = open.findIndex((s) => s.stageId === currentStageId);
  return at === -1 ? open : open.slice(at);
}

async function assembleState(deps: AppDeps, ctx: DealContext): Promise<Api.DealCoSellState> {
  const dealId = ctx.deal.id;
  const [rules, stages, partnerCompanies, touchpoints, registration, latestLedger, registrations, names] = await Promise.all([
    loadRuleSets(deps.store),
    deps.gateway.readStages(),
    deps.gateway.listPartnerCompanies(),
    deps.store.touchpoints.listByDeal(dealId),
    deps.store.registrations.latestForDeal(dealId),
    deps.store.ledger.latestForDeal(dealId),
    openRegistrationKeys(deps.store),
    loadUserNames(deps),
  ]);
  const result = computeDealPlan(ctx, rules);
  // The deal as it is in the CRM now replaces its stored row (which may be stale or absent).
  const live = await loadConflictEntries(deps.store, new Map([[dealId, toIndexEntry(ctx)]]), registrations);
  const conflicts = ctx.status === 'open' ? conflictsFor(dealId, detectConflicts(live.values(), registrations)) : [];

  const pipelineStages = [...stages.values()].filter((s) => s.pipelineId === (ctx.deal.pipelineId ?? ctx.stage?.pipelineId));
  const ahead = ctx.status === 'open' ? stagesAhead(pipelineStages, ctx.deal.stageId) : [];
  const warnings: Api.Warning[] = result.ok ? toApiPlan(result.value).warnings : [];
  for (const p of ctx.partnersWithoutRole) {
    warnings.push({ code: 'partner_without_role', message: `${p.name} is associated with this deal but has no role: give it a role or remove the association; it gets no share until then.`, partnerId: p.companyId });
  }
  if (ctx.partners.length >= 2 && !ctx.settings.plan.relationshipOwner) {
    warnings.push({ code: 'no_relationship_owner', message: 'This co-sell deal has no relationship owner: name one before the first customer conversation.' });
  }
  const snapshot = registration ? parseRegistrationSnapshot(registration) : null;
  return {
    deal: {
      id: dealId,
      name: ctx.deal.name,
      amount: ctx.deal.amount,
      currency: ctx.deal.currency ?? 'USD',
      pipelineId: ctx.deal.pipelineId,
      stageId: ctx.deal.stageId,
      stageLabel: ctx.stage?.label ?? null,
      isClosed: ctx.status !== 'open',
      isClosedWon: ctx.status === 'won',
      closeDate: ctx.deal.closeDate,
    },
    partners: ctx.partners.map((p) => ({ companyId: p.companyId, name: p.name, partnerType: p.partnerType, isPartner: p.isPartner, roles: p.roles })),
    partnerCompanies: partnerCompanies.map(toApiCompany),
    model: ctx.settings.model,
    plan: ctx.settings.plan,
    unassigned: unassignedItems(ctx.settings.plan, ahead, ctx.partners),
    stagesAhead: ahead.map((st) => ({ stageId: st.stageId, label: st.label })),
    userNames: internalUserNames(ctx.settings.plan, names),
    split: result.ok ? toApiPlan(result.value) : null,
    splitErrors: result.ok ? [] : result.errors,
    conflicts: conflicts.map((c) => toApiConflict(dealId, c)),
    touchpoints: touchpoints.map((t) => toApiTouchpoint(t, names)).reverse(),
    registration: registration && snapshot ? toApiRegistration(registration, snapshot, deps.clock(), ctx.partners, names) : null,
    warnings,
    computedAt: latestLedger?.computedAt ?? null,
    stale: null,
  };
}

// ---------- partners and plan ----------

/**
 * The checks a partner list passes before it is saved or previewed: no company twice, no role
 * twice, every company exists and is a partner. Answers the companies read, keyed by id.
 */
async function checkPartners(deps: AppDeps, body: Api.SetPartnersRequest): Promise<ServiceResult<Map<string, CrmCompany>>> {
  const fields: FieldError[] = [];
  const seen = new Map<string, number>();
  body.partners.forEach((p, i) => {
    const first = seen.get(p.companyId);
    if (first !== undefined) fields.push({ path: `partners[${i}].companyId`, message: `company ${p.companyId} is already partners[${first}]` });
    else seen.set(p.companyId, i);
    if (new Set(p.roles).size !== p.roles.length) fields.push({ path: `partners[${i}].roles`, message: 'lists a role twice' });
  });
  const companies = body.partners.length > 0 ? await deps.gateway.readCompanies(body.partners.map((p) => p.companyId)) : new Map<string, CrmCompany>();
  body.partners.forEach((p, i) => {
    const company = companies.get(p.companyId);
    if (!company) fields.push({ path: `partners[${i}].companyId`, message: `company ${p.companyId} does not exist` });
    else if (!company.partnerType) fields.push({ path: `partners[${i}].companyId`, message: `${company.name} is not a partner company (set its Co-sell partner type first)` });
  });
  return fields.length > 0 ? invalid(fields) : ok(companies);
}

/**
 * The split a partner list would produce, before it is saved: the same checks and the same
 * computation as saving (the deal as it is in HubSpot now, the rules in force), but nothing is
 * written, so the card can show unsaved changes with their effect.
 */
export async function previewDealSplit(deps: AppDeps, dealId: string, body: Api.SetPartnersRequest): Promise<ServiceResult<Api.SplitPreview>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const checked = await checkPartners(deps, body);
  if (!checked.ok) return checked;
  const companies = checked.value;
  const draft: DealContext = {
    ...ctx,
    partners: body.partners.map((p) => {
      const company = companies.get(p.companyId)!;
      return { companyId: p.companyId, name: company.name, partnerType: company.partnerType, isPartner: true, roles: [...p.roles] };
    }),
    settings: { ...ctx.settings, model: body.model === undefined ? ctx.settings.model : body.model },
  };
  const result = computeDealPlan(draft, await loadRuleSets(deps.store));
  return ok(result.ok ? { split: toApiPlan(result.value), splitErrors: [] } : { split: null, splitErrors: result.errors });
}

/**
 * Sets partners and roles: written to HubSpot as association labels (so reps, imports and
 * workflows see the same thing), then recomputed at once so the card shows the new split.
 */
export async function setDealPartners(deps: AppDeps, dealId: string, body: Api.SetPartnersRequest, actor: Actor): Promise<ServiceResult<Api.DealCoSellState>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const checked = await checkPartners(deps, body);
  if (!checked.ok) return checked;

  const before = { model: ctx.settings.model, partners: ctx.partners.map((p) => ({ companyId: p.companyId, roles: p.roles })) };
  await deps.gateway.setDealPartnerRoles(dealId, body.partners);
  if (body.model !== undefined && body.model !== ctx.settings.model) {
    // Settings and revision from one read: a plan saved since `ctx` was read is kept, not overwritten.
    const { settings, revision } = await readDealSettings(deps.store, dealId);
    await deps.store.dealPlans.put(dealId, toStoredDealSettings({ ...settings, model: body.model }), actor.userId, { expectedRevision: revision });
  }
  await deps.store.audit.record({ actor: actor.userId, action: 'deal.partners.set', entityType: 'deal', entityId: dealId, before, after: body, requestId: actor.requestId });
  await recomputeDeals(deps, [dealId], 'card');
  return getDealState(deps, dealId);
}

export async function setDealPlan(deps: AppDeps, dealId: string, plan: Api.CoSellPlan, actor: Actor): Promise<ServiceResult<Api.DealCoSellState>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const partnerIds = new Set(ctx.partners.map((p) => p.companyId));
  const stages = await deps.gateway.readStages();
  const fields: FieldError[] = [];
  const checkAssignee = (a: Api.Assignee | null, path: string) => {
    if (a?.kind === 'partner' && !partnerIds.has(a.companyId)) fields.push({ path: `${path}.companyId`, message: `company ${a.companyId} is not a partner on this deal` });
  };
  checkAssignee(plan.relationshipOwner, 'relationshipOwner');
  plan.stageLeads.forEach((l, i) => {
    const stage = stages.get(l.stageId);
    if (!stage || (ctx.deal.pipelineId && stage.pipelineId !== ctx.deal.pipelineId)) fields.push({ path: `stageLeads[${i}].stageId`, message: `"${l.stageId}" is not a stage of this deal's pipeline` });
    checkAssignee(l.lead, `stageLeads[${i}].lead`);
  });
  checkAssignee(plan.postSale.onboarding, 'postSale.onboarding');
  checkAssignee(plan.postSale.support, 'postSale.support');
  checkAssignee(plan.postSale.renewal, 'postSale.renewal');
  plan.commitments.forEach((c, i) => {
    if (!partnerIds.has(c.companyId)) fields.push({ path: `commitments[${i}].companyId`, message: `company ${c.companyId} is not a partner on this deal` });
  });
  if (fields.length > 0) return invalid(fields);
  const { settings, revision } = await readDealSettings(deps.store, dealId);
  await deps.store.dealPlans.put(dealId, toStoredDealSettings({ ...settings, plan }), actor.userId, { expectedRevision: revision });
  await deps.store.audit.record({ actor: actor.userId, action: 'deal.plan.set', entityType: 'deal', entityId: dealId, before: settings.plan, after: plan, requestId: actor.requestId });
  return ok(await assembleState(deps, { ...ctx, settings: { ...settings, plan } }));
}

// ---------- touchpoints ----------

export async function createTouchpoint(deps: AppDeps, dealId: string, body: Api.CreateTouchpointRequest, actor: Actor): Promise<ServiceResult<Api.Touchpoint>> {
  return idempotent(deps, { endpoint: 'createTouchpoint', dealId, body }, () => logTouchpoint(deps, dealId, body, actor));
}

const DAY_MS = 86_400_000;
/** UTC+14 is the earliest time zone: a user there is already on tomorrow's date for most of today in UTC. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/**
 * A logged touchpoint has happened, so its date may not be after today, in whichever time zone the
 * user is: anything past the end of the date it already is in UTC+14 is in the future for everyone.
 */
export function touchpointInFuture(occurredAt: string, now: Date): boolean {
  const lastDayStart = Math.floor((now.getTime() + EARLIEST_ZONE_MS) / DAY_MS) * DAY_MS;
  return Date.parse(occurredAt) >= lastDayStart + DAY_MS;
}

async function logTouchpoint(deps: AppDeps, dealId: string, body: Api.CreateTouchpointRequest, actor: Actor): Promise<ServiceResult<Api.Touchpoint>> {
  if (touchpointInFuture(body.occurredAt, deps.clock())) return invalid([{ path: 'occurredAt', message: 'must not be in the future (log touchpoints that have happened)' }]);
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const partner = ctx.partners.find((p) => p.companyId === body.companyId);
  if (!partner) return invalid([{ path: 'companyId', message: `company ${body.companyId} is not a partner on this deal` }]);
  const stored = await deps.store.touchpoints.add({ dealId, partnerId: body.companyId, kind: body.kind, occurredAt: body.occurredAt, summary: body.summary, loggedBy: actor.userId });
  await deps.store.audit.record({ actor: actor.userId, action: 'touchpoint.create', entityType: 'touchpoint', entityId: stored.id, after: stored, requestId: actor.requestId });
  let noteId: string | null = null;
  try {
    noteId = await mirrorTouchpointNote(deps, stored.id, partner.name);
  } catch (error) {
    // The touchpoint is saved; the note follows through the inbox with the worker's retries.
    deps.logger.warn({ err: error, touchpointId: stored.id, dealId }, 'note for touchpoint failed; queued for retry');
    await deps.store.inbox.enqueue([jobItem<TouchpointNoteJob>({ type: 'touchpoint-note', touchpointId: stored.id }, `touchpoint-note:${stored.id}`, deps.clock())]);
  }
  return ok(toApiTouchpoint({ ...stored, noteId }, await loadUserNames(deps)));
}

export async function listTouchpoints(deps: AppDeps, dealId: string): Promise<ServiceResult<Api.TouchpointList>> {
  if (!/^\d+$/.test(dealId)) return notFound(`deal ${dealId} not found`);
  const [list, names] = await Promise.all([deps.store.touchpoints.listByDeal(dealId), loadUserNames(deps)]);
  return ok({ touchpoints: list.map((t) => toApiTouchpoint(t, names)).reverse() });
}

// ---------- registration ----------

/**
 * Registers the co-sell: a snapshot of roles, expected contributions and the split as of now,
 * valid for REGISTRATION_TTL_DAYS. A deal in an account conflict is registered only when the user
 * confirmed it (`confirmConflict`); the conflicts confirmed are recorded with the registration.
 */
export async function registerDeal(deps: AppDeps, dealId: string, body: Api.RegisterRequest, actor: Actor): Promise<ServiceResult<Api.Registration>> {
  return idempotent(deps, { endpoint: 'registerDeal', dealId, body }, () => register(deps, dealId, body, actor));
}

async function register(deps: AppDeps, dealId: string, body: Api.RegisterRequest, actor: Actor): Promise<ServiceResult<Api.Registration>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const dealName = `deal "${ctx.deal.name}"`;
  if (ctx.status !== 'open') return conflict(`${dealName} is closed; only open deals can be registered`);
  if (ctx.partners.length === 0) return invalid([{ path: 'partners', message: 'the deal has no partners yet: set partners and roles first' }]);
  const fields: FieldError[] = [];
  const contributions = new Map<string, string>();
  body.expectedContributions.forEach((c, i) => {
    if (!ctx.partners.some((p) => p.companyId === c.companyId)) fields.push({ path: `expectedContributions[${i}].companyId`, message: `company ${c.companyId} is not a partner on this deal` });
    else if (contributions.has(c.companyId)) fields.push({ path: `expectedContributions[${i}].companyId`, message: `company ${c.companyId} is listed twice` });
    contributions.set(c.companyId, c.contribution);
  });
  if (fields.length > 0) return invalid(fields);

  const conflicts = await conflictsOfRegistering(deps, ctx);
  if (conflicts.length > 0 && !body.confirmConflict) {
    const message = `${capitalize(dealName)} is in an account conflict: ${conflicts.map((c) => c.message).join(' ')} Confirm to register it anyway (confirmConflict: true).`;
    return conflict(message, [{ path: 'confirmConflict', message: conflicts.map((c) => c.message).join(' ') }]);
  }

  const result = computeDealPlan(ctx, await loadRuleSets(deps.store));
  const now = deps.clock();
  const snapshot: RegistrationSnapshot = {
    model: result.ok ? result.value.model : ctx.partners.length === 1 ? 'solo' : (ctx.settings.model ?? 'sell_with'),
    partners: ctx.partners.map((p) => ({ companyId: p.companyId, name: p.name, roles: p.roles, expectedContribution: contributions.get(p.companyId) ?? '' })),
    split: result.ok ? toApiPlan(result.value) : null,
    account: ctx.account,
    partnerIds: ctx.partners.map((p) => p.companyId),
    confirmedConflicts: conflicts,
  };
  const stored = await deps.store.registrations.create({ dealId, snapshot: toStoredSnapshot(snapshot), registeredBy: actor.userId, registeredAt: now, expiresAt: registrationExpiry(deps, now) });
  await deps.store.audit.record({ actor: actor.userId, action: conflicts.length > 0 ? 'deal.register.conflict_confirmed' : 'deal.register', entityType: 'registration', entityId: stored.id, after: snapshot, requestId: actor.requestId });
  // Other deals on the same account may now conflict with this registration.
  await recomputeDeals(deps, [dealId], 'registration');
  return ok(toApiRegistration(stored, snapshot, now, ctx.partners, await loadUserNames(deps)));
}

/** Withdraws the deal's open registration (expired ones too): it stops causing conflicts. */
export async function withdrawRegistration(deps: AppDeps, dealId: string, body: Api.WithdrawRegistrationRequest, actor: Actor): Promise<ServiceResult<Api.Registration>> {
  return changeOpenRegistration(deps, dealId, 'withdraw', actor, (r) => deps.store.registrations.withdraw(r.id, { by: actor.userId, reason: body.reason, at: deps.clock() }));
}

/** Renews the deal's open registration (expired ones too) for another REGISTRATION_TTL_DAYS from now. */
export async function renewRegistration(deps: AppDeps, dealId: string, actor: Actor): Promise<ServiceResult<Api.Registration>> {
  return changeOpenRegistration(deps, dealId, 'renew', actor, (r) => {
    const now = deps.clock();
    return deps.store.registrations.renew(r.id, { by: actor.userId, expiresAt: registrationExpiry(deps, now), at: now });
  });
}

async function changeOpenRegistration(
  deps: AppDeps,
  dealId: string,
  action: 'withdraw' | 'renew',
  actor: Actor,
  change: (r: StoredRegistration) => Promise<StoredRegistration>,
): Promise<ServiceResult<Api.Registration>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const dealName = `deal "${ctx.deal.name}"`;
  const latest = await deps.store.registrations.latestForDeal(dealId);
  if (!latest) return notFound(`${dealName} has no registration to ${action}`);
  const snapshot = parseRegistrationSnapshot(latest);
  if (latest.status !== 'open') return conflict(`the registration of ${dealName} is ${latest.status}; only an open registration can be ${action === 'withdraw' ? 'withdrawn' : 'renewed'}`, [{ path: 'status', message: latest.status }]);
  let changed: StoredRegistration;
  try {
    changed = await change(latest);
  } catch (error) {
    // Withdrawn or superseded by someone else between the read and the write.
    if (error instanceof ConflictError) return conflict(`the registration of ${dealName} changed meanwhile: ${error.message}`, [{ path: 'status', message: error.message }]);
    throw error;
  }
  await deps.store.audit.record({ actor: actor.userId, action: `registration.${action}`, entityType: 'registration', entityId: latest.id, before: latest, after: changed, requestId: actor.requestId });
  await enqueueInvolvedDeals(deps, dealId, snapshot, `registration-${action}:${latest.id}:${changed.withdrawnAt ?? changed.renewedAt ?? ''}`);
  return ok(toApiRegistration(changed, snapshot, deps.clock(), ctx.partners, await loadUserNames(deps)));
}

function registrationExpiry(deps: AppDeps, from: Date): Date {
  return new Date(from.getTime() + (deps.registrationTtlDays ?? DEFAULT_REGISTRATION_TTL_DAYS) * 86_400_000);
}

/**
 * The deal and every open co-sell deal on the registration's account: their conflict flags may
 * change now that it stopped (or started again) counting. Queued, so the card answers at once.
 */
async function enqueueInvolvedDeals(deps: AppDeps, dealId: string, snapshot: RegistrationSnapshot, dedupeKey: string): Promise<void> {
  const neighbours = await deps.store.accountIndex.listSharingAccounts([snapshot.account]);
  const dealIds = [...new Set([dealId, ...neighbours.filter(takesPartInConflicts).map((e) => e.dealId)])];
  await deps.store.inbox.enqueue([jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds, trigger: 'registration' }, dedupeKey, deps.clock())]);
}

/**
 * The conflicts the deal would be in once registered: its open co-sell entry, or (a deal with one
 * partner) the registration itself, against the other open deals and registrations on its
 * account. The deal's own current registration is left out: registering again supersedes it.
 * Messages name deals and partners.
 */
async function conflictsOfRegistering(deps: AppDeps, ctx: DealContext): Promise<RegistrationSnapshot['confirmedConflicts']> {
  const dealId = ctx.deal.id;
  const others = (await openRegistrationKeys(deps.store)).filter((r) => r.dealId !== dealId);
  const proposed: RegistrationKeys = { id: 'proposed', dealId, account: ctx.account, partnerIds: ctx.partners.map((p) => p.companyId) };
  const registrations = [...others, proposed];
  const live = await loadConflictEntries(deps.store, new Map([[dealId, toIndexEntry(ctx)]]), registrations);
  // loadConflictEntries reads neighbours only for deals that take part themselves; a deal with one
  // partner does not, but its registration will: read the deals on its account as well.
  for (const e of await deps.store.accountIndex.listSharingAccounts([ctx.account])) if (e.dealId !== dealId && !live.has(e.dealId)) live.set(e.dealId, e);
  const found = detectConflicts(live.values(), registrations).filter((c) => c.entryIds.includes(dealId) || c.entryIds.includes('registration:proposed'));
  const partnerNames = new Map<string, string>();
  for (const e of live.values()) for (const [id, name] of Object.entries(e.partnerNames)) partnerNames.set(id, name);
  for (const p of ctx.partners) partnerNames.set(p.companyId, p.name);
  const byId = new Map(registrations.map((r) => [r.id, r]));
  const dealLabel = (id: string) => `deal "${live.get(id)?.name ?? id}"`;
  return found.map((c) => {
    const other = c.entryIds.filter((id) => id !== dealId && id !== 'registration:proposed');
    const otherDealIds = other.filter((id) => !id.startsWith('registration:'));
    const otherRegistrationIds = other.filter((id) => id.startsWith('registration:')).map((id) => id.slice(13));
    const with_ = [
      ...otherDealIds.map(dealLabel),
      ...otherRegistrationIds.map((id) => {
        const r = byId.get(id);
        return r ? `the registration of ${dealLabel(r.dealId)}` : `registration ${id}`;
      }),
    ];
    const partners = listText(c.partnerIds.map((id) => partnerNames.get(id) ?? `company ${id}`));
    const shared = c.matchedOn === 'company' ? 'the same customer company' : c.matchedOn === 'domain' ? `the same domain (${c.accountValue})` : 'the same parent company';
    const message =
      c.reason === 'same_partner_twice'
        ? `It shares ${shared} with ${listText(with_)}, registered with the same partners (${partners}): a double registration.`
        : `It shares ${shared} with ${listText(with_)}, with other partners (${partners} between them).`;
    return { message, otherDealIds, otherRegistrationIds };
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------- idempotent creates ----------

/** How long a key answers repeats; after that a repeat would create again (the card never waits that long). */
const IDEMPOTENCY_KEY_TTL_MS = 7 * 86_400_000;
/** An unanswered claim older than this belonged to a request that died (the card's own timeout is 15 s). */
const IDEMPOTENCY_STALE_CLAIM_MS = 2 * 60_000;

/**
 * Runs a create at most once per idempotency key (scope: portal, endpoint, deal). A repeat with
 * the same request answers the first success as it was; a failure is not kept, so its retry runs
 * again (it created nothing). Without a key the create just runs.
 */
async function idempotent<T>(
  deps: AppDeps,
  req: { endpoint: Api.CardEndpointName; dealId: string; body: { idempotencyKey?: string | undefined } },
  run: () => Promise<ServiceResult<T>>,
): Promise<ServiceResult<T>> {
  const { idempotencyKey: key, ...request } = req.body;
  if (!key) return run();
  const scope = `${deps.portalId ?? '-'}:${req.endpoint}:${req.dealId}`;
  const claim = await deps.store.idempotency.claim(scope, key, request, {
    expiresAt: new Date(deps.clock().getTime() + IDEMPOTENCY_KEY_TTL_MS),
    staleAfterMs: IDEMPOTENCY_STALE_CLAIM_MS,
  });
  if (claim.state !== 'new') {
    const differs = differingFields(claim.request, request);
    if (differs.length > 0) {
      return conflict(
        `idempotencyKey ${key} was already used for a different request (${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}); a new action needs a new key`,
        differs.map((path) => ({ path, message: 'differs from the first request sent with this idempotencyKey' })),
      );
    }
    if (claim.state === 'in_progress') return conflict('the first request with this idempotencyKey is still being answered; try again in a moment', [{ path: 'idempotencyKey', message: 'in progress' }]);
    deps.logger.info({ idempotencyKey: key, endpoint: req.endpoint }, 'repeated card write: answered with the first answer, nothing created');
    return ok(claim.response as T);
  }
  let result: ServiceResult<T>;
  try {
    result = await run();
  } catch (error) {
    await deps.store.idempotency.release(scope, key).catch(() => undefined);
    throw error;
  }
  if (result.ok) {
    await deps.store.idempotency.answer(scope, key, 201, result.value);
    // Creates are people's clicks, so forgetting expired keys here keeps the table small without a job.
    await deps.store.idempotency.pruneExpired(deps.clock());
  } else {
    await deps.store.idempotency.release(scope, key);
  }
  return result;
}

/** Top-level fields whose values differ between two JSON requests, sorted. */
function differingFields(a: unknown, b: unknown): string[] {
  const ra = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  const rb = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter((k) => stableJson(ra[k]) !== stableJson(rb[k])).sort();
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

// ---------- rule sets ----------

function publishedToApi(p: StoredPublished, previous: StoredPublished | undefined, names: UserNames): Api.PublishedRuleSet | null {
  const parsed = parseRuleSet(p.ruleSet);
  if (!parsed.ok) return null;
  const prev = previous ? parseRuleSet(previous.ruleSet) : null;
  return {
    id: p.version,
    version: p.version,
    effectiveFrom: parsed.value.effectiveFrom,
    publishedAt: p.publishedAt,
    publishedBy: p.publishedBy,
    publishedByName: p.publishedBy === 'system' ? null : names(p.publishedBy),
    ruleSet: parsed.value,
    changes: prev?.ok ? diffRuleSets(prev.value, parsed.value) : ['first published rule set'],
    warnings: ruleSetWarnings(parsed.value),
  };
}

function draftToApi(d: StoredDraft): Api.RuleSetDraft {
  const parsed = parseRuleSet(d.ruleSet);
  const ruleSet = d.ruleSet && typeof d.ruleSet === 'object' && !Array.isArray(d.ruleSet) ? (d.ruleSet as Record<string, unknown>) : {};
  return { id: d.id, ruleSet, updatedAt: d.updatedAt, updatedBy: d.updatedBy, problems: parsed.ok ? [] : parsed.errors };
}

export async function listRuleSets(deps: AppDeps): Promise<ServiceResult<Api.RuleSetList>> {
  // Names come from the same owners read as the deal card's; when HubSpot does not answer, the history still lists ids.
  const [published, drafts, names] = await Promise.all([deps.store.ruleSets.listPublished(), deps.store.ruleSets.listDrafts(), loadUserNames(deps)]);
  const items = published.map((p, i) => publishedToApi(p, published[i - 1], names)).filter((p): p is Api.PublishedRuleSet => p !== null);
  const today = deps.clock().toISOString().slice(0, 10);
  const inForce = items.length > 0 ? selectRuleSet(items.map((i) => i.ruleSet), today) : null;
  return ok({ published: items.reverse(), drafts: drafts.map(draftToApi), inForce: inForce?.ok ? inForce.value.version : null });
}

export async function validateRuleSet(deps: AppDeps, ruleSet: unknown): Promise<ServiceResult<Api.ValidateRuleSetResponse>> {
  const parsed = parseRuleSet(ruleSet, 'ruleSet');
  if (!parsed.ok) return ok({ valid: false, errors: parsed.errors, warnings: [], changes: [] });
  const published = await deps.store.ruleSets.listPublished();
  const errors: FieldError[] = [];
  // The label pattern is the API's rule for new versions (docs/rule-sets.md); rule files for the CLI are not held to it.
  if (!isVersionLabel(parsed.value.version)) errors.push({ path: 'ruleSet.version', message: VERSION_LABEL_HINT });
  if (published.some((p) => p.version === parsed.value.version)) errors.push({ path: 'ruleSet.version', message: `version "${parsed.value.version}" is already published` });
  if (published.some((p) => p.effectiveFrom === parsed.value.effectiveFrom)) errors.push({ path: 'ruleSet.effectiveFrom', message: `another published rule set takes effect on ${parsed.value.effectiveFrom}` });
  const latest = published.at(-1);
  const prev = latest ? parseRuleSet(latest.ruleSet) : null;
  return ok({ valid: errors.length === 0, errors, warnings: ruleSetWarnings(parsed.value), changes: prev?.ok ? diffRuleSets(prev.value, parsed.value) : [] });
}

export async function createRuleSetDraft(deps: AppDeps, ruleSet: Record<string, unknown>, actor: Actor): Promise<ServiceResult<Api.RuleSetDraft>> {
  const latest = (await deps.store.ruleSets.listPublished()).at(-1);
  const draft = await deps.store.ruleSets.createDraft({ ruleSet, createdBy: actor.userId, ...(latest ? { basedOnVersion: latest.version } : {}) });
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.draft.create', entityType: 'rule_set_draft', entityId: draft.id, after: ruleSet, requestId: actor.requestId });
  return ok(draftToApi(draft));
}

export async function updateRuleSetDraft(deps: AppDeps, draftId: string, ruleSet: Record<string, unknown>, actor: Actor): Promise<ServiceResult<Api.RuleSetDraft>> {
  const before = await deps.store.ruleSets.getDraft(draftId);
  if (!before) return notFound(`draft ${draftId} not found (or already published)`);
  const draft = await deps.store.ruleSets.updateDraft(draftId, ruleSet, actor.userId);
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.draft.update', entityType: 'rule_set_draft', entityId: draftId, before: before.ruleSet, after: ruleSet, requestId: actor.requestId });
  return ok(draftToApi(draft));
}

/**
 * How many open partner deals a publish recomputes before answering; the queued job does the rest.
 * Kept small because hubspot.fetch gives up after 15 s by default
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 */
export const PUBLISH_SYNC_RECOMPUTE_LIMIT = 200;
const DRY_RUN_BATCH = 100;

/**
 * What publishing `ruleSet` would do to the open partner deals, without writing anything: every
 * open deal in the account index is read from the CRM as it is now and computed twice, with the
 * rules published today and with this rule set published too (it applies from its effective date).
 */
export async function dryRunRuleSet(deps: AppDeps, ruleSet: unknown): Promise<ServiceResult<Api.RuleSetDryRunResponse>> {
  const version = ruleSet && typeof ruleSet === 'object' && typeof (ruleSet as { version?: unknown }).version === 'string' ? (ruleSet as { version: string }).version : '';
  const empty = { version, openDeals: 0, changedDeals: 0, poolChange: [], partners: [], skippedDeals: 0 };
  const check = await validateRuleSet(deps, ruleSet);
  if (!check.ok) return check;
  const parsed = parseRuleSet(ruleSet, 'ruleSet');
  if (!check.value.valid || !parsed.ok) return ok({ ...empty, errors: check.value.errors.length > 0 ? check.value.errors : parsed.ok ? [] : parsed.errors });
  const current = await loadRuleSets(deps.store);
  const publishedCount = (await deps.store.ruleSets.listPublished()).length;
  // With nothing published yet the default is only a stand-in: this rule set would replace it.
  const candidate = publishedCount === 0 ? [parsed.value] : [...current, parsed.value];
  const openIds = (await deps.store.accountIndex.listOpen()).map((e) => e.dealId);

  const pool = new Map<string, bigint>();
  const partners = new Map<string, { name: string; change: Map<string, bigint> }>();
  const add = (map: Map<string, bigint>, currency: string, minor: bigint) => map.set(currency, (map.get(currency) ?? 0n) + minor);
  const minorOf = (amount: string, currency: string) => {
    const m = parseMoney(amount, currency, 'amount');
    return m.ok ? m.value : 0n;
  };
  let openDeals = 0;
  let changedDeals = 0;
  let skippedDeals = 0;
  for (let i = 0; i < openIds.length; i += DRY_RUN_BATCH) {
    const contexts = await readDealContexts(deps, openIds.slice(i, i + DRY_RUN_BATCH));
    for (const ctx of contexts.values()) {
      if (ctx.status !== 'open') continue;
      openDeals += 1;
      const before = computeDealPlan(ctx, current);
      const after = computeDealPlan(ctx, candidate);
      if (!before.ok || !after.ok) {
        skippedDeals += 1;
        continue;
      }
      const currency = after.value.currency;
      const poolDelta = minorOf(after.value.pool.amount, currency) - minorOf(before.value.pool.amount, currency);
      let changed = poolDelta !== 0n || after.value.unallocated !== before.value.unallocated;
      add(pool, currency, poolDelta);
      const beforeBy = new Map(before.value.allocations.map((a) => [a.partnerId, a]));
      for (const a of after.value.allocations) {
        const delta = minorOf(a.amount, currency) - minorOf(beforeBy.get(a.partnerId)?.amount ?? '0', currency);
        if (delta === 0n) continue;
        changed = true;
        const name = ctx.partners.find((p) => p.companyId === a.partnerId)?.name ?? a.partnerName ?? `Company ${a.partnerId}`;
        const entry = partners.get(a.partnerId) ?? { name, change: new Map<string, bigint>() };
        add(entry.change, currency, delta);
        partners.set(a.partnerId, entry);
      }
      if (changed) changedDeals += 1;
    }
  }
  const money = (map: Map<string, bigint>) =>
    [...map.entries()].filter(([, m]) => m !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, m]) => ({ currency, amount: formatMoney(m, currency) }));
  const magnitude = (map: Map<string, bigint>) => [...map.values()].reduce((sum, m) => sum + (m < 0n ? -m : m), 0n);
  const partnerRows = [...partners.entries()]
    .filter(([, p]) => magnitude(p.change) > 0n)
    .sort(([ia, a], [ib, b]) => {
      const d = magnitude(b.change) - magnitude(a.change);
      return d > 0n ? 1 : d < 0n ? -1 : a.name.localeCompare(b.name) || ia.localeCompare(ib);
    })
    .map(([companyId, p]) => ({ companyId, name: p.name, change: money(p.change) }));
  return ok({ version, errors: [], openDeals, changedDeals, poolChange: money(pool), partners: partnerRows, skippedDeals });
}

/**
 * Publishes a valid draft (never edited afterwards), recomputes the open partner deals at once (up
 * to PUBLISH_SYNC_RECOMPUTE_LIMIT, so the answer can say how many were recomputed) and queues a
 * recompute of every open deal in HubSpot for the rest.
 */
export async function publishRuleSetDraft(deps: AppDeps, draftId: string, actor: Actor): Promise<ServiceResult<Api.PublishRuleSetResponse>> {
  const draft = await deps.store.ruleSets.getDraft(draftId);
  if (!draft) return notFound(`draft ${draftId} not found (or already published)`);
  const check = await validateRuleSet(deps, draft.ruleSet);
  if (check.ok && !check.value.valid) return invalid(check.value.errors, 'the draft cannot be published');
  const parsed = parseRuleSet(draft.ruleSet);
  if (!parsed.ok) return invalid(parsed.errors.map((e) => ({ path: `ruleSet.${e.path}`, message: e.message })), 'the draft cannot be published');
  let stored: StoredPublished;
  try {
    stored = await deps.store.ruleSets.publish(draftId, actor.userId, { version: parsed.value.version });
  } catch (error) {
    if (error instanceof ConflictError) return conflict(error.message, [{ path: 'ruleSet.version', message: error.message }]);
    if (error instanceof NotFoundError) return notFound(error.message);
    throw error;
  }
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.publish', entityType: 'rule_set', entityId: stored.version, after: stored.ruleSet, requestId: actor.requestId });
  const [published, names] = await Promise.all([deps.store.ruleSets.listPublished(), loadUserNames(deps)]);
  const idx = published.findIndex((p) => p.version === stored.version);
  const api = publishedToApi(stored, idx > 0 ? published[idx - 1] : undefined, names);
  if (!api) throw new Error(`published rule set ${stored.version} does not parse`);
  // One job, deduplicated on the version: the worker pages through open deals with its retries.
  const { inserted } = await deps.store.inbox.enqueue([jobItem<RecomputeOpenJob>({ type: 'recompute-open', reason: `publish ${stored.version}` }, `publish:${stored.version}`, deps.clock())]);
  const openIds = (await deps.store.accountIndex.listOpen()).map((e) => e.dealId);
  const now = openIds.slice(0, PUBLISH_SYNC_RECOMPUTE_LIMIT);
  let dealsRecomputed = 0;
  for (let i = 0; i < now.length; i += DRY_RUN_BATCH) {
    const chunk = now.slice(i, i + DRY_RUN_BATCH);
    const report = await recomputeDeals(deps, chunk, `publish ${stored.version}`);
    dealsRecomputed += chunk.length - report.missing.length;
  }
  return ok({ published: api, recomputeEnqueued: inserted, dealsRecomputed, dealsPending: openIds.length - now.length });
}

// ---------- partners ----------

export async function listPartners(deps: AppDeps): Promise<ServiceResult<Api.PartnerList>> {
  const partners = await deps.gateway.listPartnerCompanies();
  return ok({ partners: partners.map(toApiCompany) });
}

/** Calendar quarter (UTC) containing `now`, or `back` quarters before it. */
export function quarterOf(now: Date, back = 0): { label: string; start: string; end: string; endExclusive: string } {
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
  const y = Math.floor(index / 4);
  const q = index - y * 4;
  const iso = (yy: number, m: number, d: number) => new Date(Date.UTC(yy, m, d)).toISOString().slice(0, 10);
  return { label: `Q${q + 1} ${y}`, start: iso(y, q * 3, 1), end: iso(y, q * 3 + 3, 0), endExclusive: iso(y, q * 3 + 3, 1) };
}

/** How many quarters the scorecard returns (this one and the seven before): the picker's range; the trend uses the first four. */
export const SCORECARD_QUARTERS = 8;

/**
 * The currency a partner with no ledger lines at all is shown in ("$0.00"). HubSpot portals start
 * in USD, and the gateway cannot read the portal's own currency settings yet.
 */
const FALLBACK_CURRENCY = 'USD';

export async function getPartnerScorecard(deps: AppDeps, companyId: string): Promise<ServiceResult<Api.PartnerScorecard>> {
  if (!/^\d+$/.test(companyId)) return notFound(`company ${companyId} not found`);
  const company = (await deps.gateway.readCompanies([companyId])).get(companyId);
  if (!company) return notFound(`company ${companyId} not found`);
  const now = deps.clock();
  const periods = Array.from({ length: SCORECARD_QUARTERS }, (_, back) => quarterOf(now, back));
  const quarter = periods[0]!;
  const [deals, ...totals] = await Promise.all([
    deps.store.accountIndex.listByPartner(companyId),
    ...periods.map((p) => deps.store.ledger.partnerTotals(companyId, p.start, p.endExclusive)),
  ]);
  const within = (d: (typeof deals)[number], p: (typeof periods)[number]) => !!d.closeDate && d.closeDate >= p.start && d.closeDate < p.endExclusive;
  const inQuarter = (d: (typeof deals)[number]) => within(d, quarter);
  const coSell = deals.filter((d) => d.partnerIds.length >= 2);
  const pairings = new Map<string, Api.PartnerScorecard['pairings'][number]>();
  for (const d of coSell) {
    const key = pairingKey(d.partnerIds);
    const p = pairings.get(key) ?? { pairingKey: key, partners: d.partnerIds.map((id) => ({ companyId: id, name: d.partnerNames[id] ?? null })), openDeals: 0, wonDeals: 0 };
    if (d.status === 'open') p.openDeals += 1;
    if (d.status === 'won' && inQuarter(d)) p.wonDeals += 1;
    pairings.set(key, p);
  }
  // Every currency seen over the window, so each quarter shows the same currencies (zero where quiet).
  const seen = [...new Set(totals.flatMap((t) => t.byCurrency.map((c) => c.currency)))].sort();
  const currencies = seen.length ? seen : [FALLBACK_CURRENCY];
  const quarters = periods.map((p, i) => {
    const byCurrency = new Map(totals[i]!.byCurrency.map((c) => [c.currency, c.wonMinor]));
    return {
      label: p.label,
      start: p.start,
      end: p.end,
      wonCoSellDeals: coSell.filter((d) => d.status === 'won' && within(d, p)).length,
      commissionEarned: currencies.map((currency) => ({ currency, amount: formatMoney(byCurrency.get(currency) ?? 0n, currency) })),
    };
  });
  return ok({
    partner: toApiCompany(company),
    quarters,
    quarter: { label: quarter.label, start: quarter.start, end: quarter.end },
    openCoSellDeals: coSell.filter((d) => d.status === 'open').length,
    wonCoSellDealsThisQuarter: quarters[0]!.wonCoSellDeals,
    commissionEarned: totals[0]!.byCurrency.filter((c) => c.wonMinor !== 0n).map((c) => ({ currency: c.currency, amount: formatMoney(c.wonMinor, c.currency) })),
    pairings: [...pairings.values()].sort((a, b) => b.openDeals + b.wonDeals - (a.openDeals + a.wonDeals) || a.pairingKey.localeCompare(b.pairingKey)),
  });
}
