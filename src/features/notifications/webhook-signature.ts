// Outbound webhook signatures (docs/notifications.md "Verifying a webhook"): HMAC-SHA256 with the
// partner's secret over `<timestamp>.<body>`, sent as `X-Cosell-Signature: t=<timestamp>,v1=<hex>`.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Cosell-Signature';

/**
 * The signature header value for a body sent at `timestampSeconds` (Unix seconds).
 *
 * @example signWebhookBody('s3cret-s3cret-s3cret', 1767225600, '{"id":"1"}') // "t=1767225600,v1=…"
 */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}
