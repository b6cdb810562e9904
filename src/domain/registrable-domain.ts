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
