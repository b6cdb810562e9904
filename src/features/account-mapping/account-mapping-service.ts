// Account mapping with the store: saved maps per partner (isNew / gone against the previous one),
// the company-property write-back, and the reminder when a partner's map grows old.
// Rules: docs/decisions/0019-account-mapping-saved-maps.md; matching: decision 0011.
import type { AppDeps } from '../../app/app-deps';
import type { AccountMap, MatchCategory, PreviousMap } from '../../domain/account-mapping/index';
import { MATCH_CATEGORIES } from '../../domain/account-mapping/index';
import { companyOverlapValues, isMapStale, MAP_REFRESH_DAYS, type PartnerMatch } from '../../domain/account-mapping/company-overlaps';
import { jobItem } from '../../jobs/inbox-job';
import type { AccountMapEntry, AccountMapHeader, Store } from '../../store/store';
import type { WriteBackJob } from './account-mapping-job-schemas';
import type { Outcome } from '../shared/outcome';
import { notFound, ok } from '../shared/outcome';

/** What saving a map needs: the store (the CLI has no HubSpot gateway) and the clock. */
export type MapStoreDeps = Pick<AppDeps, 'store' | 'clock'>;

/** The partner's latest saved map, as the matcher's `previous` (for isNew and gone), or null. */
export async function previousMapOf(store: Store, partnerId: string): Promise<{ header: AccountMapHeader; previous: PreviousMap } | null> {
  const header = await store.accountMaps.latest(partnerId);
  if (!header) return null;
  const entries = await store.accountMaps.entries(header.id);
  const matches: Array<PreviousMap['matches'][number]> = [];
  const whitespace: Array<PreviousMap['whitespace'][number]> = [];
  for (const e of entries) {
    if (e.kind === 'match' && (MATCH_CATEGORIES as readonly string[]).includes(e.category)) {
      matches.push({ category: e.category as MatchCategory, domain: e.domain, ours: e.ours, theirRows: e.theirRows });
    } else if (e.kind === 'whitespace') whitespace.push({ domain: e.domain, theirRows: e.theirRows });
  }
  return { header, previous: { matches, whitespace } };
}

/** The entries a saved map keeps: keys, categories, our record ids and row numbers; nothing else of the partner's list. */
export function entriesOf(map: AccountMap): AccountMapEntry[] {
  return [
    ...map.matches.map((m): AccountMapEntry => ({ kind: 'match', category: m.category, domain: m.domain, ours: m.ours, theirRows: m.theirRows, icp: null, isNew: m.isNew })),
    ...map.whitespace.map((w): AccountMapEntry => ({ kind: 'whitespace', category: 'whitespace', domain: w.domain, ours: [], theirRows: w.theirRows, icp: w.icp, isNew: w.isNew })),
  ];
}

export interface SavedMap {
  map: AccountMapHeader;
  previous: AccountMapHeader | null;
}

/**
 * Stores a map for a partner and queues the company write-back, in one transaction: either both
 * are there or neither. `map` must have been built against {@link previousMapOf} of the same partner.
 */
export async function saveAccountMap(deps: MapStoreDeps, input: { partnerId: string; map: AccountMap; hashed: boolean; by: string; previous: AccountMapHeader | null }): Promise<SavedMap> {
  return deps.store.transaction(async (tx) => {
    const saved = await tx.accountMaps.save({ partnerId: input.partnerId, createdBy: input.by, hashed: input.hashed, summary: input.map.summary, entries: entriesOf(input.map) });
    const job: WriteBackJob = { type: 'account-mapping.write-back', mapId: saved.id, previousMapId: input.previous?.id ?? null };
    await tx.inbox.enqueue([jobItem(job, `account-mapping.write-back:${saved.id}`, deps.clock())]);
    return { map: saved, previous: input.previous };
  });
}

/** Partner names for what people read: from the company index, else from HubSpot; absent = the partner no longer exists. */
async function partnerNames(deps: AppDeps, partnerIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const row of await deps.store.companyIndex.get(partnerIds)) if (row.name) names.set(row.companyId, row.name);
  const missing = partnerIds.filter((id) => !names.has(id));
  if (missing.length > 0) for (const [id, c] of await deps.gateway.readCompanySummaries(missing)) names.set(id, c.name || `Company without a name (${id})`);
  return names;
}

/**
 * Writes the overlap properties of every company in the saved map and in the partner's previous
 * map (so companies that left an overlap are cleared), computed over every partner's latest map.
 * Only changed values are written (the gateway reads and compares), batched by 100 and paced.
 */
export async function writeBackOverlaps(deps: AppDeps, job: WriteBackJob): Promise<{ companies: number; written: number }> {
  const affected = new Set<string>();
  for (const mapId of [job.mapId, job.previousMapId]) {
    if (!mapId) continue;
    for (const e of await deps.store.accountMaps.entries(mapId)) if (e.kind === 'match') for (const id of e.ours) affected.add(id);
  }
  if (affected.size === 0) return { companies: 0, written: 0 };
  const latest = await deps.store.accountMaps.latestMatches({ companyIds: [...affected] });
  const names = await partnerNames(deps, [...new Set(latest.map((m) => m.partnerId))]);
  const matches: PartnerMatch[] = [];
  for (const m of latest) {
    const partnerName = names.get(m.partnerId);
    // A partner deleted from HubSpot no longer overlaps with anyone.
    if (partnerName === undefined || !(MATCH_CATEGORIES as readonly string[]).includes(m.category)) continue;
    matches.push({ partnerId: m.partnerId, partnerName, category: m.category as MatchCategory, ours: m.ours, mappedAt: m.createdAt });
  }
  const values = companyOverlapValues(matches, affected);
  const report = await deps.gateway.writeCompanyProperties([...values].map(([companyId, properties]) => ({ companyId, properties: { ...properties } })));
  deps.logger.info({ mapId: job.mapId, companies: affected.size, written: report.written, unchanged: report.skippedUnchanged }, 'account map written back to companies');
  return { companies: affected.size, written: report.written };
}

/**
 * For each partner whose latest saved map is older than 90 days: one HubSpot task, assigned to the
 * partner company's owner and associated with the partner company. Once per partner and map: the
 * reminder is claimed in the store before the task is created (a claim whose task failed is released).
 */
export async function remindStaleMaps(deps: AppDeps): Promise<{ reminded: number }> {
  const now = deps.clock();
  let reminded = 0;
  for (const header of await deps.store.accountMaps.latestPerPartner()) {
    if (!isMapStale(header.createdAt, now)) continue;
    if (await deps.store.accountMaps.getReminder(header.partnerId, header.id)) continue;
    const partner = (await deps.gateway.readCompanySummaries([header.partnerId])).get(header.partnerId);
    if (!partner) {
      deps.logger.info({ partnerId: header.partnerId }, 'partner with an old account map no longer exists in HubSpot; no reminder');
      continue;
    }
    if (!(await deps.store.accountMaps.claimReminder(header.partnerId, header.id))) continue;
    const days = Math.floor((now.getTime() - new Date(header.createdAt).getTime()) / 86_400_000);
    const name = partner.name || 'this partner';
    let taskId: string;
    try {
      taskId = await deps.gateway.createTask({
        subject: `Refresh the account map with ${name}`,
        body: `The last account map with ${name} was saved on ${header.createdAt.slice(0, 10)}, ${days} days ago (maps are refreshed every ${MAP_REFRESH_DAYS} days). Ask ${name} for a current account list and save a new map: the new overlaps and those that are gone show up against this one.`,
        dueAt: now,
        ...(partner.ownerId ? { ownerId: partner.ownerId } : {}),
        companyIds: [header.partnerId],
      });
    } catch (error) {
      await deps.store.accountMaps.releaseReminder(header.partnerId, header.id);
      throw error;
    }
    await deps.store.accountMaps.setReminderTask(header.partnerId, header.id, taskId);
    reminded += 1;
  }
  if (reminded > 0) deps.logger.info({ reminded }, 'account map reminders created');
  return { reminded };
}

/** A partner's latest map in numbers, with what is new since the one before (scorecard). */
export interface PartnerMapSummary {
  mappedAt: string;
  counts: Record<MatchCategory | 'whitespace', number>;
  newCounts: Record<MatchCategory | 'whitespace', number>;
  previousMappedAt: string | null;
}

export async function partnerMapSummary(deps: Pick<AppDeps, 'store'>, partnerId: string): Promise<Outcome<PartnerMapSummary>> {
  const maps = await deps.store.accountMaps.listForPartner(partnerId);
  const latest = maps[0];
  if (!latest) return notFound('no account map saved for this partner yet');
  const zero = () => Object.fromEntries([...MATCH_CATEGORIES, 'whitespace'].map((c) => [c, 0])) as Record<MatchCategory | 'whitespace', number>;
  const counts = zero();
  const newCounts = zero();
  for (const e of await deps.store.accountMaps.entries(latest.id)) {
    const key = e.category as MatchCategory | 'whitespace';
    if (!(key in counts)) continue;
    counts[key] += 1;
    if (e.isNew) newCounts[key] += 1;
  }
  return ok({ mappedAt: latest.createdAt, counts, newCounts, previousMappedAt: maps[1]?.createdAt ?? null });
}
