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
  deal('cosell_commission_status', 'Co-sell commission status', "Where the deal's commission stands in the commission ledger: projected (open deal), earned (closed won, not yet approved), approved, paid, or reversed (won, then reopened or lost).", {
    type: 'enumeration',
    fieldType: 'select',
    options: ['projected', 'earned', 'approved', 'paid', 'reversed'].map((v, i) => option(v, titleCase(v), i)),
  }),
];


/**
 * Partner company rollups written by the reporting feature (docs/decisions/0018-partner-rollups-and-program-view.md):
 * this and last calendar quarter's co-sell figures in the home currency, and the tier in force this
 * fiscal quarter. Names in one place; `src/hubspot/partner-rollup-properties.ts` fills them.
 */
export const PARTNER_ROLLUP_PROPERTY = {
  quarter: 'cosell_rollup_quarter',
  pipelineQtd: 'cosell_cosell_pipeline_qtd',
  pipelineLastQuarter: 'cosell_cosell_pipeline_last_quarter',
  winsThisQuarter: 'cosell_cosell_wins_this_quarter',
  winsLastQuarter: 'cosell_cosell_wins_last_quarter',
  winRateQtd: 'cosell_cosell_win_rate_qtd',
  winRateLastQuarter: 'cosell_cosell_win_rate_last_quarter',
  avgWonQtd: 'cosell_avg_won_deal_size_qtd',
  avgWonLastQuarter: 'cosell_avg_won_deal_size_last_quarter',
  winsQtd: 'cosell_cosell_wins_qtd',
  tier: 'cosell_tier',
  tierBenefits: 'cosell_tier_benefits',
  tierQuarter: 'cosell_tier_quarter',
} as const;

function partnerRollupProperties(): PropertySpec[] {
  const P = PARTNER_ROLLUP_PROPERTY;
  const company = (name: string, label: string, description: string, type: 'string' | 'number', fieldType: 'text' | 'textarea' | 'number'): PropertySpec => ({
    name,
    label,
    description,
    groupName: COSELL_GROUP.name,
    type,
    fieldType,
  });
  return [
    company(P.quarter, 'Co-sell rollup quarter', 'The calendar quarter the "this quarter" rollups are for (2026-Q4).', 'string', 'text'),
    company(P.pipelineQtd, 'Co-sell pipeline this quarter', 'Home-currency amount of co-sell deals with this partner created this calendar quarter.', 'number', 'number'),
    company(P.pipelineLastQuarter, 'Co-sell pipeline last quarter', 'Home-currency amount of co-sell deals with this partner created last calendar quarter.', 'number', 'number'),
    company(P.winsThisQuarter, 'Co-sell wins this calendar quarter', 'Co-sell deals with this partner closed won this calendar quarter.', 'number', 'number'),
    company(P.winsLastQuarter, 'Co-sell wins last quarter', 'Co-sell deals with this partner closed won last calendar quarter.', 'number', 'number'),
    company(P.winRateQtd, 'Co-sell win rate this quarter', 'Won ÷ closed co-sell deals with this partner this calendar quarter (0 to 1; empty when none closed).', 'number', 'number'),
    company(P.winRateLastQuarter, 'Co-sell win rate last quarter', 'Won ÷ closed co-sell deals with this partner last calendar quarter (0 to 1; empty when none closed).', 'number', 'number'),
    company(P.avgWonQtd, 'Average co-sell won deal size this quarter', 'Average home-currency amount of co-sell deals with this partner won this calendar quarter.', 'number', 'number'),
    company(P.avgWonLastQuarter, 'Average co-sell won deal size last quarter', 'Average home-currency amount of co-sell deals with this partner won last calendar quarter.', 'number', 'number'),
    company(P.winsQtd, 'Co-sell wins this fiscal quarter', 'Co-sell wins so far in the current fiscal quarter: what next quarter\'s tier is earned with.', 'number', 'number'),
    company(P.tier, 'Co-sell tier', 'The tier in force this fiscal quarter, earned by last fiscal quarter\'s co-sell wins (empty = none).', 'string', 'text'),
    company(P.tierBenefits, 'Co-sell tier benefits', 'The benefits of the tier in force, one per line.', 'string', 'textarea'),
    company(P.tierQuarter, 'Co-sell tier quarter', 'The fiscal quarter the tier is in force for, and the quarter that earned it.', 'string', 'text'),
  ];
}

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
  ...partnerRollupProperties(),
  ...(
    [
      ['cosell_commission_projected', 'Co-sell commission projected', "What the partner's open deals would pay as split now, in the portal's home currency (derived, not owed)."],
      ['cosell_commission_earned_qtd', 'Co-sell commission earned QTD', "Commission ledger lines recorded for the partner this fiscal quarter (earned less reversals, with adjustments), in the portal's home currency."],
      ['cosell_commission_paid_ytd', 'Co-sell commission paid YTD', "Commission paid to the partner in payout runs marked paid this fiscal year, in the portal's home currency."],
    ] as const
  ).map(([name, label, description]): PropertySpec => ({ name, label, description, groupName: COSELL_GROUP.name, type: 'number', fieldType: 'number' })),
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

export const DISPUTE_STATUS_PROPERTY = 'cosell_dispute_status';
/** Company property: how many open attribution disputes name the partner. */
export const OPEN_DISPUTES_PROPERTY = 'cosell_open_disputes';

/**
 * Written by the disputes feature when a dispute changes (docs/decisions/0016-disputes.md), never
 * by the deal recompute: they are provisioned with the rest but kept out of DEAL_OUTPUT_PROPERTIES,
 * which the recompute writes in full (an empty value there would clear the dispute status).
 */
export const DISPUTE_DEAL_PROPERTIES: readonly PropertySpec[] = [
  deal(DISPUTE_STATUS_PROPERTY, 'Co-sell dispute status', 'Attribution dispute on this deal: open while one is open, else the latest decision (upheld or rejected); empty when never disputed.', {
    type: 'enumeration',
    fieldType: 'select',
    options: ['open', 'upheld', 'rejected'].map((v, i) => option(v, titleCase(v), i)),
  }),
];
export const DISPUTE_COMPANY_PROPERTIES: readonly PropertySpec[] = [
  {
    name: OPEN_DISPUTES_PROPERTY,
    label: 'Co-sell open disputes',
    description: 'Open attribution disputes on deals this partner is on.',
    groupName: COSELL_GROUP.name,
    type: 'number',
    fieldType: 'number',
  },
];

export const APP_SCHEMA: AppSchema = {
  groups: { deals: COSELL_GROUP, companies: COSELL_GROUP },
  properties: { deals: [...dealProperties, ...DISPUTE_DEAL_PROPERTIES], companies: [...companyProperties, ...DISPUTE_COMPANY_PROPERTIES] },
  dealCompanyLabels: ROLES.map((role) => ({ name: ROLE_LABEL_NAMES[role], label: ROLE_LABELS[role], role })),
};

/** Every deal output property the app writes (all of them on every write, so stale values never survive). */
export const DEAL_OUTPUT_PROPERTIES: readonly string[] = dealProperties.map((p) => p.name);

