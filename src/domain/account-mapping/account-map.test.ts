import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OurCompany, TheirRow } from './account-map';
import { createAccountMapBuilder, mapAccounts } from './account-map';
import { recogniseColumns, parseColumnOverrides, THEIR_COLUMN_NAMES } from './columns';
import { createIcpTest, parseEmployeeCount, parseIcp } from './icp';
import { checkDomain } from './registrable-domain';

const hmac = (key: string) => (domain: string) => createHmac('sha256', key).update(domain).digest('hex');

/** What a partner would send after `cosell map hash`: the registrable domain's HMAC, names dropped. */
function hashRows(rows: TheirRow[], key: string): TheirRow[] {
  const out: TheirRow[] = [];
  for (const { domain, name: _name, ...rest } of rows) {
    const check = checkDomain(domain);
    if (check.ok) out.push({ ...rest, domainHmac: hmac(key)(check.domain) });
  }
  return out;
}

const ours: OurCompany[] = [
  { id: '9000', name: 'Acme Inc', domain: 'acme.com', lifecycleStage: 'customer' },
  { id: '9001', name: 'Acme Europe', domain: 'https://www.acme.com/eu', lifecycleStage: 'lead' },
  { id: '9002', name: 'Globex Ltd', domain: 'globex.co.uk', lifecycleStage: 'opportunity' },
  { id: '9003', name: 'Initech', domain: 'initech.io', lifecycleStage: 'evangelist' },
  { id: '9004', name: 'Umbrella', domain: 'umbrella.com', lifecycleStage: '' },
  { id: '9200', name: 'Hooli GmbH', domain: '', lifecycleStage: 'customer' },
  { id: '9201', name: 'Mailbox Co', domain: 'gmail.com', lifecycleStage: 'customer' },
];

const theirs: TheirRow[] = [
  { row: 2, domain: 'www.acme.com', name: 'ACME', status: 'Customer' },
  { row: 3, domain: 'GLOBEX.CO.UK.', name: 'Globex', status: 'customer' },
  { row: 4, domain: 'initech.io', name: 'Initech', status: 'Prospect' },
  { row: 5, domain: 'https://umbrella.com:443/', name: 'Umbrella', status: 'lead' },
  { row: 6, domain: 'wayne.com', name: 'Wayne Enterprises', status: 'Customer', industry: 'Software', employees: '5,000', country: 'United States' },
  { row: 7, domain: 'acme.com/contact', name: 'Acme (dup)', status: 'Prospect' },
  { row: 8, domain: 'stark.de', name: 'Stark', status: 'Customer', industry: 'Manufacturing', employees: '200', country: 'Germany' },
  { row: 9, domain: 'wonka.com', name: 'Wonka', status: 'Prospect', industry: 'Software' },
  { row: 14, domain: 'gmail.com', name: 'Freelancer', status: 'Customer' },
  { row: 15, domain: 'n/a', name: 'Hooli, GmbH', status: 'Customer' },
  { row: 16, domain: '', name: 'Nobody Matches Ltd', status: 'Customer' },
  { row: 17, domain: '10.1.2.3', name: '', status: 'Customer' },
];

describe('mapAccounts: categories, collapse, whitespace', () => {
  const map = mapAccounts(theirs, ours, { icp: { industries: ['software'], minEmployees: 50, countries: ['United States', 'Canada'] } });

  it('puts each account in its category; several rows collapse, several of ours are all listed', () => {
    expect(map.matches).toEqual([
      // acme.com: our 9000 is a customer → ours customer; their rows 2 (customer) and 7 (prospect) → customer
      { category: 'customer_overlap', domain: 'acme.com', ours: ['9000', '9001'], theirRows: [2, 7], isNew: true },
      { category: 'prospect_overlap', domain: 'globex.co.uk', ours: ['9002'], theirRows: [3], isNew: true },
      { category: 'our_customer_their_prospect', domain: 'initech.io', ours: ['9003'], theirRows: [4], isNew: true },
      { category: 'both_prospects', domain: 'umbrella.com', ours: ['9004'], theirRows: [5], isNew: true },
    ]);
  });

  it('lists their unmatched customers as whitespace, flagged by the ICP (case-insensitive)', () => {
    expect(map.whitespace).toEqual([
      { domain: 'wayne.com', name: 'Wayne Enterprises', theirRows: [6], icp: true, isNew: true },
      { domain: 'stark.de', name: 'Stark', theirRows: [8], icp: false, isNew: true },
    ]);
  });

  it('rejects unusable domains with the reason and suggests by name only for them', () => {
    expect(map.rejected).toEqual([
      { row: 14, value: 'gmail.com', reason: 'free-mail domain' },
      { row: 15, value: 'n/a', reason: 'placeholder' },
      { row: 16, value: '', reason: 'empty' },
      { row: 17, value: '10.1.2.3', reason: 'IP address' },
    ]);
    // "Hooli, GmbH" ~ our "Hooli GmbH"; "Freelancer" and "Nobody Matches" match no name of ours.
    expect(map.nameSuggestions).toEqual([{ ours: ['9200'], theirRows: [15], name: 'Hooli, GmbH' }]);
    expect(map.ourNames.get('9200')).toBe('Hooli GmbH');
  });

  it('summarises the counts', () => {
    expect(map.summary).toEqual({
      rows: 12,
      accounts: 7,
      rejected: 4,
      customer_overlap: 1,
      prospect_overlap: 1,
      our_customer_their_prospect: 1,
      both_prospects: 1,
      whitespace: 2,
      whitespace_icp: 1,
    });
    expect(map.gone).toEqual([]);
  });

  it('never matches a free-mail domain of ours', () => {
    const m = mapAccounts([{ row: 2, domain: 'gmail.com', status: 'customer' }], [{ id: '1', domain: 'gmail.com' }]);
    expect(m.matches).toEqual([]);
    expect(m.rejected).toEqual([{ row: 2, value: 'gmail.com', reason: 'free-mail domain' }]);
  });

  it('does not match names when a domain is usable, even if names are equal', () => {
    const m = mapAccounts([{ row: 2, domain: 'acme.org', name: 'Acme Inc', status: 'customer' }], [{ id: '1', name: 'Acme Inc', domain: 'acme.com' }]);
    expect(m.matches).toEqual([]);
    expect(m.nameSuggestions).toEqual([]);
    expect(m.whitespace.map((w) => w.domain)).toEqual(['acme.org']);
  });

  it('keeps private-suffix accounts apart and does not merge subdomains of them', () => {
    const m = mapAccounts(
      [{ row: 2, domain: 'acme-news.blogspot.com', status: 'customer' }],
      [{ id: '1', domain: 'other-news.blogspot.com' }, { id: '2', domain: 'https://www.acme-news.blogspot.com/' }],
    );
    expect(m.matches).toEqual([{ category: 'prospect_overlap', domain: 'acme-news.blogspot.com', ours: ['2'], theirRows: [2], isNew: true }]);
  });

  it('an ICP with no keys filters nothing; no ICP neither', () => {
    const row = { row: 2, domain: 'x.com', status: 'customer' };
    expect(mapAccounts([row], [], { icp: {} }).whitespace[0]?.icp).toBe(true);
    expect(mapAccounts([row], []).whitespace[0]?.icp).toBe(true);
  });

  it('refuses partner rows after our companies (the streaming order)', () => {
    const b = createAccountMapBuilder();
    b.addOurs({ id: '1', domain: 'a.com' });
    expect(() => b.addTheirs({ row: 2, domain: 'a.com' })).toThrow(/before our companies/);
  });
});

describe('isNew and gone against the previous map', () => {
  it('marks what is new since the previous map and lists what is gone', () => {
    const first = mapAccounts(theirs, ours);
    const later: TheirRow[] = [
      ...theirs.filter((r) => r.row !== 5), // umbrella.com no longer on their list
      { row: 20, domain: 'umbrella.com', status: 'customer' }, // back, as a customer: category changed
      { row: 21, domain: 'cyberdyne.com', status: 'customer' }, // new whitespace
    ].filter((r) => r.row !== 6); // wayne.com gone from whitespace
    const second = mapAccounts(later, ours, { previous: first });
    const isNew = Object.fromEntries([...second.matches, ...second.whitespace].map((e) => [e.domain, e.isNew]));
    expect(isNew).toEqual({
      'acme.com': false,
      'globex.co.uk': false,
      'initech.io': false,
      'umbrella.com': true, // now prospect_overlap, was both_prospects
      'stark.de': false,
      'cyberdyne.com': true,
    });
    expect(second.gone).toEqual([
      { category: 'both_prospects', domain: 'umbrella.com', ours: ['9004'], theirRows: [5] },
      { category: 'whitespace', domain: 'wayne.com', theirRows: [6] },
    ]);
  });
});

describe('hashed lists', () => {
  it('match on the HMAC of our registrable domains, report our plain domain, and make no name suggestions', () => {
    const key = 'k3y-shared-with-the-partner';
    const hashed = mapAccounts(hashRows(theirs, key), ours, { hashDomain: hmac(key) });
    const plain = mapAccounts(theirs, ours);
    expect(hashed.matches).toEqual(plain.matches);
    expect(hashed.nameSuggestions).toEqual([]);
    // Sorted by domain, which is the HMAC here: the partner's plain domains are never known.
    expect(hashed.whitespace.map((w) => [w.domain, w.name])).toEqual(
      [
        [hmac(key)('wayne.com'), null],
        [hmac(key)('stark.de'), null],
      ].sort(),
    );
  });

  it('rejects a domain_hmac that is not 64 hex characters, and accepts upper case', () => {
    const h = hmac('k')('acme.com');
    const m = mapAccounts(
      [
        { row: 2, domainHmac: 'acme.com' },
        { row: 3, domainHmac: h.toUpperCase(), status: 'customer' },
        { row: 4, domainHmac: '' },
      ],
      [{ id: '1', domain: 'acme.com', lifecycleStage: 'customer' }],
      { hashDomain: hmac('k') },
    );
    expect(m.rejected).toEqual([
      { row: 2, value: 'acme.com', reason: 'not a hashed domain' },
      { row: 4, value: '', reason: 'empty' },
    ]);
    expect(m.matches).toEqual([{ category: 'customer_overlap', domain: 'acme.com', ours: ['1'], theirRows: [3], isNew: true }]);
  });
});

describe('properties', () => {
  const labels = ['acme', 'globex', 'initech', 'umbrella', 'wayne', 'stark', 'wonka', 'hooli'];
  const suffixes = ['com', 'co.uk', 'de', 'blogspot.com', 'io'];
  const domainValue = fc.oneof(
    fc
      .tuple(fc.constantFrom(...labels), fc.constantFrom(...suffixes), fc.constantFrom('', 'www.', 'https://', 'https://www.', 'HTTP://shop.'), fc.constantFrom('', '/', ':8080', '/about?x=1', '.'))
      .map(([label, suffix, prefix, tail]) => `${prefix}${label}.${suffix}${tail}`),
    fc.constantFrom('', 'n/a', '-', 'gmail.com', 'localhost', '127.0.0.1', 'co.uk', 'intranet'),
  );
  const status = fc.constantFrom('Customer', 'customer', 'Prospect', '', 'Partner');
  const name = fc.constantFrom('Acme Inc', 'Globex', 'Hooli GmbH', 'Nobody', '');
  const theirRows = fc
    .array(fc.record({ domain: domainValue, status, name, industry: fc.constantFrom('Software', 'Retail', ''), employees: fc.constantFrom('10', '500', '') }), { maxLength: 40 })
    .map((rows) => rows.map((r, i) => ({ row: i + 2, ...r })));
  const ourRows = fc
    .array(fc.record({ domain: domainValue, name, lifecycleStage: fc.constantFrom('customer', 'evangelist', 'lead', '') }), { maxLength: 30 })
    .map((rows) => rows.map((r, i) => ({ id: String(9000 + i), ...r })));
  const icp = { industries: ['software'], minEmployees: 100 };

  it('the order of rows does not change the result', () => {
    fc.assert(
      fc.property(theirRows, ourRows, fc.integer(), (t, o, seed) => {
        const shuffle = <T>(xs: T[]) => {
          const copy = [...xs];
          let s = seed >>> 0;
          for (let i = copy.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
          }
          return copy;
        };
        const a = mapAccounts(t, o, { icp });
        const b = mapAccounts(shuffle(t), shuffle(o), { icp });
        expect({ ...b, ourNames: [...b.ourNames].sort() }).toEqual({ ...a, ourNames: [...a.ourNames].sort() });
      }),
      { numRuns: 200 },
    );
  });

  it('hashed and plain modes agree on matches, whitespace rows and ICP flags', () => {
    fc.assert(
      fc.property(theirRows, ourRows, (t, o) => {
        const plain = mapAccounts(t, o, { icp });
        const hashed = mapAccounts(hashRows(t, 'secret'), o, { icp, hashDomain: hmac('secret') });
        expect(hashed.matches).toEqual(plain.matches);
        const rowsOf = (m: typeof plain) => m.whitespace.map((w) => [w.theirRows[0], w.icp]).sort();
        expect(rowsOf(hashed)).toEqual(rowsOf(plain));
        expect(hashed.summary.accounts).toBe(plain.summary.accounts);
      }),
      { numRuns: 200 },
    );
  });
});

describe('columns and ICP input', () => {
  it('recognises columns by common names, case-insensitively, and lets --columns override', () => {
    const header = ['Account Name', 'WEB', 'Kind', 'Relationship', 'Number of  Employees', 'Country/Region', 'Web Address'];
    expect(recogniseColumns(header, THEIR_COLUMN_NAMES)).toEqual({
      ok: true,
      value: { domain: 1, name: 0, status: 3, employees: 4, country: 5 },
    });
    const overrides = parseColumnOverrides('domain="Web Address",status=Kind');
    expect(overrides).toEqual({ ok: true, value: { domain: 'Web Address', status: 'Kind' } });
    if (!overrides.ok) return;
    expect(recogniseColumns(header, THEIR_COLUMN_NAMES, overrides.value)).toEqual({
      ok: true,
      value: { domain: 6, status: 2, name: 0, employees: 4, country: 5 },
    });
    expect(recogniseColumns(header, THEIR_COLUMN_NAMES, { domain: 'Site' })).toEqual({
      ok: false,
      errors: [{ path: '--columns.domain', message: expect.stringContaining('no column "Site"') }],
    });
  });

  it('rejects malformed --columns naming the field', () => {
    expect(parseColumnOverrides('website=Web')).toMatchObject({ ok: false, errors: [{ path: '--columns', message: expect.stringContaining('unknown field "website"') }] });
    expect(parseColumnOverrides('domain="Web')).toMatchObject({ ok: false, errors: [{ path: '--columns.domain', message: 'unclosed quote' }] });
    expect(parseColumnOverrides('domain=')).toMatchObject({ ok: false, errors: [{ path: '--columns.domain' }] });
    expect(parseColumnOverrides('domain="Say ""hi""",name=N')).toEqual({ ok: true, value: { domain: 'Say "hi"', name: 'N' } });
  });

  it('validates the ICP naming the field', () => {
    expect(parseIcp({ industries: ['Software'], minEmployees: 50, countries: ['Canada'] }).ok).toBe(true);
    expect(parseIcp({ minEmployees: 'fifty' })).toMatchObject({ ok: false, errors: [{ path: 'icp.minEmployees', message: 'must be a whole number' }] });
    expect(parseIcp({ industries: ['Software', 3] })).toMatchObject({ ok: false, errors: [{ path: 'icp.industries[1]' }] });
    expect(parseIcp({ country: ['Canada'] })).toMatchObject({ ok: false, errors: [{ path: 'icp.country', message: expect.stringContaining('unknown') }] });
    expect(parseIcp([])).toMatchObject({ ok: false, errors: [{ path: 'icp' }] });
  });

  it('reads employee counts and applies each ICP key only when present', () => {
    expect(['1,200', '51-200', '10001+', '2.5k', 'about 10', '', null].map(parseEmployeeCount)).toEqual([1200, 51, 10001, 2500, null, null, null]);
    const test = createIcpTest({ countries: ['united states'] });
    expect(test({ country: 'United States', employees: '' })).toBe(true);
    expect(test({ country: 'Canada' })).toBe(false);
    expect(createIcpTest({ minEmployees: 50 })({ employees: 'unknown' })).toBe(false);
  });
});
