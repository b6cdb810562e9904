// The weekly stand-up digest of a pairing, as the HTML body of a HubSpot note.
import { MODEL_NAMES } from '../vocabulary';
import type { Pairing } from './pairing';
import type { MoneyTotal, PairingProgress } from './pairing-progress';
import type { ReviewSuggestion } from './day-90-review';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
const list = (items: string[]) => `<ul>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
const moneyText = (totals: MoneyTotal[]) => (totals.length === 0 ? 'none' : totals.map((t) => `${t.currency} ${t.amount}`).join(', '));

export interface DigestInput {
  pairing: Pairing;
  /** The partners' names, in the pairing's order. */
  partnerNames: string[];
  progress: PairingProgress;
  /** ISO week, e.g. "2026-W49". */
  week: string;
  /** Names of the open co-sell deals. */
  openDeals: string[];
  /** Blockers found, each a sentence naming the deal. */
  blockers: string[];
  suggestion: ReviewSuggestion | null;
}

/**
 * The digest note's HTML: pipeline, registrations against target, the open co-sell deals and the
 * blockers, for the weekly 15-minute stand-up of the pairing.
 *
 * @example pairingDigestHtml({ pairing, partnerNames: ['Northwind', 'Stackly'], progress, week: '2026-W49', openDeals: [], blockers: [], suggestion: null })
 */
export function pairingDigestHtml(d: DigestInput): string {
  const { progress: p, pairing } = d;
  const title = `Co-sell stand-up ${d.week}: ${d.partnerNames.join(' + ')}`;
  const facts = [
    `Day ${p.day} of the 90-day playbook (${MODEL_NAMES[pairing.model]}, started ${pairing.startDate})`,
    `Pipeline: ${moneyText(p.pipeline)} in ${p.activeDeals} open co-sell deal(s); target ${p.activeDealsTarget.min}–${p.activeDealsTarget.max} by day ${p.activeDealsTarget.byDay}`,
    `Registrations: ${p.registrations} of ${p.registrationsTarget} (window ends ${p.registrationWindowEnds})`,
    `Won since the start: ${p.wonDeals} (${moneyText(p.closedRevenue)})`,
    ...p.behind.map((b) => `Behind: ${b}`),
  ];
  const parts = [`<p><strong>${html(title)}</strong></p>`, list(facts)];
  parts.push('<p><strong>Open co-sell deals</strong></p>', d.openDeals.length === 0 ? '<p>None yet.</p>' : list(d.openDeals));
  parts.push('<p><strong>Blockers</strong></p>', d.blockers.length === 0 ? '<p>None found.</p>' : list(d.blockers));
  if (d.suggestion) parts.push(`<p><strong>Day-90 review:</strong> ${html(d.suggestion.suggestion)} — ${html(d.suggestion.reason)}</p>`);
  return parts.join('');
}
