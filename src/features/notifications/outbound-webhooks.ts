// Outbound webhooks to partners: one delivery per event and partner (the delivery log), signed
// with the partner's secret, sent only to https URLs whose every address is public, retried with
// exponential backoff for 24 hours (docs/decisions/0015-notifications.md).
import type { AppDeps, OutboundHttp } from '../../app/app-deps';
import { hostOf, isPublicAddress, isRetryableStatus, nextWebhookAttempt, webhookFor, webhookUrlProblem } from '../../domain/notifications';
import { jobItem } from '../../jobs/inbox-job';
import type { NewWebhookDelivery, WebhookDelivery } from '../../store/store';
import type { DeliverWebhookJob } from './notifications-job-schemas';
import { readNotificationSettings } from './notification-settings';
import { createOutboundHttp } from './outbound-http';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

const SEND_TIMEOUT_MS = 10_000;

function outbound(deps: AppDeps): OutboundHttp {
  return deps.outbound ?? createOutboundHttp();
}

/** The inbox item that tries a delivery (again); the attempt number makes each retry its own item. */
export function deliveryItem(deliveryId: string, attempt: number, now: Date, availableAt?: Date) {
  return { ...jobItem<DeliverWebhookJob>({ type: 'deliver-webhook', deliveryId }, `deliver-webhook:${deliveryId}:${attempt}`, now), ...(availableAt ? { availableAt } : {}) };
}

/** Records the delivery of an event to a partner (once) and queues its first attempt; false when it existed. */
export async function enqueueDelivery(deps: AppDeps, d: NewWebhookDelivery): Promise<boolean> {
  const { delivery, created } = await deps.store.notifications.createDelivery(d);
  // Queued even when it existed: a crash between the two writes must not strand it (the dedupe key makes this harmless).
  if (delivery.status === 'pending' && delivery.attempts === 0) await deps.store.inbox.enqueue([deliveryItem(delivery.id, 1, deps.clock())]);
  return created;
}

/**
 * Why a URL may not receive webhooks, or null: its text (https, no private literal) and every
 * address its host resolves to. Used when settings are saved and before every send.
 */
export async function webhookDestinationProblem(http: Pick<OutboundHttp, 'resolve'>, url: string): Promise<string | null> {
  const textual = webhookUrlProblem(url);
  if (textual) return textual;
  const host = hostOf(new URL(url));
  let addresses: string[];
  try {
    addresses = isPublicAddress(host) ? [host] : await http.resolve(host);
  } catch (error) {
    return `cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (addresses.length === 0) return `${host} resolves to no address`;
  const bad = addresses.find((a) => !isPublicAddress(a));
  return bad ? `${host} resolves to a private, loopback or link-local address (${bad})` : null;
}

export { webhookUrlProblem };

/** Checks the settings' webhook URLs before they are saved; field errors by index. */
export async function webhookSettingsProblems(deps: AppDeps, hooks: Array<{ url: string }>): Promise<Array<{ path: string; message: string }>> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const [i, h] of hooks.entries()) {
    const problem = await webhookDestinationProblem(outbound(deps), h.url);
    if (problem) problems.push({ path: `webhooks[${i}].url`, message: problem });
  }
  return problems;
}

/**
 * One attempt of a delivery: sends it signed to the partner's current URL and records the result.
 * A 2xx delivers it; a 5xx, 408, 429 or network error schedules the next attempt (exponential
 * backoff) until 24 hours after the event; anything else, a refused address, or a partner whose
 * webhook was removed fails it for good. Never throws for the partner's failures (the retry is
 * the delivery's own, not the inbox's); a store failure throws and the inbox retries the job.
 */
export async function attemptDelivery(deps: AppDeps, deliveryId: string): Promise<WebhookDelivery | null> {
  const d = await deps.store.notifications.getDelivery(deliveryId);
  if (!d || d.status !== 'pending') return d;
  const log = deps.logger.child({ deliveryId, partnerId: d.partnerId, eventKey: d.eventKey });
  const settings = await readNotificationSettings(deps.store, log);
  const hook = webhookFor(settings, d.partnerId);
  const fail = (error: string, httpStatus: number | null = null) => deps.store.notifications.recordAttempt(d.id, { status: 'failed', httpStatus, error, nextAttemptAt: null });
  if (!hook) return fail('the partner has no webhook in the notification settings any more');
  const http = outbound(deps);
  const refused = await webhookDestinationProblem(http, hook.url);
  if (refused) {
    log.warn({ reason: refused }, 'webhook destination refused');
    return fail(`refused: ${refused}`);
  }
  const now = deps.clock();
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'cosell-attribution-webhooks',
    [SIGNATURE_HEADER]: signWebhookBody(hook.secret, timestamp, d.body),
    'X-Cosell-Event': d.eventType,
    'X-Cosell-Delivery': d.id,
  };
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = (await http.post(hook.url, headers, d.body, { timeoutMs: SEND_TIMEOUT_MS })).status;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    if ((err as { code?: string }).code === 'EADDRNOTPUBLIC') return fail(`refused: ${error}`);
  }
  if (status !== null && status >= 200 && status < 300) {
    log.info({ status, attempts: d.attempts + 1 }, 'webhook delivered');
    return deps.store.notifications.recordAttempt(d.id, { status: 'delivered', httpStatus: status, error: null, nextAttemptAt: null });
  }
  const reason = error ?? `HTTP ${status}`;
  if (status !== null && !isRetryableStatus(status)) return fail(`${reason}: the partner's endpoint refused it; not retried`, status);
  const next = nextWebhookAttempt(new Date(d.createdAt), d.attempts + 1, now);
  if (!next) return fail(`${reason}: still failing 24 hours after the event; given up`, status);
  const updated = await deps.store.notifications.recordAttempt(d.id, { status: 'pending', httpStatus: status, error: reason, nextAttemptAt: next });
  await deps.store.inbox.enqueue([deliveryItem(d.id, d.attempts + 2, now, next)]);
  log.info({ reason, nextAttemptAt: next.toISOString() }, 'webhook delivery failed; trying again later');
  return updated;
}

/**
 * Sends a delivery's event again as a new delivery (same body; a new row in the log), for an
 * operator after a partner fixed their endpoint. Returns the new delivery, or null when unknown.
 */
export async function replayDelivery(deps: Pick<AppDeps, 'store' | 'clock'>, deliveryId: string): Promise<WebhookDelivery | null> {
  const d = await deps.store.notifications.getDelivery(deliveryId);
  if (!d) return null;
  const { delivery } = await deps.store.notifications.createDelivery({ eventKey: `${d.eventKey}:replay:${deps.clock().toISOString()}`, eventType: d.eventType, partnerId: d.partnerId, url: d.url, body: d.body });
  await deps.store.inbox.enqueue([deliveryItem(delivery.id, 1, deps.clock())]);
  return delivery;
}
