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
