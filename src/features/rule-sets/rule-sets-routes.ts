// The settings page's rule-set endpoints. Publishing queues a recompute of every open deal, so it
// wakes the worker.
import type { CardRouteHooks, CardRoutes } from '../shared/card-routes';
import { simulateIncentives } from './incentives-simulation-service';
import { createRuleSetDraft, dryRunRuleSet, listDealPipelines, listRuleSets, publishRuleSetDraft, updateRuleSetDraft, validateRuleSet } from './rule-sets-service';

type RuleSetBody = { ruleSet: Record<string, unknown> };

export function ruleSetsRoutes(hooks: CardRouteHooks = {}): CardRoutes<'listRuleSets' | 'validateRuleSet' | 'createRuleSetDraft' | 'updateRuleSetDraft' | 'dryRunRuleSet' | 'publishRuleSetDraft' | 'listDealPipelines' | 'simulateIncentives'> {
  return {
    listRuleSets: (d) => listRuleSets(d),
    validateRuleSet: (d, c) => validateRuleSet(d, (c.body as { ruleSet: unknown }).ruleSet),
    createRuleSetDraft: (d, c) => createRuleSetDraft(d, (c.body as RuleSetBody).ruleSet, c.actor),
    updateRuleSetDraft: (d, c) => updateRuleSetDraft(d, c.params.draftId!, (c.body as RuleSetBody).ruleSet, c.actor),
    dryRunRuleSet: (d, c) => dryRunRuleSet(d, (c.body as { ruleSet: unknown }).ruleSet),
    publishRuleSetDraft: async (d, c) => {
      const r = await publishRuleSetDraft(d, c.params.draftId!, c.actor);
      if (r.ok && r.value.recomputeEnqueued > 0) hooks.onEnqueued?.();
      return r;
    },
    listDealPipelines: (d) => listDealPipelines(d),
    simulateIncentives: (d, c) => {
      const body = c.body as { ruleSet: unknown; quarter?: string };
      return simulateIncentives(d, body.ruleSet, body.quarter);
    },
  };
}
