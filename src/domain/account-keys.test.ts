import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountRef } from './account-keys';
import { accountDomainKey, accountKeysOf, matchAccounts, sharesAccount } from './account-keys';

describe('accountKeysOf', () => {
  it('gives a child its company, its own tree and its parent\'s tree, and the registrable domain', () => {
    expect(accountKeysOf({ companyId: '501', parentCompanyId: '500', domain: 'https://eu.Acme.com/about' })).toEqual([
      'company:501',
      'domain:acme.com',
      'tree:500',
      'tree:501',
    ]);
  });

  it('gives a parent (or a company on its own) its company and its own tree only', () => {
    expect(accountKeysOf({ companyId: '500', parentCompanyId: null, domain: null })).toEqual(['company:500', 'tree:500']);
  });

  it('has no keys for blanks and for domains that are not domains', () => {
    expect(accountKeysOf({})).toEqual([]);
    expect(accountKeysOf({ companyId: ' ', parentCompanyId: '', domain: 'localhost' })).toEqual([]);
    expect(accountKeysOf({ domain: '10.0.0.1' })).toEqual([]);
    expect(accountKeysOf({ companyId: ' 7 ' })).toEqual(['company:7', 'tree:7']);
  });

  it('normalises the domain through accountDomainKey', () => {
    expect(accountDomainKey(' www.Shop.Example.co.uk. ')).toBe('example.co.uk');
    expect(accountDomainKey(null)).toBeNull();
    expect(accountDomainKey('')).toBeNull();
    expect(accountKeysOf({ domain: 'jane@acme.com' })).toEqual(['domain:acme.com']);
  });
});

describe('matchAccounts', () => {
  it.each<[string, AccountRef, AccountRef, ReturnType<typeof matchAccounts>]>([
    ['same company', { companyId: 'c1' }, { companyId: 'c1' }, { matchedOn: 'company', value: 'c1' }],
    ['same domain', { companyId: 'c1', domain: 'eu.acme.com' }, { companyId: 'c2', domain: 'acme.com' }, { matchedOn: 'domain', value: 'acme.com' }],
    ['a is the parent', { companyId: 'hq' }, { companyId: 'c2', parentCompanyId: 'hq' }, { matchedOn: 'parent', value: 'hq' }],
    ['a is the child', { companyId: 'c1', parentCompanyId: 'hq' }, { companyId: 'hq' }, { matchedOn: 'parent', value: 'hq' }],
    ['siblings', { companyId: 'c1', parentCompanyId: 'hq' }, { companyId: 'c2', parentCompanyId: 'hq' }, { matchedOn: 'parent', value: 'hq' }],
    ['grandchild and grandparent are not one account', { companyId: 'c1', parentCompanyId: 'mid' }, { companyId: 'top' }, null],
    ['cousins are not one account', { companyId: 'c1', parentCompanyId: 'p1' }, { companyId: 'c2', parentCompanyId: 'p2' }, null],
    ['company beats domain and parent', { companyId: 'c1', domain: 'a.com', parentCompanyId: 'hq' }, { companyId: 'c1', domain: 'a.com', parentCompanyId: 'hq' }, { matchedOn: 'company', value: 'c1' }],
    ['domain beats parent', { companyId: 'c1', domain: 'a.com', parentCompanyId: 'hq' }, { companyId: 'c2', domain: 'a.com', parentCompanyId: 'hq' }, { matchedOn: 'domain', value: 'a.com' }],
    ['a\'s own company first when it is also b\'s parent', { companyId: 'c1', parentCompanyId: 'c2' }, { companyId: 'c2', parentCompanyId: 'c1' }, { matchedOn: 'parent', value: 'c1' }],
  ])('%s', (_name, a, b, expected) => {
    expect(matchAccounts(a, b)).toEqual(expected);
    expect(sharesAccount(a, b)).toBe(expected !== null);
  });

  // The rule the keys replace, written out pairwise: the same company or domain, or one company id
  // of each ({company, parent}) in common. Keys must say exactly the same, and be symmetric.
  it('agrees with the pairwise rule on any accounts (property)', () => {
    const account = fc.record({
      companyId: fc.option(fc.constantFrom('c1', 'c2', 'c3', 'hq'), { nil: null }),
      parentCompanyId: fc.option(fc.constantFrom('c1', 'c2', 'hq'), { nil: null }),
      domain: fc.option(fc.constantFrom('a.com', 'www.a.com', 'b.com', 'x.b.com', 'localhost'), { nil: null }),
    });
    fc.assert(
      fc.property(account, account, (a, b) => {
        const domain = (d: string | null) => (d === null || d === 'localhost' ? null : d.replace(/^(www|x)\./, ''));
        const ids = (x: typeof a): string[] => [x.companyId, x.parentCompanyId].flatMap((v) => (v === null ? [] : [v]));
        const expected =
          (a.companyId !== null && a.companyId === b.companyId) ||
          (domain(a.domain) !== null && domain(a.domain) === domain(b.domain)) ||
          ids(a).some((id) => ids(b).includes(id));
        expect(sharesAccount(a, b)).toBe(expected);
        expect(sharesAccount(b, a)).toBe(expected);
        expect(matchAccounts(a, b)?.matchedOn ?? null).toBe(
          !expected ? null : a.companyId !== null && a.companyId === b.companyId ? 'company' : domain(a.domain) !== null && domain(a.domain) === domain(b.domain) ? 'domain' : 'parent',
        );
      }),
    );
  });
});
