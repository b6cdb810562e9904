import { describe, expect, it } from 'vitest';
import { normalizeCompanyName } from './company-name';
import { checkDomain } from './registrable-domain';

describe('checkDomain: the registrable domain by the Public Suffix List', () => {
  it.each([
    ['www', 'www.acme.com', 'acme.com'],
    ['case', 'ACME.Com', 'acme.com'],
    ['surrounding spaces', '  acme.com \t', 'acme.com'],
    ['trailing dot', 'acme.com.', 'acme.com'],
    ['scheme and www', 'https://www.acme.com', 'acme.com'],
    ['http scheme, upper case', 'HTTP://Acme.COM/', 'acme.com'],
    ['scheme-relative', '//acme.com/about', 'acme.com'],
    ['other subdomain', 'eu.shop.acme.com', 'acme.com'],
    ['subdomain under a two-level suffix', 'shop.example-retail.com.au', 'example-retail.com.au'],
    ['co.uk', 'https://www.acme.co.uk/contact', 'acme.co.uk'],
    ['co.uk with subdomain', 'mail.acme.co.uk', 'acme.co.uk'],
    ['port', 'acme.com:8443', 'acme.com'],
    ['port with scheme', 'https://acme.com:8443/x', 'acme.com'],
    ['path, query and fragment', 'acme.com/about/us?utm=1#team', 'acme.com'],
    ['query without path', 'acme.com?x=1', 'acme.com'],
    ['user info', 'https://user:pw@www.acme.com/', 'acme.com'],
    ['an e-mail address', 'jane.doe@sales.acme.com', 'acme.com'],
    ['mailto', 'mailto:jane@acme.com', 'acme.com'],
    ['IDN in Unicode → punycode', 'Bücher.de', 'xn--bcher-kva.de'],
    ['IDN subdomain and scheme', 'https://www.bücher.de/shop', 'xn--bcher-kva.de'],
    ['IDN already in punycode', 'xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['private suffix: blogspot', 'acme-news.blogspot.com', 'acme-news.blogspot.com'],
    ['private suffix: github.io', 'https://acme.github.io/docs', 'acme.github.io'],
    ['private suffix with subdomain', 'www.acme-news.blogspot.com', 'acme-news.blogspot.com'],
    ['new gTLD', 'acme.software', 'acme.software'],
    ['a company named like a free-mail brand on another name', 'gmxtools.de', 'gmxtools.de'],
  ])('%s: %s → %s', (_trap, input, expected) => {
    expect(checkDomain(input)).toEqual({ ok: true, domain: expected });
  });

  it('keeps two blogs on one private suffix apart', () => {
    const a = checkDomain('acme-news.blogspot.com');
    const b = checkDomain('other-news.blogspot.com');
    expect(a.ok && b.ok && a.domain !== b.domain).toBe(true);
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['null', null, 'empty'],
    ['n/a', 'n/a', 'placeholder'],
    ['N/A upper case', 'N/A', 'placeholder'],
    ['dash', '-', 'placeholder'],
    ['double dash', '--', 'placeholder'],
    ['none', 'None', 'placeholder'],
    ['localhost', 'localhost', 'localhost'],
    ['localhost with port and scheme', 'http://localhost:3000/', 'localhost'],
    ['a .localhost name', 'app.localhost', 'localhost'],
    ['IPv4', '192.168.1.10', 'IP address'],
    ['IPv4 with scheme and port', 'http://10.0.0.1:8080/x', 'IP address'],
    ['IPv6', 'http://[2001:db8::1]/', 'IP address'],
    ['single label', 'intranet', 'no public suffix'],
    ['unknown suffix', 'acme.notarealtld', 'no public suffix'],
    ['a public suffix alone', 'co.uk', 'public suffix only'],
    ['a private suffix alone', 'blogspot.com', 'public suffix only'],
    ['free mail: gmail', 'gmail.com', 'free-mail domain'],
    ['free mail: address', 'jane@outlook.com', 'free-mail domain'],
    ['free mail: hotmail under co.uk', 'hotmail.co.uk', 'free-mail domain'],
    ['free mail: gmx.* (gmx.de)', 'www.gmx.de', 'free-mail domain'],
    ['free mail: gmx.* (gmx.net)', 'gmx.net', 'free-mail domain'],
    ['free mail: yahoo', 'https://mail.yahoo.com/', 'free-mail domain'],
    ['free mail: icloud, aol, proton', 'proton.me', 'free-mail domain'],
    ['spaces inside', 'acme corp', 'not a domain'],
    ['a company name in the website column', 'Acme, Inc.', 'not a domain'],
  ])('%s: %j is rejected (%s)', (_trap, input, reason) => {
    expect(checkDomain(input)).toEqual({ ok: false, reason });
  });
});

describe('normalizeCompanyName: names only suggest', () => {
  it.each([
    ['Acme Inc', 'acme'],
    ['ACME, Inc.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme Ltd.', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Corp', 'acme'],
    ['Acme Co.', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme AG', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['The Acme Company', 'acme'],
    ['Müller & Söhne GmbH', 'muller and sohne'],
    ['  Acme   Widgets  ', 'acme widgets'],
    ["O'Brien Consulting", 'obrien consulting'],
    ['Co', 'co'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCompanyName(input)).toBe(expected);
  });

  it('keeps different companies different and gives null for nothing', () => {
    expect(normalizeCompanyName('Acme Widgets')).not.toBe(normalizeCompanyName('Acme Tools'));
    expect(normalizeCompanyName('')).toBeNull();
    expect(normalizeCompanyName('  ---  ')).toBeNull();
    expect(normalizeCompanyName(null)).toBeNull();
  });
});
