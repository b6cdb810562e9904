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
 * What the conflict flag means, said with every conflict. No alert is sent today (notifications
 * are a later feature), so the text never claims one was: it says what the flag does and who acts.
 */
export const CONFLICT_FLAG_MEANING =
  'Both are flagged as a co-sell conflict until their partners match or one of them closes; nobody is alerted automatically, so agree the partners with partner ops.';

/*
 * Two-label public suffixes common in B2B CRMs. A full Public Suffix List is data to ship and
 * refresh; this list plus the rule below (a generic second level such as "co" or "com" under a
 * two-letter country code) covers the customers we expect. A miss would merge every company under
 * that suffix into one "domain", so the rule errs towards treating such pairs as suffixes.
 */
const MULTI_PART_SUFFIXES = new Set(
  (
    'co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk net.uk sch.uk nhs.uk ' +
    'com.au net.au org.au edu.au gov.au asn.au id.au co.nz org.nz net.nz govt.nz ac.nz ' +
    'co.jp ne.jp or.jp ac.jp go.jp ' +
    'com.br net.br org.br gov.br com.mx org.mx gob.mx com.ar org.ar gob.ar com.co com.pe com.cl com.uy com.ve com.ec ' +
    'com.cn net.cn org.cn gov.cn com.hk org.hk com.tw org.tw com.sg org.sg edu.sg com.my org.my ' +
    'co.in net.in org.in firm.in gen.in co.id or.id co.th in.th co.kr or.kr com.ph com.vn com.pk ' +
    'co.za org.za co.il org.il com.tr org.tr com.sa com.eg co.ke com.ng com.ua co.at or.at com.pl com.gr com.cy'
  ).split(' '),
);

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The registrable domain (eTLD+1) of a URL, host name or e-mail address, lower case, or null
 * when the input is not a domain (IP addresses, single labels, bare public suffixes).
 *
 * @example normalizeRegistrableDomain('https://www.Shop.Example.co.uk/x') // "example.co.uk"
 * @example normalizeRegistrableDomain('jane@acme.com')                   // "acme.com"
 */
export function normalizeRegistrableDomain(input: string): string | null {
  let text = input.trim();
  if (text === '') return null;
  // An e-mail address names its domain after the last "@" (HubSpot contacts carry these).
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let host: string;
  try {
    // WHATWG URL does the hard parts: ports, user info, percent-encoding, IDN → punycode.
    host = new URL(text).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host === '' || host.startsWith('[')) return null;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return null; // also rules out IPv4
  const lastTwo = labels.slice(-2).join('.');
  if (MULTI_PART_SUFFIXES.has(lastTwo) || isGenericCountrySuffix(labels)) return labels.length >= 3 ? labels.slice(-3).join('.') : null;
  return lastTwo;
}

const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil']);

function isGenericCountrySuffix(labels: string[]): boolean {
  const tld = labels[labels.length - 1] ?? '';
  const second = labels[labels.length - 2] ?? '';
  return /^[a-z]{2}$/.test(tld) && GENERIC_SECOND_LEVEL.has(second);
}

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
  key: string;
}

const clean = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

/**
 * Pairs of entries on the same account (same company, same registrable domain, or related
 * through a parent company: parent/child or siblings) whose partner sets differ, or that carry
 * the same partner set twice (a double registration). Each pair once, sorted by entry ids.
 * Entries without partners are not co-sell and are ignored.
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
      domain: entry.account.domain ? normalizeRegistrableDomain(entry.account.domain) : null,
      key: pairingKey(entry.partnerIds),
    }))
    .filter((p) => p.key !== '')
    .sort((a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));

  // Index by each account key so only entries that can match are compared (not all n² pairs).
  const byCompany = groupBy(prepared, (p) => p.company);
  const byParent = groupBy(prepared, (p) => p.parent);
  const byDomain = groupBy(prepared, (p) => p.domain);

  const conflicts: AccountConflict[] = [];
  prepared.forEach((a, i) => {
    const candidates = new Set<number>();
    for (const j of [
      ...lookup(byCompany, a.company),
      ...lookup(byDomain, a.domain),
      ...lookup(byCompany, a.parent), // the other is a's parent
      ...lookup(byParent, a.company), // the other is a's child
      ...lookup(byParent, a.parent), // siblings
    ]) {
      if (j > i) candidates.add(j);
    }
    for (const j of [...candidates].sort((x, y) => x - y)) {
      const b = prepared[j];
      if (!b || a.entry.id === b.entry.id || registersTheOther(a.entry, b.entry)) continue;
      const match = matchAccount(a, b);
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

function matchAccount(a: Prepared, b: Prepared): { matchedOn: AccountConflict['matchedOn']; value: string } | null {
  if (a.company && a.company === b.company) return { matchedOn: 'company', value: a.company };
  if (a.domain && a.domain === b.domain) return { matchedOn: 'domain', value: a.domain };
  if (a.company && a.company === b.parent) return { matchedOn: 'parent', value: a.company };
  if (a.parent && a.parent === b.company) return { matchedOn: 'parent', value: a.parent };
  if (a.parent && a.parent === b.parent) return { matchedOn: 'parent', value: a.parent };
  return null;
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
  const parentName = (p: Prepared) => clean(p.entry.account.parentCompanyName) ?? `company ${p.parent}`;
  if (matchedOn === 'domain') return value;
  if (matchedOn === 'company') return companyName(a);
  // parent: one is the other's parent, or both are children of the same parent
  if (a.company === value) return `${companyName(a)} (parent of ${companyName(b)})`;
  if (b.company === value) return `${companyName(b)} (parent of ${companyName(a)})`;
  return `${parentName(a)} (parent of ${companyName(a)} and ${companyName(b)})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function groupBy(items: Prepared[], key: (p: Prepared) => string | null): Map<string, number[]> {
  const map = new Map<string, number[]>();
  items.forEach((item, index) => {
    const k = key(item);
    if (k === null) return;
    const list = map.get(k);
    if (list) list.push(index);
    else map.set(k, [index]);
  });
  return map;
}

function lookup(map: Map<string, number[]>, key: string | null): number[] {
  return key === null ? [] : (map.get(key) ?? []);
}
