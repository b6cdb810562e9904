// Plans: who leads each stage, owns the relationship and runs post-sale, and partners' commitments.

import type * as Api from '../../contract/card-api';
import type { AppDeps } from '../../app/app-deps';
import { readDealSettings, toStoredDealSettings } from '../../app/deal-settings';
import { dealContext } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { invalid, notFound, ok } from '../shared/outcome';
import { assembleState } from '../deals/deals-service';
import type { FieldError } from '../../domain';
import type { Actor } from '../shared/card-support';

export async function setDealPlan(deps: AppDeps, dealId: string, plan: Api.CoSellPlan, actor: Actor): Promise<Outcome<Api.DealCoSellState>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const partnerIds = new Set(ctx.partners.map((p) => p.companyId));
  const stages = await deps.gateway.readStages();
  const fields: FieldError[] = [];
  const checkAssignee = (a: Api.Assignee | null, path: string) => {
    if (a?.kind === 'partner' && !partnerIds.has(a.companyId)) fields.push({ path: `${path}.companyId`, message: `company ${a.companyId} is not a partner on this deal` });
  };
  checkAssignee(plan.relationshipOwner, 'relationshipOwner');
  plan.stageLeads.forEach((l, i) => {
    const stage = stages.get(l.stageId);
    if (!stage || (ctx.deal.pipelineId && stage.pipelineId !== ctx.deal.pipelineId)) fields.push({ path: `stageLeads[${i}].stageId`, message: `"${l.stageId}" is not a stage of this deal's pipeline` });
    checkAssignee(l.lead, `stageLeads[${i}].lead`);
  });
  checkAssignee(plan.postSale.onboarding, 'postSale.onboarding');
  checkAssignee(plan.postSale.support, 'postSale.support');
  checkAssignee(plan.postSale.renewal, 'postSale.renewal');
  plan.commitments.forEach((c, i) => {
    if (!partnerIds.has(c.companyId)) fields.push({ path: `commitments[${i}].companyId`, message: `company ${c.companyId} is not a partner on this deal` });
  });
  if (fields.length > 0) return invalid(fields);
  const { settings, revision } = await readDealSettings(deps.store, dealId);
  await deps.store.dealPlans.put(dealId, toStoredDealSettings({ ...settings, plan }), actor.userId, { expectedRevision: revision });
  await deps.store.audit.record({ actor: actor.userId, action: 'deal.plan.set', entityType: 'deal', entityId: dealId, before: settings.plan, after: plan, requestId: actor.requestId });
  return ok(await assembleState(deps, { ...ctx, settings: { ...settings, plan } }));
}
