import type { AppDeps } from '../app/app-deps';
import { crmBlockedUntil } from '../hubspot';
import type { InboxItem } from '../store/store';
import { jobItem, MAX_DEALS_PER_RECOMPUTE } from './inbox-job';
import type { InboxWork } from './job-registry';
import { classifyEvent, webhookEventSchema } from './webhook-events';

export interface BatchOptions {
  workerId: string;
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  /** Delay before the n-th retry (n = attempts so far, from 1). */
  backoffMs: (attempt: number) => number;
  /** How often leases (and deal locks) are renewed while a batch runs. Default a third of `leaseMs`. */
  renewEveryMs?: number;
  /** The job registry (job kind → handler) and the deal recompute: src/features/feature-jobs.ts. */
  work: InboxWork;
}

export interface BatchReport {
  claimed: number;
  completed: number;
  skipped: number;
  retried: number;
  dead: number;
  /** Put back without an attempt because HubSpot was blocked (DAILY) or throttled (burst 429s). */
  deferred: number;
  dealsRecomputed: number;
}

/**
 * Default backoff: exponential from 2 s, capped at 10 min, with up to 20 % jitter so retries of
 * one failure do not arrive together.
 */
export function defaultBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempt - 1), 10 * 60 * 1000);
  return Math.round(base * (1 + 0.2 * random()));
}

/**
 * Claims beyond `maxAttempts` that an item may take before it is dead-lettered as poison: a
 * claim that ends without an outcome (the worker crashed, or its lease ran out) never counts as an
 * attempt, so without this an item that kills the worker process would be retried forever. The
 * margin leaves room for ordinary lease expiries and restarts.
 */
export const POISON_CLAIM_MARGIN = 3;

/**
 * One worker step: claims up to `batchSize` items with a lease, coalesces them per deal, runs
 * them, and completes, retries (backoff) or dead-letters each item. A crash anywhere leaves the
 * items leased; when the lease expires another worker claims them again (at least once in), and
 * recomputation is idempotent (exactly once in effect).
 *
 * Poison items: an item claimed more than `maxAttempts + POISON_CLAIM_MARGIN` times is
 * dead-lettered without running. An item with a claim that ended without an outcome (a suspect:
 * `claims > attempts + 1`) runs apart after the rest of the batch has completed (with the other
 * suspects of its deal), so a crashing item cannot take the items claimed with it down again and again.
 *
 * `afterClaim` lets tests stop a worker between claiming and finishing.
 */
export async function processInboxBatch(deps: AppDeps, opts: BatchOptions, hooks: { afterClaim?: (items: InboxItem[]) => Promise<void> } = {}): Promise<BatchReport> {
  const report: BatchReport = { claimed: 0, completed: 0, skipped: 0, retried: 0, dead: 0, deferred: 0, dealsRecomputed: 0 };
  const items = await deps.store.inbox.claim({ workerId: opts.workerId, limit: opts.batchSize, leaseMs: opts.leaseMs });
  report.claimed = items.length;
  if (items.length === 0) return report;
  // Leases are short (20 s by default) so a dead worker's items come back quickly; a live one
  // renews what it holds every third of the lease while it works (done items are no longer leased
  // and are left alone by extendLease).
  const renewal = setInterval(() => {
    deps.store.inbox.extendLease(items.map((i) => i.id), opts.workerId, opts.leaseMs).catch((err: unknown) => deps.logger.warn({ err }, 'renewing inbox leases failed; will try again'));
  }, opts.renewEveryMs ?? Math.max(1_000, Math.floor(opts.leaseMs / 3)));
  renewal.unref();
  try {
    await runBatch(deps, opts, items, report, hooks);
  } finally {
    clearInterval(renewal);
  }
  return report;
}

function lockOptions(opts: BatchOptions): { lockHolder: string; lockTtlMs: number } {
  // The deal locks live as long as the leases: a worker that dies frees both within one lease.
  return { lockHolder: opts.workerId, lockTtlMs: opts.leaseMs };
}

async function runBatch(deps: AppDeps, opts: BatchOptions, items: InboxItem[], report: BatchReport, hooks: { afterClaim?: (items: InboxItem[]) => Promise<void> }): Promise<void> {
  await hooks.afterClaim?.(items);

  const maxClaims = opts.maxAttempts + POISON_CLAIM_MARGIN;
  const fresh: InboxItem[] = [];
  const suspects: InboxItem[] = [];
  for (const item of items) {
    if (item.claims > maxClaims) {
      const error = new PermanentItemError(
        `claimed ${item.claims} times without finishing (limit ${maxClaims}): processing it likely crashes the worker or outlives its lease${item.lastError ? `; last error: ${item.lastError}` : ''}`,
      );
      await fail(deps, opts, item, error, report);
    } else if (item.claims > item.attempts + 1) {
      suspects.push(item);
    } else {
      fresh.push(item);
    }
  }
  if (fresh.length > 0) await processItems(deps, opts, fresh, report);
  const groups = suspectGroups(suspects);
  for (const [i, group] of groups.entries()) {
    // The rest of the batch may have taken a while: keep the lease of what is still to run.
    await deps.store.inbox.extendLease(groups.slice(i).flat().map((x) => x.id), opts.workerId, opts.leaseMs);
    deps.logger.warn(
      { itemIds: group.map((x) => x.id), subject: group[0]!.subject, claims: Math.max(...group.map((x) => x.claims)) },
      'inbox items were claimed before without finishing; running them apart from the rest',
    );
    await processItems(deps, opts, group, report);
  }
}

/**
 * Suspects run apart from the rest, so one that crashes the worker cannot take other work down with
 * it. Items about the same deal run together: they coalesce into one recompute of that deal, so a
 * crash caused by the deal's data implicates all of them alike, and running them one by one would
 * only recompute the same deal again and again (after a series of crashes, nearly every item of a
 * busy deal is a suspect). Anything else runs on its own.
 */
function suspectGroups(suspects: InboxItem[]): InboxItem[][] {
  const byDeal = new Map<string, InboxItem[]>();
  const groups: InboxItem[][] = [];
  for (const item of suspects) {
    if (!item.subject.startsWith('deal:')) {
      groups.push([item]);
      continue;
    }
    const group = byDeal.get(item.subject);
    if (group) group.push(item);
    else {
      const created = [item];
      byDeal.set(item.subject, created);
      groups.push(created);
    }
  }
  return groups;
}

async function processItems(deps: AppDeps, opts: BatchOptions, items: InboxItem[], report: BatchReport): Promise<void> {
  const done: string[] = [];
  const dealsOf = new Map<string, string[]>(); // item id → deal ids
  const companyItems = new Map<string, string[]>(); // item id → company ids
  const triggerOf = new Map<string, string>();

  for (const item of items) {
    try {
      if (item.kind === 'event') {
        const parsed = webhookEventSchema.safeParse(item.payload);
        if (!parsed.success) throw new PermanentItemError(`stored event does not parse: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        const followUps = opts.work.eventFollowUps?.(parsed.data) ?? [];
        if (followUps.length > 0) await deps.store.inbox.enqueue(followUps.map((job) => jobItem(job, `${item.dedupeKey}:${job.type}`, deps.clock())));
        const decision = classifyEvent(parsed.data, { appId: deps.appId, portalId: deps.portalId });
        if (decision.action === 'skip') {
          deps.logger.debug({ itemId: item.id, reason: decision.reason, eventId: parsed.data.eventId }, 'event skipped');
          done.push(item.id);
          report.skipped += 1;
        } else if (decision.action === 'deals') {
          dealsOf.set(item.id, decision.dealIds);
          triggerOf.set(item.id, 'webhook');
        } else {
          companyItems.set(item.id, decision.companyIds);
          triggerOf.set(item.id, 'webhook');
        }
        continue;
      }
      const job = opts.work.jobs.parse(item.payload);
      if (!job.ok) throw new PermanentItemError(`stored job does not parse: ${job.error}`);
      const outcome = await job.handler.run(deps, job.job);
      if (outcome?.recompute) {
        dealsOf.set(item.id, outcome.recompute.dealIds);
        triggerOf.set(item.id, outcome.recompute.trigger);
        continue;
      }
      done.push(item.id);
    } catch (error) {
      await fail(deps, opts, item, error, report);
    }
  }

  // Company changes (partner type, domain, parent) touch every deal of the company.
  if (companyItems.size > 0) {
    const allCompanies = [...new Set([...companyItems.values()].flat())];
    try {
      const dealIdsByCompany = await deps.gateway.readCompanyDealIds(allCompanies);
      for (const [itemId, companyIds] of companyItems) {
        const ids = companyIds.flatMap((c) => dealIdsByCompany.get(c) ?? []);
        if (ids.length === 0) {
          done.push(itemId);
          report.skipped += 1;
        } else dealsOf.set(itemId, ids);
      }
    } catch (error) {
      for (const itemId of companyItems.keys()) await fail(deps, opts, byId(items, itemId), error, report);
    }
  }

  // Coalesce per deal, in chunks of at most MAX_DEALS_PER_RECOMPUTE deals (a reconcile page can
  // name hundreds), renewing the lease of what is still to do before each chunk.
  const chunks = chunkItems(dealsOf, MAX_DEALS_PER_RECOMPUTE);
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) {
      const remaining = chunks.slice(index).flatMap((c) => [...c.keys()]);
      await deps.store.inbox.extendLease(remaining, opts.workerId, opts.leaseMs);
    }
    await runChunk(deps, opts, items, chunk, triggerOf, done, report);
  }

  report.completed += await deps.store.inbox.complete(done, opts.workerId);
}

function chunkItems(dealsOf: Map<string, string[]>, maxDeals: number): Array<Map<string, string[]>> {
  const chunks: Array<Map<string, string[]>> = [];
  let current = new Map<string, string[]>();
  let deals = new Set<string>();
  for (const [itemId, ids] of dealsOf) {
    const added = ids.filter((id) => !deals.has(id)).length;
    if (current.size > 0 && deals.size + added > maxDeals) {
      chunks.push(current);
      current = new Map();
      deals = new Set();
    }
    current.set(itemId, ids);
    for (const id of ids) deals.add(id);
  }
  if (current.size > 0) chunks.push(current);
  return chunks;
}

async function runChunk(
  deps: AppDeps,
  opts: BatchOptions,
  items: InboxItem[],
  dealsOf: Map<string, string[]>,
  triggerOf: Map<string, string>,
  done: string[],
  report: BatchReport,
): Promise<void> {
  const allDeals = [...new Set([...dealsOf.values()].flat())];
  const trigger = [...new Set([...dealsOf.keys()].map((id) => triggerOf.get(id) ?? 'webhook'))].join('+');
  try {
    const r = await opts.work.recomputeDeals(deps, allDeals, trigger, lockOptions(opts));
    report.dealsRecomputed += r.computed;
    done.push(...dealsOf.keys());
    return;
  } catch (error) {
    if (allDeals.length === 1 || isMarkedRetryable(error)) {
      // HubSpot is struggling (a transient, explicitly retryable error): the whole chunk waits for
      // its backoff; calling again deal by deal would only multiply the load.
      for (const itemId of dealsOf.keys()) await fail(deps, opts, byId(items, itemId), error, report);
      return;
    }
    // Anything else (a permanent HubSpot error, a bug on odd data) may be one bad deal: find it
    // deal by deal, so only its items fail.
    deps.logger.warn({ err: error, deals: allDeals.length }, 'recompute failed; retrying deal by deal to isolate the cause');
    const failedDeals = new Map<string, unknown>();
    for (const dealId of allDeals) {
      try {
        const r = await opts.work.recomputeDeals(deps, [dealId], trigger, lockOptions(opts));
        report.dealsRecomputed += r.computed;
      } catch (dealError) {
        failedDeals.set(dealId, dealError);
      }
    }
    for (const [itemId, ids] of dealsOf) {
      const failed = ids.find((id) => failedDeals.has(id));
      if (failed === undefined) done.push(itemId);
      else await fail(deps, opts, byId(items, itemId), failedDeals.get(failed), report);
    }
  }
}

function isMarkedRetryable(error: unknown): boolean {
  // A blocked or throttled CRM fails every deal alike: the whole chunk is deferred, never split.
  if (crmBlockedUntil(error)) return true;
  return !!error && typeof error === 'object' && 'retryable' in error && (error as { retryable: unknown }).retryable === true;
}

function isRetryable(error: unknown): boolean {
  return !(error && typeof error === 'object' && 'retryable' in error && (error as { retryable: unknown }).retryable === false);
}

function byId(items: InboxItem[], id: string): InboxItem {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`inbox item ${id} not in batch`);
  return item;
}

/** An item that can never succeed (e.g. a payload that does not parse): dead-lettered at once. */
export class PermanentItemError extends Error {
  override name = 'PermanentItemError';
  readonly retryable = false;
}

/** A throttled item waits at least this long, so a worker never spins on a window about to end. */
export const MIN_DEFER_MS = 1_000;

async function fail(deps: AppDeps, opts: BatchOptions, item: InboxItem, error: unknown, report: BatchReport): Promise<void> {
  const blocked = crmBlockedUntil(error);
  if (blocked) {
    // HubSpot said "not now", not "no": the item did not run, so no attempt is counted and it can
    // never become a dead letter this way. It comes back by itself when the block or window ends.
    const earliest = deps.clock().getTime() + MIN_DEFER_MS;
    const until = new Date(Math.max(blocked.until.getTime(), earliest));
    const why = blocked.reason === 'daily_limit' ? `HubSpot's daily API limit is reached` : 'HubSpot is throttling this app (burst 429)';
    if (await deps.store.inbox.defer(item.id, opts.workerId, `deferred: ${why}; runs again at ${until.toISOString()}`, until)) report.deferred += 1;
    deps.logger.info({ itemId: item.id, subject: item.subject, until: until.toISOString(), reason: blocked.reason }, `inbox item deferred: ${why}; it runs again at ${until.toISOString()}`);
    return;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const retryable = isRetryable(error);
  const attempt = item.attempts + 1;
  const log = deps.logger.child({ itemId: item.id, subject: item.subject, attempt });
  if (!retryable || attempt >= opts.maxAttempts) {
    if (await deps.store.inbox.deadLetter(item.id, opts.workerId, message)) report.dead += 1;
    log.error({ err: error }, `inbox item dead-lettered (${retryable ? 'out of attempts' : 'not retryable'}); fix the cause, then run \`cosell inbox retry ${item.id}\``);
    return;
  }
  const delay = opts.backoffMs(attempt);
  if (await deps.store.inbox.retryLater(item.id, opts.workerId, message, new Date(deps.clock().getTime() + delay))) report.retried += 1;
  log.warn({ err: error, retryInMs: delay }, 'inbox item failed; will retry');
}
