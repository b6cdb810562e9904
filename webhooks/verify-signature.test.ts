import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkTimestamp, createV3Verifier, decodeHubSpotUri, publicRequestUrl, signV3, verifySignatureV3 } from './verify-signature';

const secret = 'test-secret-current-0001';
const previous = 'test-secret-previous-0002';
const now = 1_760_000_000_000;
const url = 'https://cosell.example.com/webhooks/hubspot';
const body = '[{"eventId":1,"objectId":42}]';

/** Independent oracle: the source string built by hand, not through signV3. */
function oracle(source: string, key = secret): string {
  return createHmac('sha256', key).update(source, 'utf8').digest('base64');
}

describe('decodeHubSpotUri', () => {
  it.each([
    ['https://x.io/a%3Ab', 'https://x.io/a:b'],
    ['https://x.io/p?u=a%40b.com%2Cc', 'https://x.io/p?u=a@b.com,c'],
    ['https://x.io/%21%24%27%28%29%2A%3B%2F%3F', "https://x.io/!$'()*;/?"],
    // lower-case hex is the same escape
    ['https://x.io/a%3ab', 'https://x.io/a:b'],
    // regression: only HubSpot's table is decoded — a full decodeURIComponent would break these
    ['https://x.io/a%20b%2Bc%25d', 'https://x.io/a%20b%2Bc%25d'],
    ['https://x.io/plain', 'https://x.io/plain'],
  ])('%s → %s', (input, expected) => {
    expect(decodeHubSpotUri(input)).toBe(expected);
  });
});

describe('publicRequestUrl', () => {
  it.each([
    ['https://a.io', '/webhooks/hubspot', 'https://a.io/webhooks/hubspot'],
    ['https://a.io/', '/api/v1/partners?portalId=1', 'https://a.io/api/v1/partners?portalId=1'],
    ['https://a.io/prefix/', '/x', 'https://a.io/prefix/x'],
  ])('%s + %s', (base, path, expected) => {
    expect(publicRequestUrl(base, path)).toBe(expected);
  });
});

describe('signV3', () => {
  it('matches an independently built source string (method + decoded uri + body + timestamp)', () => {
    const signed = signV3({ method: 'post', url: `${url}?a=%3A`, body, timestamp: now, secret });
    expect(signed).toBe(oracle(`POST${url}?a=:${body}${now}`));
  });
});

describe('verifySignatureV3', () => {
  const good = (over: Partial<{ method: string; url: string; rawBody: string | Buffer; timestamp: string; signature: string }> = {}) => {
    const timestamp = over.timestamp ?? String(now);
    const signature = over.signature ?? signV3({ method: 'POST', url, body, timestamp, secret });
    return { method: 'POST', url, rawBody: body, timestamp, signature, ...over };
  };
  const opts = { secrets: [secret], nowMs: now };

  it.each([
    ['valid', good(), opts, { ok: true, secretIndex: 0 }],
    ['valid with Buffer body', good({ rawBody: Buffer.from(body) }), opts, { ok: true, secretIndex: 0 }],
    ['missing signature', { ...good(), signature: undefined }, opts, { ok: false, reason: 'missing_headers' }],
    ['missing timestamp', { ...good(), timestamp: undefined }, opts, { ok: false, reason: 'missing_headers' }],
    ['non-numeric timestamp', good({ timestamp: '12abc' }), opts, { ok: false, reason: 'invalid_timestamp' }],
    ['4m59s old', good({ timestamp: String(now - 299_000) }), opts, { ok: true, secretIndex: 0 }],
    ['5m01s old', good({ timestamp: String(now - 301_000) }), opts, { ok: false, reason: 'stale_timestamp' }],
    // regression: the SDK helper accepts any future timestamp
    ['5m01s in the future', good({ timestamp: String(now + 301_000) }), opts, { ok: false, reason: 'stale_timestamp' }],
    ['tampered body', { ...good(), rawBody: body.replace('42', '43') }, opts, { ok: false, reason: 'bad_signature' }],
    ['tampered query', { ...good(), url: `${url}?portalId=2` }, opts, { ok: false, reason: 'bad_signature' }],
    ['other method', { ...good(), method: 'PUT' }, opts, { ok: false, reason: 'bad_signature' }],
    // regression: a signature of another length must be a clean failure, not a timingSafeEqual throw
    ['short signature', good({ signature: 'abc' }), opts, { ok: false, reason: 'bad_signature' }],
    ['wrong secret', good({ signature: signV3({ method: 'POST', url, body, timestamp: now, secret: 'someone-else-000' }) }), opts, { ok: false, reason: 'bad_signature' }],
    ['previous secret during rotation', good({ signature: signV3({ method: 'POST', url, body, timestamp: now, secret: previous }) }), { secrets: [secret, previous], nowMs: now }, { ok: true, secretIndex: 1 }],
    ['previous secret after rotation ended', good({ signature: signV3({ method: 'POST', url, body, timestamp: now, secret: previous }) }), opts, { ok: false, reason: 'bad_signature' }],
  ] as const)('%s', (_name, input, options, expected) => {
    expect(verifySignatureV3(input, options)).toEqual(expected);
  });

  it('accepts a request whose URL the sender %-encoded with characters from the table', () => {
    const sentUrl = 'https://cosell.example.com/api/v1/deals/7/cosell?userEmail=a%40b.com';
    const signature = oracle(`GET${'https://cosell.example.com/api/v1/deals/7/cosell?userEmail=a@b.com'}${now}`);
    expect(verifySignatureV3({ method: 'GET', url: sentUrl, rawBody: '', signature, timestamp: String(now) }, opts)).toEqual({ ok: true, secretIndex: 0 });
  });
});

describe('createV3Verifier (streaming)', () => {
  it('agrees with signV3 for a body split into chunks, with either secret', () => {
    const timestamp = String(now);
    const bodyText = '[{"objectId":1,"propertyValue":"Zürich"}]';
    for (const [key, index] of [[secret, 0], [previous, 1]] as const) {
      const v = createV3Verifier({ method: 'POST', url, timestamp, secrets: [secret, previous] });
      const bytes = Buffer.from(bodyText);
      v.update(bytes.subarray(0, 7));
      v.update(bytes.subarray(7));
      expect(v.verify(signV3({ method: 'POST', url, body: bodyText, timestamp, secret: key }))).toEqual({ ok: true, secretIndex: index });
    }
  });

  it('rejects a tampered chunk and a short signature without throwing', () => {
    const timestamp = String(now);
    const v = createV3Verifier({ method: 'POST', url, timestamp, secrets: [secret] });
    v.update('[{"objectId":2}]');
    expect(v.verify(signV3({ method: 'POST', url, body: '[{"objectId":1}]', timestamp, secret }))).toEqual({ ok: false, reason: 'bad_signature' });
    const w = createV3Verifier({ method: 'POST', url, timestamp, secrets: [secret] });
    expect(w.verify('x')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('checkTimestamp applies the window both ways', () => {
    expect(checkTimestamp(String(now), now)).toBeNull();
    expect(checkTimestamp(String(now + 301_000), now)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(checkTimestamp('abc', now)).toEqual({ ok: false, reason: 'invalid_timestamp' });
  });
});
