/**
 * Deals: HubSpot property bag → CrmDeal. HubSpot sends every value as a string (or null), so
 * the schema validates the string forms and converts; a bad value becomes a field error that
 * names the deal and the property (docs/conventions.md §4), never a crash or a silent default.
 */
import { z } from 'zod';
import type { Result } from '../../domain';
import { DEAL_OUTPUT_PROPERTIES } from '../app-schema';
import type { CrmDeal } from '../crm-gateway';
import { emptyToNull, mapped, toIsoInstant, type RawObject } from './raw-object';

export const DEAL_INPUT_PROPERTIES = [
  'dealname',
  'amount',
  'deal_currency_code',
  'closedate',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  'hs_lastmodifieddate',
  'amount_in_home_currency',
] as const;

/** Everything readDeals asks HubSpot for: the inputs plus the current outputs (to skip unchanged writes). */
export const DEAL_READ_PROPERTIES: readonly string[] = [...DEAL_INPUT_PROPERTIES, ...DEAL_OUTPUT_PROPERTIES];

const optionalText = z.string().nullish().transform(emptyToNull);
const decimal = optionalText.refine((v) => v === null || /^-?\d+(\.\d+)?$/.test(v), 'must be a decimal number');
const currency = optionalText
  .transform((v) => (v === null ? null : v.toUpperCase()))
  .refine((v) => v === null || /^[A-Z]{3}$/.test(v), 'must be an ISO 4217 currency code');
const instant = optionalText.transform((v, ctx) => {
  if (v === null) return null;
  const iso = toIsoInstant(v);
  if (iso === null) ctx.addIssue({ code: 'custom', message: 'must be a date-time (ISO 8601 or epoch ms)' });
  return iso;
});

const dealBag = z.object({
  dealname: optionalText,
  amount: decimal,
  deal_currency_code: currency,
  closedate: instant,
  dealstage: optionalText,
  pipeline: optionalText,
  hubspot_owner_id: optionalText,
  hs_lastmodifieddate: instant,
  amount_in_home_currency: decimal,
});

/** `extraProperties`: the extra deal properties asked for, copied as HubSpot sends them (empty → null). */
export function parseDeal(raw: RawObject, extraProperties: readonly string[] = []): Result<CrmDeal> {
  const result = mapped('deals', raw.id, dealBag.safeParse(raw.properties));
  if (!result.ok) return result;
  const p = result.value;
  const fallbackUpdated = raw.updatedAt instanceof Date ? raw.updatedAt.toISOString() : raw.updatedAt ? toIsoInstant(raw.updatedAt) : null;
  const outputs: Record<string, string | null> = {};
  for (const name of DEAL_OUTPUT_PROPERTIES) outputs[name] = emptyToNull(raw.properties[name]);
  return {
    ok: true,
    value: {
      id: raw.id,
      name: p.dealname ?? '',
      amount: p.amount,
      currency: p.deal_currency_code,
      // closedate is a midnight-UTC instant for date-only pickers; the UTC day is the close date.
      closeDate: p.closedate ? p.closedate.slice(0, 10) : null,
      stageId: p.dealstage,
      pipelineId: p.pipeline,
      ownerId: p.hubspot_owner_id,
      updatedAt: p.hs_lastmodifieddate ?? fallbackUpdated ?? '',
      outputs,
      amountInHomeCurrency: p.amount_in_home_currency,
      ...(extraProperties.length > 0 ? { properties: Object.fromEntries(extraProperties.map((name) => [name, emptyToNull(raw.properties[name])])) } : {}),
    },
  };
}
