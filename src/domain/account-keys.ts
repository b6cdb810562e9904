import { registrableDomain } from './account-mapping/registrable-domain';

/**
 * The account a deal (or a registration) is sold into, as far as matching cares: the customer
 * company, its parent company and its website domain. Names are for people and never keys.
 */
export interface AccountRef {
  companyId?: string | null;
  domain?: string | null;
  parentCompanyId?: string | null;
}

/**
 * An account key: `company:<id>`, `tree:<id>` or `domain:<registrable domain>`. Two accounts are
 * the same account exactly when their key sets share a key (docs/decisions/0010-account-keys.md):
 *
 * - `company:<id>`: the customer company itself (same company).
 * - `tree:<id>`: the company trees the account sits in — its own id and its parent's id. A parent
 *   emits `tree:<own id>`, each child emits `tree:<parent id>`, so "one is the other's parent" and
 *   "siblings under one parent" are both an equal `tree:` key.
 * - `domain:<d>`: the registrable domain of the customer's website (same domain).
 *
 * `company:` never matches without `tree:` matching too; it is kept so a match can say it was the
 * same company, and so an exact company lookup needs no parent logic.
 */
export type AccountKey = `company:${string}` | `tree:${string}` | `domain:${string}`;

export type AccountMatchKind = 'company' | 'domain' | 'parent';

const clean = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

/**
 * The domain part of an account key: the one place a website becomes a matching domain, for
 * conflicts and account mapping alike: the registrable domain by the Public Suffix List
 * (src/domain/account-mapping/registrable-domain.ts); null when the value is never matched (empty,
 * a placeholder, an IP address, localhost, no public suffix, a free-mail provider).
 *
 * @example accountDomainKey('https://www.Shop.Example.co.uk/x') // "example.co.uk"
 */
export function accountDomainKey(value: string | null | undefined): string | null {
  const text = clean(value);
  return text === null ? null : registrableDomain(text);
}

/**
 * Every key of an account, sorted and de-duplicated; empty for an account with nothing to match on.
 * Storage keeps these rows (`account_keys`), so "deals on the same account" is an equality join.
 *
 * @example accountKeysOf({ companyId: '501', parentCompanyId: '500', domain: 'eu.acme.com' })
 * // ["company:501", "domain:acme.com", "tree:500", "tree:501"]
 */
export function accountKeysOf(account: AccountRef): AccountKey[] {
  const keys = new Set<AccountKey>();
  const company = clean(account.companyId);
  const parent = clean(account.parentCompanyId);
  const domain = accountDomainKey(account.domain);
  if (company) {
    keys.add(`company:${company}`);
    keys.add(`tree:${company}`);
  }
  if (parent) keys.add(`tree:${parent}`);
  if (domain) keys.add(`domain:${domain}`);
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Do two accounts share a key (same company, same domain, parent/child or siblings)? */
export function sharesAccount(a: AccountRef, b: AccountRef): boolean {
  const theirs = new Set(accountKeysOf(b));
  return accountKeysOf(a).some((key) => theirs.has(key));
}

/**
 * How two accounts are the same account, or null when they share no key. Company beats domain
 * beats parent; for a parent match the value is the shared tree id, `a`'s own company first.
 *
 * @example matchAccounts({ companyId: '501', parentCompanyId: '500' }, { companyId: '500' })
 * // { matchedOn: 'parent', value: '500' }
 */
export function matchAccounts(a: AccountRef, b: AccountRef): { matchedOn: AccountMatchKind; value: string } | null {
  return matchKeys(accountKeysOf(a), accountKeysOf(b));
}

/** `matchAccounts` over key sets already computed (the conflict finder computes each entry's once). */
export function matchKeys(a: readonly AccountKey[], b: readonly AccountKey[]): { matchedOn: AccountMatchKind; value: string } | null {
  const theirs = new Set(b);
  const shared = a.filter((key) => theirs.has(key));
  if (shared.length === 0) return null;
  const company = shared.find((key) => key.startsWith('company:'));
  if (company) return { matchedOn: 'company', value: valueOf(company) };
  const domain = shared.find((key) => key.startsWith('domain:'));
  if (domain) return { matchedOn: 'domain', value: valueOf(domain) };
  // Only tree keys are left. `a`'s own company's tree first (the other is a's child), then a's parent's.
  const own = a.find((key) => key.startsWith('company:'));
  const ownTree = own ? `tree:${valueOf(own)}` : null;
  const tree = shared.find((key) => key === ownTree) ?? shared[0]!;
  return { matchedOn: 'parent', value: valueOf(tree) };
}

/** The id or domain inside a key (`tree:500` → `500`). */
export function valueOf(key: AccountKey): string {
  return key.slice(key.indexOf(':') + 1);
}
