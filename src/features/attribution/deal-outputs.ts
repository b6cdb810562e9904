import type { AccountConflict, AttributionPlan, RuleSet } from '../../domain';
import { toDealOutputProperties } from '../../hubspot/deal-output-properties';
import type { DealContext } from '../../app/deal-context';

/**
 * The deal's output properties for one computation (every output present; empty clears), with the
 * partner names as the CRM shows them, the rule set the plan used (for per-role amounts) and the
 * deal's status (a closed-lost deal's amounts are written as 0, see docs/reporting.md).
 */
export function dealOutputProperties(ctx: DealContext, plan: AttributionPlan | null, conflicts: AccountConflict[], rules: RuleSet[]): Record<string, string> {
  const names = new Map(ctx.partners.map((p) => [p.companyId, p.name]));
  const ruleSet = plan ? rules.find((r) => r.version === plan.ruleVersion) : undefined;
  return toDealOutputProperties(plan, conflicts, { dealId: ctx.deal.id, names, status: ctx.status, ...(ruleSet ? { ruleSet } : {}) });
}
