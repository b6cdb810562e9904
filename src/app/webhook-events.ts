import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NewInboxItem } from '../store/store';

/**
 * HubSpot webhook events as they enter the app (hubspot-platform.md §3.3). Validated once here;
 * unknown extra fields are kept (HubSpot adds fields over time) but the ones we use are typed.
 */
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((v) => String(v));

export const webhookEventSchema = z.looseObject({
  eventId: z.union([z.number(), z.string()]).optional(),
  subscriptionId: z.union([z.number(), z.string()]).optional(),
  portalId: id,
  appId: id.optional(),
  occurredAt: z.number().int().nonnegative(),
  // Older payloads call it eventType; one of the two must be present (checked below).
  subscriptionType: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: id,
  objectTypeId: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.union([z.string(), z.number()]).transform((v) => String(v)).optional(),
  changeFlag: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  associationType: z.string().optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  associationRemoved: z.boolean().optional(),
  isPrimaryAssociation: z.boolean().optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
});

export const webhookBodySchema = z
  .array(webhookEventSchema)
  .min(1, 'must contain at least one event')
  .max(1000, 'at most 1000 events per request')
  .superRefine((events, ctx) => {
    events.forEach((e, i) => {
      if (!e.subscriptionType && !e.eventType) ctx.addIssue({ code: 'custom', path: [i, 'subscriptionType'], message: 'is required' });
    });
  });

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** `deal.propertyChange` or `object.propertyChange` + objectTypeId → ['deal', 'propertyChange']. */
export function eventKind(e: WebhookEvent): { object: 'deal' | 'company' | 'other'; action: string } {
  const type = e.subscriptionType ?? e.eventType ?? '';
  const [prefix = '', action = ''] = type.split('.');
  let object = prefix;
  if (prefix === 'object') object = e.objectTypeId === '0-3' ? 'deal' : e.objectTypeId === '0-2' ? 'company' : 'other';
  return { object: object === 'deal' || object === 'company' ? object : 'other', action };
}

/**
 * What identifies an event. `eventId` is not unique (§3.3) and `attemptNumber` changes on a retry,
 * so neither is part of the key; everything that says *what happened* is.
 *
 * @example eventDedupeKey(e) // 'deal.propertyChange|123|1700000000000|dealstage|closedwon|||||'
 */
export function eventDedupeKey(e: WebhookEvent): string {
  const type = e.subscriptionType ?? e.eventType ?? '';
  return [
    `${e.portalId}`,
    type,
    e.objectTypeId ?? '',
    e.objectId,
    String(e.occurredAt),
    e.propertyName ?? '',
    e.propertyValue === undefined || e.propertyValue === null ? '' : String(e.propertyValue),
    e.associationType ?? '',
    e.fromObjectId ?? '',
    e.toObjectId ?? '',
    e.associationRemoved === undefined ? '' : String(e.associationRemoved),
  ].join('|');
}

/** The inbox subject the worker coalesces on: the object the event is about. */
export function eventSubject(e: WebhookEvent): string {
  const { object } = eventKind(e);
  return `${object}:${e.objectId}`;
}

/**
 * The stored dedupe key: a SHA-256 of {@link eventDedupeKey} (192 bits kept). A short fixed-length
 * key keeps the unique index small, which is most of the cost of an intake insert.
 */
export function storedDedupeKey(e: WebhookEvent): string {
  return `hs:${createHash('sha256').update(eventDedupeKey(e)).digest('base64url').slice(0, 32)}`;
}

/** Turns validated events into inbox rows (enqueued in one transaction by the caller). */
export function toInboxItems(events: WebhookEvent[]): NewInboxItem[] {
  return events.map((e) => ({
    dedupeKey: storedDedupeKey(e),
    kind: 'event' as const,
    subject: eventSubject(e),
    payload: e,
    occurredAt: new Date(e.occurredAt),
  }));
}

/** Deal properties the app writes; an event on one of them is our own echo, never an input. */
export function isOutputProperty(object: 'deal' | 'company' | 'other', propertyName: string | undefined): boolean {
  if (!propertyName?.startsWith('cosell_')) return false;
  // On companies the partner type (and its tier inputs) is set by people: an input, not an output.
  if (object === 'company') return !COMPANY_INPUT_PROPERTIES.has(propertyName);
  return true;
}

const COMPANY_INPUT_PROPERTIES = new Set(['cosell_partner_type']);

export type EventDecision =
  | { action: 'skip'; reason: 'own_write' | 'output_property' | 'other_object' | 'other_portal' | 'deleted' | 'unsupported' }
  | { action: 'deals'; dealIds: string[] }
  | { action: 'companies'; companyIds: string[] };

/**
 * Decides what an event asks of the worker. Loop prevention (§3.7): changes made with our own app's
 * token arrive as changeSource INTEGRATION with sourceId = our app id, and events on output properties
 * are our own echoes — both are skipped.
 *
 * @example classifyEvent(e, { appId: '1234', portalId: '999' }) // { action: 'deals', dealIds: ['42'] }
 */
export function classifyEvent(e: WebhookEvent, ctx: { appId: string | undefined; portalId: string | undefined }): EventDecision {
  if (ctx.portalId && e.portalId !== ctx.portalId) return { action: 'skip', reason: 'other_portal' };
  if (ctx.appId && e.changeSource === 'INTEGRATION' && e.sourceId === ctx.appId) return { action: 'skip', reason: 'own_write' };
  const { object, action } = eventKind(e);
  if (object === 'other') return { action: 'skip', reason: 'other_object' };
  if (action === 'propertyChange' && isOutputProperty(object, e.propertyName)) return { action: 'skip', reason: 'output_property' };
  if (action === 'deletion') return { action: 'skip', reason: 'deleted' };

  if (action === 'associationChange') {
    // DEAL_TO_COMPANY / COMPANY_TO_DEAL (and labelled variants): the deal side is what we recompute.
    const type = (e.associationType ?? '').toUpperCase();
    const from = e.fromObjectId ?? e.objectId;
    const to = e.toObjectId;
    if (type.startsWith('DEAL_TO_')) return { action: 'deals', dealIds: [from] };
    if (type.startsWith('COMPANY_TO_DEAL') && to) return { action: 'deals', dealIds: [to] };
    if (object === 'deal') return { action: 'deals', dealIds: [e.objectId] };
    // company↔company (parent) or company↔contact: the company's deals may change account keys.
    return { action: 'companies', companyIds: [e.objectId] };
  }
  if (action === 'merge') {
    const ids = [e.objectId, ...(e.primaryObjectId ? [e.primaryObjectId] : [])];
    return object === 'deal' ? { action: 'deals', dealIds: [...new Set(ids)] } : { action: 'companies', companyIds: [...new Set(ids)] };
  }
  if (['creation', 'propertyChange', 'restore'].includes(action)) {
    return object === 'deal' ? { action: 'deals', dealIds: [e.objectId] } : { action: 'companies', companyIds: [e.objectId] };
  }
  return { action: 'skip', reason: 'unsupported' };
}
