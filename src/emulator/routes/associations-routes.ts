import { Router } from 'express';
import type { ObjectType } from '../default-schema';
import { OBJECT_TYPE_IDS } from '../default-schema';
import type { EmulatorState } from '../emulator-state';
import { validationError } from '../hubspot-error';
import { batchEnvelope, batchInputs, intQuery, isObject, objectTypeParam, param, stringQuery } from './route-helpers';
import type { RouteContext } from './route-helpers';

/** `{category, typeId, label}` as v4 returns it for each association type on a pair. */
function specsWithLabel(state: EmulatorState, typeIds: number[]) {
  return typeIds.map((t) => {
    const d = state.associationDefinitions.get(t);
    return { category: d?.category ?? 'HUBSPOT_DEFINED', typeId: t, label: d?.label ?? null };
  });
}

function typeIdsFromSpecs(value: unknown, where: string): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw validationError(`${where} must be a non-empty array of {associationCategory, associationTypeId}`, [{ message: `${where}: required`, code: 'INVALID_ASSOCIATION_SPEC', in: where }]);
  }
  return value.map((s, i) => {
    const id = Number(isObject(s) ? s.associationTypeId : NaN);
    if (!Number.isInteger(id)) throw validationError(`${where}[${i}].associationTypeId must be an integer`, [{ message: `${where}[${i}].associationTypeId: integer required`, code: 'INVALID_ASSOCIATION_SPEC', in: `${where}[${i}]` }]);
    return id;
  });
}

const idOf = (v: unknown): string => (isObject(v) ? String(v.id ?? '') : '');

function labelsBetween(state: EmulatorState, fromType: ObjectType, fromId: string, toType: ObjectType, toId: string) {
  const types = state.associationTypes(fromType, fromId, toType, toId);
  return {
    fromObjectTypeId: OBJECT_TYPE_IDS[fromType] ?? fromType,
    fromObjectId: Number(fromId),
    toObjectTypeId: OBJECT_TYPE_IDS[toType] ?? toType,
    toObjectId: Number(toId),
    labels: types.map((t) => state.associationDefinitions.get(t)?.label).filter((l): l is string => typeof l === 'string'),
  };
}

export function associationsRoutes(ctx: RouteContext): Router {
  const { state } = ctx;
  const router = Router();
  const pair = (from: string, to: string): [ObjectType, ObjectType] => [objectTypeParam(from, state), objectTypeParam(to, state)];

  // ----- labels (association definitions)
  router.get('/crm/v4/associations/:from/:to/labels', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    res.json({ results: specsWithLabel(state, state.definitionsBetween(from, to).map((d) => d.typeId)) });
  });

  router.post('/crm/v4/associations/:from/:to/labels', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const body = isObject(req.body) ? req.body : {};
    const label = typeof body.label === 'string' ? body.label.trim() : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!label || !name) throw validationError('An association label needs label and name', [{ message: `${label ? 'name' : 'label'} is required`, code: 'REQUIRED_FIELD', in: label ? 'name' : 'label' }]);
    const created = state.createLabel(from, to, { label, name, ...(typeof body.inverseLabel === 'string' ? { inverseLabel: body.inverseLabel } : {}) });
    res.status(200).json({ results: specsWithLabel(state, created.map((d) => d.typeId)) });
  });

  router.put('/crm/v4/associations/:from/:to/labels', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const body = isObject(req.body) ? req.body : {};
    const typeId = Number(body.associationTypeId);
    if (!Number.isInteger(typeId) || typeof body.label !== 'string' || body.label === '') {
      throw validationError('associationTypeId and label are required', [{ message: 'associationTypeId and label are required', code: 'REQUIRED_FIELD' }]);
    }
    state.updateLabel(from, to, typeId, body.label, typeof body.inverseLabel === 'string' ? body.inverseLabel : undefined);
    res.status(204).end();
  });

  router.delete('/crm/v4/associations/:from/:to/labels/:typeId', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    state.deleteLabel(from, to, Number(param(req, 'typeId')));
    res.status(204).end();
  });

  // ----- batch records
  router.post('/crm/v4/associations/:from/:to/batch/create', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const startedAt = state.isoNow();
    const inputs = batchInputs(req.body);
    const parsed = inputs.map((input, i) => ({ fromId: idOf(input.from), toId: idOf(input.to), typeIds: typeIdsFromSpecs(input.types, `inputs[${i}].types`) }));
    parsed.forEach((p) => p.typeIds.forEach((t) => state.requireDefinition(from, to, t)));
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const p of parsed) {
      if (!state.getRecord(from, p.fromId) || !state.getRecord(to, p.toId)) {
        missing.push(`${p.fromId}->${p.toId}`);
        continue;
      }
      state.associate(from, p.fromId, to, p.toId, p.typeIds, ctx.integration);
      results.push(labelsBetween(state, from, p.fromId, to, p.toId));
    }
    const errors = missing.length > 0 ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'One or more objects do not exist', context: { ids: missing } }] : [];
    res.status(errors.length > 0 ? 207 : 201).json(batchEnvelope(startedAt, state.isoNow(), results, errors));
  });

  router.post('/crm/v4/associations/:from/:to/batch/associate/default', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const startedAt = state.isoNow();
    const base = state.defaultTypeId(from, to);
    if (base === undefined) throw validationError(`No default association type between ${from} and ${to}`);
    const results = batchInputs(req.body).map((input) => {
      state.associate(from, idOf(input.from), to, idOf(input.to), [base], ctx.integration);
      return { from: { id: idOf(input.from) }, to: { id: idOf(input.to) }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: base } };
    });
    res.status(200).json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  router.post('/crm/v4/associations/:from/:to/batch/read', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const startedAt = state.isoNow();
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of batchInputs(req.body, 1000)) {
      const id = String(input.id ?? '');
      const toIds = state.associatedIds(from, id, to);
      if (toIds.length === 0) {
        // HubSpot reports records without associations as per-input errors (a 207 multi-status).
        errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', message: `No ${to} is associated with ${from} ${id}.`, context: { fromObjectId: [id] } });
        continue;
      }
      results.push({ from: { id }, to: toIds.map((toId) => ({ toObjectId: Number(toId), associationTypes: specsWithLabel(state, state.associationTypes(from, id, to, toId)) })) });
    }
    res.status(errors.length > 0 ? 207 : 200).json(batchEnvelope(startedAt, state.isoNow(), results, errors));
  });

  router.post('/crm/v4/associations/:from/:to/batch/archive', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    for (const input of batchInputs(req.body)) {
      const fromId = idOf(input.from);
      const targets = Array.isArray(input.to) ? input.to : [input.to];
      for (const t of targets) state.disassociate(from, fromId, to, idOf(t), 'all', ctx.integration);
    }
    res.status(204).end();
  });

  router.post('/crm/v4/associations/:from/:to/batch/labels/archive', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const inputs = batchInputs(req.body);
    inputs.forEach((input, i) => {
      state.disassociate(from, idOf(input.from), to, idOf(input.to), typeIdsFromSpecs(input.types, `inputs[${i}].types`), ctx.integration);
    });
    res.status(204).end();
  });

  // ----- per record
  router.put('/crm/v4/objects/:from/:fromId/associations/default/:to/:toId', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const startedAt = state.isoNow();
    const base = state.defaultTypeId(from, to);
    if (base === undefined) throw validationError(`No default association type between ${from} and ${to}`);
    state.associate(from, param(req, 'fromId'), to, param(req, 'toId'), [base], ctx.integration);
    res.status(200).json(batchEnvelope(startedAt, state.isoNow(), [
      { from: { id: param(req, 'fromId') }, to: { id: param(req, 'toId') }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: base } },
    ]));
  });

  router.get('/crm/v4/objects/:from/:fromId/associations/:to', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const fromId = param(req, 'fromId');
    state.requireRecord(from, fromId);
    const limit = intQuery(req, 'limit', 500, 500);
    const after = stringQuery(req, 'after');
    const ids = state.associatedIds(from, fromId, to);
    const start = after ? ids.findIndex((id) => Number(id) > Number(after)) : 0;
    const page = start < 0 ? [] : ids.slice(start, start + limit);
    const last = page[page.length - 1];
    res.json({
      results: page.map((toId) => ({ toObjectId: Number(toId), associationTypes: specsWithLabel(state, state.associationTypes(from, fromId, to, toId)) })),
      ...(start >= 0 && start + limit < ids.length && last ? { paging: { next: { after: last } } } : {}),
    });
  });

  router.put('/crm/v4/objects/:from/:fromId/associations/:to/:toId', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const typeIds = typeIdsFromSpecs(req.body, 'body');
    state.associate(from, param(req, 'fromId'), to, param(req, 'toId'), typeIds, ctx.integration);
    res.status(201).json(labelsBetween(state, from, param(req, 'fromId'), to, param(req, 'toId')));
  });

  router.delete('/crm/v4/objects/:from/:fromId/associations/:to/:toId', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    state.disassociate(from, param(req, 'fromId'), to, param(req, 'toId'), 'all', ctx.integration);
    res.status(204).end();
  });

  // ----- v3 batch read (older SDK surface: {from:{id}, to:[{id, type}]})
  router.post('/crm/v3/associations/:from/:to/batch/read', (req, res) => {
    const [from, to] = pair(param(req, 'from'), param(req, 'to'));
    const startedAt = state.isoNow();
    const results = batchInputs(req.body, 1000)
      .map((input) => String(input.id ?? ''))
      .filter((id) => state.associatedIds(from, id, to).length > 0)
      .map((id) => ({
        from: { id },
        to: state.associatedIds(from, id, to).map((toId) => ({ id: toId, type: state.associationDefinitions.get(state.defaultTypeId(from, to) ?? -1)?.name ?? `${from}_to_${to}` })),
      }));
    res.json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  return router;
}
