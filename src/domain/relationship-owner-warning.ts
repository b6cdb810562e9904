// The seed's mistake "launching without role clarity", for the one role that must be settled before
// the customer hears from anyone: the relationship owner of a co-sell deal.

export interface RelationshipOwnerFacts {
  /** Distinct partners on the deal; two or more make it co-sell. */
  partnerCount: number;
  hasRelationshipOwner: boolean;
  isOpen: boolean;
  /** The open stages of the deal's pipeline in HubSpot's display order. */
  openStages: ReadonlyArray<{ stageId: string; label: string }>;
  currentStageId: string | null;
}

export interface RelationshipOwnerWarning {
  code: 'no_relationship_owner';
  message: string;
  /** True once the deal is past the first customer-meeting stage: the customer may already have heard from both partners. */
  overdue: boolean;
}

/**
 * Warns about an open co-sell deal without a relationship owner. The first customer-meeting stage is
 * the pipeline's first open stage (HubSpot's default sales pipeline opens with "Appointment
 * scheduled"): while the deal is in it the warning asks for an owner before that meeting; past it,
 * the warning says so. Solo, closed and owned deals get none.
 *
 * @example relationshipOwnerWarning({ partnerCount: 2, hasRelationshipOwner: false, isOpen: true, openStages: [{ stageId: 'a', label: 'Appointment scheduled' }], currentStageId: 'a' })?.overdue // false
 */
export function relationshipOwnerWarning(f: RelationshipOwnerFacts): RelationshipOwnerWarning | null {
  if (f.partnerCount < 2 || f.hasRelationshipOwner || !f.isOpen) return null;
  const first = f.openStages[0];
  const at = f.openStages.findIndex((s) => s.stageId === f.currentStageId);
  if (!first || at <= 0) {
    const before = first ? ` (${first.label})` : '';
    return { code: 'no_relationship_owner', overdue: false, message: `This co-sell deal has no relationship owner: name one before the first customer meeting${before}, so the customer gets one point of contact.` };
  }
  return {
    code: 'no_relationship_owner',
    overdue: true,
    message: `This co-sell deal is at ${f.openStages[at]!.label}, past the first customer meeting (${first.label}), and still has no relationship owner: name one now so the customer stops hearing from both partners.`,
  };
}
