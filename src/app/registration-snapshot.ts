import { z } from 'zod';
import { AppliedModel, AttributionPlan, Role } from '../contract/card-api';

/**
 * What a registration records (product.md §4): each partner's roles and expected contribution, the
 * split as of registration, and the account/partner keys that make it take part in conflict checks.
 */
export const registrationSnapshotSchema = z.object({
  model: AppliedModel,
  partners: z.array(z.object({ companyId: z.string(), name: z.string(), roles: z.array(Role), expectedContribution: z.string() })),
  split: AttributionPlan.nullable(),
  account: z.object({ companyId: z.string().nullable(), domain: z.string().nullable(), parentCompanyId: z.string().nullable() }),
  partnerIds: z.array(z.string()),
});
export type RegistrationSnapshot = z.infer<typeof registrationSnapshotSchema>;

export function parseRegistrationSnapshot(value: unknown): RegistrationSnapshot | null {
  const parsed = registrationSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function registrationKeys(value: unknown): Pick<RegistrationSnapshot, 'account' | 'partnerIds'> | null {
  const snapshot = parseRegistrationSnapshot(value);
  return snapshot ? { account: snapshot.account, partnerIds: snapshot.partnerIds } : null;
}
