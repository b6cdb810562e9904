// The card kit: what every extension point (cards, settings) needs to talk to the backend and show
// its answers. Extension points import it by package name; docs/decisions/0009-extension-workspaces.md.
export { ApiErrorAlert } from './api-error-alert';
export { LoadError } from './load-error';
export { createCardApiClient } from './card-api-client';
export type { CardApiClient } from './card-api-client';
export { describeFieldError, humanizeMessage, pathParts } from './field-errors';
export type { FieldLabeler, FieldSubject } from './field-errors';
export { formatMoney, formatShare } from './format-money';
export { createHubspotFetcher } from './hubspot-fetcher';
export type { ApiError, ApiResult, Fetcher, FetcherContext, HttpMethod, HubspotFetch } from './hubspot-fetcher';
export { newIdempotencyKey, useIdempotencyKey } from './idempotency-key';
export { CO_SELL_MODELS, MODEL_LABELS, PARTNER_TYPE_LABELS, ROLES, ROLE_LABELS, TOUCHPOINT_KIND_LABELS, roleList, userName } from './labels';
export { useAction } from './use-action';
export { useResource } from './use-resource';
export type { Resource, ResourceState } from './use-resource';
export { metricRows, percentText, programCsv, trendSeries } from './program-figures';
export type { MetricRow } from './program-figures';
