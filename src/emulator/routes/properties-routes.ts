import { Router } from 'express';
import type { ObjectType, PropertyDefinition, PropertyGroup, PropertyOption } from '../default-schema';
import { HubSpotApiError, notFound, validationError } from '../hubspot-error';
import type { HubSpotErrorDetail } from '../hubspot-error';
import { batchEnvelope, batchInputs, isObject, objectTypeParam, param } from './route-helpers';
import type { RouteContext } from './route-helpers';

const types = ['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string'];
const fieldTypes = ['booleancheckbox', 'calculation_equation', 'checkbox', 'date', 'file', 'html', 'number', 'phonenumber', 'radio', 'select', 'text', 'textarea'];

/** HubSpot's Property response shape. */
export function publicProperty(p: PropertyDefinition) {
  return {
    name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, description: p.description,
    groupName: p.groupName, options: p.options, displayOrder: p.displayOrder, hidden: p.hidden,
    formField: p.formField, calculated: p.calculated, externalOptions: p.externalOptions,
    hasUniqueValue: p.hasUniqueValue, hubspotDefined: p.hubspotDefined, archived: p.archived,
    createdAt: p.createdAt, updatedAt: p.updatedAt,
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.readOnlyValue },
    ...(p.numberDisplayHint ? { numberDisplayHint: p.numberDisplayHint } : {}),
    ...(p.referencedObjectType ? { referencedObjectType: p.referencedObjectType } : {}),
  };
}

function parseOptions(value: unknown, where: string, errors: HubSpotErrorDetail[]): PropertyOption[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push({ message: `${where}.options must be an array`, code: 'INVALID_OPTIONS', in: `${where}.options` });
    return undefined;
  }
  const seen = new Set<string>();
  return value.map((o, i) => {
    const opt = isObject(o) ? o : {};
    const optValue = typeof opt.value === 'string' ? opt.value : '';
    const label = typeof opt.label === 'string' ? opt.label : '';
    if (!optValue || !label) errors.push({ message: `${where}.options[${i}] needs a label and a value`, code: 'INVALID_OPTIONS', in: `${where}.options[${i}]` });
    if (seen.has(optValue)) errors.push({ message: `${where}.options[${i}].value "${optValue}" is duplicated`, code: 'DUPLICATE_OPTION', in: `${where}.options[${i}]` });
    seen.add(optValue);
    return {
      value: optValue, label, displayOrder: typeof opt.displayOrder === 'number' ? opt.displayOrder : i,
      hidden: opt.hidden === true, ...(typeof opt.description === 'string' ? { description: opt.description } : {}),
    };
  });
}

export function propertiesRoutes(ctx: RouteContext): Router {
  const { state } = ctx;
  const router = Router();
  const base = '/crm/v3/properties/:objectType';
  const show = (type: ObjectType, p: PropertyDefinition) => publicProperty(state.effectiveDefinition(type, p));

  const createProperty = (type: ObjectType, body: unknown, where: string): PropertyDefinition => {
    const input = isObject(body) ? body : {};
    const errors: HubSpotErrorDetail[] = [];
    for (const field of ['name', 'label', 'type', 'fieldType', 'groupName']) {
      if (typeof input[field] !== 'string' || input[field] === '') errors.push({ message: `${where}.${field} is required`, code: 'REQUIRED_FIELD', in: `${where}.${field}` });
    }
    const name = String(input.name ?? '');
    if (name && !/^[a-z][a-z0-9_]*$/.test(name)) errors.push({ message: `${where}.name "${name}" must be lower-case letters, digits and underscores`, code: 'INVALID_NAME', in: `${where}.name` });
    if (input.type !== undefined && !types.includes(String(input.type))) errors.push({ message: `${where}.type "${String(input.type)}" is not one of ${types.join(', ')}`, code: 'INVALID_TYPE', in: `${where}.type` });
    if (input.fieldType !== undefined && !fieldTypes.includes(String(input.fieldType))) errors.push({ message: `${where}.fieldType "${String(input.fieldType)}" is not one of ${fieldTypes.join(', ')}`, code: 'INVALID_FIELD_TYPE', in: `${where}.fieldType` });
    const groupName = String(input.groupName ?? '');
    if (groupName && !state.groupsOf(type).has(groupName)) errors.push({ message: `${where}.groupName: property group "${groupName}" does not exist`, code: 'GROUP_NOT_FOUND', in: `${where}.groupName` });
    const options = parseOptions(input.options, where, errors) ?? [];
    if (input.type === 'enumeration' && options.length === 0 && input.externalOptions !== true) errors.push({ message: `${where}.options are required for enumeration properties`, code: 'REQUIRED_FIELD', in: `${where}.options` });
    if (errors.length > 0) throw validationError(`Invalid property definition: ${errors.map((e) => e.message).join('; ')}`, errors);
    if (state.propertiesOf(type).get(name)?.archived === false) {
      throw new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`, [{ message: `name: ${name} already exists`, code: 'OBJECT_ALREADY_EXISTS', in: `${where}.name` }]);
    }
    const now = state.isoNow();
    const def: PropertyDefinition = {
      name, label: String(input.label), type: String(input.type), fieldType: String(input.fieldType), groupName,
      description: typeof input.description === 'string' ? input.description : '', options,
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      hasUniqueValue: input.hasUniqueValue === true, hidden: input.hidden === true, formField: input.formField === true,
      calculated: false, externalOptions: false, hubspotDefined: false, readOnlyValue: false,
      createdAt: now, updatedAt: now, archived: false,
      ...(typeof input.numberDisplayHint === 'string' ? { numberDisplayHint: input.numberDisplayHint } : {}),
    };
    state.propertiesOf(type).set(name, def);
    return def;
  };

  const requireProperty = (type: ObjectType, name: string) => {
    const p = state.propertiesOf(type).get(name);
    if (!p || p.archived) throw notFound(`Unable to find property ${name} on object type ${type}`);
    return p;
  };

  const requireGroup = (type: ObjectType, name: string) => {
    const g = state.groupsOf(type).get(name);
    if (!g || g.archived) throw notFound(`Unable to find property group ${name} on object type ${type}`);
    return g;
  };

  // ----- groups first: "/groups" would otherwise match "/:propertyName".
  router.get(`${base}/groups`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    res.json({ results: [...state.groupsOf(type).values()].filter((g) => !g.archived) });
  });

  router.post(`${base}/groups`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const input = isObject(req.body) ? req.body : {};
    const name = typeof input.name === 'string' ? input.name : '';
    const label = typeof input.label === 'string' ? input.label : '';
    if (!name || !label) throw validationError('A property group needs name and label', [{ message: 'name and label are required', code: 'REQUIRED_FIELD', in: name ? 'label' : 'name' }]);
    if (state.groupsOf(type).get(name)?.archived === false) throw new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `Property group named '${name}' already exists.`);
    const group: PropertyGroup = { name, label, displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1, archived: false };
    state.groupsOf(type).set(name, group);
    res.status(201).json(group);
  });

  router.get(`${base}/groups/:groupName`, (req, res) => {
    res.json(requireGroup(objectTypeParam(req.params.objectType, state), param(req, 'groupName')));
  });

  router.patch(`${base}/groups/:groupName`, (req, res) => {
    const group = requireGroup(objectTypeParam(req.params.objectType, state), param(req, 'groupName'));
    const input = isObject(req.body) ? req.body : {};
    if (typeof input.label === 'string') group.label = input.label;
    if (typeof input.displayOrder === 'number') group.displayOrder = input.displayOrder;
    res.json(group);
  });

  router.delete(`${base}/groups/:groupName`, (req, res) => {
    requireGroup(objectTypeParam(req.params.objectType, state), param(req, 'groupName')).archived = true;
    res.status(204).end();
  });

  // ----- properties
  router.get(base, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const archived = req.query.archived === 'true';
    res.json({ results: [...state.propertiesOf(type).values()].filter((p) => p.archived === archived).map((p) => show(type, p)) });
  });

  router.post(base, (req, res) => {
    res.status(201).json(publicProperty(createProperty(objectTypeParam(req.params.objectType, state), req.body, 'body')));
  });

  router.post(`${base}/batch/create`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const results = batchInputs(req.body).map((input, i) => publicProperty(createProperty(type, input, `inputs[${i}]`)));
    res.status(201).json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  router.post(`${base}/batch/read`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const startedAt = state.isoNow();
    const results = batchInputs(req.body)
      .map((input) => state.propertiesOf(type).get(String(input.name ?? '')))
      .filter((p): p is PropertyDefinition => p !== undefined && !p.archived)
      .map((p) => show(type, p));
    res.json(batchEnvelope(startedAt, state.isoNow(), results));
  });

  router.post(`${base}/batch/archive`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    for (const input of batchInputs(req.body)) {
      const p = state.propertiesOf(type).get(String(input.name ?? ''));
      if (p && !p.hubspotDefined) p.archived = true;
    }
    res.status(204).end();
  });

  router.get(`${base}/:propertyName`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    res.json(show(type, requireProperty(type, param(req, 'propertyName'))));
  });

  router.patch(`${base}/:propertyName`, (req, res) => {
    const type = objectTypeParam(req.params.objectType, state);
    const p = requireProperty(type, param(req, 'propertyName'));
    const input = isObject(req.body) ? req.body : {};
    const errors: HubSpotErrorDetail[] = [];
    if (p.hubspotDefined && (input.type !== undefined || input.fieldType !== undefined)) {
      errors.push({ message: `${p.name} is HubSpot-defined; its type cannot change`, code: 'READ_ONLY_DEFINITION', in: 'type' });
    }
    if (input.type !== undefined && !types.includes(String(input.type))) errors.push({ message: `type "${String(input.type)}" is not valid`, code: 'INVALID_TYPE', in: 'type' });
    if (input.groupName !== undefined && !state.groupsOf(type).has(String(input.groupName))) errors.push({ message: `groupName: property group "${String(input.groupName)}" does not exist`, code: 'GROUP_NOT_FOUND', in: 'groupName' });
    const options = parseOptions(input.options, 'body', errors);
    if (errors.length > 0) throw validationError(`Invalid property update: ${errors.map((e) => e.message).join('; ')}`, errors);
    if (typeof input.label === 'string') p.label = input.label;
    if (typeof input.description === 'string') p.description = input.description;
    if (typeof input.groupName === 'string') p.groupName = input.groupName;
    if (typeof input.type === 'string') p.type = input.type;
    if (typeof input.fieldType === 'string') p.fieldType = input.fieldType;
    if (typeof input.displayOrder === 'number') p.displayOrder = input.displayOrder;
    if (typeof input.hidden === 'boolean') p.hidden = input.hidden;
    if (typeof input.formField === 'boolean') p.formField = input.formField;
    if (options) p.options = options;
    p.updatedAt = state.isoNow();
    res.json(publicProperty(p));
  });

  router.delete(`${base}/:propertyName`, (req, res) => {
    const p = requireProperty(objectTypeParam(req.params.objectType, state), param(req, 'propertyName'));
    if (p.hubspotDefined) throw validationError(`${p.name} is HubSpot-defined and cannot be archived`);
    p.archived = true;
    res.status(204).end();
  });

  return router;
}
