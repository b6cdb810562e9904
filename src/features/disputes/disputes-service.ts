// Attribution disputes: opened on a deal by a rep (card) or partner ops (settings, CLI), decided
// upheld or rejected with a note by partner ops; an upheld dispute may set the deal's split to the
// claim. Every change is audited and queues a `dispute-sync` job, which writes the HubSpot
// properties and recomputes the deal (docs/decisions/0016-disputes.md).
import type * as Api from '../../contract/card-api';
import type { FieldError } from '../../domain';
import type { AppDeps } from '../../app/app-deps';
import { readDealContexts } from '../../app/deal-context';
import { parseRegistrationSnapshot } from '../../app/registration-snapshot';
import { describeSplit, disputeRateFor, overdueDisputes, parseClaimedSplit } from '../../domain/disputes';
import { parseQuarter, previousQuarter, quarterOf } from '../../domain/reporting';
import type { Quarter } from '../../domain/reporting';
import { CrmError } from '../../hubspot';
import type { CrmGateway } from '../../hubspot/crm-gateway';
import { jobItem } from '../../jobs/inbox-job';
import type { Dispute, DisputeActor, Store } from '../../store/store';
import { ConflictError } from '../../store/store-error';
import type { Outcome } from '../shared/outcome';
import { conflict, invalid, notFound, ok } from '../shared/outcome';
import type { DisputeSyncJob } from './disputes-job-schemas';
import { readDisputeSettings } from './disputes-settings';

/**
 * What the service needs. The CLI has no HubSpot connection: deals are then found in the account
 * index the worker keeps of every partner deal (with the deal's and partners' names).
 */
export interface DisputeDeps {
  store: Store;
  clock: () => Date;
  gateway?: Pick<CrmGateway, 'readDeals' | 'readDealPartnerLinks' | 'readStages' | 'readCompanies'> | undefined;
  logger?: AppDeps['logger'];
}

export interface OpenDisputeInput {
  dealId: string;
  reason: string;
  /** The claimed split as it arrived (validated here against the deal's partners), or null. */
  claim: unknown;
}

export interface DecideDisputeInput {
  decision: 'upheld' | 'rejected';
  note: string;
  /** Set the deal's split to the claim (upheld disputes with a claim only). */
  applyClaim: boolean;
}

export type DisputeView = Api.Dispute;

const MAX_TEXT = 2000;

/** The deal a dispute is about: its name and partners, live from HubSpot when possible, else from the account index. */
async function findDeal(deps: DisputeDeps, dealId: string): Promise<{ name: string; partners: Array<{ id: string; name: string }> } | null> {
  if (deps.gateway && /^\d+$/.test(dealId)) {
    try {
      const ctx = (await readDealContexts({ gateway: deps.gateway as CrmGateway, store: deps.store }, [dealId])).get(dealId);
      if (ctx) return { name: ctx.deal.name, partners: ctx.partners.map((p) => ({ id: p.companyId, name: p.name })) };
      return null;
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      deps.logger?.warn({ err: error, dealId }, 'HubSpot did not answer; reading the deal from the account index');
    }
  }
  const [entry] = await deps.store.accountIndex.get([dealId]);
  if (!entry) return null;
  return { name: entry.name, partners: entry.partnerIds.map((id) => ({ id, name: entry.partnerNames[id] ?? `Company ${id}` })) };
}

/** The contract's view of a stored dispute; `overdueAfterDays` marks one open too long. */
export function toDisputeView(d: Dispute, now: Date, overdueAfterDays: number): DisputeView {
  const names = new Map(d.partners.map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? `Company ${id}`;
  return {
    id: d.id,
    dealId: d.dealId,
    dealName: d.dealName,
    status: d.status,
    reason: d.reason,
    openedBy: d.openedBy,
    openedAt: d.openedAt,
    claim: d.claim ? d.claim.map((s) => ({ partnerId: s.partnerId, partnerName: nameOf(s.partnerId), percent: s.percent })) : null,
    claimText: d.claim ? describeSplit(d.claim, nameOf) : null,
    decision:
      d.status === 'open' || !d.decidedBy || !d.decidedAt
        ? null
        : { status: d.status, note: d.decisionNote ?? '', decidedBy: d.decidedBy, decidedAt: d.decidedAt, adjustmentApplied: d.adjustmentApplied },
    overdue: overdueDisputes([d], now, overdueAfterDays).length > 0,
  };
}

function syncJob(d: Dispute, change: string, recompute: boolean, now: Date) {
  return jobItem<DisputeSyncJob>({ type: 'dispute-sync', dealIds: [d.dealId], recompute }, `dispute-sync:${d.id}:${change}`, now);
}

function textProblem(value: string, field: string, what: string): FieldError[] {
  const text = value.trim();
  if (text === '') return [{ path: field, message: `required: ${what}` }];
  if (text.length > MAX_TEXT) return [{ path: field, message: `at most ${MAX_TEXT} characters` }];
  return [];
}

/**
 * Opens a dispute on a deal's attribution. The claimed split, when given, must name partners on
 * the deal and sum to 100. Stored, audited and queued for the HubSpot properties in one transaction.
 *
 * @example await openDispute(deps, { dealId: '101', reason: 'Northwind sourced it', claim: null }, { userId: '7', name: 'Riley Rep' })
 */
export async function openDispute(deps: DisputeDeps, input: OpenDisputeInput, actor: DisputeActor, requestId?: string): Promise<Outcome<DisputeView>> {
  const fields = textProblem(input.reason, 'reason', 'say why the split is wrong');
  if (fields.length > 0) return invalid(fields);
  const deal = await findDeal(deps, input.dealId);
  if (!deal) return notFound(`deal ${input.dealId} is not a partner deal the app knows`);
  if (deal.partners.length === 0) return invalid([{ path: 'dealId', message: `deal "${deal.name}" has no partners: there is no attribution to dispute` }]);
  let claim = null;
  if (input.claim !== null && input.claim !== undefined) {
    const parsed = parseClaimedSplit(input.claim, deal.partners);
    if (!parsed.ok) return invalid(parsed.errors, 'the claimed split is invalid');
    claim = parsed.value;
  }
  const now = deps.clock();
  const dispute = await deps.store.transaction(async (tx) => {
    const d = await tx.disputes.open({ dealId: input.dealId, dealName: deal.name, partners: deal.partners, openedBy: actor, reason: input.reason.trim(), claim, openedAt: now });
    await tx.audit.record({ actor: actor.userId, action: 'dispute.open', entityType: 'dispute', entityId: d.id, after: d, ...(requestId ? { requestId } : {}) });
    await tx.inbox.enqueue([syncJob(d, 'opened', false, now)]);
    return d;
  });
  const { alertAfterDays } = await readDisputeSettings(deps.store);
  return ok(toDisputeView(dispute, now, alertAfterDays));
}

/**
 * Decides an open dispute. With `applyClaim` (upheld, with a claim) the deal's split becomes the
 * claim, recorded with who and why; the deal is then recomputed through the worker, so the new
 * split reaches HubSpot and the ledger like any other change.
 */
export async function decideDispute(deps: DisputeDeps, id: string, input: DecideDisputeInput, actor: DisputeActor, requestId?: string): Promise<Outcome<DisputeView>> {
  const fields = textProblem(input.note, 'note', 'a decision needs a note');
  if (fields.length > 0) return invalid(fields);
  const existing = await deps.store.disputes.get(id);
  if (!existing) return notFound(`dispute ${id} not found`);
  if (existing.status !== 'open') return conflict(`dispute ${id} on "${existing.dealName}" was already ${existing.status}`);
  if (input.applyClaim && input.decision !== 'upheld') return invalid([{ path: 'applyClaim', message: 'only an upheld dispute can apply its claimed split' }]);
  if (input.applyClaim && !existing.claim) return invalid([{ path: 'applyClaim', message: 'this dispute claims no split; there is nothing to apply' }]);
  const names = new Map(existing.partners.map((p) => [p.id, p.name]));
  const adjustment = input.applyClaim && existing.claim ? existing.claim.map((s) => ({ ...s, partnerName: names.get(s.partnerId) ?? `Company ${s.partnerId}` })) : undefined;
  const now = deps.clock();
  try {
    const decided = await deps.store.transaction(async (tx) => {
      const result = await tx.disputes.decide(id, { status: input.decision, note: input.note.trim(), by: actor, at: now, ...(adjustment ? { adjustment } : {}) });
      const audit = { actor: actor.userId, ...(requestId ? { requestId } : {}) };
      await tx.audit.record({ ...audit, action: `dispute.${input.decision === 'upheld' ? 'uphold' : 'reject'}`, entityType: 'dispute', entityId: id, before: existing, after: result.dispute });
      if (result.adjustment) {
        await tx.audit.record({ ...audit, action: 'split_adjustment.set', entityType: 'deal', entityId: existing.dealId, after: result.adjustment });
      }
      await tx.inbox.enqueue([syncJob(result.dispute, 'decided', result.adjustment !== null, now)]);
      return result.dispute;
    });
    const { alertAfterDays } = await readDisputeSettings(deps.store);
    return ok(toDisputeView(decided, now, alertAfterDays));
  } catch (error) {
    // Decided by someone else between the read and the write.
    if (error instanceof ConflictError) return conflict(`dispute ${id} on "${existing.dealName}" was already decided`);
    throw error;
  }
}

export async function listDisputes(deps: Pick<DisputeDeps, 'store' | 'clock'>, filter: { status?: Api.DisputeStatus; dealId?: string } = {}): Promise<DisputeView[]> {
  const { alertAfterDays } = await readDisputeSettings(deps.store);
  const now = deps.clock();
  return (await deps.store.disputes.list(filter)).map((d) => toDisputeView(d, now, alertAfterDays));
}

/** The dispute rate of a quarter (current by default) with its reading. */
export async function disputeRate(deps: Pick<DisputeDeps, 'store' | 'clock'>, quarter?: Quarter): Promise<Api.DisputeRateReading> {
  const q = quarter ?? quarterOf(deps.clock().toISOString().slice(0, 10));
  const closed = await deps.store.disputes.closedDealsBetween(q.start, q.end);
  const disputed = new Set(await deps.store.disputes.disputedDealIds(closed.map((d) => d.dealId)));
  const rate = disputeRateFor(q, closed, disputed);
  return { quarter: rate.quarter, coSellClosed: rate.coSellClosed, disputed: rate.disputed, rate: rate.rate, verdict: rate.target.verdict, message: rate.target.message };
}

/** Everything the Disputes tab shows at once. */
export async function disputesOverview(deps: Pick<DisputeDeps, 'store' | 'clock'>): Promise<Api.DisputesOverview> {
  const settings = await readDisputeSettings(deps.store);
  const current = quarterOf(deps.clock().toISOString().slice(0, 10));
  return {
    disputes: await listDisputes(deps),
    rates: [await disputeRate(deps, current), await disputeRate(deps, previousQuarter(current))],
    alertAfterDays: settings.alertAfterDays,
    partnerOpsOwnerSet: settings.partnerOpsOwnerId !== null,
  };
}

/** A quarter label from outside (`2026-Q1`), or the field error. */
export function parseQuarterInput(text: string, field = 'quarter'): Outcome<Quarter> {
  const q = parseQuarter(text, field);
  return q.ok ? ok(q.value) : invalid(q.errors);
}

/** A dispute with its evidence: the deal's touchpoints (partners by name) and its registration snapshot. */
export async function disputeEvidence(deps: Pick<DisputeDeps, 'store' | 'clock'>, id: string, userName: (userId: string) => string | null = () => null): Promise<Outcome<Api.DisputeEvidence>> {
  const d = await deps.store.disputes.get(id);
  if (!d) return notFound(`dispute ${id} not found`);
  const { alertAfterDays } = await readDisputeSettings(deps.store);
  const names = new Map(d.partners.map((p) => [p.id, p.name]));
  const touchpoints = await deps.store.touchpoints.listByDeal(d.dealId);
  const latest = await deps.store.registrations.latestForDeal(d.dealId);
  let registration: Api.DisputeEvidence['registration'] = null;
  if (latest) {
    const snapshot = parseRegistrationSnapshot(latest);
    const amounts = new Map((snapshot.split?.allocations ?? []).map((a) => [a.partnerId, `${a.amount} ${snapshot.split?.currency ?? ''}`.trim()]));
    registration = {
      registeredAt: latest.registeredAt,
      registeredByName: userName(latest.registeredBy) ?? `user ${latest.registeredBy}`,
      status: latest.status,
      lines: snapshot.partners.map((p) => `${p.name} (${p.roles.map((r) => r.replace(/_/g, ' ')).join(', ') || 'no role'})${amounts.has(p.companyId) ? `: ${amounts.get(p.companyId)}` : ''}${p.expectedContribution ? ` — ${p.expectedContribution}` : ''}`),
    };
  }
  return ok({
    dispute: toDisputeView(d, deps.clock(), alertAfterDays),
    touchpoints: touchpoints.map((t) => ({ id: t.id, kind: t.kind, partnerName: names.get(t.partnerId) ?? `Company ${t.partnerId}`, occurredAt: t.occurredAt, summary: t.summary })),
    registration,
  });
}
