/**
 * The pairing program's endpoints (settings page, Pairings tab): start a pairing after seeing its
 * complementarity warnings, list pairings with progress against the playbook's targets, review
 * those at or past day 90 and record partner ops' decision. See docs/decisions/0017-pairing-program.md.
 */
import { z } from 'zod';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const CompanyId = z.string().regex(/^\d+$/, 'must be a HubSpot company id');

export const PairingModel = z.enum(['sell_with', 'sell_through', 'sell_to']);
export type PairingModel = z.infer<typeof PairingModel>;

export const PairingStatus = z.enum(['active', 'scaled', 'ended']);
export type PairingStatus = z.infer<typeof PairingStatus>;

export const PairingTargets = z.object({
  registrations: z.number().int().min(1),
  registrationWindowDays: z.number().int().min(1),
  activeDealsMin: z.number().int().min(0),
  activeDealsMax: z.number().int().min(0),
  activeDealsByDay: z.number().int().min(1),
});
export type PairingTargets = z.infer<typeof PairingTargets>;

export const PairingWarning = z.object({
  code: z.enum(['same_partner_type', 'too_many_pairings_in_quarter', 'partner_type_unknown']),
  /** Names partners by name. */
  message: z.string(),
});
export type PairingWarning = z.infer<typeof PairingWarning>;

export const PairingPartner = z.object({ companyId: z.string(), name: z.string(), partnerType: z.string().nullable() });
export type PairingPartner = z.infer<typeof PairingPartner>;

const Money = z.object({ currency: z.string(), amount: z.string() });

export const PairingProgress = z.object({
  /** Playbook day today: 1 on the start date, 0 before it. */
  day: z.number().int().min(0),
  registrations: z.number().int().min(0),
  registrationsTarget: z.number().int().min(0),
  registrationWindowEnds: IsoDay,
  activeDeals: z.number().int().min(0),
  activeDealsTarget: z.object({ min: z.number().int(), max: z.number().int(), byDay: z.number().int() }),
  wonDeals: z.number().int().min(0),
  pipeline: z.array(Money),
  closedRevenue: z.array(Money),
  /** What is behind target today, in words. */
  behind: z.array(z.string()),
});
export type PairingProgress = z.infer<typeof PairingProgress>;

export const PairingSuggestion = z.object({ suggestion: z.enum(['scale', 'end', 'decide']), reason: z.string() });
export type PairingSuggestion = z.infer<typeof PairingSuggestion>;

export const PairingView = z.object({
  id: z.string(),
  pairingKey: z.string(),
  partners: z.array(PairingPartner).min(2),
  model: PairingModel,
  startDate: IsoDay,
  targets: PairingTargets,
  status: PairingStatus,
  decision: z
    .object({
      status: z.enum(['scaled', 'ended']),
      decidedBy: z.string(),
      /** The HubSpot user's name when HubSpot knows it. */
      decidedByName: z.string().nullable(),
      decidedAt: z.string(),
      note: z.string(),
    })
    .nullable(),
  progress: PairingProgress,
  /** The day-90 suggestion; null before day 90. */
  suggestion: PairingSuggestion.nullable(),
});
export type PairingView = z.infer<typeof PairingView>;

export const PairingList = z.object({ pairings: z.array(PairingView) });
export type PairingList = z.infer<typeof PairingList>;

export const CheckPairingRequest = z.object({
  partnerIds: z.array(CompanyId).min(2, 'a pairing needs two or more partners'),
  startDate: IsoDay,
});
export type CheckPairingRequest = z.infer<typeof CheckPairingRequest>;

export const CheckPairingResponse = z.object({ partners: z.array(PairingPartner), warnings: z.array(PairingWarning) });
export type CheckPairingResponse = z.infer<typeof CheckPairingResponse>;

export const StartPairingRequest = CheckPairingRequest.extend({
  model: PairingModel,
  /** Co-sell registrations expected in the first 90 days; default 5. */
  targetRegistrations: z.number().int().min(1).max(1000).optional(),
});
export type StartPairingRequest = z.infer<typeof StartPairingRequest>;

export const StartPairingResponse = z.object({ pairing: PairingView, warnings: z.array(PairingWarning) });
export type StartPairingResponse = z.infer<typeof StartPairingResponse>;

export const DecidePairingRequest = z.object({
  status: z.enum(['scaled', 'ended']),
  note: z.string().trim().min(1, 'say why').max(2000),
});
export type DecidePairingRequest = z.infer<typeof DecidePairingRequest>;

/** The partner scorecard's view of one pairing program entry the partner belongs to. */
export const PartnerPairingSummary = z.object({
  id: z.string(),
  partners: z.array(PairingPartner),
  status: PairingStatus,
  startDate: IsoDay,
  progress: PairingProgress,
});
export type PartnerPairingSummary = z.infer<typeof PartnerPairingSummary>;
