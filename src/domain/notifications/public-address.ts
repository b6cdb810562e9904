// Where outbound webhooks may go: https only, and never to an address inside our own network
// (private, loopback, link-local, …), so a partner URL cannot be used to reach internal services.
// The URL is checked here by its text; the adapter resolves the host and checks every address.

/**
 * What is wrong with a webhook URL's text, or null: it must be absolute `https://`, carry no
 * credentials, and a literal IP host must be public.
 *
 * @example webhookUrlProblem('http://partner.example/hook') // "must start with https://"
 */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  const host = hostOf(url);
  if (host === '') return 'must name a host';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine (localhost)';
  if (isIpLiteral(host) && !isPublicAddress(host)) return `must not point at a private, loopback or link-local address (${host})`;
  return null;
}

/** The URL's host without IPv6 brackets, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== null || host.includes(':');
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry). */
function isPublicIpv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // "this network", private, loopback
  if (a === 100 && b! >= 64 && b! <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata lives here)
  if (a === 172 && b! >= 16 && b! <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  if (a! >= 224) return false; // multicast, reserved, broadcast
  return true;
}

/** Expands an IPv6 text to eight 16-bit groups; null when it is not IPv6. */
function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = parseIpv4(maybeV4);
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return null;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else groups = head;
  if (tail.length === 2) groups = [...groups.slice(0, 6), ...tail];
  return groups.length === 8 ? groups : null;
}

/**
 * Whether an IP address (v4 or v6 text) is on the public internet: false for private, loopback,
 * link-local, unique-local, multicast, documentation and other special ranges, and for text that
 * is no address at all. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 *
 * @example isPublicAddress('10.1.2.3') // false
 * @example isPublicAddress('93.184.215.14') // true
 */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return isPublicIpv4(v4);
  const g = parseIpv6(address);
  if (!g) return false;
  if (g.every((x) => x === 0)) return false; // unspecified ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return false; // loopback ::1
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judge the IPv4 inside.
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) return isPublicIpv4([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]);
  if (g.slice(0, 6).every((x) => x === 0)) return false; // deprecated IPv4-compatible
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xffc0) === 0xfec0) return false; // site-local (deprecated) fec0::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return false; // discard-only 100::/64
  return (first & 0xe000) === 0x2000; // global unicast 2000::/3 only
}
