import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatPath } from '../domain';
import type { NewDeadLetter, NewInboxItem } from '../store/store';

/**
 * HubSpot webhook events as they enter the app (shapes: docs/hubspot-webhook-events.md). Validated
 * once here, one event at a time (one bad event never sinks a batch); unknown extra fields are kept
 * (HubSpot adds fields over time) but the ones we use are typed.
 */
const ID_MESSAGE = 'must be a numeric HubSpot id';
const id = z
  .union([z.number().refine((v) => Number.isSafeInteger(v) && v >= 0, ID_MESSAGE), z.string().regex(/^\d{1,20}$/, ID_MESSAGE)], {
    error: (issue) => (issue.input === undefined ? 'is required' : ID_MESSAGE),
  })
  .transform((v) => String(v));

/**
 * `occurredAt` is epoch milliseconds. Anything outside [1970, 2100) is not an event HubSpot sent
 * now; bounding it keeps `new Date(occurredAt)` valid (a Date holds ±8.64e15 ms) and storable.
 */
export const OCCURRED_AT_MAX_MS = Date.UTC(2100, 0, 1);

/**
 * How deep a webhook event (or a card body) may nest. HubSpot's events are flat (depth 2 with the
 * `mergedObjectIds` array); 32 leaves room for fields HubSpot may add while keeping every recursive
 * walk (zod, JSON.stringify with a replacer, the store) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/** The event kinds the app acts on; every other subscription type is accepted and skipped. */
const HANDLED_ACTIONS = new Set(['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore']);

const eventFields = z.looseObject({
  eventId: z.union([z.number(), z.string()]).optional(),
  subscriptionId: z.union([z.number(), z.string()]).optional(),
  portalId: id,
  appId: id.optional(),
  occurredAt: z.number().refine((v) => Number.isInteger(v) && v >= 0 && v < OCCURRED_AT_MAX_MS, 'must be whole epoch milliseconds from 1970 to before 2100'),
  // Older payloads call it eventType; one of the two must be present (checked below).
  subscriptionType: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  attemptNumber: z.number().int().nonnegative().optional(),
  // Absent on association changes (they carry fromObjectId/toObjectId); required below for the kinds that carry it.
  objectId: id.optional(),
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
  newObjectId: id.optional(),
  numberOfPropertiesMoved: z.number().int().nonnegative().optional(),
});

export const webhookEventSchema = eventFields.superRefine((e, ctx) => {
  const type = e.subscriptionType ?? e.eventType;
  if (!type) {
    ctx.addIssue({ code: 'custom', path: ['subscriptionType'], message: 'is required' });
    return;
  }
  const action = type.split('.')[1] ?? '';
  if (action === 'associationChange') {
    // HubSpot sends no objectId here: the two ends are the subject.
    if (e.fromObjectId === undefined) ctx.addIssue({ code: 'custom', path: ['fromObjectId'], message: 'is required on an association change' });
    if (e.toObjectId === undefined) ctx.addIssue({ code: 'custom', path: ['toObjectId'], message: 'is required on an association change' });
    if (!e.associationType) ctx.addIssue({ code: 'custom', path: ['associationType'], message: 'is required on an association change' });
  } else if (action === 'merge') {
    // Whether merges carry objectId is not documented; the surviving record is what we need.
    if (e.newObjectId === undefined && e.primaryObjectId === undefined && e.objectId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['newObjectId'], message: 'a merge needs newObjectId, primaryObjectId or objectId' });
    }
  } else if (HANDLED_ACTIONS.has(action) && e.objectId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['objectId'], message: 'is required' });
  }
});

/** A whole delivery validated at once (tests and tools; the intake validates per event, see {@link sortDelivery}). */
export const webhookBodySchema = z.array(webhookEventSchema);

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** `deal.propertyChange` or `object.propertyChange` + objectTypeId → ['deal', 'propertyChange']. */
export function eventKind(e: Pick<WebhookEvent, 'subscriptionType' | 'eventType' | 'objectTypeId'>): { object: 'deal' | 'company' | 'other'; action: string } {
  const type = e.subscriptionType ?? e.eventType ?? '';
  const [prefix = '', action = ''] = type.split('.');
  let object = prefix;
  if (prefix === 'object') object = e.objectTypeId === '0-3' ? 'deal' : e.objectTypeId === '0-2' ? 'company' : 'other';
  return { object: object === 'deal' || object === 'company' ? object : 'other', action };
}

/**
 * Does the app act on this subscription type at all? `deal.*`, `company.*` and generic `object.*`
 * with one of the six CRM actions; anything else (contact events, `conversation.*`, types HubSpot
 * adds later) is accepted and skipped at the door, never a dead letter.
 */
export function isHandledType(type: string): boolean {
  const [prefix = '', action = ''] = type.split('.');
  return (prefix === 'deal' || prefix === 'company' || prefix === 'object') && HANDLED_ACTIONS.has(action);
}

type AssociationEnd = 'deal' | 'company' | 'other';

function endKind(part: string): AssociationEnd {
  const name = part.replace(/^(PARENT|CHILD)_/, '');
  if (name.startsWith('DEAL') || name.startsWith('0-3')) return 'deal';
  if (name.startsWith('COMPANY') || name.startsWith('0-2')) return 'company';
  return 'other';
}

/**
 * The kinds at both ends of an association change, from its `associationType`: `DEAL_TO_COMPANY`,
 * `COMPANY_TO_DEAL`, labelled or unlabelled variants with a suffix (`DEAL_TO_COMPANY_UNLABELED`),
 * `COMPANY_TO_COMPANY`, `PARENT_COMPANY_TO_CHILD_COMPANY` / `CHILD_TO_PARENT_COMPANY`. The `from`
 * end is always the subscribed object, so an unreadable type falls back to the event's object.
 */
export function associationEnds(e: WebhookEvent): { from: AssociationEnd; to: AssociationEnd } {
  const type = (e.associationType ?? '').toUpperCase();
  const at = type.indexOf('_TO_');
  const { object } = eventKind(e);
  if (at < 0) return { from: object, to: 'other' };
  const fromPart = type.slice(0, at);
  const toPart = type.slice(at + 4);
  const to = endKind(toPart);
  // CHILD_TO_PARENT_COMPANY names the kind once, on the right.
  const from = fromPart === 'CHILD' || fromPart === 'PARENT' ? to : endKind(fromPart);
  return { from: from === 'other' ? object : from, to };
}

/** The deal an association change is about (the deal side of deal↔company), if any. */
function associationDeal(e: WebhookEvent): string | undefined {
  const ends = associationEnds(e);
  if (ends.from === 'deal' && ends.to === 'company') return e.fromObjectId;
  if (ends.from === 'company' && ends.to === 'deal') return e.toObjectId;
  return undefined;
}

/** The record that survives a merge: `newObjectId`, else `primaryObjectId`, else `objectId`. */
function mergeSurvivor(e: WebhookEvent): string | undefined {
  return e.newObjectId ?? e.primaryObjectId ?? e.objectId;
}

/**
 * What identifies an event. `eventId` is not unique and `attemptNumber` changes on a retry, so
 * neither is part of the key; everything that says *what happened* is. Merge events (which may
 * carry no `objectId`) add their record ids.
 *
 * @example eventDedupeKey(e) // '9|deal.propertyChange||42|1000|dealstage|closedwon||||'
 */
export function eventDedupeKey(e: WebhookEvent): string {
  const type = e.subscriptionType ?? e.eventType ?? '';
  const parts = [
    `${e.portalId}`,
    type,
    e.objectTypeId ?? '',
    e.objectId ?? '',
    String(e.occurredAt),
    e.propertyName ?? '',
    e.propertyValue === undefined || e.propertyValue === null ? '' : String(e.propertyValue),
    e.associationType ?? '',
    e.fromObjectId ?? '',
    e.toObjectId ?? '',
    e.associationRemoved === undefined ? '' : String(e.associationRemoved),
  ];
  if (eventKind(e).action === 'merge') parts.push(e.newObjectId ?? '', e.primaryObjectId ?? '', (e.mergedObjectIds ?? []).join(','));
  return parts.join('|');
}

/**
 * The inbox subject the worker coalesces on: the object the event is about. For an association
 * change that is the deal side (deal↔company), else its `from` end; for a merge the surviving record.
 */
export function eventSubject(e: WebhookEvent): string {
  const { object, action } = eventKind(e);
  if (action === 'associationChange') {
    const deal = associationDeal(e);
    if (deal) return `deal:${deal}`;
    return `${associationEnds(e).from}:${e.fromObjectId ?? ''}`;
  }
  if (action === 'merge') return `${object}:${mergeSurvivor(e) ?? ''}`;
  return `${object}:${e.objectId ?? ''}`;
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
  | { action: 'skip'; reason: 'output_property' | 'other_object' | 'other_portal' | 'deleted' | 'other_association' | 'unsupported' }
  | { action: 'deals'; dealIds: string[] }
  | { action: 'companies'; companyIds: string[] };

/**
 * Decides what an event asks of the worker. Loop prevention rests on two things: events on output
 * properties are our own echoes (skipped here), and the gateway never writes an unchanged value, so
 * a recompute that changes nothing writes nothing. Changes made with the app's own token
 * (`changeSource` INTEGRATION, `sourceId` = our app id) are NOT skipped: a static-auth app's token
 * is also used by the portal admins' scripts and imports, and a deal they close must still pay.
 *
 * @example classifyEvent(e, { appId: '1234', portalId: '999' }) // { action: 'deals', dealIds: ['42'] }
 */
export function classifyEvent(e: WebhookEvent, ctx: { appId: string | undefined; portalId: string | undefined }): EventDecision {
  if (ctx.portalId && e.portalId !== ctx.portalId) return { action: 'skip', reason: 'other_portal' };
  const { object, action } = eventKind(e);
  // Association changes are judged by their associationType: a generic object.associationChange
  // carries no objectTypeId (HubSpot adds it only to the other five kinds).
  if (action === 'associationChange') {
    const deal = associationDeal(e);
    if (deal) return { action: 'deals', dealIds: [deal] };
    const ends = associationEnds(e);
    // company↔company (parent/child): both companies' deals may change account keys.
    if (ends.from === 'company' && ends.to === 'company' && e.fromObjectId && e.toObjectId) {
      return { action: 'companies', companyIds: [...new Set([e.fromObjectId, e.toObjectId])] };
    }
    // deal↔contact, company↔contact, deal↔line item, …: nothing attribution depends on.
    return { action: 'skip', reason: 'other_association' };
  }
  if (object === 'other') return { action: 'skip', reason: 'other_object' };
  if (action === 'propertyChange' && isOutputProperty(object, e.propertyName)) return { action: 'skip', reason: 'output_property' };
  if (action === 'deletion') return { action: 'skip', reason: 'deleted' };
  if (action === 'merge') {
    // Only the surviving record exists afterwards; the merged-away ids would read as missing.
    const survivor = mergeSurvivor(e);
    if (!survivor) return { action: 'skip', reason: 'unsupported' };
    return object === 'deal' ? { action: 'deals', dealIds: [survivor] } : { action: 'companies', companyIds: [survivor] };
  }
  if (['creation', 'propertyChange', 'restore'].includes(action) && e.objectId) {
    return object === 'deal' ? { action: 'deals', dealIds: [e.objectId] } : { action: 'companies', companyIds: [e.objectId] };
  }
  return { action: 'skip', reason: 'unsupported' };
}

/** Skips decided by the event alone (no CRM state): safe to acknowledge without storing. */
function isIgnorable(e: WebhookEvent, ctx: { appId: string | undefined; portalId: string | undefined }): boolean {
  const d = classifyEvent(e, ctx);
  return d.action === 'skip' && (d.reason === 'output_property' || d.reason === 'other_portal' || d.reason === 'other_object' || d.reason === 'other_association');
}

/**
 * Is `value` nested deeper than `max` levels (a scalar is depth 0, `[1]` depth 1)? Iterative, so
 * a hostile 100,000-level body cannot overflow the stack while we look at it.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels: dropped]`;

/** A copy cut at MAX_JSON_DEPTH (bounded recursion); own `__proto__` keys stay plain data. */
function pruned(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => pruned(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pruned(v, depth + 1)]));
}

function subjectOfRejected(raw: unknown): string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'webhook:rejected';
  const r = raw as Record<string, unknown>;
  const type = typeof r.subscriptionType === 'string' ? r.subscriptionType : typeof r.eventType === 'string' ? r.eventType : '';
  const { object } = eventKind({ subscriptionType: type, objectTypeId: typeof r.objectTypeId === 'string' ? r.objectTypeId : undefined });
  // The record it was about when that can be read (association changes name their `from` end).
  const about = [r.objectId, r.fromObjectId].find((v) => typeof v === 'number' || typeof v === 'string');
  const objectId = about === undefined ? '' : String(about);
  return object !== 'other' && /^\d{1,20}$/.test(objectId) ? `${object}:${objectId}` : 'webhook:rejected';
}

const MAX_REASON_CHARS = 1000;

function deadLetterFor(raw: unknown, reason: string, receivedAt: Date): NewDeadLetter {
  const payload = pruned(raw);
  // Same rule as for valid events: a retried delivery (new eventId/attemptNumber) is the same thing.
  const identity = payload !== null && typeof payload === 'object' && !Array.isArray(payload)
    ? Object.fromEntries(Object.entries(payload).filter(([k]) => k !== 'eventId' && k !== 'attemptNumber'))
    : payload;
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 32);
  return {
    dedupeKey: `hs-rejected:${digest}`,
    kind: 'event',
    subject: subjectOfRejected(raw),
    payload,
    occurredAt: receivedAt,
    error: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason,
  };
}

export interface SortedDelivery {
  /** Valid events the worker must see. */
  inbox: NewInboxItem[];
  /** Invalid events, kept with the reason (never dropped). */
  deadLetters: NewDeadLetter[];
  /** Events acknowledged without storing: types we do not handle, echoes, other portals. */
  ignored: number;
}

/**
 * Sorts one webhook delivery (a parsed JSON array) event by event, so one bad event never sinks
 * the batch: valid events go to the inbox, invalid ones become dead letters whose reason names the
 * field (`events[3].occurredAt: …`), and types the app does not handle are skipped.
 *
 * @example sortDelivery([{ portalId: 9, occurredAt: 1, subscriptionType: 'deal.creation', objectId: 42 }], { appId: '5', portalId: '9', receivedAt: new Date() })
 */
export function sortDelivery(elements: readonly unknown[], ctx: { appId: string | undefined; portalId: string | undefined; receivedAt: Date }): SortedDelivery {
  const valid: WebhookEvent[] = [];
  const deadLetters: NewDeadLetter[] = [];
  let ignored = 0;
  elements.forEach((raw, i) => {
    const at = `events[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      deadLetters.push(deadLetterFor(raw, `${at}: must be an object (a HubSpot webhook event)`, ctx.receivedAt));
      return;
    }
    if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
      deadLetters.push(deadLetterFor(raw, `${at}: nested deeper than ${MAX_JSON_DEPTH} levels`, ctx.receivedAt));
      return;
    }
    const r = raw as Record<string, unknown>;
    const type = r.subscriptionType ?? r.eventType;
    if (typeof type === 'string' && type.length > 0 && !isHandledType(type)) {
      ignored += 1;
      return;
    }
    const parsed = webhookEventSchema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => `${formatPath(issue.path, at)}: ${issue.message}`).join('; ');
      deadLetters.push(deadLetterFor(raw, reason, ctx.receivedAt));
      return;
    }
    if (isIgnorable(parsed.data, ctx)) ignored += 1;
    else valid.push(parsed.data);
  });
  return { inbox: toInboxItems(valid), deadLetters, ignored };
}
