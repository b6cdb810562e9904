import { z } from 'zod';
import type { Store } from '../store/store';

/**
 * The index of partner-attributed deals the worker has seen: their account keys, partners and
 * status. Conflict detection needs "every open co-sell deal sharing an account" and the scorecard
 * needs "co-sell deals per partner"; HubSpot search cannot answer either in one call (no search
 * by parent company or registrable domain across associations), so the worker keeps this index
 * as it recomputes deals, and the nightly reconcile heals it.
 *
 * Stored as one JSON value in the store's cursor table (see docs/decisions/0005: a dedicated
 * table is the scale-out step).
 */
export const accountIndexEntrySchema = z.object({
  dealId: z.string(),
  name: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  closeDate: z.string().nullable(),
  partnerIds: z.array(z.string()),
  partnerNames: z.record(z.string(), z.string()).default({}),
  account: z.object({ companyId: z.string().nullable(), domain: z.string().nullable(), parentCompanyId: z.string().nullable() }),
});
export type AccountIndexEntry = z.infer<typeof accountIndexEntrySchema>;

const indexSchema = z.object({ deals: z.record(z.string(), accountIndexEntrySchema) });
export type AccountIndex = z.infer<typeof indexSchema>;

export const ACCOUNT_INDEX_CURSOR = 'cosell:account-index:v1';

export async function readAccountIndex(store: Store): Promise<AccountIndex> {
  const raw = await store.cursors.get(ACCOUNT_INDEX_CURSOR);
  if (!raw) return { deals: {} };
  const parsed = indexSchema.safeParse(JSON.parse(raw));
  // A value written by an older shape is rebuilt by the next reconcile rather than crashing the worker.
  return parsed.success ? parsed.data : { deals: {} };
}

/**
 * Applies this computation's entries (set or delete) on top of the latest stored index, so two
 * writers only race on the deals they both touched.
 */
export async function updateAccountIndex(store: Store, changes: Map<string, AccountIndexEntry | null>): Promise<AccountIndex> {
  return store.transaction(async (tx) => {
    const index = await readAccountIndex(tx);
    for (const [dealId, entry] of changes) {
      if (entry) index.deals[dealId] = entry;
      else delete index.deals[dealId];
    }
    await tx.cursors.set(ACCOUNT_INDEX_CURSOR, JSON.stringify(index));
    return index;
  });
}

/** Do two entries share an account key (company, registrable domain or parent company)? */
export function sharesAccount(a: AccountIndexEntry['account'], b: AccountIndexEntry['account']): boolean {
  const companies = (x: AccountIndexEntry['account']) => [x.companyId, x.parentCompanyId].filter((v): v is string => !!v);
  if (a.domain && a.domain === b.domain) return true;
  const ca = companies(a);
  return companies(b).some((id) => ca.includes(id));
}
