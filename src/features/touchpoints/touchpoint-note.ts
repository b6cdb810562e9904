import type { AppDeps } from '../../app/app-deps';

const KIND_LABELS: Record<string, string> = {
  meeting: 'Meeting',
  demo: 'Demo',
  email: 'Email',
  proposal_review: 'Proposal review',
  poc: 'Proof of concept',
  intro: 'Intro',
  executive_sponsorship: 'Executive sponsorship',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Mirrors a stored touchpoint as a note on the deal (timeline visibility; timeline events are not
 * available to a static private app, docs/hubspot.md §4.7). Idempotent: a touchpoint that
 * already has its note is left alone.
 */
export async function mirrorTouchpointNote(deps: Pick<AppDeps, 'store' | 'gateway'>, touchpointId: string, partnerName?: string): Promise<string | null> {
  const tp = await deps.store.touchpoints.get(touchpointId);
  if (!tp) return null;
  if (tp.noteId) return tp.noteId;
  const body = `<p><strong>Partner touchpoint — ${escapeHtml(KIND_LABELS[tp.kind] ?? tp.kind)}</strong> with ${escapeHtml(partnerName ?? `partner company ${tp.partnerId}`)}</p><p>${escapeHtml(tp.summary)}</p><p>Logged by user ${escapeHtml(tp.loggedBy)} via Co-sell attribution.</p>`;
  const noteId = await deps.gateway.createDealNote(tp.dealId, body, new Date(tp.occurredAt));
  await deps.store.touchpoints.setNoteId(tp.id, noteId);
  return noteId;
}
