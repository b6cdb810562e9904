import type { z } from 'zod';
import type { FieldError, Result } from '../../domain';

/** A HubSpot CRM record as the SDK hands it over, reduced to what the mappers read. */
export interface RawObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  updatedAt?: Date | string;
}

/** Turns zod issues on a property bag into field errors named `<objectType>[<id>].<property>`. */
function bagErrors(objectType: string, id: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: `${objectType}[${id}]${issue.path.length ? `.${issue.path.map(String).join('.')}` : ''}`,
    message: issue.message,
  }));
}

export function mapped<T>(objectType: string, id: string, parsed: z.ZodSafeParseResult<T>): Result<T> {
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: bagErrors(objectType, id, parsed.error) };
}

/** HubSpot returns "" for cleared values; the app treats empty and missing alike. */
export const emptyToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

/** HubSpot datetimes arrive as ISO strings (v3) or epoch milliseconds (older payloads, search filters). */
export function toIsoInstant(v: string): string | null {
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}
