// Account mapping's index of our companies (store: companyIndex): the portal's companies with their
// account key's domain part and lifecycle stage, kept current by company webhooks and a nightly
// reconcile that lists every company with the CRM list endpoint.
import type { AppDeps } from '../../app/app-deps';
import { accountDomainKey } from '../../domain/account-keys';
import type { CrmCompanySummary } from '../../hubspot/crm-gateway';
import type { CompanyIndexRepo, IndexedCompany } from '../../store/store';
import type { AccountMapBuilder } from '../../domain/account-mapping/index';
import type { WebhookEvent } from '../../jobs/webhook-events';
import { eventKind } from '../../jobs/webhook-events';
import type { IndexCompaniesJob } from './account-mapping-job-schemas';

/** Company properties whose change the index cares about (webhook subscriptions in webhooks-hsmeta.json). */
export const INDEXED_COMPANY_PROPERTIES: readonly string[] = ['domain', 'website', 'name', 'lifecyclestage'];

/** A company as the index keeps it: the registrable domain of its domain, else of its website. */
export function toIndexedCompany(c: CrmCompanySummary): IndexedCompany {
  return {
    companyId: c.id,
    name: c.name,
    domain: accountDomainKey(c.domain) ?? accountDomainKey(c.website),
    lifecycleStage: c.lifecycleStage,
  };
}

/**
 * Re-reads companies from HubSpot: present ones are written to the index, absent ones (deleted,
 * merged away) removed. Idempotent, so a replayed event or job changes nothing twice.
 */
export async function refreshIndexedCompanies(deps: AppDeps, companyIds: string[]): Promise<{ upserted: number; removed: number }> {
  const ids = [...new Set(companyIds)];
  const found = await deps.gateway.readCompanySummaries(ids);
  const present = [...found.values()].map(toIndexedCompany);
  const gone = ids.filter((id) => !found.has(id));
  await deps.store.transaction(async (tx) => {
    await tx.companyIndex.upsert(present);
    if (gone.length > 0) await tx.companyIndex.remove(gone);
  });
  return { upserted: present.length, removed: gone.length };
}

/**
 * Lists every company (CRM list endpoint, paged: no 10,000 cap) into the index, then removes the
 * rows the listing did not touch (companies deleted while no webhook reached us).
 */
export async function reconcileCompanyIndex(deps: AppDeps): Promise<{ companies: number; removed: number }> {
  const started = deps.clock();
  let companies = 0;
  for await (const page of deps.gateway.listAllCompanies()) {
    await deps.store.companyIndex.upsert(page.map(toIndexedCompany));
    companies += page.length;
  }
  const removed = await deps.store.companyIndex.removeNotUpdatedSince(started);
  deps.logger.info({ companies, removed }, 'company index reconciled');
  return { companies, removed };
}

/**
 * The index job a webhook event asks for: company creation, deletion, restore, merge (the survivor
 * and the merged-away ids) and changes of domain, website, name or lifecycle stage. Null otherwise.
 */
export function companyIndexFollowUp(e: WebhookEvent): IndexCompaniesJob | null {
  const { object, action } = eventKind(e);
  if (object !== 'company') return null;
  let ids: string[] = [];
  if (action === 'creation' || action === 'deletion' || action === 'restore') ids = e.objectId ? [e.objectId] : [];
  else if (action === 'propertyChange') ids = e.objectId && e.propertyName && INDEXED_COMPANY_PROPERTIES.includes(e.propertyName) ? [e.objectId] : [];
  else if (action === 'merge') ids = [e.newObjectId, e.primaryObjectId, e.objectId, ...(e.mergedObjectIds ?? [])].filter((id): id is string => !!id);
  ids = [...new Set(ids)];
  return ids.length > 0 ? { type: 'account-mapping.index-companies', companyIds: ids } : null;
}

/** Rows of the company index read per query when our side of a map comes from the store. */
const INDEX_PAGE = 5_000;

/**
 * Streams our companies from the company index past a map builder, page by page (keyset on the id),
 * so memory stays bounded by the partner's accounts as with an export. `onPage` sees the running count.
 */
export async function streamIndexedCompanies(index: Pick<CompanyIndexRepo, 'page'>, builder: AccountMapBuilder, onPage?: (companies: number) => void): Promise<{ companies: number }> {
  let after: string | null = null;
  let companies = 0;
  for (;;) {
    const rows = await index.page({ after, limit: INDEX_PAGE });
    for (const r of rows) builder.addOurs({ id: r.companyId, name: r.name, domain: r.domain, lifecycleStage: r.lifecycleStage });
    companies += rows.length;
    onPage?.(companies);
    if (rows.length < INDEX_PAGE) return { companies };
    after = rows[rows.length - 1]!.companyId;
  }
}
