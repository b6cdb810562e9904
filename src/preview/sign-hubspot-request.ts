import { createHmac } from 'node:crypto';

/**
 * The %-sequences HubSpot decodes in the URI before signing (docs/hubspot.md §3.6). The preview
 * signs the way HubSpot does, so it carries its own copy instead of importing the backend's verifier:
 * if the two ever disagree, the browser tests catch it.
 */
const HUBSPOT_DECODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

export interface SignedHeaders {
  'X-HubSpot-Signature-v3': string;
  'X-HubSpot-Request-Timestamp': string;
}

/**
 * Signs a request exactly as HubSpot signs `hubspot.fetch` calls: base64 HMAC-SHA256 of
 * method + URI (HubSpot's %-decoding applied) + raw body + timestamp (epoch ms), keyed with the app's
 * client secret. https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 *
 * @example signHubspotRequest({ method: 'GET', url: 'https://x.io/api/v1/partners?portalId=1', body: '', timestampMs: Date.now(), clientSecret })
 */
export function signHubspotRequest(input: {
  method: string;
  url: string;
  body: string;
  timestampMs: number;
  clientSecret: string;
}): SignedHeaders {
  const uri = input.url.replace(HUBSPOT_DECODED, (seq) => decodeURIComponent(seq));
  const source = `${input.method.toUpperCase()}${uri}${input.body}${input.timestampMs}`;
  const signature = createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64');
  return { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': String(input.timestampMs) };
}
