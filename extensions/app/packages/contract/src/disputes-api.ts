import { z } from 'zod';

/**
 * Attribution disputes: the deal card opens one (reason, optional claimed split) and shows its
 * status and decision; the settings page's Disputes tab lists them with their evidence, decides
 * them and shows the quarter's dispute rate. Imports nothing but zod (the card-api table imports
 * this file, never the other way round).
 */

export const DisputeStatus = z.enum(['open', 'upheld', 'rejected']);
export type DisputeStatus = z.infer<typeof DisputeStatus>;

export const DisputeDecisionKind = z.enum(['upheld', 'rejected']);
export type DisputeDecisionKind = z.infer<typeof DisputeDecisionKind>;

export const DisputePerson = z.object({ userId: z.string(), name: z.string() });
export type DisputePerson = z.infer<typeof DisputePerson>;

/** A share of a claimed split, with the partner's name for people. */
export const DisputeShare = z.object({ partnerId: z.string(), partnerName: z.string(), percent: z.number() });
export type DisputeShare = z.infer<typeof DisputeShare>;

export const Dispute = z.object({
  id: z.string(),
  dealId: z.string(),
  dealName: z.string(),
  status: DisputeStatus,
  reason: z.string(),
  openedBy: DisputePerson,
  openedAt: z.string(),
  /** The split claimed (sums to 100), or null when none was claimed. */
  claim: z.array(DisputeShare).nullable(),
  /** "Northwind 60 %, Contoso 40 %"; null without a claim. */
  claimText: z.string().nullable(),
  decision: z
    .object({
      status: DisputeDecisionKind,
      note: z.string(),
      decidedBy: DisputePerson,
      decidedAt: z.string(),
      /** The claimed split was applied: the deal's split is now set by partner ops. */
      adjustmentApplied: z.boolean(),
    })
    .nullable(),
  /** Open longer than the alert threshold. */
  overdue: z.boolean(),
});
export type Dispute = z.infer<typeof Dispute>;

export const DisputeList = z.object({ disputes: z.array(Dispute) });
export type DisputeList = z.infer<typeof DisputeList>;

/** A claimed split as the card sends it: partner company ids and percentage points (≤ 2 decimals, sum 100). */
export const ClaimedShareInput = z.object({ partnerId: z.string(), percent: z.number() });

export const OpenDisputeRequest = z.object({
  reason: z.string().trim().min(1, { error: 'say why the split is wrong' }).max(2000),
  claim: z.array(ClaimedShareInput).nullable().optional(),
  /** Makes a retried open safe: the same key answers the first dispute. */
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type OpenDisputeRequest = z.infer<typeof OpenDisputeRequest>;

export const DecideDisputeRequest = z.object({
  decision: DisputeDecisionKind,
  note: z.string().trim().min(1, { error: 'a decision needs a note' }).max(2000),
  /** Only with `upheld` and a claim: the deal's split becomes the claimed one. */
  applyClaim: z.boolean().optional(),
});
export type DecideDisputeRequest = z.infer<typeof DecideDisputeRequest>;

/** What the Disputes tab shows beside a dispute: the deal's touchpoints and its registration snapshot. */
export const DisputeEvidence = z.object({
  dispute: Dispute,
  touchpoints: z.array(z.object({ id: z.string(), kind: z.string(), partnerName: z.string(), occurredAt: z.string(), summary: z.string() })),
  /** The deal's latest registration, as people read it; null when the deal was never registered. */
  registration: z
    .object({
      registeredAt: z.string(),
      registeredByName: z.string(),
      status: z.string(),
      /** "Northwind (sourcing, selling): 1538.46 USD" — one per partner, as of registration. */
      lines: z.array(z.string()),
    })
    .nullable(),
});
export type DisputeEvidence = z.infer<typeof DisputeEvidence>;

export const DisputeRateReading = z.object({
  quarter: z.string(),
  coSellClosed: z.number().int().min(0),
  disputed: z.number().int().min(0),
  /** 4 decimals ("0.0625"), null when no co-sell deal closed in the quarter. */
  rate: z.string().nullable(),
  verdict: z.enum(['suspicious', 'healthy', 'watch', 'rules_unclear', 'no_data']),
  message: z.string(),
});
export type DisputeRateReading = z.infer<typeof DisputeRateReading>;

export const DisputesOverview = z.object({
  disputes: z.array(Dispute),
  /** The current quarter, then the one before. */
  rates: z.array(DisputeRateReading),
  alertAfterDays: z.number().int().min(1),
  /** False when no partner-ops owner is set: overdue disputes then alert nobody. */
  partnerOpsOwnerSet: z.boolean(),
});
export type DisputesOverview = z.infer<typeof DisputesOverview>;

/** How each dispute status reads, and the tag variant it is shown with (card and settings alike). */
export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, { label: string; variant: 'warning' | 'success' | 'default' }> = {
  open: { label: 'Open', variant: 'warning' },
  upheld: { label: 'Upheld', variant: 'success' },
  rejected: { label: 'Rejected', variant: 'default' },
};
