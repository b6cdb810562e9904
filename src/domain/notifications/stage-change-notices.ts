// A stage change of a partner deal → one notice per partner manager (plan, then apply: the feature
// creates the HubSpot tasks or notes this returns, once per key).
import { currencyMinorUnits, formatMoney } from '../money';
import type { Role } from '../vocabulary';
import { roleName } from '../vocabulary';

/** One partner on the deal at the moment of the change, with its projected commission. */
export interface NoticePartner {
  companyId: string;
  name: string;
  roles: Role[];
  /** Projected commission in minor units of `currency` (decimal text), or null when there is no split. */
  amountMinor: string | null;
  currency: string | null;
  /** The partner company's HubSpot owner (its partner manager); null when nobody owns it. */
  ownerId: string | null;
}

export interface StageChangeEvent {
  dealId: string;
  dealName: string;
  stageId: string;
  stageLabel: string;
  /** Names this change uniquely (deal, new stage and the computation that saw it). */
  eventKey: string;
  partners: NoticePartner[];
}

export interface PlannedNotice {
  /** Idempotency key: event and recipient. A key already sent is never sent again. */
  key: string;
  ownerId: string;
  /** The partner companies this manager owns on the deal. */
  companyIds: string[];
  subject: string;
  /** Simple HTML (HubSpot shows task and note bodies as rich text). */
  body: string;
}

export interface StageChangePlan {
  notices: PlannedNotice[];
  /** Partners nobody owns in HubSpot: no one to tell (said in the log). */
  unowned: string[];
}

/** Escapes text for HubSpot's rich-text bodies. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function commissionText(p: NoticePartner): string {
  if (p.amountMinor === null || p.currency === null || currencyMinorUnits(p.currency) === undefined) return 'no projected commission yet';
  return `projected commission ${formatMoney(BigInt(p.amountMinor), p.currency)} ${p.currency}`;
}

function rolesText(roles: Role[]): string {
  return roles.length === 0 ? 'no role' : roles.map(roleName).join(' and ');
}

/**
 * The notices a stage change sends: one per partner manager (a manager owning two partners on the
 * deal gets one notice naming both), subject "<deal> moved to <stage>", body listing every
 * partner with its roles and projected commission.
 *
 * @example planStageChangeNotices(event).notices[0].subject // "Acme platform moved to Contract sent"
 */
export function planStageChangeNotices(event: StageChangeEvent): StageChangePlan {
  const subject = `${event.dealName} moved to ${event.stageLabel}`;
  const lines = event.partners.map((p) => `<li>${escapeHtml(p.name)}: ${escapeHtml(rolesText(p.roles))}; ${escapeHtml(commissionText(p))}</li>`);
  const byOwner = new Map<string, NoticePartner[]>();
  const unowned: string[] = [];
  for (const p of event.partners) {
    if (!p.ownerId) {
      unowned.push(p.name);
      continue;
    }
    const list = byOwner.get(p.ownerId) ?? [];
    list.push(p);
    byOwner.set(p.ownerId, list);
  }
  const notices = [...byOwner].map(([ownerId, own]) => ({
    key: `${event.eventKey}:owner:${ownerId}`,
    ownerId,
    companyIds: own.map((p) => p.companyId),
    subject,
    body:
      `<p>${escapeHtml(subject)}. You manage ${escapeHtml(own.map((p) => p.name).join(' and '))} on this deal.</p>` +
      `<p>Partners on the deal:</p><ul>${lines.join('')}</ul>`,
  }));
  return { notices, unowned };
}
