// Account mapping's card/backend contract: the scorecard's account-map section and the settings
// tab's endpoints (zod schemas; the endpoint lines are at the end of the cardApi table in card-api.ts).
import { z } from 'zod';

/** The lists of an account map (docs/account-mapping.md): the four overlap categories and whitespace. */
export const AccountMapList = z.enum(['customer_overlap', 'prospect_overlap', 'our_customer_their_prospect', 'both_prospects', 'whitespace']);
export type AccountMapList = z.infer<typeof AccountMapList>;

const count = z.number().int().min(0);
const Counts = z.object({
  customer_overlap: count,
  prospect_overlap: count,
  our_customer_their_prospect: count,
  both_prospects: count,
  whitespace: count,
});

/** A partner's latest saved account map in numbers, and what is new since the one before. */
export const PartnerAccountMapSummary = z.object({
  /** When the latest map was saved (ISO instant). */
  mappedAt: z.string(),
  /** When the map before it was saved; null for the first map (then everything is new). */
  previousMappedAt: z.string().nullable(),
  counts: Counts,
  newCounts: Counts,
});
export type PartnerAccountMapSummary = z.infer<typeof PartnerAccountMapSummary>;
