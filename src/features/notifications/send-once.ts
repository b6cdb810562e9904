// Sends a HubSpot task or note at most once per key (event and recipient): the key is claimed in
// the store first, so a replayed event, a retried job or a second worker finds it taken.
import type { AppDeps } from '../../app/app-deps';
import { escapeHtml } from '../../domain/notifications';

export interface OnceNotice {
  key: string;
  topic: 'stage-change' | 'conflict' | 'sla' | 'commission';
  channel: 'task' | 'note';
  /** The HubSpot owner the task is assigned to (a note names nobody; recorded for the log). */
  recipient: string;
  subject: string;
  /** Simple HTML. */
  body: string;
  dealIds: string[];
  companyIds: string[];
  dueAt: Date;
}

/**
 * A claim older than this belongs to a sender that died between claiming and recording; it is then
 * sent again. Longer than any worker lease, so a slow but live sender is never doubled.
 */
export const CLAIM_STALE_AFTER_MS = 10 * 60_000;

/**
 * Creates the task or note unless its key was sent (or is being sent) already.
 * A crash after HubSpot created it but before the store recorded it is the one case that can
 * send twice (after CLAIM_STALE_AFTER_MS); HubSpot offers no idempotency key on engagement creates.
 *
 * @example await sendOnce(deps, { key: 'stage:301:…:owner:7', topic: 'stage-change', channel: 'task', … }) // 'sent'
 */
export async function sendOnce(deps: AppDeps, n: OnceNotice): Promise<'sent' | 'already'> {
  const claimed = await deps.store.notifications.claim(
    { key: n.key, topic: n.topic, channel: n.channel, recipient: n.recipient, dealIds: n.dealIds, subject: n.subject },
    { staleAfterMs: CLAIM_STALE_AFTER_MS },
  );
  if (!claimed) return 'already';
  let hubspotId: string;
  try {
    hubspotId =
      n.channel === 'task'
        ? await deps.gateway.createTask({ subject: n.subject, body: n.body, dueAt: n.dueAt, ownerId: n.recipient, dealIds: n.dealIds, companyIds: n.companyIds })
        : await deps.gateway.createNote({ bodyHtml: `<p><strong>${escapeHtml(n.subject)}</strong></p>${n.body}`, timestamp: deps.clock(), dealIds: n.dealIds, companyIds: n.companyIds });
  } catch (error) {
    // Nothing was created: give the key back so the job's retry can send it.
    await deps.store.notifications.release(n.key).catch((err: unknown) => deps.logger.warn({ err, key: n.key }, 'releasing a notification claim failed; it is retried after the claim goes stale'));
    throw error;
  }
  await deps.store.notifications.markSent(n.key, hubspotId);
  return 'sent';
}
