import type { Request } from 'express';
import type { VerifyFailure } from './verify-signature';
import { checkTimestamp, createV3Verifier, publicRequestUrl, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './verify-signature';

/** A hard ceiling on what we will even hash, so an endless body cannot hold a connection forever. */
const HASH_CEILING_BYTES = 16 * 1024 * 1024;

export type SignedBodyResult =
  | { ok: true; body: Buffer; secretIndex: number }
  | { ok: false; status: 400 | 401 | 413; reason: VerifyFailure | 'too_large' | 'aborted' };

/**
 * Reads and authenticates a request body in HubSpot's check order: missing headers (400), bad or
 * stale signature (401), too large (413). The signed URL is the configured public URL plus the
 * path and query as received — never the Host header.
 */
export async function readSignedBody(
  req: Request,
  opts: { publicUrl: string; secrets: readonly string[]; nowMs: number; limitBytes: number },
): Promise<SignedBodyResult> {
  const signature = req.get(SIGNATURE_HEADER);
  const timestamp = req.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) {
    req.resume();
    return { ok: false, status: 400, reason: 'missing_headers' };
  }
  const stale = checkTimestamp(timestamp, opts.nowMs);
  if (stale && !stale.ok) {
    req.resume();
    return { ok: false, status: 401, reason: stale.reason };
  }
  const verifier = createV3Verifier({ method: req.method, url: publicRequestUrl(opts.publicUrl, req.originalUrl), timestamp, secrets: opts.secrets });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > HASH_CEILING_BYTES) {
        req.destroy();
        return { ok: false, status: 413, reason: 'too_large' };
      }
      verifier.update(chunk);
      // Past the limit we keep hashing (to tell a forgery from a big signed batch) but stop buffering.
      if (size <= opts.limitBytes) chunks.push(chunk);
    }
  } catch {
    return { ok: false, status: 400, reason: 'aborted' };
  }
  const verdict = verifier.verify(signature);
  if (!verdict.ok) return { ok: false, status: 401, reason: verdict.reason };
  if (size > opts.limitBytes) return { ok: false, status: 413, reason: 'too_large' };
  return { ok: true, body: Buffer.concat(chunks), secretIndex: verdict.secretIndex };
}
