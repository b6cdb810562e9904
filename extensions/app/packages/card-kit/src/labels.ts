import type { AppliedModel, CoSellModel, PartnerType, Role, TouchpointKind } from '@cosell/contract';

export const ROLE_LABELS: Record<Role, string> = {
  sourcing: 'Sourcing',
  selling: 'Selling',
  technical_validation: 'Technical validation',
  implementation: 'Implementation',
  influence: 'Influence',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const MODEL_LABELS: Record<AppliedModel, string> = {
  sell_with: 'Sell with',
  sell_through: 'Sell through',
  sell_to: 'Sell to',
  solo: 'Solo (one partner)',
  none: 'Not partner-attributed',
};

export const CO_SELL_MODELS: CoSellModel[] = ['sell_with', 'sell_through', 'sell_to'];

export const TOUCHPOINT_KIND_LABELS: Record<TouchpointKind, string> = {
  meeting: 'Meeting',
  demo: 'Demo',
  email: 'Email',
  proposal_review: 'Proposal review',
  poc: 'Proof of concept',
  intro: 'Intro',
  executive_sponsorship: 'Executive sponsorship',
};

export const roleList = (roles: readonly Role[]): string => (roles.length ? roles.map((r) => ROLE_LABELS[r]).join(', ') : 'No role');

/** A HubSpot user by name; the id only when HubSpot does not name the user (e.g. a removed user). */
export const userName = (userId: string, name: string | null | undefined): string => name ?? `User ${userId}`;

/** Partner types as people say them (sentence case, like every label on the card), never the stored key. */
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  reseller: 'Reseller',
  technology: 'Technology partner',
  services: 'Services partner',
  referral: 'Referral partner',
};
