// Attribution disputes: pure parts (docs/decisions/0016-disputes.md).
export type { ClaimedShare } from './claimed-split';
export { claimedSplitSchema, parseClaimedSplit, describeSplit } from './claimed-split';
export type { AdjustedSplit } from './split-adjustment';
export { SPLIT_ADJUSTED, adjustedSplitReason, applySplitAdjustment } from './split-adjustment';
export type { DisputeStatus, DisputeFacts, ClosedDealFacts, DisputeRate } from './dispute-figures';
export { dealDisputeStatus, openDisputeCounts, overdueDisputes, disputeRateFor } from './dispute-figures';
