import { z } from 'zod';
import { cardApi, CardQuery, ErrorResponse } from '../src/contract/card-api';

function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * `/openapi.json`, generated from the contract's zod schemas (OpenAPI 3.1 uses JSON Schema
 * 2020-12, which is what `z.toJSONSchema` emits), so the document cannot drift from the code.
 */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const querySchema = schema(CardQuery, 'input') as { properties: Record<string, unknown>; required?: string[] };
  const queryParams = Object.entries(querySchema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: (querySchema.required ?? []).includes(name),
    schema: s,
  }));
  const errorContent = { 'application/json': { schema: schema(ErrorResponse, 'output') } };
  for (const [operationId, spec] of Object.entries(cardApi)) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } }));
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      operationId,
      summary: spec.summary,
      ...(spec.settings ? { description: 'Settings change: the user must be in SETTINGS_ALLOWED_USERS or one of SETTINGS_ALLOWED_TEAMS.' } : {}),
      security: [{ hubspotSignatureV3: [] }],
      parameters: [...pathParams, ...queryParams],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(spec.body, 'input') } } } } : {}),
      responses: {
        [String(spec.status)]: { description: 'OK', content: { 'application/json': { schema: schema(spec.response, 'output') } } },
        '400': { description: 'Invalid request; `fields` names each invalid field', content: errorContent },
        '401': { description: 'Missing or invalid HubSpot signature', content: errorContent },
        '403': { description: 'Wrong portal, or not allowed to change settings', content: errorContent },
        '404': { description: 'Not found', content: errorContent },
        '413': { description: 'Body larger than 1 MB', content: errorContent },
        '415': { description: 'Content-Type is not application/json', content: errorContent },
        default: { description: 'Error', content: errorContent },
      },
    };
  }
  paths['/webhooks/hubspot'] = {
    post: {
      operationId: 'receiveHubSpotWebhook',
      summary: 'HubSpot webhook intake: verify v3, enqueue, answer 200',
      security: [{ hubspotSignatureV3: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: {} } } } },
      responses: {
        '200': {
          description: 'Accepted, event by event: valid events stored (or duplicates), invalid ones kept as dead letters (rejected), unhandled types and echoes skipped (ignored)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  received: { type: 'integer' }, inserted: { type: 'integer' }, duplicates: { type: 'integer' }, ignored: { type: 'integer' }, rejected: { type: 'integer' },
                  errors: { type: 'array', items: { type: 'string' }, description: 'The first 20 rejection reasons, each naming the field (events[3].occurredAt: …)' },
                },
              },
            },
          },
        },
        '400': { description: 'Missing signature headers, or a body that is not a JSON array', content: errorContent },
        '401': { description: 'Bad signature', content: errorContent },
        '413': { description: 'Too large', content: errorContent },
        '415': { description: 'Wrong content type', content: errorContent },
      },
    },
  };
  paths['/healthz'] = { get: { operationId: 'healthz', summary: 'Alive', responses: { '200': { description: 'OK' } } } };
  paths['/readyz'] = { get: { operationId: 'readyz', summary: 'Store, worker and CRM reachable', responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Co-sell attribution backend', version: '1.0.0', description: 'Card API called by the HubSpot cards through hubspot.fetch, and the webhook intake.' },
    paths,
    components: {
      securitySchemes: {
        hubspotSignatureV3: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Signature-v3',
          description: 'HMAC-SHA256 (base64) of method + URL + body + X-HubSpot-Request-Timestamp with the app client secret.',
        },
      },
    },
  };
}
