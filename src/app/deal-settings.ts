import { z } from 'zod';
import type { CoSellModel, CoSellPlan } from '../contract/card-api';
import type { DealPlanRow, Store } from '../store/store';
import { parseStored } from './stored-data';

/**
 * What the app keeps per deal outside HubSpot: the chosen co-sell model (null = derived) and the
 * co-sell plan. The services work with the contract's shapes; the row has its own versioned
 * schema (below) so a contract change never makes a saved plan unreadable.
 */
export interface DealSettings {
  model: CoSellModel | null;
  plan: CoSellPlan;
}

// ---------- the stored row (`deal_plans.plan`) ----------

const storedAssignee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('internal'), ownerId: z.string().min(1) }),
  z.object({ kind: z.literal('partner'), companyId: z.string().min(1) }),
]);
const storedModel = z.enum(['sell_with', 'sell_through', 'sell_to']).nullable();
const storedPlan = (commitment: z.ZodType<{ companyId: string; responseSlaHours: number; meetingAttendance: boolean }>) =>
  z.object({
    relationshipOwner: storedAssignee.nullable(),
    stageLeads: z.array(z.object({ stageId: z.string().min(1), lead: storedAssignee })),
    postSale: z.object({ onboarding: storedAssignee.nullable(), support: storedAssignee.nullable(), renewal: storedAssignee.nullable() }),
    commitments: z.array(commitment),
  });

/** v1: written since stored data carries a version. */
const storedDealSettingsV1 = z.object({
  v: z.literal(1),
  model: storedModel,
  plan: storedPlan(z.object({ companyId: z.string().min(1), responseSlaHours: z.number().int().min(1), meetingAttendance: z.boolean() })),
});
/** v0: the rows written before, in the card contract's shape of the time (its defaults included). */
const storedDealSettingsV0 = z.object({
  model: storedModel,
  plan: storedPlan(z.object({ companyId: z.string().min(1), responseSlaHours: z.number().int().min(1).default(24), meetingAttendance: z.boolean().default(false) })),
});
export type StoredDealSettings = z.infer<typeof storedDealSettingsV1>;

/** The row to store for these settings (always the newest version). */
export function toStoredDealSettings(settings: DealSettings): StoredDealSettings {
  const { plan } = settings;
  return {
    v: 1,
    model: settings.model,
    plan: {
      relationshipOwner: plan.relationshipOwner,
      stageLeads: plan.stageLeads.map((l) => ({ stageId: l.stageId, lead: l.lead })),
      postSale: { onboarding: plan.postSale.onboarding, support: plan.postSale.support, renewal: plan.postSale.renewal },
      commitments: plan.commitments.map((c) => ({ companyId: c.companyId, responseSlaHours: c.responseSlaHours, meetingAttendance: c.meetingAttendance })),
    },
  };
}

export const EMPTY_PLAN: CoSellPlan = {
  relationshipOwner: null,
  stageLeads: [],
  postSale: { onboarding: null, support: null, renewal: null },
  commitments: [],
};

/**
 * A stored row's settings; the defaults only when the deal has no row. A row that does not parse
 * throws CorruptRowError ("stored plan for deal 42 is unreadable: field plan.stageLeads[0].lead.kind …"):
 * the card answers 422 and the worker dead-letters, so nobody saves an empty plan over it.
 */
export function toDealSettings(row: DealPlanRow | null): { settings: DealSettings; revision: number } {
  if (!row) return { settings: { model: null, plan: EMPTY_PLAN }, revision: 0 };
  const { data } = parseStored(row.plan, { v0: storedDealSettingsV0, v1: storedDealSettingsV1 }, { table: 'deal_plans', rowId: row.dealId, what: `stored plan for deal ${row.dealId}` });
  return { settings: { model: data.model, plan: data.plan }, revision: row.revision };
}

export async function readDealSettings(store: Store, dealId: string): Promise<{ settings: DealSettings; revision: number }> {
  return toDealSettings(await store.dealPlans.get(dealId));
}

/** Names what the plan still leaves unassigned, for the card (docs/glossary.md "Plan"). */
export function unassignedItems(plan: CoSellPlan, stages: Array<{ stageId: string; label: string; isClosed: boolean }>, partners: Array<{ companyId: string; name: string }>): string[] {
  const out: string[] = [];
  if (!plan.relationshipOwner) out.push('Relationship owner');
  for (const stage of stages.filter((s) => !s.isClosed)) {
    if (!plan.stageLeads.some((l) => l.stageId === stage.stageId)) out.push(`Stage lead: ${stage.label}`);
  }
  if (!plan.postSale.onboarding) out.push('Post-sale: onboarding');
  if (!plan.postSale.support) out.push('Post-sale: support');
  if (!plan.postSale.renewal) out.push('Post-sale: renewal');
  for (const p of partners) {
    if (!plan.commitments.some((c) => c.companyId === p.companyId)) out.push(`Commitments of ${p.name}`);
  }
  return out;
}
