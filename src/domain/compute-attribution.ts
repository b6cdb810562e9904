import type { Result } from './result';
import { fail } from './result';
import type { RuleSet, Warning } from './rule-set';
import type { AttributionModel, PartnerType, Role } from './vocabulary';

export interface AttributionInput {
  /** `amount` is a decimal string in `currency` ("1234.50"); `closeDate` picks the rule set. */
  deal: { id: string; amount: string; currency: string; closeDate?: string | null };
  model?: AttributionModel | null;
  /** Roles arrive as strings because they come from outside; unknown ones are errors. */
  partners: Array<{ id: string; name?: string; type?: PartnerType | null; roles: string[] }>;
  /** A list is a history: the one in force on `asOf ?? deal.closeDate` is used (else the latest). */
  rules: RuleSet | RuleSet[];
  asOf?: string;
}

export interface Allocation {
  partnerId: string;
  partnerName?: string;
  roles: Role[];
  /** Percentage points, up to 4 decimals ("33.3333"). */
  weight: string;
  /** 0..1 with 6 decimals. */
  share: string;
  /** Decimal string with exactly the currency's minor digits. */
  amount: string;
  /** The same amount as integer minor units, as a string (JSON-safe bigint). */
  amountMinor: string;
}

export interface AttributionPlan {
  dealId: string;
  model: AttributionModel;
  ruleVersion: string;
  currency: string;
  dealAmount: string;
  pool: { rate: string; amount: string; amountMinor: string; currency: string };
  /** Sorted by partnerId (string order) so output never depends on input order. */
  allocations: Allocation[];
  unallocated: string;
  warnings: Warning[];
  explanation: string[];
}

export function computeAttribution(_input: AttributionInput): Result<AttributionPlan> {
  return fail('(input)', 'not implemented yet');
}
