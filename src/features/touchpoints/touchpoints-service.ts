// Touchpoints: partner activity logged from the deal card (and mirrored as a note on the deal).

import type * as Api from '../../contract/card-api';
import type { AppDeps } from '../../app/app-deps';
import { jobItem } from '../../jobs/inbox-job';
import type { TouchpointNoteJob } from '../touchpoints/touchpoints-jobs';
import { mirrorTouchpointNote } from '../touchpoints/touchpoint-note';
import type { Actor, UserNames } from '../shared/card-support';
import { dealContext, idempotent, loadUserNames, noNames } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { invalid, notFound, ok } from '../shared/outcome';
import type { Touchpoint as StoredTouchpoint } from '../../store/store';

export function toApiTouchpoint(t: StoredTouchpoint, names: UserNames = noNames): Api.Touchpoint {
  return { id: t.id, dealId: t.dealId, companyId: t.partnerId, kind: t.kind, occurredAt: t.occurredAt, summary: t.summary, loggedBy: t.loggedBy, loggedByName: names(t.loggedBy), noteId: t.noteId, createdAt: t.createdAt };
}

export async function createTouchpoint(deps: AppDeps, dealId: string, body: Api.CreateTouchpointRequest, actor: Actor): Promise<Outcome<Api.Touchpoint>> {
  return idempotent(deps, { endpoint: 'createTouchpoint', dealId, body }, () => logTouchpoint(deps, dealId, body, actor));
}

const DAY_MS = 86_400_000;

/** UTC+14 is the earliest time zone: a user there is already on tomorrow's date for most of today in UTC. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/**
 * A logged touchpoint has happened, so its date may not be after today, in whichever time zone the
 * user is: anything past the end of the date it already is in UTC+14 is in the future for everyone.
 */
export function touchpointInFuture(occurredAt: string, now: Date): boolean {
  const lastDayStart = Math.floor((now.getTime() + EARLIEST_ZONE_MS) / DAY_MS) * DAY_MS;
  return Date.parse(occurredAt) >= lastDayStart + DAY_MS;
}

async function logTouchpoint(deps: AppDeps, dealId: string, body: Api.CreateTouchpointRequest, actor: Actor): Promise<Outcome<Api.Touchpoint>> {
  if (touchpointInFuture(body.occurredAt, deps.clock())) return invalid([{ path: 'occurredAt', message: 'must not be in the future (log touchpoints that have happened)' }]);
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const partner = ctx.partners.find((p) => p.companyId === body.companyId);
  if (!partner) return invalid([{ path: 'companyId', message: `company ${body.companyId} is not a partner on this deal` }]);
  const stored = await deps.store.touchpoints.add({ dealId, partnerId: body.companyId, kind: body.kind, occurredAt: body.occurredAt, summary: body.summary, loggedBy: actor.userId });
  await deps.store.audit.record({ actor: actor.userId, action: 'touchpoint.create', entityType: 'touchpoint', entityId: stored.id, after: stored, requestId: actor.requestId });
  let noteId: string | null = null;
  try {
    noteId = await mirrorTouchpointNote(deps, stored.id, partner.name);
  } catch (error) {
    // The touchpoint is saved; the note follows through the inbox with the worker's retries.
    deps.logger.warn({ err: error, touchpointId: stored.id, dealId }, 'note for touchpoint failed; queued for retry');
    await deps.store.inbox.enqueue([jobItem<TouchpointNoteJob>({ type: 'touchpoint-note', touchpointId: stored.id }, `touchpoint-note:${stored.id}`, deps.clock())]);
  }
  return ok(toApiTouchpoint({ ...stored, noteId }, await loadUserNames(deps)));
}

export async function listTouchpoints(deps: AppDeps, dealId: string): Promise<Outcome<Api.TouchpointList>> {
  if (!/^\d+$/.test(dealId)) return notFound(`deal ${dealId} not found`);
  const [list, names] = await Promise.all([deps.store.touchpoints.listByDeal(dealId), loadUserNames(deps)]);
  return ok({ touchpoints: list.map((t) => toApiTouchpoint(t, names)).reverse() });
}
