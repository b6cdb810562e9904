import { useCallback, useRef } from 'react';

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

/**
 * A fresh idempotency key for one user action. Cards run in HubSpot's sandboxed web worker;
 * whether `crypto.randomUUID` exists there is not documented, so each source is feature-detected:
 * randomUUID, then getRandomValues, then time + Math.random (unique enough per user and action:
 * keys are scoped per portal, endpoint and deal, and only collide within 7 days).
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/linting/rules/no-restricted-globals
 */
export function newIdempotencyKey(source: CryptoLike | undefined = (globalThis as { crypto?: CryptoLike }).crypto): string {
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  if (typeof source?.getRandomValues === 'function') {
    const bytes = source.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * One key per user action: `keyFor(body)` hands out the same key while the action is retried with
 * the same request (the retry of a failed or timed-out create must not create twice), and a new
 * key once the request changes or `done()` marks the action finished.
 *
 * @example
 *   const keys = useIdempotencyKey();
 *   const ok = await create({ ...body, idempotencyKey: keys.keyFor(body) });
 *   if (ok) keys.done();
 */
export function useIdempotencyKey(generate: () => string = newIdempotencyKey) {
  const current = useRef<{ key: string; request: string } | null>(null);
  const keyFor = useCallback(
    (request: unknown): string => {
      const text = JSON.stringify(request);
      if (current.current?.request !== text) current.current = { key: generate(), request: text };
      return current.current.key;
    },
    [generate],
  );
  const done = useCallback(() => {
    current.current = null;
  }, []);
  return { keyFor, done };
}
