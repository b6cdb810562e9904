// The pairing program's pure core: targets, progress, complementarity warnings, the day-90 suggestion.
export type { Pairing, PairingDecision, PairingDecisionStatus, PairingPartner, PairingStatus, PairingTargets } from './pairing';
export { DEFAULT_PAIRING_TARGETS, PAIRING_DECISIONS, PAIRING_REVIEW_DAY, PAIRING_STATUSES } from './pairing';
export { addDays, calendarQuarterOf, isoWeekOf, playbookDay } from './pairing-dates';
export type { MoneyTotal, PairingDeal, PairingProgress, PairingRegistration } from './pairing-progress';
export { pairingProgress } from './pairing-progress';
export type { PairingWarning } from './pairing-warnings';
export { MAX_PAIRINGS_PER_QUARTER, isSamePairing, pairingWarnings } from './pairing-warnings';
export type { ReviewSuggestion } from './day-90-review';
export { reviewSuggestion } from './day-90-review';
export type { DigestInput } from './pairing-digest';
export { pairingDigestHtml } from './pairing-digest';
