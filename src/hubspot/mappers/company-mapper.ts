/** Companies: HubSpot property bag → CrmCompany (partner type, domain, parent). */
import { z } from 'zod';
import { PARTNER_TYPES, type PartnerType, type Result } from '../../domain';
import { PARTNER_TYPE_PROPERTY } from '../app-schema';
import type { CrmCompany } from '../crm-gateway';
import { emptyToNull, mapped, type RawObject } from './raw-object';

export const COMPANY_READ_PROPERTIES: readonly string[] = ['name', 'domain', PARTNER_TYPE_PROPERTY, 'hubspot_owner_id'];

const optionalText = z.string().nullish().transform(emptyToNull);

const companyBag = z.object({
  name: optionalText,
  domain: optionalText.transform((v) => (v === null ? null : v.trim().toLowerCase())),
  [PARTNER_TYPE_PROPERTY]: optionalText.refine(
    (v) => v === null || (PARTNER_TYPES as readonly string[]).includes(v),
    { message: `must be one of ${PARTNER_TYPES.join(', ')} (run \`cosell setup\` to see the schema)` },
  ),
  /** The company owner: for a partner company, its partner manager (notifications go to them). */
  hubspot_owner_id: optionalText,
});

export function parseCompany(raw: RawObject, parentCompanyId: string | null): Result<CrmCompany> {
  const result = mapped('companies', raw.id, companyBag.safeParse(raw.properties));
  if (!result.ok) return result;
  const p = result.value;
  return {
    ok: true,
    value: {
      id: raw.id,
      name: p.name ?? '',
      domain: p.domain,
      partnerType: (p[PARTNER_TYPE_PROPERTY] as PartnerType | null) ?? null,
      parentCompanyId,
      ...(p.hubspot_owner_id ? { ownerId: p.hubspot_owner_id } : {}),
    },
  };
}
