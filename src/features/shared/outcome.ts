// What a feature's use case answers: a value, or an expected failure of a known kind with a
// message a person can read and, for invalid input, the fields at fault. Services never speak
// HTTP; src/http/outcome-status.ts maps each kind to a status code (the only place that does).
import type { FieldError } from '../../domain';

export type OutcomeKind =
  /** The deal, company, draft or registration asked about does not exist. */
  | 'not_found'
  /** The request cannot be carried out as sent; `fields` names what is wrong. */
  | 'invalid'
  /** The request clashes with the current state (closed deal, a version already published, a key reused). */
  | 'conflict'
  /** A dependency (HubSpot) could not answer and nothing stored can stand in. */
  | 'unavailable';

export interface Failure {
  ok: false;
  kind: OutcomeKind;
  message: string;
  fields?: FieldError[];
}

export type Outcome<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const notFound = (message: string): Failure => ({ ok: false, kind: 'not_found', message });

/** Invalid input: the message lists each field (`partners[1].companyId: …`). */
export const invalid = (fields: FieldError[], message = 'the request is invalid'): Failure => ({
  ok: false,
  kind: 'invalid',
  message: `${message}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
  fields,
});

export const conflict = (message: string, fields?: FieldError[]): Failure => ({ ok: false, kind: 'conflict', message, ...(fields ? { fields } : {}) });

export const unavailable = (message: string): Failure => ({ ok: false, kind: 'unavailable', message });
