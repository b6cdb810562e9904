/**
 * The "Partner allocation" custom object (Enterprise portals, optional): its schema and the records
 * a deal's split should have there, one per deal × partner. Pure: the setup command and the worker
 * do the HubSpot calls.
 */

export const ALLOCATION_OBJECT_NAME = 'cosell_partner_allocation';
/** The unique property the records are upserted by: `<dealId>:<partnerId>`. */
export const ALLOCATION_KEY_PROPERTY = 'cosell_allocation_key';
export const ALLOCATION_STATUSES = ['open', 'won', 'lost'] as const;
export type AllocationStatus = (typeof ALLOCATION_STATUSES)[number];

export interface AllocationPropertySpec {
  name: string;
  label: string;
  type: 'string' | 'number' | 'enumeration';
  fieldType: 'text' | 'number' | 'select';
  hasUniqueValue?: boolean;
  options?: Array<{ label: string; value: string; displayOrder: number }>;
}

/** The properties a record carries, in the order people see them. */
export const ALLOCATION_PROPERTIES: readonly AllocationPropertySpec[] = [
  { name: 'cosell_allocation_name', label: 'Name', type: 'string', fieldType: 'text' },
  { name: ALLOCATION_KEY_PROPERTY, label: 'Allocation key (deal:partner)', type: 'string', fieldType: 'text', hasUniqueValue: true },
  { name: 'cosell_deal_id', label: 'Deal ID', type: 'string', fieldType: 'text' },
  { name: 'cosell_partner_company_id', label: 'Partner company ID', type: 'string', fieldType: 'text' },
  { name: 'cosell_partner_name', label: 'Partner name', type: 'string', fieldType: 'text' },
  { name: 'cosell_roles', label: 'Roles', type: 'string', fieldType: 'text' },
  { name: 'cosell_weight', label: 'Weight (percentage points)', type: 'number', fieldType: 'number' },
  { name: 'cosell_share', label: 'Share (0–1)', type: 'number', fieldType: 'number' },
  { name: 'cosell_amount', label: 'Amount', type: 'number', fieldType: 'number' },
  { name: 'cosell_currency', label: 'Currency', type: 'string', fieldType: 'text' },
  {
    name: 'cosell_status', label: 'Status', type: 'enumeration', fieldType: 'select',
    options: [{ label: 'Open', value: 'open', displayOrder: 0 }, { label: 'Won', value: 'won', displayOrder: 1 }, { label: 'Lost', value: 'lost', displayOrder: 2 }],
  },
  { name: 'cosell_rule_version', label: 'Rule version', type: 'string', fieldType: 'text' },
];

export const ALLOCATION_PROPERTY_NAMES = ALLOCATION_PROPERTIES.map((p) => p.name);

/** The body of `POST /crm/v3/schemas` that creates the object (associated with deals and companies). */
export function allocationSchemaRequest() {
  return {
    name: ALLOCATION_OBJECT_NAME,
    description: 'One record per deal and partner: the partner\'s roles, weight, share and amount of the deal\'s co-sell split.',
    labels: { singular: 'Partner allocation', plural: 'Partner allocations' },
    primaryDisplayProperty: 'cosell_allocation_name',
    secondaryDisplayProperties: ['cosell_partner_name', 'cosell_amount'],
    searchableProperties: ['cosell_allocation_name', 'cosell_partner_name', ALLOCATION_KEY_PROPERTY],
    requiredProperties: ['cosell_allocation_name', ALLOCATION_KEY_PROPERTY],
    properties: ALLOCATION_PROPERTIES.map((p) => ({ ...p })),
    associatedObjects: ['DEAL', 'COMPANY'],
  };
}

/** One partner's part of a computed split, as the worker hands it over. */
export interface AllocationInput {
  partnerId: string;
  partnerName: string;
  roles: readonly string[];
  weight: string;
  share: string;
  amount: string;
}

export interface DealAllocations {
  dealId: string;
  dealName: string;
  status: AllocationStatus;
  currency: string;
  ruleVersion: string;
  allocations: readonly AllocationInput[];
}

export interface ExistingAllocationRecord {
  id: string;
  properties: Record<string, string | null>;
}

export interface AllocationRecordPlan {
  /** Records to create or change (only the changed properties of existing ones), keyed by the allocation key. */
  upserts: Array<{ key: string; partnerId: string; properties: Record<string, string>; isNew: boolean }>;
  /** Existing records of partners no longer on the deal. */
  archive: string[];
}

export const allocationKey = (dealId: string, partnerId: string) => `${dealId}:${partnerId}`;

/** A readable record name: "<deal name> — <partner name>". */
export const allocationName = (dealName: string, partnerName: string) => `${dealName || 'Untitled deal'} — ${partnerName || 'Unnamed partner'}`;

/** The properties a partner's record should have. */
export function allocationProperties(deal: DealAllocations, a: AllocationInput): Record<string, string> {
  return {
    cosell_allocation_name: allocationName(deal.dealName, a.partnerName),
    [ALLOCATION_KEY_PROPERTY]: allocationKey(deal.dealId, a.partnerId),
    cosell_deal_id: deal.dealId,
    cosell_partner_company_id: a.partnerId,
    cosell_partner_name: a.partnerName,
    cosell_roles: [...a.roles].join(';'),
    cosell_weight: a.weight,
    cosell_share: a.share,
    cosell_amount: a.amount,
    cosell_currency: deal.currency,
    cosell_status: deal.status,
    cosell_rule_version: deal.ruleVersion,
  };
}

/**
 * What to write for a deal given the records it has now: new partners' records in full, changed
 * values only for the others (numbers compared as numbers: HubSpot may answer "0.50" as "0.5"),
 * and the records of partners no longer on the deal archived. No allocations (no split) archives all.
 */
export function planAllocationRecords(deal: DealAllocations, existing: readonly ExistingAllocationRecord[]): AllocationRecordPlan {
  const byKey = new Map(existing.map((r) => [r.properties[ALLOCATION_KEY_PROPERTY] ?? '', r]));
  const wanted = new Set<string>();
  const upserts: AllocationRecordPlan['upserts'] = [];
  for (const a of deal.allocations) {
    const key = allocationKey(deal.dealId, a.partnerId);
    wanted.add(key);
    const props = allocationProperties(deal, a);
    const current = byKey.get(key);
    if (!current) {
      upserts.push({ key, partnerId: a.partnerId, properties: props, isNew: true });
      continue;
    }
    const changed: Record<string, string> = {};
    for (const [name, value] of Object.entries(props)) {
      if (!sameValue(name, current.properties[name] ?? '', value)) changed[name] = value;
    }
    if (Object.keys(changed).length > 0) upserts.push({ key, partnerId: a.partnerId, properties: changed, isNew: false });
  }
  const archive = existing.filter((r) => !wanted.has(r.properties[ALLOCATION_KEY_PROPERTY] ?? '')).map((r) => r.id);
  return { upserts, archive };
}

const NUMERIC = new Set(ALLOCATION_PROPERTIES.filter((p) => p.type === 'number').map((p) => p.name));

function sameValue(name: string, current: string, wanted: string): boolean {
  if (current === wanted) return true;
  if (!NUMERIC.has(name)) return false;
  return canonicalDecimal(current) !== undefined && canonicalDecimal(current) === canonicalDecimal(wanted);
}

/** A decimal string without insignificant zeros ("0.500" → "0.5", "-0" → "0"); undefined when not a decimal. */
function canonicalDecimal(text: string): string | undefined {
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return undefined;
  const whole = m[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return m[1] && body !== '0' ? `-${body}` : body;
}
