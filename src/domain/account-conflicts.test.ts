import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConflictEntry } from './account-conflicts';
import { CONFLICT_FLAG_MEANING, conflictsFor, findAccountConflicts, pairingKey } from './account-conflicts';
import { accountDomainKey } from './account-keys';

describe('accountDomainKey: the registrable domain by the Public Suffix List', () => {
  it.each([
    ['https://www.Shop.Example.co.uk/x', 'example.co.uk'],
    ['example.com', 'example.com'],
    ['WWW.EXAMPLE.COM.', 'example.com'],
    ['http://user:pw@app.example.com:8080/path?q=1#f', 'example.com'],
    ['jane.doe@mail.acme.io', 'acme.io'],
    ['shop.example.com.au', 'example.com.au'],
    ['a.b.example.co.jp', 'example.co.jp'],
    ['loja.example.com.br', 'example.com.br'],
    ['acme-news.blogspot.com', 'acme-news.blogspot.com'], // a private suffix: two blogs are two accounts
    ['shop.globex.example', 'globex.example'], // reserved documentation TLD (demo and test data)
    ['deep.sub.example.de', 'example.de'],
    ['bücher.de', 'xn--bcher-kva.de'], // IDN → punycode, as DNS sees it
    ['  example.org  ', 'example.org'],
  ])('%j → %j', (input, expected) => {
    expect(accountDomainKey(input)).toBe(expected);
  });

  it.each(['', 'localhost', 'co.uk', 'com', '192.168.0.1', 'http://[::1]/', 'not a domain', 'http://', 'example.co.xx', 'gmail.com', 'n/a', 'example'])(
    '%j is not a domain',
    (input) => {
      expect(accountDomainKey(input)).toBeNull();
    },
  );
});

describe('pairingKey', () => {
  it('sorts, de-duplicates and joins with "+"', () => {
    expect(pairingKey(['p2', 'p1', 'p2'])).toBe('p1+p2');
    expect(pairingKey([])).toBe('');
    expect(pairingKey(['b', 'a', 'C'])).toBe('C+a+b'); // plain string order, not locale order
  });

  it('is the same for any order of the same set', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() === s && !s.includes('+'))), (ids) => {
        expect(pairingKey([...ids].reverse())).toBe(pairingKey(ids));
      }),
    );
  });
});

const entry = (id: string, account: ConflictEntry['account'], partnerIds: string[], extra: Partial<ConflictEntry> = {}): ConflictEntry => ({
  id,
  kind: id.startsWith('r') ? 'registration' : 'deal',
  account,
  partnerIds,
  ...extra,
});

describe('findAccountConflicts', () => {
  it('flags the same company with a different partner combination', () => {
    const conflicts = findAccountConflicts([
      entry('d2', { companyId: 'c1' }, ['p1', 'p3'], { name: 'Acme expansion' }),
      entry('d1', { companyId: 'c1' }, ['p2', 'p1'], { name: 'Acme renewal' }),
    ]);
    expect(conflicts).toEqual([
      {
        entryIds: ['d1', 'd2'],
        reason: 'different_partners',
        matchedOn: 'company',
        accountValue: 'c1',
        partnerIds: ['p1', 'p2', 'p3'],
        message:
          'Deal "Acme renewal" and deal "Acme expansion" are on the same account, company c1, with different partners: company p1 + company p2 vs company p1 + company p3. ' +
          CONFLICT_FLAG_MEANING,
      },
    ]);
  });

  it('flags the same partner set twice as a double registration', () => {
    const conflicts = findAccountConflicts([entry('r1', { domain: 'https://acme.com' }, ['p1']), entry('r2', { domain: 'www.acme.com' }, ['p1'])]);
    expect(conflicts).toEqual([
      {
        entryIds: ['r1', 'r2'],
        reason: 'same_partner_twice',
        matchedOn: 'domain',
        accountValue: 'acme.com',
        partnerIds: ['p1'],
        message: `Registration r1 and registration r2 are on the same account, acme.com, with the same partners (company p1): a double registration. ${CONFLICT_FLAG_MEANING}`,
      },
    ]);
  });

  describe('names, never ids', () => {
    const names = { '11': 'Northwind', '12': 'Bluepeak', '13': 'Stackly', '14': 'Keystone' };
    const acmeCorp = { companyId: '500', companyName: 'Acme Corp' };
    const acmeEurope = { companyId: '501', companyName: 'Acme Europe', parentCompanyId: '500', parentCompanyName: 'Acme Corp' };

    it('names the account, its parent relation and the partners on each side', () => {
      const [conflict] = findAccountConflicts([
        entry('d1', acmeCorp, ['11', '12', '13'], { name: 'Acme platform', partnerNames: { '11': 'Northwind', '12': 'Bluepeak', '13': 'Stackly' } }),
        entry('d2', acmeEurope, ['11', '14'], { name: 'Acme Europe rollout', partnerNames: { '14': 'Keystone' } }),
      ]);
      expect(conflict?.message).toBe(
        'Deal "Acme platform" and deal "Acme Europe rollout" are on the same account, Acme Corp (parent of Acme Europe), with different partners: ' +
          `Northwind + Bluepeak + Stackly vs Northwind + Keystone. ${CONFLICT_FLAG_MEANING}`,
      );
      expect(conflict?.message).not.toMatch(/\b(11|12|13|14|500|501|d1|d2)\b/);
    });

    it('names sibling companies under their parent, and a shared company by name', () => {
      const sibling = { companyId: '502', companyName: 'Acme Asia', parentCompanyId: '500', parentCompanyName: 'Acme Corp' };
      const [siblings] = findAccountConflicts([entry('d1', acmeEurope, ['11'], { partnerNames: names }), entry('d2', sibling, ['12'], { partnerNames: names })]);
      expect(siblings?.message).toContain('on the same account, Acme Corp (parent of Acme Europe and Acme Asia), with different partners: Northwind vs Bluepeak.');
      const [same] = findAccountConflicts([entry('d1', acmeCorp, ['11', '12'], { partnerNames: names }), entry('d2', acmeCorp, ['11', '12'], { partnerNames: names })]);
      expect(same?.message).toContain('on the same account, Acme Corp, with the same partners (Northwind + Bluepeak): a double registration.');
    });

    it('takes the parent\'s name from whichever side knows it, and falls back to its id only when neither does', () => {
      const unnamedParent = { companyId: '500' };
      const [parentChild] = findAccountConflicts([entry('d1', unnamedParent, ['11'], { partnerNames: names }), entry('d2', acmeEurope, ['12'], { partnerNames: names })]);
      expect(parentChild?.message).toContain('on the same account, Acme Corp (parent of Acme Europe), with different partners');
      const europeWithoutParentName = { companyId: '501', companyName: 'Acme Europe', parentCompanyId: '500' };
      const nordics = { companyId: '503', companyName: 'Acme Nordics', parentCompanyId: '500', parentCompanyName: 'Acme Corp' };
      const [siblings] = findAccountConflicts([entry('d1', europeWithoutParentName, ['11'], { partnerNames: names }), entry('d2', nordics, ['12'], { partnerNames: names })]);
      expect(siblings?.message).toContain('on the same account, Acme Corp (parent of Acme Europe and Acme Nordics), with different partners');
      const nordicsWithoutParentName = { companyId: '503', companyName: 'Acme Nordics', parentCompanyId: '500' };
      const [unknown] = findAccountConflicts([entry('d1', europeWithoutParentName, ['11'], { partnerNames: names }), entry('d2', nordicsWithoutParentName, ['12'], { partnerNames: names })]);
      expect(unknown?.message).toContain('on the same account, company 500 (parent of Acme Europe and Acme Nordics)');
    });

    it('names a registration by the deal it registers', () => {
      const [conflict] = findAccountConflicts([
        entry('d1', acmeCorp, ['11', '12'], { name: 'Acme platform', partnerNames: names }),
        entry('registration:7', acmeCorp, ['11', '14'], { kind: 'registration', name: 'Acme data hub', dealId: '99' }),
      ]);
      expect(conflict?.message).toMatch(/^Deal "Acme platform" and the registration of deal "Acme data hub" are on the same account, Acme Corp, with different partners: Northwind \+ Bluepeak vs Northwind \+ Keystone\./);
      const [unnamed] = findAccountConflicts([entry('d1', acmeCorp, ['11'], { partnerNames: names }), entry('registration:7', acmeCorp, ['12'], { kind: 'registration' })]);
      expect(unnamed?.message).toMatch(/^Deal d1 and registration 7 are/);
    });

    it('says what the flag means and never claims an alert was sent', () => {
      const [conflict] = findAccountConflicts([entry('d1', acmeCorp, ['11'], { partnerNames: names }), entry('d2', acmeCorp, ['12'], { partnerNames: names })]);
      expect(conflict?.message).toContain('flagged as a co-sell conflict until their partners match or one of them closes');
      expect(conflict?.message).toContain('the partner-ops owner chosen in the notification settings gets a HubSpot task about it (nobody is alerted while none is chosen)');
      expect(conflict?.message).not.toMatch(/has been alerted|was alerted|have been notified/i);
    });
  });

  it.each<[string, ConflictEntry['account'], ConflictEntry['account'], 'company' | 'domain' | 'parent', string]>([
    ['same company', { companyId: 'c1' }, { companyId: 'c1' }, 'company', 'c1'],
    ['same registrable domain, different companies', { companyId: 'c1', domain: 'eu.acme.com' }, { companyId: 'c2', domain: 'us.acme.com' }, 'domain', 'acme.com'],
    ['child of the other', { companyId: 'child', parentCompanyId: 'parent' }, { companyId: 'parent' }, 'parent', 'parent'],
    ['parent of the other', { companyId: 'parent' }, { companyId: 'child', parentCompanyId: 'parent' }, 'parent', 'parent'],
    ['siblings under one parent', { companyId: 'c1', parentCompanyId: 'hq' }, { companyId: 'c2', parentCompanyId: 'hq' }, 'parent', 'hq'],
  ])('matches on %s', (_name, a, b, matchedOn, accountValue) => {
    const [conflict] = findAccountConflicts([entry('d1', a, ['p1']), entry('d2', b, ['p2'])]);
    expect(conflict).toMatchObject({ entryIds: ['d1', 'd2'], matchedOn, accountValue, reason: 'different_partners' });
  });

  it.each<[string, ConflictEntry[]]>([
    ['different accounts', [entry('d1', { companyId: 'c1', domain: 'a.com' }, ['p1']), entry('d2', { companyId: 'c2', domain: 'b.com' }, ['p2'])]],
    ['unrelated parents', [entry('d1', { companyId: 'c1', parentCompanyId: 'h1' }, ['p1']), entry('d2', { companyId: 'c2', parentCompanyId: 'h2' }, ['p2'])]],
    ['an entry without partners', [entry('d1', { companyId: 'c1' }, ['p1']), entry('d2', { companyId: 'c1' }, [])]],
    ['a registration and the deal it registers', [entry('d1', { companyId: 'c1' }, ['p1', 'p2']), entry('r1', { companyId: 'c1' }, ['p1', 'p2'], { dealId: 'd1' })]],
    ['empty account keys', [entry('d1', { companyId: '', domain: null, parentCompanyId: ' ' }, ['p1']), entry('d2', { companyId: '', domain: 'x', parentCompanyId: ' ' }, ['p2'])]],
    ['domains that are not domains', [entry('d1', { domain: 'localhost' }, ['p1']), entry('d2', { domain: 'localhost' }, ['p2'])]],
  ])('does not flag %s', (_name, entries) => {
    expect(findAccountConflicts(entries)).toEqual([]);
  });

  it('prefers company over domain over parent when several match', () => {
    const [conflict] = findAccountConflicts([
      entry('d1', { companyId: 'c1', domain: 'acme.com', parentCompanyId: 'hq' }, ['p1']),
      entry('d2', { companyId: 'c1', domain: 'acme.com', parentCompanyId: 'hq' }, ['p2']),
    ]);
    expect(conflict?.matchedOn).toBe('company');
  });

  it('reports each pair once, sorted, whatever the input order', () => {
    const entries = [
      entry('d3', { companyId: 'c1' }, ['p3']),
      entry('d1', { companyId: 'c1', domain: 'acme.com' }, ['p1']),
      entry('r9', { companyId: 'c9', domain: 'acme.com' }, ['p1']),
      entry('d2', { companyId: 'c1', domain: 'acme.com' }, ['p2']),
    ];
    const conflicts = findAccountConflicts(entries);
    expect(conflicts.map((c) => `${c.entryIds.join('/')}:${c.matchedOn}:${c.reason}`)).toEqual([
      'd1/d2:company:different_partners',
      'd1/d3:company:different_partners',
      'd1/r9:domain:same_partner_twice',
      'd2/d3:company:different_partners',
      'd2/r9:domain:different_partners',
    ]);
    expect(findAccountConflicts([...entries].reverse())).toEqual(conflicts);
    expect(conflictsFor('r9', conflicts).map((c) => c.entryIds)).toEqual([['d1', 'r9'], ['d2', 'r9']]);
    expect(conflictsFor('nope', conflicts)).toEqual([]);
  });

  it('agrees with a brute-force pairwise check (property)', () => {
    const accountArb = fc.record({
      companyId: fc.option(fc.constantFrom('c1', 'c2', 'c3', 'c4'), { nil: null }),
      parentCompanyId: fc.option(fc.constantFrom('c1', 'c2', 'hq'), { nil: null }),
      domain: fc.option(fc.constantFrom('a.com', 'www.a.com', 'b.com', 'x.b.com'), { nil: null }),
    });
    const entriesArb = fc.uniqueArray(
      fc.record({ id: fc.stringMatching(/^[dr][0-9]{1,2}$/), account: accountArb, partnerIds: fc.subarray(['p1', 'p2', 'p3'], { minLength: 1 }) }),
      { selector: (e) => e.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(entriesArb, (raw) => {
        const entries: ConflictEntry[] = raw.map((e) => ({ ...e, kind: e.id.startsWith('d') ? 'deal' : 'registration' }));
        const domainOf = (d: string | null | undefined) => (d ? d.replace(/^www\./, '').replace(/^x\./, '') : null);
        const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : 1));
        const expected: string[] = [];
        sorted.forEach((a, i) => {
          for (const b of sorted.slice(i + 1)) {
            const A = a.account;
            const B = b.account;
            const related =
              (A.companyId && A.companyId === B.companyId) ||
              (domainOf(A.domain) && domainOf(A.domain) === domainOf(B.domain)) ||
              (A.companyId && A.companyId === B.parentCompanyId) ||
              (A.parentCompanyId && A.parentCompanyId === B.companyId) ||
              (A.parentCompanyId && A.parentCompanyId === B.parentCompanyId);
            if (related) expected.push(`${a.id}/${b.id}:${pairingKey(a.partnerIds) === pairingKey(b.partnerIds) ? 'same_partner_twice' : 'different_partners'}`);
          }
        });
        expect(findAccountConflicts(entries).map((c) => `${c.entryIds.join('/')}:${c.reason}`)).toEqual(expected);
      }),
    );
  });
});
