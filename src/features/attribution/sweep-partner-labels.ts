import { z } from 'zod';
import type { DealPartnerLink } from '../../hubspot/crm-gateway';
import type { AccountIndexEntry } from '../../store/store';
import type { AppDeps } from '../../app/app-deps';
import { jobItem, MAX_DEALS_PER_RECOMPUTE } from '../../jobs/inbox-job';
import type { RecomputeDealsJob } from './attribution-job-schemas';

/** The trigger recorded on recomputations the sweep asks for (ledger, logs). */
export const LABEL_SWEEP_TRIGGER = 'label-sweep';

/** HubSpot's v4 association batch read takes at most 1,000 inputs per call. */
export const LABEL_SWEEP_BATCH_SIZE = 1_000;

export interface LabelSweepReport {
  /** Open partner-attributed deals whose labels were read. */
  checked: number;
  /** Deals whose partners or roles differ from what the app last computed; each got a recompute. */
  changed: string[];
  /** Association batch reads asked of the gateway (each ≤ LABEL_SWEEP_BATCH_SIZE deals). */
  reads: number;
}

/** What a ledger entry's `inputs.partners` holds (written by recomputeDeals); anything else is ignored. */
const ledgerPartnersSchema = z.object({
  partners: z.array(z.object({ companyId: z.string(), roles: z.array(z.string()) })),
});

/**
 * Re-reads the partner labels of every open partner-attributed deal the account index knows, and
 * enqueues a recompute for the deals whose partners or roles changed since the app last computed
 * them. HubSpot may raise no webhook when a label is added to (or removed from) an association that
 * already exists — a rep relabelling a partner on the deal record — so without this the split
 * would stay wrong until the nightly reconcile, and only if the deal itself was modified.
 *
 * What the app last computed: the partner ids in the deal's account-index row, and the partners'
 * roles in its latest ledger entry (used only when that entry names the same partners as the row:
 * a later computation without a split, e.g. a deal without an amount, writes no ledger entry).
 *
 * Reads are batched (≤1,000 deals per association batch read); the recomputes go to the inbox in
 * chunks the worker handles in one pass, so the sweep itself never writes to HubSpot.
 *
 * @example const report = await sweepPartnerLabels(deps); report.changed // ['300008']
 */
export async function sweepPartnerLabels(deps: Pick<AppDeps, 'store' | 'gateway' | 'logger' | 'clock'>, opts: { batchSize?: number } = {}): Promise<LabelSweepReport> {
  const batchSize = Math.min(opts.batchSize ?? LABEL_SWEEP_BATCH_SIZE, LABEL_SWEEP_BATCH_SIZE);
  const open = await deps.store.accountIndex.listOpen();
  const changed: string[] = [];
  let reads = 0;
  for (let start = 0; start < open.length; start += batchSize) {
    const entries = open.slice(start, start + batchSize);
    const links = await deps.gateway.readDealPartnerLinks(entries.map((e) => e.dealId));
    reads += 1;
    for (const entry of entries) {
      const now = partnerRoles(links.get(entry.dealId) ?? []);
      if (await differsFromLastComputed(deps, entry, now)) changed.push(entry.dealId);
    }
  }

  const now = deps.clock();
  const runKey = `${LABEL_SWEEP_TRIGGER}:${now.toISOString()}`;
  const items = [];
  for (let i = 0; i < changed.length; i += MAX_DEALS_PER_RECOMPUTE) {
    items.push(jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: changed.slice(i, i + MAX_DEALS_PER_RECOMPUTE), trigger: LABEL_SWEEP_TRIGGER }, `${runKey}:${i / MAX_DEALS_PER_RECOMPUTE}`, now));
  }
  if (items.length > 0) await deps.store.inbox.enqueue(items);

  const names = changed.slice(0, 20).map((id) => open.find((e) => e.dealId === id)?.name ?? `deal ${id}`);
  deps.logger.info(
    { checked: open.length, changed: changed.length, reads, deals: names },
    changed.length > 0 ? `partner labels changed outside the app on ${changed.length} deal(s): ${names.join(', ')}; recomputing them` : 'partner labels unchanged on every open partner deal',
  );
  return { checked: open.length, changed, reads };
}

/** companyId → sorted roles, for the associations that carry at least one role label (the deal's partners). */
function partnerRoles(links: DealPartnerLink[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const link of links) if (link.roles.length > 0) out.set(link.companyId, [...new Set<string>(link.roles)].sort());
  return out;
}

async function differsFromLastComputed(deps: Pick<AppDeps, 'store'>, entry: AccountIndexEntry, now: Map<string, string[]>): Promise<boolean> {
  const indexed = new Set(entry.partnerIds);
  if (indexed.size !== now.size || [...now.keys()].some((id) => !indexed.has(id))) return true;
  const latest = await deps.store.ledger.latestForDeal(entry.dealId);
  const parsed = latest ? ledgerPartnersSchema.safeParse(latest.inputs) : null;
  if (!parsed?.success) return false;
  const computed = new Map(parsed.data.partners.map((p) => [p.companyId, [...new Set(p.roles)].sort()]));
  // An entry naming other partners than the index row predates a computation without a split: its roles say nothing now.
  if (computed.size !== indexed.size || [...computed.keys()].some((id) => !indexed.has(id))) return false;
  return [...now].some(([companyId, roles]) => (computed.get(companyId) ?? []).join(',') !== roles.join(','));
}
