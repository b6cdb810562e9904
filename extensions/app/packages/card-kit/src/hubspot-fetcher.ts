import type { z } from 'zod';

/**
 * The shape of `hubspot.fetch` that the cards need. Taking it as a parameter (instead of importing
 * `hubspot` here) keeps every component testable with a fake and lets the local preview plug in its
 * own signed proxy. https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
 */
export type HubspotFetch = (
  url: string,
  options?: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: { [key: string]: unknown }; timeout?: number },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** The part of the extension context the fetcher reads; both CRM and settings contexts satisfy it. */
export interface FetcherContext {
  user: { id: number; teams?: { id: number }[] };
  portal: { id: number };
}

export interface ApiError {
  /** Machine-readable code: the backend's `ErrorCode` (`invalid_request`, `not_found`, …) or one of ours: `not_configured`, `network`, `bad_response`, `http_error`. */
  code: string;
  message: string;
  fields?: { path: string; message: string }[];
  status?: number;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface Fetcher {
  /**
   * Calls `${backendUrl}${path}` (path from `endpointPath`, e.g. `/api/v1/partners`) with portalId, userId and teamIds as query parameters and parses
   * the answer with `schema`. Never throws for expected failures (network, 4xx/5xx, a body that does not
   * match the contract): they come back as `{ ok: false, error }`.
   */
  request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    options?: { body?: { [key: string]: unknown }; query?: Record<string, string> },
  ): Promise<ApiResult<z.output<S>>>;
}

const errorBodyShape = (value: unknown): ApiError | null => {
  if (typeof value !== 'object' || value === null || !('error' in value)) return null;
  const error = (value as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, fields } = error as { code?: unknown; message?: unknown; fields?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  const parsedFields = Array.isArray(fields)
    ? fields
        .filter((f): f is { path: unknown; message: unknown } => typeof f === 'object' && f !== null)
        .map((f) => ({ path: String(f.path), message: String(f.message) }))
    : undefined;
  return parsedFields ? { code, message, fields: parsedFields } : { code, message };
};

/**
 * Builds the card's API client over `hubspot.fetch`.
 *
 * Why the query parameters: whether HubSpot appends portalId/userId itself is unconfirmed
 * (docs/hubspot.md §2.4), so the card sends them explicitly and the backend checks them against the
 * signed URL and its pinned portal.
 *
 * @example
 *   const fetcher = createHubspotFetcher(hubspot.fetch, String(context.variables?.BACKEND_URL), context);
 *   const result = await fetcher.request('GET', endpointPath('getDealCoSell', { dealId }), DealCoSellState);
 */
export function createHubspotFetcher(fetchFn: HubspotFetch, backendUrl: string, context: FetcherContext): Fetcher {
  const base = backendUrl.replace(/\/+$/, '');
  const identity: Record<string, string> = {
    portalId: String(context.portal.id),
    userId: String(context.user.id),
  };
  const teamIds = (context.user.teams ?? []).map((t) => String(t.id));
  if (teamIds.length > 0) identity.teamIds = teamIds.join(',');

  return {
    async request(method, path, schema, options = {}) {
      if (!/^https?:\/\//.test(base)) {
        return {
          ok: false,
          error: { code: 'not_configured', message: 'The BACKEND_URL profile variable is not set for this HubSpot project (see hsprofile.*.json).' },
        };
      }
      const query = new URLSearchParams({ ...(options.query ?? {}), ...identity });
      const url = `${base}/${path.replace(/^\/+/, '')}?${query.toString()}`;
      let response: Awaited<ReturnType<HubspotFetch>>;
      try {
        response = await fetchFn(url, options.body ? { method, body: options.body } : { method });
      } catch (cause) {
        return { ok: false, error: { code: 'network', message: `Could not reach the co-sell service (${describe(cause)}).` } };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return {
          ok: false,
          error: { code: 'bad_response', message: `The co-sell service answered ${response.status} without JSON.`, status: response.status },
        };
      }
      if (!response.ok) {
        const error = errorBodyShape(body) ?? { code: 'http_error', message: `The co-sell service answered ${response.status}.` };
        return { ok: false, error: { ...error, status: response.status } };
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? issue.path.join('.') || '(root)' : '(root)';
        return {
          ok: false,
          error: { code: 'bad_response', message: `Unexpected answer from the co-sell service at ${where}: ${issue?.message ?? 'invalid'}.` },
        };
      }
      return { ok: true, data: parsed.data };
    },
  };
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
