export interface ConflictEntry {
  id: string;
  kind: 'deal' | 'registration';
  name?: string;
  account: { companyId?: string | null; domain?: string | null; parentCompanyId?: string | null };
  partnerIds: string[];
}

export interface AccountConflict {
  entryIds: [string, string];
  reason: 'different_partners' | 'same_partner_twice';
  matchedOn: 'company' | 'domain' | 'parent';
  accountValue: string;
  partnerIds: string[];
  message: string;
}

export function normalizeRegistrableDomain(_input: string): string | null {
  return null;
}

export function pairingKey(partnerIds: string[]): string {
  return [...new Set(partnerIds)].sort().join('+');
}

export function findAccountConflicts(_entries: ConflictEntry[]): AccountConflict[] {
  return [];
}

export function conflictsFor(entryId: string, conflicts: AccountConflict[]): AccountConflict[] {
  return conflicts.filter((c) => c.entryIds.includes(entryId));
}
