import type { HubspotFetch } from '@cosell/card-kit';

/** One request as the fake backend saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export type FakeAnswer = { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

/**
 * A stand-in for `hubspot.fetch` for component tests: routes each call to `handler` and records it.
 * Test support only (not imported by any entry file, so HubSpot never bundles it).
 *
 * @example
 *   const backend = createFakeHubspotFetch((req) => ({ status: 200, body: state }));
 *   render(<DealCoSellCard fetcher={createHubspotFetcher(backend.fetch, 'https://b.test', context)} … />);
 *   expect(backend.calls[0]?.path).toBe('/api/v1/deals/1/cosell');
 */
export function createFakeHubspotFetch(handler: (request: FakeRequest) => FakeAnswer): { fetch: HubspotFetch; calls: FakeRequest[] } {
  const calls: FakeRequest[] = [];
  const fetch: HubspotFetch = async (url, options = {}) => {
    const parsed = new URL(url);
    const request: FakeRequest = {
      method: options.method ?? 'GET',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams.entries()),
      body: options.body,
    };
    calls.push(request);
    const answer = await handler(request);
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      json: async () => answer.body,
    };
  };
  return { fetch, calls };
}

/** A promise with its resolve function exposed, to control the order in which answers arrive. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

interface TextLike {
  nodeType: string;
  text: string | null;
  childNodes?: TextLike[];
}

/**
 * All the text under a rendered node (the testing library's `text` holds only direct text children).
 * Children are joined with a space, text runs inside one component are kept as they are.
 *
 * @example expect(deepText(find(Table))).toContain('€2,057.50');
 */
export function deepText(node: TextLike | null | undefined): string {
  if (!node) return '';
  if (node.nodeType === 'text') return node.text ?? '';
  return (node.childNodes ?? []).map((child) => deepText(child)).filter(Boolean).join(' ');
}

/**
 * Triggers an event prop with its argument. The SDK types `trigger`'s second parameter as the handler
 * itself; at runtime it is the handler's argument (e.g. the new value of a Select).
 *
 * @example fire(find(Select, { name: 'model' }), 'onChange', 'sell_with');
 */
export function fire(node: { trigger: unknown }, eventProp: string, arg?: unknown): void {
  (node.trigger as (prop: string, value?: unknown) => void)(eventProp, arg);
}
