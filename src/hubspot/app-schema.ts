/**
 * The app's HubSpot schema as data: the "Co-sell" property group, the
 * properties the app reads (company partner type) and writes (deal outputs), and the five
 * USER_DEFINED deal→company association labels that carry partner roles.
 *
 * Provisioning diffs a portal against this; the gateway and the mappers take property and label
 * names from here, so a name lives in exactly one place.
 */
import { PARTNER_TYPES, ROLES, ROLE_LABELS, type Role } from '../domain';

export const COSELL_GROUP = { name: 'cosell', label: 'Co-sell', displayOrder: -1 } as const;

export type SchemaObjectType = 'deals' | 'companies';

export interface PropertyOptionSpec {
  label: string;
  value: string;
  displayOrder: number;
}

export interface PropertySpec {
  name: string;
  label: string;
  description: string;
  type: 'string' | 'number' | 'enumeration' | 'bool' | 'date';
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'booleancheckbox' | 'date';
  groupName: string;
  options?: PropertyOptionSpec[];
}

export interface LabelSpec {
  /** Internal name; must not be HubSpot's reserved `deal_to_company`. */
  name: string;
  label: string;
  role: Role;
}

export interface AppSchema {
  groups: Record<SchemaObjectType, typeof COSELL_GROUP>;
  properties: Record<SchemaObjectType, PropertySpec[]>;
  dealCompanyLabels: LabelSpec[];
}

const option = (value: string, label: string, displayOrder: number): PropertyOptionSpec => ({ label, value, displayOrder });

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

export const PARTNER_TYPE_PROPERTY = 'cosell_partner_type';

export const ATTRIBUTION_MODEL_OPTIONS = [
  option('none', 'None', 0),
  option('solo', 'Solo partner', 1),
  option('sell_with', 'Sell with', 2),
  option('sell_through', 'Sell through', 3),
  option('sell_to', 'Sell to', 4),
];

/** Deal output property names, per role. */
export const rolePartnerProperty = (role: Role) => `cosell_${role}_partner`;
export const roleAmountProperty = (role: Role) => `cosell_${role}_amount`;

/** Label names for the role labels: `cosell_sourcing_partner`, … (never `deal_to_company`). */
export const ROLE_LABEL_NAMES: Record<Role, string> = Object.fromEntries(ROLES.map((r) => [r, `cosell_${r}_partner`])) as Record<Role, string>;

const deal = (name: string, label: string, description: string, rest: Omit<PropertySpec, 'name' | 'label' | 'description' | 'groupName'>): PropertySpec => ({
  name,
  label,
  description,
  groupName: COSELL_GROUP.name,
  ...rest,
});

const dealProperties: PropertySpec[] = [
  deal('cosell_model', 'Co-sell model', 'How partners share this deal: none, solo, sell with, sell through or sell to.', {
    type: 'enumeration',
    fieldType: 'select',
    options: ATTRIBUTION_MODEL_OPTIONS,
  }),
  // Reports filter on this (docs/reporting.md): a lost deal keeps its partners but earns nothing.
  deal('cosell_status', 'Co-sell status', 'Where the deal stands for commission: open (pipeline), won (earned) or lost (nothing earned; amounts are 0).', {
    type: 'enumeration',
    fieldType: 'select',
    options: [option('open', 'Open', 0), option('won', 'Won', 1), option('lost', 'Lost', 2)],
  }),
  // Reports group on this (docs/reports.md): the motion the program's win rates compare.
  deal('cosell_motion', 'Co-sell motion', 'Co-sell (two or more partners with roles), solo (one) or direct (none).', {
    type: 'enumeration',
    fieldType: 'select',
    options: [option('co_sell', 'Co-sell', 0), option('solo', 'Solo', 1), option('direct', 'Direct', 2)],
  }),
  deal('cosell_partner_count', 'Co-sell partner count', 'Number of partner companies with a role on this deal.', { type: 'number', fieldType: 'number' }),
  deal('cosell_pairing', 'Co-sell pairing', 'Stable key of the set of partners on this deal (sorted company ids joined with +).', {
    type: 'string',
    fieldType: 'text',
  }),
  deal('cosell_pool_rate', 'Co-sell pool rate (%)', 'Commission pool rate applied to the deal amount, in percent.', {
    type: 'number',
    fieldType: 'number',
  }),
  deal('cosell_pool_amount', 'Co-sell pool amount', 'Commission pool for this deal, in the deal currency.', {
    type: 'number',
    fieldType: 'number',
  }),
  deal('cosell_rule_version', 'Co-sell rule version', 'Version of the published split rules used for this result, with the rule override that applied after a middle dot ("2026.3 · Enterprise deals").', { type: 'string', fieldType: 'text' }),
  deal('cosell_split_summary', 'Co-sell split summary', 'One line per partner: roles, share and commission.', { type: 'string', fieldType: 'textarea' }),
  deal('cosell_conflict', 'Co-sell conflict', 'True when another open co-sell deal or registration on the same account names different partners.', {
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: [option('true', 'Yes', 0), option('false', 'No', 1)],
  }),
  deal('cosell_conflict_details', 'Co-sell conflict details', 'Which deals conflict with this one, and why.', { type: 'string', fieldType: 'textarea' }),
  ...ROLES.flatMap((role) => [
    deal(rolePartnerProperty(role), `Co-sell ${ROLE_LABELS[role].toLowerCase()}`, `Partner(s) in the ${role.replace(/_/g, ' ')} role (names joined with ;).`, {
      type: 'string',
      fieldType: 'text',
    }),
    deal(roleAmountProperty(role), `Co-sell ${role.replace(/_/g, ' ')} amount`, `Commission for the ${role.replace(/_/g, ' ')} role, in the deal currency.`, {
      type: 'number',
      fieldType: 'number',
    }),
  ]),
];

const companyProperties: PropertySpec[] = [
  {
    name: PARTNER_TYPE_PROPERTY,
    label: 'Co-sell partner type',
    description: 'Marks the company as a partner and says what kind. Empty = not a partner.',
    groupName: COSELL_GROUP.name,
    type: 'enumeration',
    fieldType: 'select',
    options: PARTNER_TYPES.map((t, i) => option(t, titleCase(t), i)),
  },
  // Account mapping's write-back (docs/account-mapping.md): kept by the app from every partner's latest saved map.
  {
    name: 'cosell_overlap_partners',
    label: 'Co-sell overlap partners',
    description: "Partners whose latest account map lists this company (names joined with ;). Written by the app.",
    groupName: COSELL_GROUP.name,
    type: 'string',
    fieldType: 'text',
  },
  {
    name: 'cosell_overlap_category',
    label: 'Co-sell overlap category',
    description: 'Best account-mapping category over all partners: customer overlap, prospect overlap (warm intro), our customer their prospect, both prospects. Written by the app.',
    groupName: COSELL_GROUP.name,
    type: 'enumeration',
    fieldType: 'select',
    options: [
      option('customer_overlap', 'Customer overlap', 0),
      option('prospect_overlap', 'Prospect overlap (warm intro)', 1),
      option('our_customer_their_prospect', 'Our customer, their prospect', 2),
      option('both_prospects', 'Both prospects', 3),
    ],
  },
  {
    name: 'cosell_warm_intro_partners',
    label: 'Co-sell warm intro partners',
    description: 'Partners for whom this prospect of ours is a customer: ask them for an intro (names joined with ;). Written by the app.',
    groupName: COSELL_GROUP.name,
    type: 'string',
    fieldType: 'text',
  },
  {
    name: 'cosell_map_date',
    label: 'Co-sell account map date',
    description: 'Date of the most recent saved account map that lists this company. Written by the app.',
    groupName: COSELL_GROUP.name,
    type: 'date',
    fieldType: 'date',
  },
];

export const APP_SCHEMA: AppSchema = {
  groups: { deals: COSELL_GROUP, companies: COSELL_GROUP },
  properties: { deals: dealProperties, companies: companyProperties },
  dealCompanyLabels: ROLES.map((role) => ({ name: ROLE_LABEL_NAMES[role], label: ROLE_LABELS[role], role })),
};

/** Every deal output property the app writes (all of them on every write, so stale values never survive). */
export const DEAL_OUTPUT_PROPERTIES: readonly string[] = dealProperties.map((p) => p.name);
