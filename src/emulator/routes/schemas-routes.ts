import { Router } from 'express';
import { isCustomType, parseObjectType } from '../default-schema';
import type { ObjectType, PropertyDefinition } from '../default-schema';
import type { CustomObjectSchema, EmulatorState } from '../emulator-state';
import { HubSpotApiError, notFound, validationError } from '../hubspot-error';
import { isObject, param } from './route-helpers';
import type { RouteContext } from './route-helpers';

const PROPERTY_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea'],
  number: ['number'],
  enumeration: ['select', 'radio', 'checkbox'],
  datetime: ['date'],
  date: ['date'],
  bool: ['booleancheckbox'],
};

const fail = (field: string, message: string) => validationError(`${field}: ${message}`, [{ message: `${field}: ${message}`, code: 'INVALID_SCHEMA', in: field }]);

function text(body: Record<string, unknown>, field: string, required = true): string {
  const v = body[field];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (!required && v === undefined) return '';
  throw fail(field, 'a non-empty string is required');
}

function stringList(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw fail(field, 'an array of strings is required');
  return v as string[];
}

function schemaProperty(raw: unknown, i: number, now: string): PropertyDefinition {
  const where = `properties[${i}]`;
  if (!isObject(raw)) throw fail(where, 'an object is required');
  const name = text(raw, 'name');
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw fail(`${where}.name`, 'lower-case letters, digits and underscores, starting with a letter');
  const type = text(raw, 'type');
  const fieldType = typeof raw.fieldType === 'string' ? raw.fieldType : PROPERTY_TYPES[type]?.[0];
  if (!PROPERTY_TYPES[type] || !fieldType || !PROPERTY_TYPES[type].includes(fieldType)) throw fail(`${where}.type`, `unsupported type/fieldType ${type}/${String(raw.fieldType)}`);
  const options = Array.isArray(raw.options) ? raw.options.filter(isObject).map((o, n) => ({
    label: String(o.label ?? o.value ?? ''), value: String(o.value ?? ''), displayOrder: Number(o.displayOrder ?? n), hidden: o.hidden === true,
  })) : [];
  if (type === 'enumeration' && options.length === 0) throw fail(`${where}.options`, 'an enumeration needs options');
  return {
    name, label: typeof raw.label === 'string' ? raw.label : name, type, fieldType, groupName: 'custom_information',
    description: typeof raw.description === 'string' ? raw.description : '', options, displayOrder: i, hasUniqueValue: raw.hasUniqueValue === true,
    hidden: false, formField: true, calculated: false, externalOptions: false, hubspotDefined: false, readOnlyValue: false,
    createdAt: now, updatedAt: now, archived: false,
  };
}

/** The schema as GET/POST /crm/v3/schemas answer it: the stored fields plus the property definitions. */
function publicSchema(state: EmulatorState, s: CustomObjectSchema) {
  const properties = [...state.propertiesOf(s.objectTypeId).values()].map(({ archived, ...p }) => ({ ...p, archived }));
  return { ...s, properties };
}

/**
 * HubSpot's custom object schemas API (v3), small: create, list, read by objectTypeId or name.
 * Creating also registers the object type for the objects and associations routes.
 */
export function schemasRoutes(ctx: RouteContext, portalId: string, enabled: boolean): Router {
  const { state } = ctx;
  const router = Router();
  router.use('/crm/v3/schemas', (_req, _res, next) => {
    if (!enabled) throw new HubSpotApiError(403, 'MISSING_SCOPES', 'This portal does not have access to custom objects (an Enterprise subscription and the crm.schemas.custom scopes are required).');
    next();
  });

  const find = (key: string) => {
    const type = state.customTypeOf(key);
    const schema = type ? state.customSchemas.get(type) : undefined;
    if (!schema) throw notFound(`Unable to find object type ${key}`);
    return schema;
  };

  router.get('/crm/v3/schemas', (_req, res) => {
    res.json({ results: [...state.customSchemas.values()].map((s) => publicSchema(state, s)) });
  });

  router.get('/crm/v3/schemas/:objectType', (req, res) => {
    res.json(publicSchema(state, find(param(req, 'objectType'))));
  });

  router.post('/crm/v3/schemas', (req, res) => {
    const body: Record<string, unknown> = isObject(req.body) ? req.body : {};
    const name = text(body, 'name');
    if (!/^[a-z][a-z0-9_]*$/i.test(name)) throw fail('name', 'letters, digits and underscores, starting with a letter');
    const labels = isObject(body.labels) ? body.labels : undefined;
    if (!labels || typeof labels.singular !== 'string' || typeof labels.plural !== 'string') throw fail('labels', 'singular and plural are required');
    if (!Array.isArray(body.properties) || body.properties.length === 0) throw fail('properties', 'at least one property is required');
    const now = state.isoNow();
    const properties = body.properties.map((p, i) => schemaProperty(p, i, now));
    const names = new Set(properties.map((p) => p.name));
    const requiredProperties = stringList(body, 'requiredProperties');
    const primaryDisplayProperty = text(body, 'primaryDisplayProperty', false) || requiredProperties[0] || '';
    for (const [field, list] of [['requiredProperties', requiredProperties], ['primaryDisplayProperty', primaryDisplayProperty ? [primaryDisplayProperty] : []]] as const) {
      for (const n of list) if (!names.has(n)) throw fail(field, `${n} is not one of the schema's properties`);
    }
    const associatedObjects = stringList(body, 'associatedObjects').map((raw, i) => {
      const t: ObjectType | undefined = parseObjectType(raw) ?? state.customTypeOf(raw);
      if (!t || (!isCustomType(t) && t !== 'deals' && t !== 'companies' && t !== 'contacts')) throw fail(`associatedObjects[${i}]`, `unknown object type ${raw}`);
      return t;
    });
    const schema = state.addCustomType({
      name, labels: { singular: labels.singular, plural: labels.plural }, fullyQualifiedName: () => `p${portalId}_${name}`,
      primaryDisplayProperty, requiredProperties, searchableProperties: stringList(body, 'searchableProperties'),
      secondaryDisplayProperties: stringList(body, 'secondaryDisplayProperties'), properties, associatedObjects,
    });
    res.status(201).json(publicSchema(state, schema));
  });

  return router;
}
