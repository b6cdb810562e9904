import type { HubSpotErrorDetail } from './hubspot-error';
import type { PropertyDefinition } from './default-schema';

/**
 * Turns one incoming property value into the string HubSpot would store, or says why it is
 * invalid. HubSpot stores and returns every value as a string; numbers and booleans sent by a
 * client are stringified, `null` and "" clear the value.
 */
export type NormalizedValue = { ok: true; value: string } | { ok: false; error: HubSpotErrorDetail };

const numberPattern = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function invalid(name: string, code: string, message: string): NormalizedValue {
  return { ok: false, error: { message, code, context: { propertyName: [name] } } };
}

export function normalizePropertyValue(def: PropertyDefinition, raw: unknown, allowedOptions?: string[]): NormalizedValue {
  if (raw === null || raw === undefined) return { ok: true, value: '' };
  if (typeof raw === 'object') return invalid(def.name, 'INVALID_PROPERTY_VALUE', `${JSON.stringify(raw)} is not a valid value for ${def.name}`);
  const text = String(raw);
  if (text === '') return { ok: true, value: '' };
  switch (def.type) {
    case 'number':
      return numberPattern.test(text.trim())
        ? { ok: true, value: text.trim() }
        : invalid(def.name, 'INVALID_DECIMAL', `${text} was not a valid number.`);
    case 'bool': {
      const lower = text.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : invalid(def.name, 'INVALID_BOOLEAN', `${text} was not a valid boolean (true or false).`);
    }
    case 'datetime':
    case 'date': {
      const millis = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(millis)) return invalid(def.name, 'INVALID_DATE', `${text} was not a valid date or datetime.`);
      if (def.type === 'date') {
        if (!datePattern.test(text) && new Date(millis).getUTCHours() + new Date(millis).getUTCMinutes() !== 0) {
          return invalid(def.name, 'INVALID_DATE', `${text} is not midnight UTC; date properties hold whole days.`);
        }
        return { ok: true, value: new Date(millis).toISOString().slice(0, 10) };
      }
      return { ok: true, value: new Date(millis).toISOString() };
    }
    case 'enumeration': {
      const allowed = allowedOptions ?? def.options.map((o) => o.value);
      // Checkbox enumerations hold several options separated by ";" (HubSpot's multi-select format).
      const values = def.fieldType === 'checkbox' ? text.split(';').filter((v) => v !== '') : [text];
      const bad = def.externalOptions && !allowedOptions ? undefined : values.find((v) => !allowed.includes(v));
      if (bad !== undefined) {
        return invalid(
          def.name,
          'INVALID_OPTION',
          `${bad} was not one of the allowed options: [${allowed.map((v) => `value: "${v}"`).join(', ')}]`,
        );
      }
      return { ok: true, value: values.join(';') };
    }
    default:
      return { ok: true, value: text };
  }
}
