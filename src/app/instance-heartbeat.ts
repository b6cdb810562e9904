import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RateLimiter } from '../hubspot/rate-limiter';
import type { Store } from '../store/store';

/** Lock-name prefix of instance heartbeats (LockRepo.countLive counts them). */
export const INSTANCE_LOCK_PREFIX = 'instance:';

export interface InstanceHeartbeatOptions {
  instanceId?: string;
  /** How often the heartbeat is written and the live count read. Default 2 s. */
  everyMs?: number;
  /** A heartbeat older than this no longer counts (a dead instance's share returns). Default 3 × everyMs. */
  ttlMs?: number;
}

export interface InstanceHeartbeat {
  readonly instanceId: string;
  /** Writes the heartbeat, counts the live instances, sets the limiter's share; returns the count. */
  beat(): Promise<number>;
  start(): void;
  /** Stops beating and removes this instance's heartbeat, so the others take its share at once. */
  stop(): Promise<void>;
}

/**
 * One HubSpot rate limit for the whole app across instances: every instance keeps a
 * heartbeat lease in the shared store and paces itself at limit ÷ live instances. A dead instance's
 * heartbeat lapses after `ttlMs` and the others take its share back.
 *
 * @example const hb = createInstanceHeartbeat(store, limiter, logger); await hb.beat(); hb.start(); … await hb.stop();
 */
export function createInstanceHeartbeat(store: Store, limiter: RateLimiter, logger: Logger, opts: InstanceHeartbeatOptions = {}): InstanceHeartbeat {
  const instanceId = opts.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
  const everyMs = opts.everyMs ?? 2_000;
  const ttlMs = opts.ttlMs ?? everyMs * 3;
  const name = `${INSTANCE_LOCK_PREFIX}${instanceId}`;
  let timer: ReturnType<typeof setInterval> | null = null;
  let last = 1;

  async function beat(): Promise<number> {
    await store.locks.tryAcquire(name, instanceId, ttlMs);
    const live = Math.max(1, await store.locks.countLive(INSTANCE_LOCK_PREFIX));
    if (live !== last) logger.info({ instanceId, instances: live, previous: last }, `instances sharing the HubSpot rate limit: ${live}`);
    last = live;
    limiter.setShare(live);
    return live;
  }

  return {
    instanceId,
    beat,
    start() {
      if (timer !== null) return;
      timer = setInterval(() => {
        // A missed beat keeps the last share; a store outage long enough to lapse every heartbeat
        // makes each instance count itself alone only once the store answers again.
        beat().catch((err: unknown) => logger.warn({ err, instanceId }, 'instance heartbeat failed; keeping the last rate-limit share'));
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await store.locks.release(name, instanceId);
    },
  };
}
