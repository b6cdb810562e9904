import type { AccountConflict, AttributionPlan } from '../domain';
import { pairingKey, ROLES } from '../domain';
import { DEAL_OUTPUT_PROPERTIES, rolePartnerProperty } from '../hubspot/app-schema';
import type { AccountIndex } from './account-index';
import type { DealContext } from './deal-context';

/**
 * The deal's output properties for one computation. Every output property gets a value (empty
 * string clears it) so a stale value never survives a change of partners.
 * TODO(H5): delegate to src/hubspot/deal-output-properties.ts `toDealOutputProperties` once it lands.
 */
export function dealOutputProperties(ctx: DealContext, plan: AttributionPlan | null, conflicts: AccountConflict[], index: AccountIndex): Record<string, string> {
  const props: Record<string, string> = Object.fromEntries(DEAL_OUTPUT_PROPERTIES.map((name) => [name, '']));
  const partnerIds = ctx.partners.map((p) => p.companyId);
  props.cosell_partner_count = String(partnerIds.length);
  props.cosell_pairing = partnerIds.length >= 2 ? pairingKey(partnerIds) : '';
  props.cosell_conflict = conflicts.length > 0 ? 'true' : 'false';
  props.cosell_conflict_details = conflicts.map((c) => describeConflict(ctx.deal.id, c, index)).join('\n');
  if (plan) {
    props.cosell_model = plan.model;
    props.cosell_pool_rate = plan.pool.rate;
    props.cosell_pool_amount = plan.pool.amount;
    props.cosell_rule_version = plan.ruleVersion;
    props.cosell_split_summary = plan.allocations.map((a) => `${a.partnerName ?? a.partnerId}: ${a.roles.join('+') || 'no role'} ${a.share} → ${a.amount} ${plan.currency}`).join('\n');
    for (const role of ROLES) {
      const names = ctx.partners.filter((p) => p.roles.includes(role)).map((p) => p.name);
      props[rolePartnerProperty(role)] = names.join('; ');
    }
  }
  return props;
}

function describeConflict(dealId: string, c: AccountConflict, index: AccountIndex): string {
  const other = c.entryIds.find((id) => id !== `deal:${dealId}`) ?? '';
  const [kind, id = ''] = other.split(':');
  const name = kind === 'deal' ? index.deals[id]?.name : undefined;
  return `${kind === 'deal' ? `Deal ${id}${name ? ` (${name})` : ''}` : `Registration ${id}`}: ${c.message}`;
}
