import { z } from 'zod';
import type * as Api from '../contract/card-api';
import { ATTRIBUTION_MODELS, ROLES } from '../domain';
import { parseStored } from './stored-data';

/**
 * What a registration records (docs/glossary.md "Registration"): each partner's roles and expected contribution, the
 * split as of registration, the account/partner keys that make it take part in conflict checks,
 * and the conflicts the registering user saw and confirmed.
 *
 * This is the stored row's own versioned schema (`registrations.snapshot`), independent of the
 * card contract; the registrations feature (src/features/registrations/registrations-service.ts) maps it to the contract's Registration.
 */
const storedRole = z.enum(ROLES);
const storedAppliedModel = z.enum(ATTRIBUTION_MODELS);
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

const storedSplit = z.object({
  dealId: z.string(),
  model: storedAppliedModel,
  ruleVersion: z.string(),
  currency: z.string(),
  dealAmount: decimalText,
  pool: z.object({ rate: decimalText, amount: decimalText, currency: z.string() }),
  allocations: z.array(
    z.object({ partnerId: z.string(), partnerName: z.string().nullable(), roles: z.array(storedRole), weight: decimalText, share: decimalText, amount: decimalText }),
  ),
  unallocated: decimalText,
  warnings: z.array(z.object({ code: z.string(), message: z.string(), partnerId: z.string().optional() })),
  explanation: z.array(z.string()),
});

const snapshotFields = {
  model: storedAppliedModel,
  partners: z.array(z.object({ companyId: z.string().min(1), name: z.string(), roles: z.array(storedRole), expectedContribution: z.string() })),
  split: storedSplit.nullable(),
  // The names are for conflict text only (never keys); snapshots written before they were kept have none.
  account: z.object({
    companyId: z.string().nullable(),
    domain: z.string().nullable(),
    parentCompanyId: z.string().nullable(),
    companyName: z.string().nullable().optional(),
    parentCompanyName: z.string().nullable().optional(),
  }),
  partnerIds: z.array(z.string().min(1)),
};

const confirmedConflict = z.object({ message: z.string(), otherDealIds: z.array(z.string()), otherRegistrationIds: z.array(z.string()) });
export type ConfirmedConflict = z.infer<typeof confirmedConflict>;

/** v1: carries the version and the conflicts confirmed when registering. */
const storedSnapshotV1 = z.object({ v: z.literal(1), ...snapshotFields, confirmedConflicts: z.array(confirmedConflict) });
/** v0: registrations made before stored data had versions (nothing was confirmed then). */
const storedSnapshotV0 = z.object(snapshotFields);

export type RegistrationSnapshot = Omit<z.infer<typeof storedSnapshotV1>, 'v' | 'split'> & { split: Api.AttributionPlan | null };

/** The value to store (always the newest version). */
export function toStoredSnapshot(snapshot: RegistrationSnapshot): z.infer<typeof storedSnapshotV1> {
  return { v: 1, ...snapshot };
}

/**
 * A stored registration's snapshot. Throws CorruptRowError naming the row and field when it does
 * not parse: a registration that silently dropped out would stop protecting its partners.
 */
export function parseRegistrationSnapshot(row: { id: string; dealId: string; snapshot: unknown }): RegistrationSnapshot {
  const parsed = parseStored(row.snapshot, { v0: storedSnapshotV0, v1: storedSnapshotV1 }, {
    table: 'registrations',
    rowId: row.id,
    what: `stored registration ${row.id} of deal ${row.dealId}`,
  });
  if (parsed.version === 0) return { ...parsed.data, confirmedConflicts: [] };
  const { v: _v, ...rest } = parsed.data;
  return rest;
}

/** The keys conflict detection needs; throws like parseRegistrationSnapshot. */
export function registrationKeys(value: unknown, row: { id: string; dealId: string } = { id: 'unknown', dealId: 'unknown' }): Pick<RegistrationSnapshot, 'account' | 'partnerIds'> {
  const snapshot = parseRegistrationSnapshot({ ...row, snapshot: value });
  return { account: snapshot.account, partnerIds: snapshot.partnerIds };
}
