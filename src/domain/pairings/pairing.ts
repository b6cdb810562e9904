// A pairing: two or more partners running the 90-day co-sell playbook together
// (docs/decisions/0017-pairing-program.md, docs/glossary.md "Pairing").
import type { CoSellModel } from '../vocabulary';

export const PAIRING_STATUSES = ['active', 'scaled', 'ended'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

/** What partner ops decide at the day-90 review. */
export const PAIRING_DECISIONS = ['scaled', 'ended'] as const;
export type PairingDecisionStatus = (typeof PAIRING_DECISIONS)[number];

/** The playbook's targets for one pairing. */
export interface PairingTargets {
  /** Co-sell deal registrations expected within `registrationWindowDays` of the start. */
  registrations: number;
  registrationWindowDays: number;
  /** Co-sell deals in active pipeline expected by `activeDealsByDay`: at least `activeDealsMin`, ideally up to `activeDealsMax`. */
  activeDealsMin: number;
  activeDealsMax: number;
  activeDealsByDay: number;
}

/**
 * The playbook's defaults: 5 co-sell registrations in the first 90 days, and 3–5 co-sell deals in
 * active pipeline by day 60.
 */
export const DEFAULT_PAIRING_TARGETS: PairingTargets = {
  registrations: 5,
  registrationWindowDays: 90,
  activeDealsMin: 3,
  activeDealsMax: 5,
  activeDealsByDay: 60,
};

/** The day of the "scale or end" review. */
export const PAIRING_REVIEW_DAY = 90;

export interface PairingDecision {
  status: PairingDecisionStatus;
  /** HubSpot user id (or "cli:<user>") of who decided. */
  decidedBy: string;
  decidedAt: string;
  note: string;
}

export interface Pairing {
  id: string;
  /** Partner company ids, sorted as `pairingKey` sorts them. */
  partnerIds: string[];
  /** `pairingKey(partnerIds)`: the deal property `cosell_pairing` of the pairing's deals. */
  pairingKey: string;
  model: CoSellModel;
  /** YYYY-MM-DD: day 1 of the playbook. */
  startDate: string;
  targets: PairingTargets;
  status: PairingStatus;
  decision: PairingDecision | null;
  createdBy: string;
  createdAt: string;
}

/** A partner as the pairing program needs it: its name for people, its type for complementarity. */
export interface PairingPartner {
  id: string;
  name: string;
  partnerType: string | null;
}
