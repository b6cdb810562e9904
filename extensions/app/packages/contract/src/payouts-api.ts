import { z } from 'zod';

/*
 * The settings page's Payouts tab: the commission ledger's open lines with the math behind each,
 * and bulk approval (docs/decisions/0014-commission-ledger.md). Money is a decimal string with the
 * currency's minor digits, never a float; partners and deals come with their names.
 */

/** How a deal line's amount came about: deal amount → pool rate → role weights → share → commission. */
export const PayoutLineMath = z.object({
  dealAmount: z.string(),
  poolRate: z.string(),
  poolAmount: z.string(),
  roles: z.array(z.string()),
  weight: z.string(),
  share: z.string(),
  commission: z.string(),
  model: z.string(),
});
export type PayoutLineMath = z.infer<typeof PayoutLineMath>;

export const PayoutLine = z.object({
  id: z.string(),
  dealId: z.string(),
  dealName: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  kind: z.string(),
  /** Signed: a reversal is negative. */
  amount: z.string(),
  currency: z.string(),
  status: z.enum(['open', 'approved', 'paid']),
  ruleVersion: z.string().nullable(),
  createdAt: z.string(),
  /** Why the line exists, naming the deal. */
  explanation: z.string(),
  math: PayoutLineMath.nullable(),
});
export type PayoutLine = z.infer<typeof PayoutLine>;

export const PayoutLineList = z.object({
  /** Open (unapproved) lines, oldest first. */
  lines: z.array(PayoutLine),
  /** Per partner and currency, the sum of its open lines. */
  totals: z.array(z.object({ partnerId: z.string(), partnerName: z.string(), currency: z.string(), amount: z.string() })),
});
export type PayoutLineList = z.infer<typeof PayoutLineList>;

/** Approve these open lines (at most 500 per request). */
export const ApprovePayoutLinesRequest = z.strictObject({
  lineIds: z.array(z.string().regex(/^[1-9]\d{0,14}$/, { error: 'must be a ledger line id' }), { error: 'must be a list of ledger line ids' }).min(1, { error: 'must name at least one line' }).max(500, { error: 'at most 500 lines per request' }),
});
export type ApprovePayoutLinesRequest = z.infer<typeof ApprovePayoutLinesRequest>;

export const ApprovePayoutLinesResponse = z.object({
  /** Lines approved by this request (lines approved already are not counted again). */
  approved: z.number().int(),
});
export type ApprovePayoutLinesResponse = z.infer<typeof ApprovePayoutLinesResponse>;
