// Deals: the deal card's co-sell state (live, or stored when HubSpot does not answer), its
// partners and roles, the split preview, and the partner list.
import { z } from 'zod';
import type * as Api from '../../contract/card-api';
import { AttributionPlan as AttributionPlanSchema } from '../../contract/card-api';
import type { AttributionPlan as DomainPlan, FieldError } from '../../domain';
import { conflictsFor, PARTNER_TYPES, relationshipOwnerWarning, ROLES } from '../../domain';
import type { CrmCompany } from '../../hubspot/crm-gateway';
import { CrmError, CrmPermanentError } from '../../hubspot';
import type { AppDeps } from '../../app/app-deps';
import { computeDealPlan, detectConflicts, loadConflictEntries, loadRuleSets, toIndexEntry } from '../../app/deal-context';
import { readDealSettings, toStoredDealSettings, unassignedItems } from '../../app/deal-settings';
import { parseRegistrationSnapshot } from '../../app/registration-snapshot';
import { openRegistrationKeys, recomputeDeals } from '../attribution/recompute-deals';
import type { Actor, UserNames } from '../shared/card-support';
import { dealContext, loadUserNames, toApiCompany, toApiPlan } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { invalid, notFound, ok, unavailable } from '../shared/outcome';
import { toApiRegistration } from '../registrations/registrations-service';
import { toApiTouchpoint } from '../touchpoints/touchpoints-service';
import { overdueWarnings } from '../notifications/sla-alerts';
import type { DealContext } from '../../app/deal-context';

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
export async function getDealState(deps: AppDeps, dealId: string, opts: DealStateOptions = {}): Promise<Outcome<Api.DealCoSellState>> {
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
  return unavailable(`HubSpot did not answer within ${budgetMs / 1000} s and the co-sell details of this deal were never computed; try again in a moment.`);
}

async function liveDealState(deps: AppDeps, dealId: string): Promise<Outcome<Api.DealCoSellState>> {
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

export async function assembleState(deps: AppDeps, ctx: DealContext): Promise<Api.DealCoSellState> {
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
  const noOwner = relationshipOwnerWarning({
    partnerCount: ctx.partners.length,
    hasRelationshipOwner: !!ctx.settings.plan.relationshipOwner,
    isOpen: ctx.status === 'open',
    openStages: pipelineStages.filter((s) => !s.isClosed),
    currentStageId: ctx.deal.stageId,
  });
  if (noOwner) warnings.push({ code: noOwner.code, message: noOwner.message });
  // Partners past their response SLA (the plan's commitments), as the SLA sweep alerts them.
  warnings.push(...(await overdueWarnings(deps, { id: dealId, open: ctx.status === 'open', partnerNames: new Map(ctx.partners.map((p) => [p.companyId, p.name])) }, touchpoints)));
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

/**
 * The checks a partner list passes before it is saved or previewed: no company twice, no role
 * twice, every company exists and is a partner. Answers the companies read, keyed by id.
 */
async function checkPartners(deps: AppDeps, body: Api.SetPartnersRequest): Promise<Outcome<Map<string, CrmCompany>>> {
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
export async function previewDealSplit(deps: AppDeps, dealId: string, body: Api.SetPartnersRequest): Promise<Outcome<Api.SplitPreview>> {
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
export async function setDealPartners(deps: AppDeps, dealId: string, body: Api.SetPartnersRequest, actor: Actor): Promise<Outcome<Api.DealCoSellState>> {
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

export async function listPartners(deps: AppDeps): Promise<Outcome<Api.PartnerList>> {
  const partners = await deps.gateway.listPartnerCompanies();
  return ok({ partners: partners.map(toApiCompany) });
}
