// The disputes endpoints of the card and the settings page. Opening and deciding queue a
// `dispute-sync` job, so they wake the worker.
import type * as Api from '../../contract/card-api';
import type { AppDeps } from '../../app/app-deps';
import type { CardRouteHooks, CardRoutes } from '../shared/card-routes';
import type { Actor } from '../shared/card-support';
import { idempotent, loadUserNames } from '../shared/card-support';
import { ok } from '../shared/outcome';
import { decideDispute, disputeEvidence, disputesOverview, listDisputes, openDispute } from './disputes-service';

/** The acting user with their name as the portal's owners give it (the id when HubSpot does not name them). */
async function person(deps: AppDeps, actor: Actor): Promise<{ userId: string; name: string }> {
  const names = await loadUserNames(deps);
  return { userId: actor.userId, name: names(actor.userId) ?? `User ${actor.userId}` };
}

export function disputesRoutes(hooks: CardRouteHooks = {}): CardRoutes<'listDealDisputes' | 'openDispute' | 'listDisputes' | 'getDisputeEvidence' | 'decideDispute'> {
  return {
    listDealDisputes: async (d, c) => ok({ disputes: await listDisputes(d, { dealId: c.params.dealId! }) }),
    openDispute: async (d, c) => {
      const body = c.body as Api.OpenDisputeRequest;
      const dealId = c.params.dealId!;
      const r = await idempotent(d, { endpoint: 'openDispute', dealId, body }, async () =>
        openDispute(d, { dealId, reason: body.reason, claim: body.claim ?? null }, await person(d, c.actor), c.actor.requestId),
      );
      if (r.ok) hooks.onEnqueued?.();
      return r;
    },
    listDisputes: async (d) => ok(await disputesOverview(d)),
    getDisputeEvidence: async (d, c) => disputeEvidence(d, c.params.disputeId!, await loadUserNames(d)),
    decideDispute: async (d, c) => {
      const body = c.body as Api.DecideDisputeRequest;
      const r = await decideDispute(d, c.params.disputeId!, { decision: body.decision, note: body.note, applyClaim: body.applyClaim ?? false }, await person(d, c.actor), c.actor.requestId);
      if (r.ok) hooks.onEnqueued?.();
      return r;
    },
  };
}
