import { Router } from 'express';
import type { Request } from 'express';
import type { ObjectType } from '../default-schema';
import type { EmulatorState, PublicObject, StoredRecord } from '../emulator-state';
import { notFound, validationError } from '../hubspot-error';
import { searchRecords } from '../search-records';
import type { SearchRequest } from '../search-records';
import {
  batchEnvelope, batchInputs, intQuery, isObject, listQuery, objectTypeParam, param, propertiesField, stringQuery,
} from './route-helpers';
import type { RouteContext } from './route-helpers';

/** `associations` in a create body: [{to:{id}, types:[{associationCategory, associationTypeId}]}]. */
function createAssociations(ctx: RouteContext, type: ObjectType, id: string, value: unknown, where: string) {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw validationError(`${where}.associations must be an array`);
  value.forEach((a, i) => {
    const spec = isObject(a) ? a : {};
    const toId = isObject(spec.to) ? String(spec.to.id ?? '') : '';
    const types = Array.isArray(spec.types) ? spec.types : [];
    const typeIds = types.map((t) => Number(isObject(t) ? t.associationTypeId : NaN));
    const def = ctx.state.associationDefinitions.get(typeIds[0] ?? NaN);
    if (!toId || typeIds.length === 0 || !def || def.fromType !== type) {
      throw validationError(`${where}.associations[${i}] needs to.id and a valid associationTypeId from ${type}`, [
        { message: `${where}.associations[${i}]: invalid association`, code: 'INVALID_ASSOCIATION' },
      ]);
    }
    ctx.state.associate(type, id, def.toType, toId, typeIds, ctx.integration);
  });
}

/** Inline `associations` on v3 reads: {companies: {results: [{id, type}]}}. */
function withAssociations(state: EmulatorState, type: ObjectType, obj: PublicObject, toTypes: string[] | undefined): PublicObject {
  if (!toTypes || toTypes.length === 0) return obj;
  const out: PublicObject['associations'] = {};
  for (const raw of toTypes) {
    const toType = objectTypeParam(raw, state);
    const results = state.associatedIds(type, obj.id, toType).flatMap((toId) =>
      state.associationTypes(type, obj.id, toType, toId).map((t) => {
        const d = state.associationDefinitions.get(t);
        const name = d?.category === 'HUBSPOT_DEFINED' && d.label === null ? `${d.name}` : `${d?.name ?? t}`;
        return { id: toId, type: name };
      }),
    );
    if (results.length > 0) out[raw] = { results };
  }
  return Object.keys(out).length > 0 ? { ...obj, associations: out } : obj;
}

function findRecord(state: EmulatorState, type: ObjectType, id: string, idProperty: string | undefined): StoredRecord | undefined {
  if (idProperty && idProperty !== 'hs_object_id') {
    if (!state.propertiesOf(type).get(idProperty)?.hasUniqueValue) {
      throw validationError(`idProperty ${idProperty} is not a unique-value property of ${type}`, [
        { message: `idProperty: ${idProperty} must have hasUniqueValue`, code: 'INVALID_ID_PROPERTY', context: { propertyName: [idProperty] } },
      ]);
    }
    return state.findByProperty(type, idProperty, id);
  }
  return state.getRecord(type, id);
}

function requireUniqueIds(inputs: Array<Record<string, unknown>>) {
  const seen = new Set<string>();
  for (const i of inputs) {
    const id = String(i.id ?? '');
    if (seen.has(id)) {
      throw validationError(`Duplicate IDs found in batch input: [${id}]. IDs must be unique`, [{ message: `Duplicate ID ${id}`, code: 'DUPLICATE_ID', context: { ids: [id] } }]);
    }
    seen.add(id);
  }
}

export function objectsRoutes(ctx: RouteContext): Router {
  const { state } = ctx;
  const router = Router();
  const base = '/crm/v3/objects/:objectType';
  const props = (req: Request) => listQuery(req, 'properties');

  router.get(base, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const limit = intQuery(req, 'limit', 10, 100);
    const after = stringQuery(req, 'after');
    const all = state.listRecords(type).sort((a, b) => Number(a.id) - Number(b.id));
    const start = after ? all.findIndex((r) => Number(r.id) > Number(after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < all.length;
    res.json({
      results: page.map((r) => withAssociations(state, type, state.toPublic(type, r, props(req)), listQuery(req, 'associations'))),
      ...(more && last ? { paging: { next: { after: last.id } } } : {}),
    });
  });

  router.post(base, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const body: Record<string, unknown> = isObject(req.body) ? req.body : {};
    const record = state.createRecord(type, propertiesField(body.properties, 'body'), ctx.integration);
    createAssociations(ctx, type, record.id, body.associations, 'body');
    const written = Object.keys(propertiesField(body.properties, 'body'));
    res.status(201).json(state.toPublic(type, record, [...new Set([...written, 'createdate', 'hs_lastmodifieddate', 'hs_object_id'])]));
  });

  router.post(`${base}/search`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    res.json(searchRecords(state, type, (isObject(req.body) ? req.body : {}) as SearchRequest));
  });

  router.post(`${base}/merge`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const body = isObject(req.body) ? req.body : {};
    const primaryId = String(body.primaryObjectId ?? '');
    const mergedId = String(body.objectIdToMerge ?? '');
    if (!primaryId || !mergedId) {
      throw validationError('primaryObjectId and objectIdToMerge are required', [{ message: 'primaryObjectId and objectIdToMerge are required', code: 'REQUIRED_FIELD' }]);
    }
    res.json(state.toPublic(type, state.mergeRecords(type, primaryId, mergedId, ctx.integration)));
  });

  router.post(`${base}/batch/read`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const inputs = batchInputs(req.body);
    const body = req.body as { properties?: string[]; idProperty?: string };
    const results: PublicObject[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = String(input.id ?? '');
      const record = findRecord(state, type, id, body.idProperty);
      if (record) results.push(state.toPublic(type, record, body.properties));
      else missing.push(id);
    }
    const errors = missing.length > 0
      ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some records, they may be deleted or not exist. Check that ids are valid.', context: { ids: missing } }]
      : [];
    res.status(errors.length > 0 ? 207 : 200).json(batchEnvelope(startedAt, state.isoNow(), results, errors));
  });

  router.post(`${base}/batch/create`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const inputs = batchInputs(req.body);
    // Validate every input before writing anything: HubSpot rejects the whole batch on a bad value.
    inputs.forEach((input, i) => state.normalizeWrite(type, propertiesField(input.properties, `inputs[${i}]`)));
    const results = inputs.map((input, i) => {
      const record = state.createRecord(type, propertiesField(input.properties, `inputs[${i}]`), ctx.integration);
      createAssociations(ctx, type, record.id, input.associations, `inputs[${i}]`);
      return state.toPublic(type, record, Object.keys(propertiesField(input.properties, `inputs[${i}]`)));
    });
    res.status(201).json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  router.post(`${base}/batch/update`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const inputs = batchInputs(req.body);
    requireUniqueIds(inputs);
    const found = inputs.map((input) => findRecord(state, type, String(input.id ?? ''), typeof input.idProperty === 'string' ? input.idProperty : undefined));
    inputs.forEach((input, i) => {
      if (found[i]) state.normalizeWrite(type, propertiesField(input.properties, `inputs[${i}]`), found[i]);
    });
    const missing: string[] = [];
    const results: PublicObject[] = [];
    inputs.forEach((input, i) => {
      const record = found[i];
      if (!record) {
        missing.push(String(input.id ?? ''));
        return;
      }
      const properties = propertiesField(input.properties, `inputs[${i}]`);
      state.updateRecord(type, record.id, properties, ctx.integration);
      results.push(state.toPublic(type, record, Object.keys(properties)));
    });
    const errors = missing.length > 0 ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found', context: { ids: missing } }] : [];
    res.status(errors.length > 0 ? 207 : 200).json(batchEnvelope(startedAt, state.isoNow(), results, errors));
  });

  router.post(`${base}/batch/upsert`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const inputs = batchInputs(req.body);
    requireUniqueIds(inputs);
    const results = inputs.map((input, i) => {
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
      if (!idProperty) throw validationError(`inputs[${i}].idProperty is required for upsert`, [{ message: `inputs[${i}].idProperty: required`, code: 'MISSING_ID_PROPERTY' }]);
      const id = String(input.id ?? '');
      const properties = propertiesField(input.properties, `inputs[${i}]`);
      const existing = findRecord(state, type, id, idProperty);
      if (existing) {
        state.updateRecord(type, existing.id, properties, ctx.integration);
        return { ...state.toPublic(type, existing, Object.keys(properties)), new: false };
      }
      const created = state.createRecord(type, idProperty === 'hs_object_id' ? properties : { ...properties, [idProperty]: id }, ctx.integration);
      return { ...state.toPublic(type, created, Object.keys(properties)), new: true };
    });
    res.status(200).json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  router.post(`${base}/batch/archive`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    for (const input of batchInputs(req.body)) state.archiveRecord(type, String(input.id ?? ''), ctx.integration);
    res.status(204).end();
  });

  router.get(`${base}/:id`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const record = findRecord(state, type, param(req, 'id'), stringQuery(req, 'idProperty'));
    if (!record) throw notFound(`Object not found.  objectId are usually numeric. (${param(req, 'id')})`);
    res.json(withAssociations(state, type, state.toPublic(type, record, props(req)), listQuery(req, 'associations')));
  });

  router.patch(`${base}/:id`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const record = findRecord(state, type, param(req, 'id'), stringQuery(req, 'idProperty'));
    if (!record) throw notFound(`Object not found.  objectId are usually numeric. (${param(req, 'id')})`);
    const properties = propertiesField(isObject(req.body) ? req.body.properties : undefined, 'body');
    state.updateRecord(type, record.id, properties, ctx.integration);
    res.json(state.toPublic(type, record, [...new Set([...Object.keys(properties), 'hs_lastmodifieddate', 'hs_object_id'])]));
  });

  router.delete(`${base}/:id`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    state.archiveRecord(type, param(req, 'id'), ctx.integration);
    res.status(204).end();
  });

  return router;
}
