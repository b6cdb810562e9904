/**
 * Turns the backend's field errors (`{ path: 'commitments[0].responseSlaHours', message: 'Too small:
 * expected number to be >=1' }`) into sentences a person can act on ("Stackly's response SLA must be
 * at least 1 hour"). Each form says what its paths mean (`FieldLabeler`); the messages are the
 * backend's schema messages or its own words, both put into plain English here.
 */
export interface FieldSubject {
  /** What the field is, as a person says it: "Stackly's response SLA", "The summary". */
  label: string;
  /** The unit of a number field, singular ("hour"): "must be at least 1 hour". */
  unit?: string;
}

/** What a field path means in one form; null when the form does not know it (the path is then named as is). */
export type FieldLabeler = (path: string) => FieldSubject | null;

const plural = (n: string, unit?: string) => (unit ? ` ${unit}${n === '1' ? '' : 's'}` : '');

/** A schema or backend message in words; unknown messages pass through unchanged. */
export function humanizeMessage(message: string, unit?: string): string {
  let m: RegExpExecArray | null;
  if ((m = /expected number to be >=\s*(-?[\d.]+)/.exec(message))) return `must be at least ${m[1]}${plural(m[1]!, unit)}`;
  if ((m = /expected number to be >\s*(-?[\d.]+)/.exec(message))) return `must be more than ${m[1]}${plural(m[1]!, unit)}`;
  if ((m = /expected number to be <=\s*(-?[\d.]+)/.exec(message))) return `must be at most ${m[1]}${plural(m[1]!, unit)}`;
  if ((m = /expected number to be <\s*(-?[\d.]+)/.exec(message))) return `must be less than ${m[1]}${plural(m[1]!, unit)}`;
  if ((m = /expected string to have <=\s*(\d+) characters?/.exec(message))) return `must be at most ${m[1]} characters long`;
  if ((m = /expected string to have >=\s*(\d+) characters?/.exec(message))) return m[1] === '1' ? 'must not be empty' : `must be at least ${m[1]} characters long`;
  if (/expected int, received number/.test(message)) return `must be a whole number${unit ? ` of ${unit}s` : ''}`;
  if (/expected (number|string|boolean|int)/.test(message) || /^Invalid (input|option|enum)/.test(message)) return 'is not a valid value';
  if (/^Required$|received undefined/.test(message)) return 'is required';
  return message;
}

/** One field error as a sentence: "Stackly's response SLA must be at least 1 hour." */
export function describeFieldError(field: { path: string; message: string }, labeler?: FieldLabeler): string {
  const subject = labeler?.(field.path) ?? null;
  const label = subject?.label ?? `The field ${field.path}`;
  // Backend messages often start with the field's own name ("roles must name at least one role"): the label says it already.
  const leaf = String(pathParts(field.path).at(-1) ?? '');
  const message = leaf && field.message.startsWith(`${leaf} `) ? field.message.slice(leaf.length + 1) : field.message;
  const text = humanizeMessage(message, subject?.unit);
  return `${label} ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** `commitments[0].responseSlaHours` and `commitments.0.responseSlaHours` alike → ['commitments', 0, 'responseSlaHours']. */
export function pathParts(path: string): (string | number)[] {
  return path
    .split(/[.[\]]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
