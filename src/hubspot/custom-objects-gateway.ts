/**
 * HubSpot's custom object APIs, the few calls the "Partner allocation" object needs: the schemas
 * API (v3), custom object records by objectTypeId (v3 batch read/upsert/archive) and default
 * associations (v4). Every call goes through the gateway's caller (pacing, retries, error mapping);
 * answers are validated where they enter. See docs/hubspot.md "Custom objects: the Partner allocation object".
 */
import { z } from 'zod';
import type { CallContext, HubSpotCaller } from './create-hubspot-caller';
import { CrmPermanentError } from './crm-errors';

export interface CustomObjectSchemaInfo {
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  propertyNames: string[];
}

export interface CustomObjectRecord {
  id: string;
  properties: Record<string, string | null>;
}

export interface CustomObjectsGateway {
  /** The schema by name (or objectTypeId); null when the portal has none by that name. A 403 (no custom objects / scope) throws. */
  readSchema(name: string): Promise<CustomObjectSchemaInfo | null>;
  /** Creates a schema from a `POST /crm/v3/schemas` body. */
  createSchema(body: Record<string, unknown>): Promise<CustomObjectSchemaInfo>;
  /** Ids of the records of `objectTypeId` associated with each of `fromType`'s records (v4 batch read). */
  readAssociatedIds(fromType: 'deals' | 'companies', fromIds: string[], objectTypeId: string): Promise<Map<string, string[]>>;
  /** Batch read by id (≤100 per call); ids HubSpot does not know are absent. */
  readRecords(objectTypeId: string, ids: string[], properties: readonly string[]): Promise<CustomObjectRecord[]>;
  /** Batch upsert by a unique property (≤100 per call); answers each record's id by the key it was written under. */
  upsertRecords(objectTypeId: string, idProperty: string, inputs: Array<{ key: string; properties: Record<string, string> }>): Promise<Map<string, string>>;
  /** Default (unlabeled) associations from records of `objectTypeId` to deals or companies. */
  associateDefault(objectTypeId: string, toType: 'deals' | 'companies', pairs: Array<{ fromId: string; toId: string }>): Promise<void>;
  archiveRecords(objectTypeId: string, ids: string[]): Promise<void>;
}

const schemaAnswer = z.object({
  objectTypeId: z.string().regex(/^2-\d+$/),
  name: z.string(),
  fullyQualifiedName: z.string(),
  properties: z.array(z.object({ name: z.string() })).default([]),
});
const recordsAnswer = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })),
});
const associationsAnswer = z.object({
  results: z.array(z.object({ from: z.object({ id: z.union([z.string(), z.number()]) }), to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })) })),
});

const BATCH = 100;
const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

function parse<T>(schema: z.ZodType<T>, value: unknown, ctx: CallContext): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new CrmPermanentError({
    message: `unexpected answer: ${issue.path.join('.') || '(root)'}: ${issue.message}`, status: 422,
    ...(ctx.objectType ? { objectType: ctx.objectType } : {}), category: 'DATA_ERROR',
  });
}

/**
 * @example
 *   const objects = createCustomObjectsGateway({ call, baseUrl, accessToken });
 *   const schema = await objects.readSchema('cosell_partner_allocation');
 */
export function createCustomObjectsGateway(opts: { call: HubSpotCaller; baseUrl: string; accessToken: string }): CustomObjectsGateway {
  const { call } = opts;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');

  /** One JSON request; a 404 answers `undefined` when `allowMissing`. HTTP errors are thrown the way the caller maps SDK errors. */
  async function send(ctx: CallContext, method: string, path: string, body?: unknown, allowMissing = false): Promise<unknown> {
    return call(ctx, async () => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.accessToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const headers = Object.fromEntries(res.headers.entries());
      if (allowMissing && res.status === 404) return { data: undefined, headers };
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status} from ${path}`), { code: res.status, body: text, headers });
      if (text === '') return { data: undefined, headers };
      try {
        return { data: JSON.parse(text) as unknown, headers };
      } catch {
        throw new CrmPermanentError({ message: `${ctx.operation}: HubSpot answered with something that is not JSON`, status: res.status, category: 'DATA_ERROR' });
      }
    });
  }

  const schemaInfo = (raw: unknown, ctx: CallContext): CustomObjectSchemaInfo => {
    const s = parse(schemaAnswer, raw, ctx);
    return { objectTypeId: s.objectTypeId, name: s.name, fullyQualifiedName: s.fullyQualifiedName, propertyNames: s.properties.map((p) => p.name) };
  };

  return {
    async readSchema(name) {
      const ctx: CallContext = { operation: 'read custom object schema', objectType: 'schemas' };
      const raw = await send(ctx, 'GET', `/crm/v3/schemas/${encodeURIComponent(name)}`, undefined, true);
      return raw === undefined ? null : schemaInfo(raw, ctx);
    },

    async createSchema(body) {
      const ctx: CallContext = { operation: 'create custom object schema', objectType: 'schemas', idempotent: false };
      return schemaInfo(await send(ctx, 'POST', '/crm/v3/schemas', body), ctx);
    },

    async readAssociatedIds(fromType, fromIds, objectTypeId) {
      const out = new Map<string, string[]>(fromIds.map((id) => [id, []]));
      for (const part of chunks([...new Set(fromIds)], 1000)) {
        const ctx: CallContext = { operation: `read ${fromType} → custom object associations`, objectType: fromType, objectIds: part };
        const raw = await send(ctx, 'POST', `/crm/v4/associations/${fromType}/${objectTypeId}/batch/read`, { inputs: part.map((id) => ({ id })) });
        for (const r of parse(associationsAnswer, raw ?? { results: [] }, ctx).results) {
          out.set(String(r.from.id), [...new Set(r.to.map((t) => String(t.toObjectId)))]);
        }
      }
      return out;
    },

    async readRecords(objectTypeId, ids, properties) {
      const out: CustomObjectRecord[] = [];
      for (const part of chunks([...new Set(ids)], BATCH)) {
        const ctx: CallContext = { operation: 'batch read custom object records', objectType: objectTypeId, objectIds: part };
        const raw = await send(ctx, 'POST', `/crm/v3/objects/${objectTypeId}/batch/read`, { properties, inputs: part.map((id) => ({ id })) });
        out.push(...parse(recordsAnswer, raw, ctx).results);
      }
      return out;
    },

    async upsertRecords(objectTypeId, idProperty, inputs) {
      const ids = new Map<string, string>();
      for (const part of chunks(inputs, BATCH)) {
        const ctx: CallContext = { operation: 'batch upsert custom object records', objectType: objectTypeId, objectIds: part.map((p) => p.key) };
        const raw = await send(ctx, 'POST', `/crm/v3/objects/${objectTypeId}/batch/upsert`, {
          inputs: part.map((p) => ({ id: p.key, idProperty, properties: p.properties })),
        });
        // HubSpot answers in no promised order; the key property maps each result back to its input.
        const results = parse(recordsAnswer, raw, ctx).results;
        const byKey = await this.readRecords(objectTypeId, results.map((r) => r.id), [idProperty]);
        for (const r of byKey) {
          const key = r.properties[idProperty];
          if (key) ids.set(key, r.id);
        }
      }
      return ids;
    },

    async associateDefault(objectTypeId, toType, pairs) {
      for (const part of chunks(pairs, BATCH)) {
        const ctx: CallContext = { operation: `associate custom object records with ${toType}`, objectType: objectTypeId, objectIds: part.map((p) => p.fromId) };
        await send(ctx, 'POST', `/crm/v4/associations/${objectTypeId}/${toType}/batch/associate/default`, {
          inputs: part.map((p) => ({ from: { id: p.fromId }, to: { id: p.toId } })),
        });
      }
    },

    async archiveRecords(objectTypeId, ids) {
      for (const part of chunks([...new Set(ids)], BATCH)) {
        const ctx: CallContext = { operation: 'batch archive custom object records', objectType: objectTypeId, objectIds: part };
        await send(ctx, 'POST', `/crm/v3/objects/${objectTypeId}/batch/archive`, { inputs: part.map((id) => ({ id })) });
      }
    },
  };
}
