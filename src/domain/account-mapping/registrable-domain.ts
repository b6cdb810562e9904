import { parse as parseDomain } from 'tldts';
import { FREE_MAIL_DOMAINS, PLACEHOLDER_VALUES } from './reference-data';

/** Why a website or domain value is never matched (listed as rejected, with this reason). */
export type RejectionReason =
  | 'empty'
  | 'placeholder'
  | 'localhost'
  | 'IP address'
  | 'not a domain'
  | 'no public suffix'
  | 'public suffix only'
  | 'free-mail domain';

export type DomainCheck = { ok: true; domain: string } | { ok: false; reason: RejectionReason };

const PLACEHOLDERS = new Set(PLACEHOLDER_VALUES);
const FREE_MAIL_EXACT = new Set(FREE_MAIL_DOMAINS.filter((d) => !d.endsWith('.*')));
const FREE_MAIL_BRANDS = new Set(FREE_MAIL_DOMAINS.filter((d) => d.endsWith('.*')).map((d) => d.slice(0, -2)));

/*
 * The Public Suffix List with its private section (blogspot.com, github.io, s3.amazonaws.com are
 * suffixes, so two blogs on blogspot.com are two accounts). tldts ships the list as data and is
 * kept current by its maintainers; no suffix list is written by hand here.
 */
const PSL_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: false,
  mixedInputs: false,
} as const;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ASCII_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const ONLY_PUNCTUATION = /^[\p{P}\p{S}\s]+$/u;
const HAS_ASCII_ALNUM = /[a-z0-9]/;

/**
 * The host named by a website, URL, domain or e-mail value: lower case, without scheme, user
 * info, port, path, query, fragment and trailing dots; internationalised names in their ASCII
 * (punycode) form. Null when there is nothing that could be a host.
 */
export function hostOf(value: string): string | null {
  return hostOfLower(value.trim().toLowerCase());
}

/** Length of a URL scheme and its "://" at the start of `text` (`^[a-z][a-z0-9+.-]*://`), or 0. */
function schemeLength(text: string): number {
  const first = text.charCodeAt(0);
  if (!(first >= 0x61 && first <= 0x7a)) return 0;
  let i = 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const schemeChar = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b /* + */ || c === 0x2e /* . */ || c === 0x2d; /* - */
    if (!schemeChar) break;
  }
  return text.startsWith('://', i) ? i + 3 : 0;
}

/** `hostOf` for a value already trimmed and in lower case (what `checkDomain` has in hand). */
function hostOfLower(lower: string): string | null {
  if (lower === '') return null;
  // One scan from after the scheme: the host ends at "/", "?" or "#"; user info (or an e-mail's
  // mailbox) ends at the last "@" before that; a port starts at the first ":" after it.
  let start = schemeLength(lower);
  if (start === 0) {
    if (lower.startsWith('//')) start = 2;
    else if (lower.startsWith('mailto:')) start = 'mailto:'.length;
  }
  let end = lower.length;
  let at = -1;
  for (let i = start; i < end; i++) {
    const c = lower.charCodeAt(i);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) end = i;
    else if (c === 0x40 /* @ */) at = i;
  }
  if (at >= 0) start = at + 1;
  if (lower.charCodeAt(start) === 0x5b /* [ */) return lower.slice(start, end); // an IPv6 literal; the caller rejects it
  const colon = lower.indexOf(':', start);
  if (colon >= 0 && colon < end) end = colon;
  while (end > start && lower.charCodeAt(end - 1) === 0x2e /* . */) end--;
  if (end === start) return null;
  let text = start === 0 && end === lower.length ? lower : lower.slice(start, end);
  if (NON_ASCII.test(text)) {
    try {
      // WHATWG URL parsing applies IDNA (UTS #46): "Bücher.de" → "xn--bcher-kva.de".
      text = new URL(`http://${text}/`).hostname;
    } catch {
      return null;
    }
    while (text.endsWith('.')) text = text.slice(0, -1);
  }
  return text;
}

/**
 * A website, URL or domain as the account key: its registrable domain by the Public Suffix List
 * (private section included), or the reason it is never matched.
 *
 * @example checkDomain('https://www.Shop.Example-Retail.com.au:8443/x?y') // { ok: true, domain: 'example-retail.com.au' }
 * @example checkDomain('gmail.com')                                       // { ok: false, reason: 'free-mail domain' }
 */
export function checkDomain(value: string | null | undefined): DomainCheck {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDERS.has(lower) || (!HAS_ASCII_ALNUM.test(lower) && ONLY_PUNCTUATION.test(lower))) return { ok: false, reason: 'placeholder' };
  const host = hostOfLower(lower);
  if (host === null) return { ok: false, reason: 'not a domain' };
  if (!ASCII_HOST.test(host)) return { ok: false, reason: host.startsWith('[') || host.includes(':') ? 'IP address' : 'not a domain' };
  const last = host.charCodeAt(host.length - 1);
  if (last >= 0x30 && last <= 0x39 && IPV4.test(host)) return { ok: false, reason: 'IP address' };
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: 'localhost' };
  const reserved = reservedDomain(host);
  if (reserved !== undefined) return reserved === null ? { ok: false, reason: 'public suffix only' } : { ok: true, domain: reserved };
  const parsed = parseDomain(host, PSL_OPTIONS);
  if (!parsed.isIcann && !parsed.isPrivate) return { ok: false, reason: 'no public suffix' };
  const domain = parsed.domain;
  if (!domain) return { ok: false, reason: 'public suffix only' };
  if (FREE_MAIL_EXACT.has(domain) || (parsed.domainWithoutSuffix !== null && FREE_MAIL_BRANDS.has(parsed.domainWithoutSuffix))) {
    return { ok: false, reason: 'free-mail domain' };
  }
  return { ok: true, domain };
}

/*
 * Names under the top-level domains reserved for documentation and testing (RFC 2606 / RFC 6761:
 * `.example`, `.test`) are not in the Public Suffix List, yet sandbox portals, demos and test data
 * use them. They are treated as one-label suffixes, so `shop.globex.example` is `globex.example`.
 */
const RESERVED_TLDS = new Set(['example', 'test']);

const RESERVED_TLD_LENGTHS = new Set([...RESERVED_TLDS].map((tld) => tld.length));

/** The registrable domain under a reserved TLD (null for the bare TLD), or undefined for any other host. */
function reservedDomain(host: string): string | null | undefined {
  const dot = host.lastIndexOf('.');
  // Most hosts end in a real suffix: rule them out by the last label's length before slicing it.
  if (!RESERVED_TLD_LENGTHS.has(host.length - dot - 1) || !RESERVED_TLDS.has(host.slice(dot + 1))) return undefined;
  if (dot < 0) return null;
  return host.slice(dot > 0 ? host.lastIndexOf('.', dot - 1) + 1 : 0);
}

/** The registrable domain of a value, or null when it is rejected (see `checkDomain`). */
export function registrableDomain(value: string | null | undefined): string | null {
  const check = checkDomain(value);
  return check.ok ? check.domain : null;
}
