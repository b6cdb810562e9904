import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signHubspotRequest } from './sign-hubspot-request';

const expected = (source: string, secret: string) => createHmac('sha256', secret).update(source, 'utf8').digest('base64');

describe('signHubspotRequest', () => {
  it('signs method + uri + body + timestamp with the client secret, base64', () => {
    const headers = signHubspotRequest({
      method: 'put',
      url: 'https://cosell.example.com/api/v1/deals/7/partners?portalId=1&userId=2',
      body: '{"partners":[]}',
      timestampMs: 1_700_000_000_000,
      clientSecret: 'secret-123',
    });
    expect(headers['X-HubSpot-Request-Timestamp']).toBe('1700000000000');
    expect(headers['X-HubSpot-Signature-v3']).toBe(
      expected('PUThttps://cosell.example.com/api/v1/deals/7/partners?portalId=1&userId=2{"partners":[]}1700000000000', 'secret-123'),
    );
  });

  it("applies HubSpot's decoding table (a comma in teamIds) but leaves other escapes alone", () => {
    const headers = signHubspotRequest({
      method: 'GET',
      url: 'https://x.io/api/v1/rule-sets?teamIds=1%2C2&q=a%20b',
      body: '',
      timestampMs: 5,
      clientSecret: 's3cretsecret',
    });
    expect(headers['X-HubSpot-Signature-v3']).toBe(expected('GEThttps://x.io/api/v1/rule-sets?teamIds=1,2&q=a%20b5', 's3cretsecret'));
  });

  it('changes when any input changes', () => {
    const base = { method: 'GET', url: 'https://x.io/a', body: '', timestampMs: 1, clientSecret: 'secret-aa' };
    const sig = signHubspotRequest(base)['X-HubSpot-Signature-v3'];
    expect(signHubspotRequest({ ...base, timestampMs: 2 })['X-HubSpot-Signature-v3']).not.toBe(sig);
    expect(signHubspotRequest({ ...base, clientSecret: 'secret-bb' })['X-HubSpot-Signature-v3']).not.toBe(sig);
    expect(signHubspotRequest({ ...base, url: 'https://x.io/b' })['X-HubSpot-Signature-v3']).not.toBe(sig);
  });
});
