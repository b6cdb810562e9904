import { createHmac } from 'node:crypto';
import { SINGULAR, WEBHOOK_NAMES, OBJECT_TYPE_IDS } from './default-schema';
import type { CrmChange } from './emulator-state';
import type { Subscription, WebhookSettings } from './webhook-config';

/**
 * One event as HubSpot puts it in a webhook body (docs/hubspot-webhook-events.md): association
 * changes carry `fromObjectId`/`toObjectId` and no `objectId`; merges carry `primaryObjectId`,
 * `mergedObjectIds`, `newObjectId`, `numberOfPropertiesMoved` and (not documented either way) no
 * `objectId` here, so the backend is tested against the leanest shape.
 */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  /** Absent on associationChange and merge events. */
  objectId?: number;
  changeSource: string;
  sourceId: string;
  changeFlag?: string;
  objectTypeId?: string;
  propertyName?: string;
  propertyValue?: string;
  associationType?: string;
  fromObjectId?: number;
  toObjectId?: number;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
}

export interface DeliveryLogEntry {
  /** Groups the attempts of one batch. */
  batchId: number;
  attempt: number;
  url: string | undefined;
  events: WebhookEvent[];
  /** HTTP status, or 'error' (connection/timeout), 'dropped' (fault), 'no-target'. */
  status: number | 'error' | 'dropped' | 'no-target';
  error?: string;
  at: number;
  durationMs: number;
}

export interface DeliveryFaults {
  dropDeliveries: number;
  duplicateDeliveries: boolean;
  reorderDeliveries: boolean;
}

export interface DispatcherOptions {
  settings: () => WebhookSettings;
  clientSecret: string;
  appId: string;
  portalId: string;
  faults: () => DeliveryFaults;
  consumeDrop: () => void;
  batchWindowMs: number;
  maxBatch: number;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  maxLogEntries: number;
  now: () => number;
  logger: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Signs like HubSpot v3: base64 HMAC-SHA256(secret, method + uri + body + timestamp). */
export function signV3(clientSecret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

const engagements = new Set(['notes', 'tasks']);

function matchesSubscription(s: Subscription, change: CrmChange): boolean {
  const objectType = change.kind === 'associationChange' ? change.fromType : change.objectType;
  if (s.objectType !== SINGULAR[objectType]) return false;
  if (s.event !== change.kind) return false;
  if (change.kind === 'propertyChange') return s.propertyName === change.propertyName;
  if (change.kind === 'associationChange') {
    // Engagements (notes, tasks) the app attaches to deals are not CRM-object associations and
    // must not look like partner changes; HubSpot's associationChange covers record↔record pairs.
    return !engagements.has(change.fromType) && !engagements.has(change.toType);
  }
  return true;
}

/**
 * Turns CRM changes into webhook events and delivers them: batches of ≤ maxBatch per POST, at
 * most `maxConcurrentRequests` in flight, failures (non-2xx, connection error, > 5 s) retried
 * with doubling delays and an incremented `attemptNumber`. Fault switches drop, duplicate or
 * reorder batches so the backend's idempotency can be tested.
 */
export class WebhookDispatcher {
  private pending: WebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private retryTimers = new Map<NodeJS.Timeout, () => void>();
  private nextEventId = 1;
  private nextBatchId = 1;
  private active = 0;
  private waiting: Array<() => void> = [];
  private closed = false;
  readonly log: DeliveryLogEntry[] = [];

  constructor(private readonly opts: DispatcherOptions) {}

  private record(entry: DeliveryLogEntry): void {
    this.log.push(entry);
    if (this.log.length > this.opts.maxLogEntries) this.log.splice(0, this.log.length - this.opts.maxLogEntries);
  }

  /** Maps one change to the events its matching subscriptions produce. */
  eventsFor(change: CrmChange): WebhookEvent[] {
    const out: WebhookEvent[] = [];
    for (const s of this.opts.settings().subscriptions) {
      if (!matchesSubscription(s, change)) continue;
      const base = {
        eventId: this.nextEventId++,
        subscriptionId: s.id,
        portalId: Number(this.opts.portalId),
        appId: Number(this.opts.appId),
        occurredAt: change.occurredAt,
        subscriptionType: s.subscriptionType,
        attemptNumber: 0,
        changeSource: change.origin.changeSource,
        sourceId: change.origin.sourceId,
      };
      if (change.kind === 'associationChange') {
        // No objectId: HubSpot names the two ends instead. Generic (object.*) association events
        // carry no objectTypeId either (HubSpot lists it only for the other five kinds).
        out.push({
          ...base,
          associationType: `${WEBHOOK_NAMES[change.fromType]}_TO_${WEBHOOK_NAMES[change.toType]}`,
          fromObjectId: Number(change.fromId),
          toObjectId: Number(change.toId),
          associationRemoved: change.removed,
          isPrimaryAssociation: change.primary,
        });
      } else {
        out.push({
          ...base,
          ...(change.kind === 'merge' ? {} : { objectId: Number(change.objectId) }),
          ...(s.generic ? { objectTypeId: OBJECT_TYPE_IDS[change.objectType] } : {}),
          ...(change.kind === 'creation' ? { changeFlag: 'CREATED' } : {}),
          ...(change.kind === 'deletion' ? { changeFlag: 'DELETED' } : {}),
          ...(change.kind === 'propertyChange' ? { propertyName: change.propertyName, propertyValue: change.propertyValue } : {}),
          ...(change.kind === 'merge'
            ? { primaryObjectId: Number(change.primaryObjectId), mergedObjectIds: change.mergedObjectIds.map(Number), newObjectId: Number(change.objectId), numberOfPropertiesMoved: change.numberOfPropertiesMoved }
            : {}),
        });
      }
    }
    return out;
  }

  enqueue(change: CrmChange): void {
    if (this.closed) return;
    const events = this.eventsFor(change);
    if (events.length === 0) return;
    this.pending.push(...events);
    if (!this.timer) this.timer = setTimeout(() => this.drain(), this.opts.batchWindowMs);
  }

  /**
   * Sends everything now — pending events and scheduled retries alike, without waiting out the
   * batching window or the retry delays — and resolves once every batch has succeeded or used
   * up its attempts. Bounded: at most maxAttempts tries per batch.
   */
  async flush(): Promise<void> {
    for (;;) {
      this.drain();
      for (const [timer, fire] of this.retryTimers) {
        clearTimeout(timer);
        this.retryTimers.delete(timer);
        fire();
      }
      if (this.inFlight.size === 0 && this.pending.length === 0) return;
      await Promise.race([...this.inFlight]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.retryTimers.keys()) clearTimeout(t);
    this.retryTimers.clear();
    this.pending = [];
    await Promise.allSettled([...this.inFlight]);
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    let events = this.pending;
    this.pending = [];
    const faults = this.opts.faults();
    if (faults.reorderDeliveries) events = [...events].reverse();
    const batches: WebhookEvent[][] = [];
    for (let i = 0; i < events.length; i += this.opts.maxBatch) batches.push(events.slice(i, i + this.opts.maxBatch));
    for (const batch of batches) {
      const batchId = this.nextBatchId++;
      if (this.opts.faults().dropDeliveries > 0) {
        this.opts.consumeDrop();
        this.record({ batchId, attempt: 0, url: this.opts.settings().targetUrl, events: batch, status: 'dropped', at: this.opts.now(), durationMs: 0 });
        continue;
      }
      this.track(this.attempt(batchId, batch, 0));
      if (faults.duplicateDeliveries) this.track(this.attempt(this.nextBatchId++, batch, 0));
    }
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async slot(): Promise<void> {
    const max = this.opts.settings().maxConcurrentRequests;
    while (this.active >= max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private async attempt(batchId: number, batch: WebhookEvent[], attempt: number): Promise<void> {
    const url = this.opts.settings().targetUrl;
    const events = batch.map((e) => ({ ...e, attemptNumber: attempt }));
    if (!url) {
      this.record({ batchId, attempt, url, events, status: 'no-target', at: this.opts.now(), durationMs: 0 });
      return;
    }
    await this.slot();
    const started = this.opts.now();
    let status: DeliveryLogEntry['status'] = 'error';
    let error: string | undefined;
    try {
      const body = JSON.stringify(events);
      const timestamp = String(Date.now());
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(), this.opts.timeoutMs);
      try {
        const res = await fetch(url, {
          method: 'POST',
          body,
          signal: controller.signal,
          headers: {
            'Content-Type': 'application/json',
            'X-HubSpot-Signature-v3': signV3(this.opts.clientSecret, 'POST', url, body, timestamp),
            'X-HubSpot-Request-Timestamp': timestamp,
            'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (cosell emulator)',
          },
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } finally {
        clearTimeout(timeout);
      }
    } catch (e) {
      error = (e as Error).name === 'AbortError' ? `no response within ${this.opts.timeoutMs} ms` : (e as Error).message;
    } finally {
      this.release();
    }
    this.record({ batchId, attempt, url, events, status, ...(error ? { error } : {}), at: started, durationMs: this.opts.now() - started });
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    if (ok || this.closed) return;
    if (attempt + 1 >= this.opts.maxAttempts) {
      this.opts.logger.warn({ batchId, url, status, error }, 'emulator: webhook batch gave up after max attempts');
      return;
    }
    const delay = this.opts.retryBaseMs * 2 ** attempt;
    const fire = () => this.track(this.attempt(batchId, batch, attempt + 1));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      fire();
    }, delay);
    this.retryTimers.set(timer, fire);
  }
}
