import type { NewAccountIndexEntry } from '../store/store';

/**
 * The index of partner-attributed deals the worker has seen: their account keys, partners and
 * status. Conflict detection needs "every open co-sell deal sharing an account" and the scorecard
 * needs "co-sell deals per partner"; HubSpot search cannot answer either in one call (no search
 * by parent company or registrable domain across associations), so the worker keeps this index
 * as it recomputes deals (`store.accountIndex`, one row per deal), and reconciliation heals it.
 */
export type AccountIndexEntry = NewAccountIndexEntry;

/** The entries by deal id, later ones replacing earlier ones (fresh computations over stored rows). */
export function mergeEntries(...lists: Array<Iterable<AccountIndexEntry>>): Map<string, AccountIndexEntry> {
  const out = new Map<string, AccountIndexEntry>();
  for (const list of lists) for (const e of list) out.set(e.dealId, e);
  return out;
}
