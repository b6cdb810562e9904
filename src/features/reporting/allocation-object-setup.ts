/**
 * `cosell setup --allocations-object`: creates the "Partner allocation" custom object in the portal
 * (dry run unless applied) and turns the allocation records on for this deployment. Idempotent: a
 * portal that has the object already needs nothing; applying again only makes sure the setting is on.
 */
import { ALLOCATION_OBJECT_NAME, allocationSchemaRequest } from '../../domain/reporting/allocation-object';
import { CrmPermanentError } from '../../hubspot';
import type { CustomObjectsGateway } from '../../hubspot';
import type { Store } from '../../store/store';
import type { Outcome } from '../shared/outcome';
import { ok } from '../shared/outcome';
import { ALLOCATIONS_SETTING_KEY } from './allocation-records';

export interface AllocationObjectSetupReport {
  /** `exists`: nothing to create; `would_create`: a dry run found it missing; `created`: made now. */
  schema: 'exists' | 'would_create' | 'created';
  objectTypeId: string | null;
  /** Whether the records are on for this deployment now (set only when applied with a store). */
  recordsEnabled: boolean;
}

/** A refusal the person running setup can act on: HubSpot's 403 means no custom objects (not Enterprise) or a missing scope. */
const FORBIDDEN =
  'HubSpot refused the custom object schema API (403): custom objects need an Enterprise subscription (Sales, Service, Marketing, Operations or Content Hub Enterprise) ' +
  'and the app needs the scopes crm.schemas.custom.read, crm.schemas.custom.write, crm.objects.custom.read and crm.objects.custom.write. ' +
  'Without them the partner company rollups serve the per-partner figures.';

export async function setUpAllocationObject(
  objects: CustomObjectsGateway, opts: { apply: boolean; store?: Pick<Store, 'appSettings'>; actor: string },
): Promise<Outcome<AllocationObjectSetupReport>> {
  try {
    const existing = await objects.readSchema(ALLOCATION_OBJECT_NAME);
    let schema: AllocationObjectSetupReport['schema'] = 'exists';
    let objectTypeId = existing?.objectTypeId ?? null;
    if (!existing) {
      if (!opts.apply) return ok({ schema: 'would_create', objectTypeId: null, recordsEnabled: false });
      objectTypeId = (await objects.createSchema(allocationSchemaRequest())).objectTypeId;
      schema = 'created';
    }
    let recordsEnabled = false;
    if (opts.apply && opts.store) {
      await opts.store.appSettings.put(ALLOCATIONS_SETTING_KEY, { enabled: true }, opts.actor);
      recordsEnabled = true;
    }
    return ok({ schema, objectTypeId, recordsEnabled });
  } catch (error) {
    if (error instanceof CrmPermanentError && error.status === 403) return { ok: false, kind: 'unavailable', message: FORBIDDEN };
    if (error instanceof CrmPermanentError && error.status === 409) {
      return { ok: false, kind: 'conflict', message: `an object named ${ALLOCATION_OBJECT_NAME} was created meanwhile; run the command again` };
    }
    throw error;
  }
}

export function formatAllocationObjectSetup(r: AllocationObjectSetupReport, apply: boolean): string {
  const lines: string[] = [];
  if (r.schema === 'exists') lines.push(`The "Partner allocation" object exists (${r.objectTypeId}): nothing to create.`);
  else if (r.schema === 'would_create') lines.push('Would create the "Partner allocation" custom object (deal × partner records: roles, weight, share, amount, status), associated with deals and companies.');
  else lines.push(`Created the "Partner allocation" custom object (${r.objectTypeId}).`);
  if (!apply) lines.push('Dry run: nothing changed. Run with --apply to make the change and turn the allocation records on.');
  else if (r.recordsEnabled) lines.push('Allocation records are on: the worker writes one record per deal and partner after each recompute.');
  return `${lines.join('\n')}\n`;
}
