import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot request signature v3, verified by our own code rather than the SDK's `Signature.isValid`
 * (which ignores future timestamps, does no URI decoding and compares with `===`; see
 * docs/hubspot.md §3.6 and
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation).
 * Used for both webhook deliveries and the cards' `hubspot.fetch` calls (§2.4).
 */

export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

/** HubSpot signs with a 5-minute window; we apply it in both directions (a future stamp is as suspicious as an old one). */
export const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The percent-sequences HubSpot decodes before signing. Deliberately NOT decodeURIComponent:
 * anything outside this table (e.g. `%20`, `%2B`) stays encoded in the signed string.
 */
const DECODE_TABLE: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
const DECODE_PATTERN = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/**
 * Applies HubSpot's %-decoding table to a URI.
 *
 * @example decodeHubSpotUri('https://x.io/a?q=a%3Ab%20c') // 'https://x.io/a?q=a:b%20c'
 */
export function decodeHubSpotUri(uri: string): string {
  return uri.replace(DECODE_PATTERN, (seq) => DECODE_TABLE[seq.toUpperCase()] ?? seq);
}

/**
 * The URL HubSpot signed: the configured public base (scheme + host + optional path prefix)
 * joined with the path and query as received. Never the Host header — behind a proxy that is
 * an internal name, and it is attacker-controlled anyway.
 *
 * @example publicRequestUrl('https://cosell.example.com/', '/webhooks/hubspot?x=1')
 *   // 'https://cosell.example.com/webhooks/hubspot?x=1'
 */
export function publicRequestUrl(publicBaseUrl: string, originalUrl: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const path = originalUrl.startsWith('/') ? originalUrl : `/${originalUrl}`;
  return `${base}${path}`;
}

export interface SignInput {
  method: string;
  /** Full URL incl. scheme, host and query, as the sender addressed it. */
  url: string;
  body: string | Buffer;
  /** Epoch milliseconds, as sent in X-HubSpot-Request-Timestamp. */
  timestamp: string | number;
  secret: string;
}

/**
 * Computes a v3 signature (base64 HMAC-SHA256 of method + decoded URI + body + timestamp).
 * Used by the verifier, the tests and the benchmark (to act as HubSpot).
 *
 * @example signV3({ method: 'POST', url, body: '[]', timestamp: Date.now(), secret })
 */
export function signV3(input: SignInput): string {
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const source = `${input.method.toUpperCase()}${decodeHubSpotUri(input.url)}${body}${String(input.timestamp)}`;
  return createHmac('sha256', input.secret).update(source, 'utf8').digest('base64');
}

export interface VerifyInput {
  method: string;
  url: string;
  rawBody: string | Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

export interface VerifyOptions {
  /** Current client secret first, then the previous one while a rotation is in progress. */
  secrets: readonly string[];
  nowMs: number;
  toleranceMs?: number;
}

export type VerifyFailure = 'missing_headers' | 'invalid_timestamp' | 'stale_timestamp' | 'bad_signature';
export type VerifyResult = { ok: true; secretIndex: number } | { ok: false; reason: VerifyFailure };

/**
 * Verifies a v3-signed request. Expected failures are results, not exceptions.
 *
 * @example
 *   const r = verifySignatureV3({ method, url, rawBody, signature, timestamp }, { secrets: [current, previous], nowMs: clock() });
 *   if (!r.ok) return res.status(401)…
 */
export function verifySignatureV3(input: VerifyInput, options: VerifyOptions): VerifyResult {
  if (!input.signature || !input.timestamp) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,16}$/.test(input.timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const tolerance = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const age = options.nowMs - Number(input.timestamp);
  if (Math.abs(age) > tolerance) return { ok: false, reason: 'stale_timestamp' };

  const given = Buffer.from(input.signature, 'utf8');
  for (const [index, secret] of options.secrets.entries()) {
    if (!secret) continue;
    const expected = Buffer.from(
      signV3({ method: input.method, url: input.url, body: input.rawBody, timestamp: input.timestamp, secret }),
      'utf8',
    );
    // timingSafeEqual throws on unequal lengths; the length of a base64 SHA-256 digest is public anyway.
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true, secretIndex: index };
  }
  return { ok: false, reason: 'bad_signature' };
}

/**
 * Streaming form of {@link verifySignatureV3}: hashes the body as it arrives, so a request can be
 * authenticated before anything decides to buffer it (the intake checks the signature before the
 * size limit, so an oversized forgery gets 401 and a signed oversized batch gets 413).
 *
 * @example
 *   const v = createV3Verifier({ method, url, timestamp, secrets });
 *   for await (const chunk of req) v.update(chunk);
 *   v.verify(signature) // { ok: true, secretIndex: 0 } | { ok: false, reason: 'bad_signature' }
 */
export function createV3Verifier(input: { method: string; url: string; timestamp: string; secrets: readonly string[] }) {
  const hmacs = input.secrets.filter(Boolean).map((secret) => {
    const h = createHmac('sha256', secret);
    h.update(`${input.method.toUpperCase()}${decodeHubSpotUri(input.url)}`, 'utf8');
    return h;
  });
  return {
    update(chunk: Buffer | string): void {
      for (const h of hmacs) h.update(chunk);
    },
    verify(signature: string): VerifyResult {
      const given = Buffer.from(signature, 'utf8');
      let match = -1;
      hmacs.forEach((h, index) => {
        h.update(input.timestamp, 'utf8');
        const expected = Buffer.from(h.digest('base64'), 'utf8');
        if (match < 0 && expected.length === given.length && timingSafeEqual(expected, given)) match = index;
      });
      return match >= 0 ? { ok: true, secretIndex: match } : { ok: false, reason: 'bad_signature' };
    },
  };
}

/** Checks the timestamp header alone (5-minute window both ways). */
export function checkTimestamp(timestamp: string, nowMs: number, toleranceMs = DEFAULT_TOLERANCE_MS): VerifyResult | null {
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  if (Math.abs(nowMs - Number(timestamp)) > toleranceMs) return { ok: false, reason: 'stale_timestamp' };
  return null;
}
