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

// ---------- the settings tab: send a partner list in parts, then run the map ----------

const NumericId = z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot id');

/** Client-chosen id of one upload (letters, digits, dashes). */
export const UploadId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or dashes');

/**
 * One part of a pasted partner list: the header and a run of rows, each part well under
 * hubspot.fetch's 1 MB body limit (the tab cuts parts at about 700 KB).
 */
export const AccountMapUploadPartRequest = z.object({
  part: z.number().int().min(0),
  parts: z.number().int().min(1).max(500),
  /** Spreadsheet row number of the part's first row (the header is row 1). */
  firstRow: z.number().int().min(2),
  header: z.array(z.string().max(500)).min(1).max(200),
  rows: z.array(z.array(z.string().max(5_000)).max(200)).max(50_000),
});
export type AccountMapUploadPartRequest = z.infer<typeof AccountMapUploadPartRequest>;

export const AccountMapUploadReceipt = z.object({ uploadId: UploadId, received: z.number().int().min(0), parts: z.number().int().min(1) });
export type AccountMapUploadReceipt = z.infer<typeof AccountMapUploadReceipt>;

/** The ideal customer profile applied to the partner's columns (docs/account-mapping.md, ICP). */
export const AccountMapIcp = z.object({
  industries: z.array(z.string().min(1)).optional(),
  minEmployees: z.number().int().min(0).optional(),
  countries: z.array(z.string().min(1)).optional(),
});
export type AccountMapIcp = z.infer<typeof AccountMapIcp>;

export const RunAccountMapRequest = z.object({
  partnerId: NumericId,
  uploadId: UploadId,
  icp: AccountMapIcp.nullable(),
  /** Keep the map for the partner (the next one compares with it) and write the company properties. */
  save: z.boolean(),
});
export type RunAccountMapRequest = z.infer<typeof RunAccountMapRequest>;

const Company = z.object({ companyId: NumericId, name: z.string() });

export const AccountMapRunResult = z.object({
  partner: Company,
  /** When the map this one is compared with was saved; null when there is none (everything is new). */
  previousMappedAt: z.string().nullable(),
  /** The saved map's id with `save`, else null. */
  savedMapId: z.string().nullable(),
  summary: z.object({
    rows: count,
    accounts: count,
    rejected: count,
    customer_overlap: count,
    prospect_overlap: count,
    our_customer_their_prospect: count,
    both_prospects: count,
    whitespace: count,
    whitespace_icp: count,
  }),
  /** New since the previous map, per list. */
  newCounts: Counts,
  matches: z.array(z.object({ category: AccountMapList.exclude(['whitespace']), domain: z.string(), ours: z.array(Company), theirRows: z.array(z.number().int()), isNew: z.boolean() })),
  whitespace: z.array(z.object({ domain: z.string(), name: z.string().nullable(), theirRows: z.array(z.number().int()), icp: z.boolean(), isNew: z.boolean() })),
  gone: z.array(z.object({ category: AccountMapList, domain: z.string() })),
  rejected: z.array(z.object({ row: z.number().int(), value: z.string(), reason: z.string() })),
  /** True when a list was cut to the first entries (the whole map: `cosell map --json`). */
  truncated: z.boolean(),
});
export type AccountMapRunResult = z.infer<typeof AccountMapRunResult>;
