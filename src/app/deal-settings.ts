import { z } from 'zod';
import { CoSellModel, CoSellPlan } from '../contract/card-api';
import type { DealPlanRow, Store } from '../store/store';

/**
 * What the app keeps per deal outside HubSpot: the chosen co-sell model (null = derived) and the
 * co-sell plan. Stored as the JSON of `store.dealPlans`; validated on the way out because the row
 * is `unknown` to the store.
 */
export const dealSettingsSchema = z.object({ model: CoSellModel.nullable(), plan: CoSellPlan });
export type DealSettings = z.infer<typeof dealSettingsSchema>;

export const EMPTY_PLAN: CoSellPlan = {
  relationshipOwner: null,
  stageLeads: [],
  postSale: { onboarding: null, support: null, renewal: null },
  commitments: [],
};

/** A stored row's settings (the defaults when there is no row or it no longer parses). */
export function toDealSettings(row: DealPlanRow | null): { settings: DealSettings; revision: number } {
  if (!row) return { settings: { model: null, plan: EMPTY_PLAN }, revision: 0 };
  const parsed = dealSettingsSchema.safeParse(row.plan);
  return { settings: parsed.success ? parsed.data : { model: null, plan: EMPTY_PLAN }, revision: row.revision };
}

export async function readDealSettings(store: Store, dealId: string): Promise<{ settings: DealSettings; revision: number }> {
  return toDealSettings(await store.dealPlans.get(dealId));
}

/** Names what the plan still leaves unassigned, for the card (product.md §1). */
export function unassignedItems(plan: CoSellPlan, stages: Array<{ stageId: string; label: string; isClosed: boolean }>, partnerIds: string[]): string[] {
  const out: string[] = [];
  if (!plan.relationshipOwner) out.push('Relationship owner');
  for (const stage of stages.filter((s) => !s.isClosed)) {
    if (!plan.stageLeads.some((l) => l.stageId === stage.stageId)) out.push(`Stage lead: ${stage.label}`);
  }
  if (!plan.postSale.onboarding) out.push('Post-sale: onboarding');
  if (!plan.postSale.support) out.push('Post-sale: support');
  if (!plan.postSale.renewal) out.push('Post-sale: renewal');
  for (const id of partnerIds) {
    if (!plan.commitments.some((c) => c.companyId === id)) out.push(`Commitments of partner ${id}`);
  }
  return out;
}
