import type { AccountKey } from './account-keys';
import { accountDomainKey, accountKeysOf, matchKeys } from './account-keys';

/**
 * An open co-sell deal or a deal registration, reduced to what conflict detection needs.
 * `id` must be unique across deals and registrations (e.g. "deal:123", "registration:9").
 */
export interface ConflictEntry {
  id: string;
  kind: 'deal' | 'registration';
  /** A deal's name; for a registration, the name of the deal it registers. */
  name?: string;
  /** `companyName` / `parentCompanyName`: the CRM names of those companies, when known (for the text). */
  account: { companyId?: string | null; domain?: string | null; parentCompanyId?: string | null; companyName?: string | null; parentCompanyName?: string | null };
  partnerIds: string[];
  /** partner id → name; names given on any entry are used for every entry (a partner is one company). */
  partnerNames?: Record<string, string>;
  /** For a registration: the deal it registers. That pair is one co-sell, never a conflict. */
  dealId?: string | null;
}

export interface AccountConflict {
  /** Sorted: `entryIds[0] < entryIds[1]`. */
  entryIds: [string, string];
  reason: 'different_partners' | 'same_partner_twice';
  matchedOn: 'company' | 'domain' | 'parent';
  /** The company id, registrable domain or parent company id the two entries share. */
  accountValue: string;
  /** Every partner involved in either entry, sorted and de-duplicated. */
  partnerIds: string[];
  /** For people: deals, account and partners by name (ids only where no name is known), and what the flag means. */
  message: string;
}

/**
 * What the conflict flag means, said with every conflict: what the flag does and who is alerted.
 * The alert is a HubSpot task for the partner-ops owner chosen in the notification settings
 * (docs/decisions/0015-notifications.md); with none chosen nobody is, and the text says so rather
 * than claim an alert went out.
 */
export const CONFLICT_FLAG_MEANING =
  'Both are flagged as a co-sell conflict until their partners match or one of them closes; the partner-ops owner chosen in the notification settings gets a HubSpot task about it (nobody is alerted while none is chosen), so agree the partners with partner ops.';

/**
 * The key of a set of partners: sorted, de-duplicated, joined with "+". Same set → same key.
 *
 * @example pairingKey(['p2', 'p1', 'p2']) // "p1+p2"
 */
export function pairingKey(partnerIds: string[]): string {
  return [...new Set(partnerIds.map((id) => id.trim()).filter((id) => id !== ''))]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join('+');
}

interface Prepared {
  entry: ConflictEntry;
  company: string | null;
  parent: string | null;
  domain: string | null;
  /** The entry's account keys (accountKeysOf): the only thing matching looks at. */
  keys: AccountKey[];
  key: string;
}

const clean = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

/**
 * Pairs of entries on the same account — entries whose account keys (accountKeysOf: same company,
 * same registrable domain, or related through a parent company: parent/child or siblings) meet —
 * whose partner sets differ, or that carry the same partner set twice (a double registration).
 * Each pair once, sorted by entry ids. Entries without partners are not co-sell and are ignored.
 *
 * @example findAccountConflicts([dealWithAB, registrationWithAC]) // one 'different_partners'
 */
export function findAccountConflicts(entries: ConflictEntry[]): AccountConflict[] {
  const names = new Map<string, string>();
  for (const e of entries) for (const [id, name] of Object.entries(e.partnerNames ?? {})) if (name.trim()) names.set(id, name.trim());
  const prepared: Prepared[] = entries
    .map((entry) => ({
      entry,
      company: clean(entry.account.companyId),
      parent: clean(entry.account.parentCompanyId),
      domain: accountDomainKey(entry.account.domain),
      keys: accountKeysOf(entry.account),
      key: pairingKey(entry.partnerIds),
    }))
    .filter((p) => p.key !== '')
    .sort((a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));

  // Index by account key so only entries that share one are compared (not all n² pairs).
  const byKey = new Map<string, number[]>();
  prepared.forEach((p, index) => {
    for (const k of p.keys) {
      const list = byKey.get(k);
      if (list) list.push(index);
      else byKey.set(k, [index]);
    }
  });

  const conflicts: AccountConflict[] = [];
  prepared.forEach((a, i) => {
    const candidates = new Set<number>();
    for (const k of a.keys) for (const j of byKey.get(k) ?? []) if (j > i) candidates.add(j);
    for (const j of [...candidates].sort((x, y) => x - y)) {
      const b = prepared[j];
      if (!b || a.entry.id === b.entry.id || registersTheOther(a.entry, b.entry)) continue;
      const match = matchKeys(a.keys, b.keys);
      if (!match) continue;
      conflicts.push(describe(a, b, match.matchedOn, match.value, names));
    }
  });
  return conflicts;
}

/** The conflicts that involve one entry (for its card). */
export function conflictsFor(entryId: string, conflicts: AccountConflict[]): AccountConflict[] {
  return conflicts.filter((c) => c.entryIds[0] === entryId || c.entryIds[1] === entryId);
}

function registersTheOther(a: ConflictEntry, b: ConflictEntry): boolean {
  return (a.kind === 'registration' && b.kind === 'deal' && clean(a.dealId) === b.id) ||
    (b.kind === 'registration' && a.kind === 'deal' && clean(b.dealId) === a.id);
}

function describe(a: Prepared, b: Prepared, matchedOn: AccountConflict['matchedOn'], value: string, names: Map<string, string>): AccountConflict {
  const account = accountText(a, b, matchedOn, value);
  const sameSet = a.key === b.key;
  const partnerIds = pairingKey([...a.entry.partnerIds, ...b.entry.partnerIds]).split('+');
  const team = (key: string) => key.split('+').map((id) => names.get(id) ?? `company ${id}`).join(' + ');
  const message = sameSet
    ? `${capitalize(label(a.entry))} and ${label(b.entry)} are on the same account, ${account}, with the same partners (${team(a.key)}): a double registration. ${CONFLICT_FLAG_MEANING}`
    : `${capitalize(label(a.entry))} and ${label(b.entry)} are on the same account, ${account}, with different partners: ${team(a.key)} vs ${team(b.key)}. ${CONFLICT_FLAG_MEANING}`;
  return {
    entryIds: [a.entry.id, b.entry.id],
    reason: sameSet ? 'same_partner_twice' : 'different_partners',
    matchedOn,
    accountValue: value,
    partnerIds,
    message,
  };
}

/** A deal by its name; a registration by the name of the deal it registers (`name`); ids only as the fallback. */
function label(entry: ConflictEntry): string {
  if (entry.kind === 'deal') return entry.name ? `deal "${entry.name}"` : `deal ${entry.id}`;
  return entry.name ? `the registration of deal "${entry.name}"` : `registration ${entry.id.replace(/^registration:/, '')}`;
}

/** The shared account as a person reads it: "Acme Corp (parent of Acme Europe)", a domain, or an id when no name is known. */
function accountText(a: Prepared, b: Prepared, matchedOn: AccountConflict['matchedOn'], value: string): string {
  const companyName = (p: Prepared) => clean(p.entry.account.companyName) ?? (p.domain ? `the company at ${p.domain}` : `company ${p.company}`);
  // A parent's name may be known from either side: its own entry, or a child's parentCompanyName.
  const parentName = clean(a.entry.account.parentCompanyName) ?? clean(b.entry.account.parentCompanyName);
  if (matchedOn === 'domain') return value;
  if (matchedOn === 'company') return companyName(a);
  // parent: one is the other's parent, or both are children of the same parent
  if (a.company === value) return `${clean(a.entry.account.companyName) ?? parentName ?? companyName(a)} (parent of ${companyName(b)})`;
  if (b.company === value) return `${clean(b.entry.account.companyName) ?? parentName ?? companyName(b)} (parent of ${companyName(a)})`;
  return `${parentName ?? `company ${value}`} (parent of ${companyName(a)} and ${companyName(b)})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
