import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../app/app-deps';
import { jobItem } from '../../jobs/inbox-job';
import type { RecomputeDealsJob } from './attribution-job-schemas';

/**
 * How long a deal lock lives without renewal. Held locks are renewed every third of it, so a
 * worker that dies mid-recompute frees its deals within this time.
 */
export const DEAL_LOCK_TTL_MS = 20_000;

/** The lock of a deal: the same text as the inbox subject of its events, so a claim can pass them over. */
export function dealLockName(dealId: string): string {
  return `deal:${dealId}`;
}

function dealIdOf(name: string): string {
  return name.slice('deal:'.length);
}

export interface DealLocks {
  readonly holder: string;
  /**
   * Tries to lock these deals; never waits. For each deal locked by someone else a recompute is
   * enqueued for after that holder's tenure (one per tenure, however many runs ran into it): the
   * claim passes it over while the lock is held and it then runs with a fresh read.
   */
  take(dealIds: string[], trigger: string): Promise<{ acquired: string[]; busy: string[] }>;
  /** Renews what is held now; returns deals whose lock was lost (expired and possibly taken over). */
  confirm(): Promise<string[]>;
  /** Re-queues deals whose lock was lost before their results were written. */
  defer(dealIds: string[], trigger: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * One writer per deal across instances (docs/decisions/0008-several-instances.md): the
 * per-deal leases of one recompute, renewed on a timer while it runs and released at the end.
 *
 * @example const locks = openDealLocks(deps, 'worker-1'); try { const { acquired } = await locks.take(ids, 'webhook'); … } finally { await locks.release(); }
 */
export function openDealLocks(deps: AppDeps, holder: string = `recompute-${randomUUID().slice(0, 8)}`, ttlMs: number = DEAL_LOCK_TTL_MS): DealLocks {
  const held = new Set<string>();
  const lost = new Set<string>();
  let timer: ReturnType<typeof setInterval> | null = null;

  async function renew(): Promise<void> {
    if (held.size === 0) return;
    const names = [...held];
    const still = new Set(await deps.store.locks.extend(names, holder, ttlMs));
    for (const name of names) {
      if (!still.has(name)) {
        held.delete(name);
        lost.add(dealIdOf(name));
      }
    }
  }

  async function enqueueAfter(entries: Array<{ dealId: string; tenure: string }>, trigger: string): Promise<void> {
    if (entries.length === 0) return;
    const now = deps.clock();
    await deps.store.inbox.enqueue(
      entries.map(({ dealId, tenure }) => jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: [dealId], trigger: `after-lock:${trigger}` }, `deal-lock-follow-up:${dealId}:${tenure}`, now)),
    );
  }

  return {
    holder,
    async take(dealIds, trigger) {
      const { acquired, heldByOthers } = await deps.store.locks.tryAcquireMany(dealIds.map(dealLockName), holder, ttlMs);
      for (const name of acquired) held.add(name);
      if (timer === null && held.size > 0) {
        timer = setInterval(() => {
          renew().catch((err: unknown) => deps.logger.warn({ err }, 'renewing deal locks failed; will try again'));
        }, Math.max(1_000, Math.floor(ttlMs / 3)));
        timer.unref();
      }
      const got = new Set(acquired.map(dealIdOf));
      const busy = [...new Set(dealIds)].filter((id) => !got.has(id));
      const tenures = new Map(heldByOthers.map((t) => [dealIdOf(t.name), `${t.holder}:${t.acquiredAt}`]));
      // A lock released between our try and the look-up has no tenure left: a one-off key then.
      await enqueueAfter(busy.map((dealId) => ({ dealId, tenure: tenures.get(dealId) ?? `${holder}:${deps.clock().toISOString()}:${randomUUID().slice(0, 8)}` })), trigger);
      return { acquired: [...got], busy };
    },
    async confirm() {
      await renew();
      return [...lost];
    },
    async defer(dealIds, trigger) {
      await enqueueAfter(dealIds.map((dealId) => ({ dealId, tenure: `lost:${holder}:${randomUUID().slice(0, 8)}` })), trigger);
    },
    async release() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      const names = [...held];
      held.clear();
      if (names.length > 0) await deps.store.locks.releaseMany(names, holder);
    },
  };
}
