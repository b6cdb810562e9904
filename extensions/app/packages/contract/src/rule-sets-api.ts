/**
 * The settings page's rule-set endpoints added beside the first ones in card-api.ts: the portal's
 * deal pipelines (overrides choose them by name) and what the publish preview counts per override.
 */
import { z } from 'zod';

/** A deal pipeline by its label; overrides store the id, people pick the label. */
export const DealPipelineOption = z.object({ id: z.string().min(1), label: z.string() });
export type DealPipelineOption = z.infer<typeof DealPipelineOption>;

export const DealPipelineList = z.object({
  /** Not archived, in HubSpot's display order. */
  pipelines: z.array(DealPipelineOption),
});
export type DealPipelineList = z.infer<typeof DealPipelineList>;

/**
 * How the open partner deals of a publish preview fall between the overrides: the first override
 * that matches a deal catches it, in the rule set's order; the rest fall to the base rules.
 */
export const OverrideCatchCounts = z.object({
  /** One entry per override, in the rule set's order (0 when it catches none). */
  overrides: z.array(z.object({ name: z.string(), deals: z.number().int().min(0) })),
  /** Open deals no override matches: computed with the base rules. */
  baseDeals: z.number().int().min(0),
});
export type OverrideCatchCounts = z.infer<typeof OverrideCatchCounts>;

/** A rule set to try, as the editor holds it (checked by the backend). */
export const IncentivesSimulationRequest = z.object({
  ruleSet: z.record(z.string(), z.unknown()),
  /** A fiscal quarter label ("2026-Q3") by the rule set's calendar; absent = the last full quarter. */
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter like "2026-Q3"').optional(),
});
export type IncentivesSimulationRequest = z.infer<typeof IncentivesSimulationRequest>;

const SimulationAmount = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

/** One partner's quarter in one currency under the rule set tried, beside what the published rules pay. */
export const IncentivesSimulationRow = z.object({
  companyId: z.string(),
  /** The partner company's name (its id only when HubSpot names nothing). */
  name: z.string(),
  currency: z.string(),
  coSellWins: z.number().int().min(0),
  /** The tier held during the quarter (earned the quarter before); null when none. */
  heldTier: z.string().nullable(),
  /** The tier the quarter's wins earn, held the next quarter; null when none. */
  tier: z.string().nullable(),
  commission: SimulationAmount,
  bonus: SimulationAmount,
  uplift: SimulationAmount,
  tierUplift: SimulationAmount,
  total: SimulationAmount,
  /** The same quarter's total under the rules published today; null when it cannot be compared (another fiscal calendar). */
  publishedTotal: SimulationAmount.nullable(),
});
export type IncentivesSimulationRow = z.infer<typeof IncentivesSimulationRow>;

/**
 * "Try on last quarter": the pure quarter math of `cosell payouts simulate`, run on the portal's
 * partner deals won in the last full fiscal quarter (and the one before, which decides uplifts and
 * held tiers), as if the rule set tried had been in force all along.
 */
export const IncentivesSimulation = z.object({
  /** Problems with the rule set tried; when any, nothing was computed. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  quarter: z.object({ label: z.string(), firstDay: z.string(), lastDay: z.string() }),
  /** Won partner deals read for the two quarters. */
  wonDeals: z.number().int().min(0),
  /** Won deals left out because their split cannot be computed (no amount, unknown currency, …). */
  skippedDeals: z.number().int().min(0),
  partners: z.array(IncentivesSimulationRow),
});
export type IncentivesSimulation = z.infer<typeof IncentivesSimulation>;
