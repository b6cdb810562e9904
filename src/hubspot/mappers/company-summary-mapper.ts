/** Companies for account mapping: HubSpot property bag → CrmCompanySummary (name, domain, website, lifecycle stage, owner). */
import { z } from 'zod';
import type { Result } from '../../domain';
import type { CrmCompanySummary } from '../crm-gateway';
import { emptyToNull, mapped, type RawObject } from './raw-object';

export const COMPANY_SUMMARY_PROPERTIES: readonly string[] = ['name', 'domain', 'website', 'lifecyclestage', 'hubspot_owner_id'];

const optionalText = z.string().nullish().transform(emptyToNull);

const summaryBag = z.object({
  name: optionalText,
  domain: optionalText,
  website: optionalText,
  lifecyclestage: optionalText,
  hubspot_owner_id: optionalText.refine((v) => v === null || /^\d{1,20}$/.test(v), { message: 'must be a numeric owner id' }),
});

export function parseCompanySummary(raw: RawObject): Result<CrmCompanySummary> {
  const result = mapped('companies', raw.id, summaryBag.safeParse(raw.properties));
  if (!result.ok) return result;
  const p = result.value;
  return { ok: true, value: { id: raw.id, name: p.name ?? '', domain: p.domain, website: p.website, lifecycleStage: p.lifecyclestage, ownerId: p.hubspot_owner_id } };
}
