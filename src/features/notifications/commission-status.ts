// Commission status for partners: when a payout run is recorded or marked paid, each partner in it
// gets one note on its company (its manager sees it on the timeline) saying what the run holds for
// it, and its webhook gets a `commission.status` event. Keyed by run, event and partner: sent once.
import type { AppDeps } from '../../app/app-deps';
import { webhookFor } from '../../domain/notifications';
import { escapeHtml } from '../../domain/notifications';
import type { Statement } from '../../domain/payouts/statement';
import { runStatements } from '../payouts/payouts-service';
import type { NotifyCommissionStatusJob } from './notifications-job-schemas';
import { readNotificationSettings } from './notification-settings';
import { enqueueDelivery } from './outbound-webhooks';
import { sendOnce } from './send-once';


const KIND_WORDS: Record<string, string> = {
  earned: 'earned',
  reversal: 'reversed (clawed back)',
  adjustment: 'adjusted',
  bonus: 'co-sell bonus',
  uplift: 'co-sell uplift',
  tier_uplift: 'tier uplift',
};

/** The note's subject and body for one partner's statements (one per currency) in a run. */
export function commissionStatusNote(statements: Statement[], event: 'run' | 'paid'): { subject: string; body: string } {
  const first = statements[0]!;
  const subject =
    event === 'paid'
      ? `Commission paid: payout run ${first.runId} (${first.period}) for ${first.partnerName}`
      : `Commission approved for payout: run ${first.runId} (${first.period}) for ${first.partnerName}`;
  const parts = statements.map((s) => {
    const counts = new Map<string, number>();
    for (const l of s.lines) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
    const kinds = [...counts].map(([kind, n]) => `${n} ${KIND_WORDS[kind] ?? kind}`).join(', ');
    const lines = s.lines.map((l) => `<li>${escapeHtml(l.dealName)}: ${escapeHtml(KIND_WORDS[l.kind] ?? l.kind)} ${escapeHtml(l.amount)} ${escapeHtml(s.currency)}</li>`).join('');
    const status = event === 'paid' && !s.carriedForward ? `Marked paid${s.paidAt ? ` on ${s.paidAt.slice(0, 10)}` : ''}.` : s.summary;
    return `<p>${escapeHtml(`${s.currency}: ${s.lines.length} line${s.lines.length === 1 ? '' : 's'} (${kinds}), total ${s.total} ${s.currency}. ${status}`)}</p><ul>${lines}</ul>`;
  });
  return { subject, body: parts.join('') };
}

/** Sends the run's commission status to every partner in it (note and webhook), each once. */
export async function notifyCommissionStatus(deps: AppDeps, job: NotifyCommissionStatusJob): Promise<{ sent: number; already: number; webhooks: number }> {
  const log = deps.logger.child({ runId: job.runId, event: job.event, job: job.type });
  const run = await deps.store.commissionLedger.getRun(job.runId);
  if (!run) {
    log.warn('payout run not found; no commission status to send');
    return { sent: 0, already: 0, webhooks: 0 };
  }
  const lines = await deps.store.commissionLedger.get([...run.lineIds, ...run.carries.flatMap((c) => c.lineIds)]);
  const partnerIds = [...new Set(lines.map((l) => l.partnerId))].sort();
  const settings = await readNotificationSettings(deps.store, log);
  const companies = partnerIds.length > 0 ? await deps.gateway.readCompanies(partnerIds) : new Map();
  let sent = 0;
  let already = 0;
  let webhooks = 0;
  for (const partnerId of partnerIds) {
    const statements = await runStatements(deps.store, run.id, partnerId);
    if (!statements.ok || statements.value.length === 0) continue;
    const note = commissionStatusNote(statements.value, job.event);
    const eventKey = `commission:${run.id}:${job.event}:${partnerId}`;
    const r = await sendOnce(deps, {
      key: eventKey,
      topic: 'commission',
      channel: 'note',
      recipient: companies.get(partnerId)?.ownerId ?? 'none',
      subject: note.subject,
      body: note.body,
      dealIds: [],
      companyIds: [partnerId],
      dueAt: deps.clock(),
    });
    if (r === 'sent') sent += 1;
    else already += 1;
    const hook = webhookFor(settings, partnerId);
    if (!hook) continue;
    const body = JSON.stringify({
      id: eventKey,
      type: 'commission.status',
      occurredAt: (job.event === 'paid' ? run.paidAt : run.createdAt) ?? deps.clock().toISOString(),
      data: {
        partner: { id: partnerId, name: statements.value[0]!.partnerName },
        run: { id: run.id, period: run.period, status: job.event === 'paid' ? 'paid' : 'approved' },
        statements: statements.value.map((s) => ({
          currency: s.currency,
          total: s.total,
          carriedForward: s.carriedForward,
          lines: s.lines.map((l) => ({ deal: { id: l.dealId, name: l.dealName }, kind: l.kind, amount: l.amount, ruleVersion: l.ruleVersion })),
        })),
      },
    });
    if (await enqueueDelivery(deps, { eventKey, eventType: 'commission.status', partnerId, url: hook.url, body })) webhooks += 1;
  }
  log.info({ sent, already, webhooks }, 'commission status announced');
  return { sent, already, webhooks };
}
