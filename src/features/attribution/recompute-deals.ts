import type { AccountConflict, AttributionPlan } from '../../domain';
import { conflictsFor } from '../../domain';
import type { WriteReport } from '../../hubspot/crm-gateway';
import type { AccountIndexEntry as StoredAccountIndexEntry, NewLedgerEntry, Store } from '../../store/store';
import type { AccountIndexEntry } from '../../app/account-index';
import type { AppDeps } from '../../app/app-deps';
import type { DealContext, RegistrationKeys } from '../../app/deal-context';
import { computeDealPlan, detectConflicts, loadConflictEntries, loadRuleSets, readDealContexts, takesPartInConflicts, toIndexEntry } from '../../app/deal-context';
import { dealOutputProperties } from './deal-outputs';
import type { DealLocks } from './deal-locks';
import { openDealLocks } from './deal-locks';
import { jobItem } from '../../jobs/inbox-job';
import type { RecomputeDealsJob } from './attribution-job-schemas';
import { registrationKeys } from '../../app/registration-snapshot';
import { partnerRollupsFor } from '../reporting/reporting-jobs';
import type { ComputedDeal } from '../notifications/deal-notifications';
import { enqueueDealNotifications } from '../notifications/deal-notifications';
import { COMMISSION_STATUS_PROPERTY, commissionStatusFor, homeCurrencyCode, recordCommissionLines } from '../payouts/commission-lines';
import { queuePartnerRefresh, refreshPartnerCommission } from '../payouts/partner-commission';
import { CrmError } from '../../hubspot/crm-errors';
import { writeAllocationRecords } from '../reporting/allocation-records';

export interface RecomputeReport {
  /** Deals asked for. */
  requested: number;
  /** Other open deals on the same accounts, recomputed so their conflict flags stay true to both sides. */
  related: string[];
  /** Asked-for deals HubSpot no longer knows (deleted/merged away). */
  missing: string[];
  computed: number;
  ledgerEntries: number;
  /** Commission ledger lines appended (earned, reversal, adjustment). */
  commissionLines: number;
  /** Deals another run held (or whose lock lapsed): queued to be recomputed after it, not computed here. */
  deferred: string[];
  write: WriteReport;
}

/**
 * Read → assemble (pure) → apply, for a set of deals (docs/conventions.md "plan, then apply"):
 * re-reads the deals, their partner labels and companies in batches; computes each split with the
 * published rules; detects account conflicts over the open co-sell deals sharing an account with
 * them (read from the account index by account key) and the open registrations; writes
 * the output properties in batches (the gateway skips unchanged values) and appends a ledger entry
 * when a computation's inputs or result differ from the deal's latest entry. Running it twice on
 * the same CRM state therefore writes nothing and records nothing the second time.
 *
 * @example await recomputeDeals(deps, ['101', '102'], 'webhook')
 */
export async function recomputeDeals(deps: AppDeps, dealIds: string[], trigger: string, opts: RecomputeOptions = {}): Promise<RecomputeReport> {
  const locks = openDealLocks(deps, opts.lockHolder, opts.lockTtlMs);
  try {
    return await recomputeLocked(deps, [...new Set(dealIds)], trigger, locks);
  } finally {
    await locks.release();
  }
}

export interface RecomputeOptions {
  /** Who holds the deal locks (the worker's id; default a one-off id). */
  lockHolder?: string;
  lockTtlMs?: number;
}

async function recomputeLocked(deps: AppDeps, asked: string[], trigger: string, locks: DealLocks): Promise<RecomputeReport> {
  // Lock before reading: what we read then stays the newest state until we have written and
  // recorded it. A deal another run holds is recomputed after that run (see DealLocks.take).
  const { acquired: requested, busy } = await locks.take(asked, trigger);
  const deferred = [...busy];
  const log = deps.logger.child({ dealIds: requested.slice(0, 50), trigger });
  if (deferred.length > 0) log.info({ deferred: deferred.slice(0, 50) }, 'deals being recomputed elsewhere: queued to run again after that');
  if (requested.length === 0) {
    return { requested: asked.length, related: [], missing: [], computed: 0, ledgerEntries: 0, commissionLines: 0, deferred, write: { requested: 0, written: 0, skippedUnchanged: 0, apiCalls: 0 } };
  }
  const startedAt = deps.clock();
  const rules = await loadRuleSets(deps.store);
  const contexts = await readDealContexts(deps, requested);
  const before = await deps.store.accountIndex.get(requested);

  const indexChanges = new Map<string, AccountIndexEntry | null>();
  for (const id of requested) {
    const ctx = contexts.get(id);
    indexChanges.set(id, ctx ? toIndexEntry(ctx) : null);
  }

  // Deals that shared (or now share) an account with a changed deal may gain or lose a conflict.
  // Only the rows on those accounts are read (indexed lookups), never the whole index.
  const requestedSet = new Set(requested);
  const changedAccounts = [...before.map((e) => e.account), ...[...indexChanges.values()].flatMap((e) => (e ? [e.account] : []))];
  const neighbours = changedAccounts.length > 0 ? await deps.store.accountIndex.listSharingAccounts(changedAccounts) : [];
  const related = new Set<string>();
  for (const other of neighbours) {
    if (requestedSet.has(other.dealId) || !takesPartInConflicts(other)) continue;
    related.add(other.dealId);
  }
  if (related.size > 0) {
    // Neighbours are written too (their conflict flags), so they are locked like the rest; one
    // another run holds is left to it and recomputed after it (its flag is then computed afresh).
    const got = await locks.take([...related], `neighbour:${trigger}`);
    related.clear();
    for (const id of got.acquired) related.add(id);
    deferred.push(...got.busy);
  }
  if (related.size > 0) {
    const more = await readDealContexts(deps, [...related]);
    for (const id of related) {
      const ctx = more.get(id);
      if (ctx) contexts.set(id, ctx);
      indexChanges.set(id, ctx ? toIndexEntry(ctx) : null);
    }
  }

  const upserts = [...indexChanges.values()].filter((e): e is AccountIndexEntry => e !== null);
  const removals = [...indexChanges].filter(([, e]) => e === null).map(([id]) => id);
  // Row-level writes: two workers recomputing different deals never overwrite each other.
  await deps.store.transaction(async (tx) => {
    await tx.accountIndex.upsert(upserts);
    await tx.accountIndex.remove(removals);
  });

  const registrations = await openRegistrationKeys(deps.store);
  const entries = await loadConflictEntries(deps.store, indexChanges, registrations);
  const conflicts = detectConflicts(entries.values(), registrations);
  const followUps = await enqueueConcurrentNeighbours(deps, conflicts, contexts, entries, startedAt);
  if (followUps.length > 0) log.info({ followUps }, 'a neighbour changed while this ran: recomputing it again shortly');

  const writes: Array<{ dealId: string; properties: Record<string, string> }> = [];
  const current = new Map<string, Record<string, string | null>>();
  const ledger: NewLedgerEntry[] = [];
  const computedDeals = new Map<string, ComputedDeal>();
  const plans = new Map<string, AttributionPlan | null>();
  const computedAt = deps.clock();
  for (const ctx of contexts.values()) {
    const result = computeDealPlan(ctx, rules);
    const plan = result.ok ? result.value : null;
    const dealConflicts = ctx.status === 'open' ? conflictsFor(ctx.deal.id, conflicts) : [];
    writes.push({ dealId: ctx.deal.id, properties: dealOutputProperties(ctx, plan, dealConflicts, rules) });
    current.set(ctx.deal.id, ctx.deal.outputs);
    computedDeals.set(ctx.deal.id, { ctx, plan, conflicts: dealConflicts });
    if (plan) ledger.push(ledgerEntry(ctx, plan, dealConflicts, trigger, computedAt));
    else log.debug({ dealId: ctx.deal.id, errors: result.ok ? [] : result.errors }, 'no split for deal');
    plans.set(ctx.deal.id, plan);
  }
  // Where each deal's commission will stand once its ledger lines are appended, written with the rest.
  let pendingLines = 0;
  for (const w of writes) {
    const ctx = contexts.get(w.dealId)!;
    const commission = await commissionStatusFor(deps.store, { dealId: w.dealId, status: ctx.status, deal: ctx.deal, plan: plans.get(w.dealId) ?? null });
    w.properties[COMMISSION_STATUS_PROPERTY] = commission.status ?? '';
    pendingLines += commission.pending;
  }

  // A lock lost meanwhile (this run stalled past its TTL) may be another run's now: leave that
  // deal to it and recompute it afresh later rather than write what may be stale.
  const lost = new Set(await locks.confirm());
  if (lost.size > 0) {
    log.warn({ lost: [...lost] }, 'deal locks lapsed before writing; those deals are queued to run again');
    await locks.defer([...lost], trigger);
    deferred.push(...lost);
  }
  const write = await deps.gateway.writeDealProperties(
    writes.filter((w) => !lost.has(w.dealId)),
    { current },
  );
  await writeAllocationRecords(deps, [...computedDeals.values()].filter((c) => !lost.has(c.ctx.deal.id)));
  if (deps.partnerRollupsOnDealChange) await enqueuePartnerRollups(deps, contexts, writes, lost, new Map(before.map((e) => [e.dealId, e.partnerIds])), computedAt);
  let ledgerEntries = 0;
  let commissionLines = 0;
  // Only lines need the home currency (one cached read); most recomputes append none.
  const homeCurrency = pendingLines > 0 ? await homeCurrencyCode(deps) : null;
  const refreshPartners = new Set<string>();
  let lastEntry = 0;
  let lastLine = 0;
  for (const entry of ledger) {
    if (lost.has(entry.dealId)) continue;
    const ctx = contexts.get(entry.dealId)!;
    const plan = plans.get(entry.dealId)!;
    // The computation-log entry, the commission lines that follow it and the notifications it causes
    // (stage change, conflicts) land together or not at all: a crash between them would lose the
    // lines or the notification, as the retried recompute finds the computation unchanged
    // (docs/decisions/0014-commission-ledger.md, docs/decisions/0015-notifications.md).
    const appended = await deps.store.transaction(async (tx) => {
      const previous = await tx.ledger.latestForDeal(entry.dealId);
      const added = await tx.ledger.appendIfChanged(entry);
      const computed = computedDeals.get(entry.dealId);
      if (added && computed) await enqueueDealNotifications(tx, computed, previous, added, computedAt);
      const source = added ?? previous;
      const lines = source ? await recordCommissionLines(tx, { deal: ctx.deal, status: ctx.status, plan }, source.id, homeCurrency) : [];
      commissionLines += lines.length;
      for (const l of lines) {
        lastLine = Math.max(lastLine, Number(l.id));
        refreshPartners.add(l.partnerId);
      }
      return { added, lines: lines.length };
    });
    if (appended.added) {
      ledgerEntries += 1;
      lastEntry = Math.max(lastEntry, Number(appended.added.id));
    }
    // New lines move what the deal's partners earned (and their projected figure with it).
    if (appended.lines > 0) for (const a of plan.allocations) refreshPartners.add(a.partnerId);
  }
  // The partner company figures follow the ledger at once (one batched write of changed values);
  // when HubSpot cannot take it now, a job retries it (entry and line ids only grow: a new key).
  if (refreshPartners.size > 0) {
    try {
      await refreshPartnerCommission(deps, [...refreshPartners]);
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      log.warn({ err: error }, 'could not write the partner commission figures; queued to try again');
      await queuePartnerRefresh(deps.store, refreshPartners, `entry:${lastEntry}:line:${lastLine}`, deps.clock());
    }
  }
  // A closed deal's registration no longer protects anything; closing it ends its conflicts.
  for (const ctx of contexts.values()) {
    if (ctx.status !== 'open' && registrations.some((r) => r.dealId === ctx.deal.id)) await deps.store.registrations.close(ctx.deal.id);
  }

  const missing = requested.filter((id) => !contexts.has(id));
  log.info({ computed: contexts.size, related: related.size, missing: missing.length, written: write.written, skippedUnchanged: write.skippedUnchanged, ledgerEntries, commissionLines }, 'deals recomputed');
  return { requested: asked.length, related: [...related], missing, computed: contexts.size - lost.size, ledgerEntries, commissionLines, deferred, write };
}

/** How long a follow-up waits, so the concurrent computation it corrects has written first. */
export const CONCURRENT_FOLLOW_UP_DELAY_MS = 2_000;
/** Tolerance for clock differences between instances sharing one store. */
const CLOCK_SLACK_MS = 1_000;

/**
 * Two workers recomputing deals on one account at the same moment can each read the account index
 * before the other's row is written: each then computes its deal without the other, and a conflict
 * is missed on one side (and a stale "no conflict" write may land last). Whichever loads its
 * conflict candidates second always sees the other's row (both rows are written before either
 * load). So when a conflict names a deal outside this computation whose index row changed after
 * this computation started, that deal is recomputed again a little later, from the inbox — it then
 * sees both sides and writes its flag after the concurrent write. A row unchanged since before this
 * run was computed by a run that could see it, so it needs nothing (no ping-pong).
 */
async function enqueueConcurrentNeighbours(
  deps: AppDeps,
  conflicts: AccountConflict[],
  contexts: Map<string, DealContext>,
  entries: Map<string, AccountIndexEntry>,
  startedAt: Date,
): Promise<string[]> {
  const late = new Set<string>();
  for (const conflict of conflicts) {
    for (const id of conflict.entryIds) {
      const entry = entries.get(id);
      // Stored rows carry updatedAt; entries computed in this run (and registrations) do not.
      if (contexts.has(id) || !entry || !('updatedAt' in entry)) continue;
      const updatedAt = Date.parse(String((entry as StoredAccountIndexEntry).updatedAt));
      if (updatedAt >= startedAt.getTime() - CLOCK_SLACK_MS) late.add(id);
    }
  }
  if (late.size === 0) return [];
  const now = deps.clock();
  const window = Math.floor(now.getTime() / CONCURRENT_FOLLOW_UP_DELAY_MS);
  const availableAt = new Date(now.getTime() + CONCURRENT_FOLLOW_UP_DELAY_MS);
  await deps.store.inbox.enqueue(
    [...late].map((dealId) => ({
      // One follow-up per deal and delay window, however many concurrent runs ask for it.
      ...jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: [dealId], trigger: 'concurrent-neighbour' }, `concurrent-neighbour:${dealId}:${window}`, now),
      availableAt,
    })),
  );
  return [...late];
}

export async function openRegistrationKeys(store: Store): Promise<RegistrationKeys[]> {
  const open = await store.registrations.listOpen();
  return open.flatMap((r) => {
    const keys = registrationKeys(r.snapshot, r);
    return keys ? [{ id: r.id, dealId: r.dealId, ...keys }] : [];
  });
}

function ledgerEntry(ctx: DealContext, plan: AttributionPlan, conflicts: AccountConflict[], trigger: string, computedAt: Date): NewLedgerEntry {
  return {
    dealId: ctx.deal.id,
    trigger,
    ruleVersion: plan.ruleVersion,
    inputs: {
      deal: { amount: ctx.deal.amount, currency: ctx.deal.currency, closeDate: ctx.deal.closeDate, stageId: ctx.deal.stageId, status: ctx.status },
      model: ctx.settings.model,
      partners: ctx.partners,
      account: ctx.account,
      conflicts: conflicts.map((c) => ({ entryIds: c.entryIds, reason: c.reason, matchedOn: c.matchedOn })),
      // Who set the split after a dispute, and why (only on adjusted deals, so other entries are unchanged).
      ...(ctx.adjustment ? { adjustment: ctx.adjustment } : {}),
    },
    plan,
    dealStatus: ctx.status,
    closeDate: ctx.deal.closeDate,
    computedAt,
    allocations: plan.allocations.map((a) => ({ partnerId: a.partnerId, amountMinor: BigInt(a.amountMinor), currency: plan.currency })),
  };
}

/** JSON with sorted keys, so a round trip through the database compares equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return typeof v === 'bigint' ? v.toString() : v;
  });
}

/**
 * Partner rollups (docs/decisions/0018-partner-rollups-and-program-view.md) follow a deal that was
 * created, closed or reopened, or changed partners: one job refreshes those partners' company
 * properties. Written outputs are compared with what the deal held before this computation.
 */
async function enqueuePartnerRollups(
  deps: AppDeps,
  contexts: Map<string, DealContext>,
  writes: Array<{ dealId: string; properties: Record<string, string> }>,
  lost: Set<string>,
  partnersBefore: Map<string, string[]>,
  now: Date,
): Promise<void> {
  const changes = writes
    .filter((w) => !lost.has(w.dealId))
    .flatMap((w) => {
      const ctx = contexts.get(w.dealId);
      if (!ctx) return [];
      // The split summary names partners, roles and amounts: a solo deal changing partner or amount shows there.
      const state = (bag: Record<string, string | null>) => ({ status: bag.cosell_status ?? '', pairing: `${bag.cosell_pairing ?? ''}|${bag.cosell_split_summary ?? ''}` });
      const beforePairing = ctx.deal.outputs.cosell_pairing ?? '';
      return [{
        dealId: w.dealId,
        before: state(ctx.deal.outputs),
        after: state(w.properties),
        partnerIdsBefore: [...(partnersBefore.get(w.dealId) ?? []), ...(beforePairing === '' ? [] : beforePairing.split('+'))],
        partnerIdsAfter: ctx.partners.map((p) => p.companyId),
      }];
    });
  const item = partnerRollupsFor(changes, now);
  if (item) await deps.store.inbox.enqueue([item]);
}
