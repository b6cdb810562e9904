// The one place a use case's outcome becomes an HTTP answer: each failure kind has its status and
// the contract's error code. Services never choose status codes (src/features/shared/outcome.ts).
import type { ErrorCode } from '../contract/card-api';
import type { OutcomeKind } from '../features/shared/outcome';

export const OUTCOME_STATUS: { readonly [K in OutcomeKind]: { status: number; code: ErrorCode } } = {
  not_found: { status: 404, code: 'not_found' },
  invalid: { status: 400, code: 'invalid_request' },
  conflict: { status: 409, code: 'conflict' },
  unavailable: { status: 503, code: 'crm_unavailable' },
};

export function outcomeStatus(kind: OutcomeKind): { status: number; code: ErrorCode } {
  return OUTCOME_STATUS[kind];
}
