import type { Request } from 'express';
import { parseObjectType } from '../default-schema';
import type { ObjectType } from '../default-schema';
import type { ChangeOrigin, EmulatorState } from '../emulator-state';
import { validationError } from '../hubspot-error';

/** What every route module needs: the portal and who the token-bearing caller is. */
export interface RouteContext {
  state: EmulatorState;
  /** Origin stamped on changes made with the app's access token (INTEGRATION, sourceId = appId). */
  integration: ChangeOrigin;
  now: () => number;
}

/** A path's object type: a standard name or id, or (given the portal) a custom object's objectTypeId, `p_<name>` or fully qualified name. */
export function objectTypeParam(value: string | string[] | undefined, state?: EmulatorState): ObjectType {
  const text = Array.isArray(value) ? value[0] ?? '' : value ?? '';
  const type = parseObjectType(text) ?? state?.customTypeOf(text);
  if (!type) throw validationError(`Unable to infer object type from: ${text}`);
  return type;
}

export function param(req: Request, name: string): string {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : v ?? '';
}

/** A query parameter that may be repeated or comma-separated (both styles occur in the wild). */
export function listQuery(req: Request, name: string): string[] | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  return parts.map((s) => s.trim()).filter((s) => s !== '');
}

export function stringQuery(req: Request, name: string): string | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? String(raw[0]) : String(raw);
}

export function intQuery(req: Request, name: string, fallback: number, max: number): number {
  const text = stringQuery(req, name);
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw validationError(`${name} must be a positive integer (got ${text})`);
  return Math.min(n, max);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `inputs` array of a batch body, rejecting more than `max` entries as HubSpot does. */
export function batchInputs(body: unknown, max = 100): Array<Record<string, unknown>> {
  if (!isObject(body) || !Array.isArray(body.inputs)) {
    throw validationError('Invalid input JSON: the body must be an object with an "inputs" array', [{ message: 'inputs: required array', code: 'MISSING_INPUTS', in: 'inputs' }]);
  }
  if (body.inputs.length > max) {
    throw validationError(`Cannot process a batch of ${body.inputs.length} inputs; the limit is ${max}.`, [
      { message: `inputs: at most ${max} per request`, code: 'TOO_MANY_INPUTS', context: { limit: [String(max)] } },
    ]);
  }
  return body.inputs.map((i, n) => {
    if (!isObject(i)) throw validationError(`inputs[${n}] must be an object`);
    return i;
  });
}

export function propertiesField(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw validationError(`${where}.properties must be an object of property values`, [{ message: `${where}.properties: expected object`, code: 'INVALID_PROPERTIES' }]);
  return value;
}

export function batchEnvelope<T>(startedAt: string, completedAt: string, results: T[], errors: unknown[] = []) {
  return {
    status: 'COMPLETE',
    results,
    startedAt,
    completedAt,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
  };
}
