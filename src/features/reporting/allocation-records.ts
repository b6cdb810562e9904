/**
 * The "Partner allocation" records (optional, Enterprise portals): after a deal's outputs are
 * written, one record per deal × partner is upserted by its key `<dealId>:<partnerId>`, associated
 * with the deal and the partner company, and the records of partners no longer on the deal are
 * archived. Off unless partner ops turned it on (`cosell setup --allocations-object --apply`
 * stores the app setting `allocationsObject`); see docs/reports.md "Per-partner reports with the
 * allocation object" and docs/decisions/0018-partner-rollups-and-program-view.md.
 */
import { z } from 'zod';
import type { AttributionPlan } from '../../domain';
import {
  ALLOCATION_KEY_PROPERTY, ALLOCATION_OBJECT_NAME, ALLOCATION_PROPERTY_NAMES, planAllocationRecords,
} from '../../domain/reporting/allocation-object';
import type { DealAllocations } from '../../domain/reporting/allocation-object';
import type { AppDeps } from '../../app/app-deps';
import type { DealContext } from '../../app/deal-context';
import { CrmPermanentError } from '../../hubspot';
import type { CustomObjectsGateway } from '../../hubspot';

/** The app setting that turns the records on. */
export const ALLOCATIONS_SETTING_KEY = 'allocationsObject';
export const allocationsSettingSchema = z.object({ enabled: z.boolean() });

export interface AllocationRecordsReport {
  enabled: boolean;
  created: number;
  updated: number;
  archived: number;
}

/** The object's type id per gateway, once found (a portal without it is asked again next time). */
const typeIds = new WeakMap<CustomObjectsGateway, string>();

async function objectTypeId(objects: CustomObjectsGateway): Promise<string | null> {
  const cached = typeIds.get(objects);
  if (cached) return cached;
  const schema = await objects.readSchema(ALLOCATION_OBJECT_NAME);
  if (!schema) return null;
  typeIds.set(objects, schema.objectTypeId);
  return schema.objectTypeId;
}

/** Whether the records are on for this deployment (a store read; no HubSpot call when off). */
export async function allocationRecordsEnabled(deps: Pick<AppDeps, 'store'>): Promise<boolean> {
  const setting = await deps.store.appSettings.get(ALLOCATIONS_SETTING_KEY);
  const parsed = allocationsSettingSchema.safeParse(setting?.value);
  return parsed.success && parsed.data.enabled;
}

/** What a computed deal hands over: its context and split (null when it has none). */
export interface ComputedSplit {
  ctx: DealContext;
  plan: AttributionPlan | null;
}

export function dealAllocations({ ctx, plan }: ComputedSplit): DealAllocations {
  const names = new Map(ctx.partners.map((p) => [p.companyId, p.name]));
  return {
    dealId: ctx.deal.id,
    dealName: ctx.deal.name,
    status: ctx.status,
    currency: plan?.currency ?? ctx.deal.currency ?? '',
    ruleVersion: plan?.ruleVersion ?? '',
    allocations: (plan?.allocations ?? []).map((a) => ({
      partnerId: a.partnerId,
      partnerName: a.partnerName ?? names.get(a.partnerId) ?? '',
      roles: a.roles,
      weight: a.weight,
      share: a.share,
      amount: a.amount,
    })),
  };
}

/**
 * Brings the deals' allocation records in line with their splits: one association read, one batch
 * read of the records found, then batched upserts (changed values only), associations for new
 * records and one archive call. A HubSpot refusal (the object or scope gone) is logged, not thrown,
 * so attribution goes on; transient errors are thrown for the job to retry.
 */
export async function writeAllocationRecords(deps: Pick<AppDeps, 'store' | 'gateway' | 'logger'>, deals: ComputedSplit[]): Promise<AllocationRecordsReport> {
  const report: AllocationRecordsReport = { enabled: false, created: 0, updated: 0, archived: 0 };
  const objects = deps.gateway.customObjects;
  if (deals.length === 0 || !objects || !(await allocationRecordsEnabled(deps))) return report;
  try {
    const typeId = await objectTypeId(objects);
    if (!typeId) {
      deps.logger.warn({ object: ALLOCATION_OBJECT_NAME }, 'allocation records are on but the portal has no Partner allocation object; run `cosell setup --allocations-object --apply`');
      return report;
    }
    report.enabled = true;
    const dealIds = deals.map((d) => d.ctx.deal.id);
    const linked = await objects.readAssociatedIds('deals', dealIds, typeId);
    const recordIds = [...linked.values()].flat();
    const records = recordIds.length > 0 ? await objects.readRecords(typeId, recordIds, ALLOCATION_PROPERTY_NAMES) : [];
    const byId = new Map(records.map((r) => [r.id, r]));

    const upserts: Array<{ key: string; properties: Record<string, string> }> = [];
    const fresh: Array<{ key: string; dealId: string; partnerId: string }> = [];
    const archive: string[] = [];
    for (const d of deals) {
      const existing = (linked.get(d.ctx.deal.id) ?? []).map((id) => byId.get(id)).filter((r) => r !== undefined);
      const plan = planAllocationRecords(dealAllocations(d), existing);
      for (const u of plan.upserts) {
        upserts.push({ key: u.key, properties: u.properties });
        if (u.isNew) fresh.push({ key: u.key, dealId: d.ctx.deal.id, partnerId: u.partnerId });
      }
      archive.push(...plan.archive);
    }
    const ids = upserts.length > 0 ? await objects.upsertRecords(typeId, ALLOCATION_KEY_PROPERTY, upserts) : new Map<string, string>();
    const pairs = fresh.flatMap((f) => {
      const id = ids.get(f.key);
      return id ? [{ id, dealId: f.dealId, partnerId: f.partnerId }] : [];
    });
    if (pairs.length > 0) {
      await objects.associateDefault(typeId, 'deals', pairs.map((p) => ({ fromId: p.id, toId: p.dealId })));
      await objects.associateDefault(typeId, 'companies', pairs.map((p) => ({ fromId: p.id, toId: p.partnerId })));
    }
    if (archive.length > 0) await objects.archiveRecords(typeId, archive);
    report.created = fresh.length;
    report.updated = upserts.length - fresh.length;
    report.archived = archive.length;
    deps.logger.info({ ...report, deals: dealIds.length }, 'partner allocation records written');
    return report;
  } catch (error) {
    if (!(error instanceof CrmPermanentError)) throw error;
    deps.logger.warn({ err: error }, 'HubSpot refused the partner allocation records; attribution goes on without them');
    return report;
  }
}
