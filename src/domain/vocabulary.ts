/** The five roles a partner can play on a deal (docs/glossary.md, "Roles"). */
export const ROLES = ['sourcing', 'selling', 'technical_validation', 'implementation', 'influence'] as const;
export type Role = (typeof ROLES)[number];

/** Co-sell models: each is a table of role weights over the same five roles. */
export const CO_SELL_MODELS = ['sell_with', 'sell_through', 'sell_to'] as const;
export type CoSellModel = (typeof CO_SELL_MODELS)[number];

/** What a deal can be attributed under: nobody (`none`), one partner (`solo`) or a co-sell model. */
export const ATTRIBUTION_MODELS = ['none', 'solo', ...CO_SELL_MODELS] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const PARTNER_TYPES = ['reseller', 'technology', 'services', 'referral'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** Labels shown to people (cards, CRM property options). */
export const ROLE_LABELS: Record<Role, string> = {
  sourcing: 'Sourcing partner',
  selling: 'Selling partner',
  technical_validation: 'Technical validation partner',
  implementation: 'Implementation partner',
  influence: 'Influence partner',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isCoSellModel(value: string): value is CoSellModel {
  return (CO_SELL_MODELS as readonly string[]).includes(value);
}

export function isAttributionModel(value: string): value is AttributionModel {
  return (ATTRIBUTION_MODELS as readonly string[]).includes(value);
}

/** Model names as people read them (cards, explanations, warnings); the keys stay machine keys. */
export const MODEL_NAMES: Record<AttributionModel, string> = {
  none: 'No partner attribution',
  solo: 'Solo',
  sell_with: 'Sell with',
  sell_through: 'Sell through',
  sell_to: 'Sell to',
};

/** A role inside a sentence ("technical validation"); `ROLE_LABELS` is the association label. */
export function roleName(role: Role): string {
  return role.replace(/_/g, ' ');
}

/** A role at the start of a sentence ("Technical validation"). */
export function roleTitle(role: Role): string {
  const name = roleName(role);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
