// The deal card's registration endpoints. Withdrawing and renewing queue recomputes of the deals
// on the account, so they wake the worker.
import type * as Api from '../../contract/card-api';
import type { CardRouteHooks, CardRoutes } from '../shared/card-routes';
import { registerDeal, renewRegistration, withdrawRegistration } from './registrations-service';

export function registrationsRoutes(hooks: CardRouteHooks = {}): CardRoutes<'registerDeal' | 'withdrawRegistration' | 'renewRegistration'> {
  return {
    registerDeal: (d, c) => registerDeal(d, c.params.dealId!, c.body as Api.RegisterRequest, c.actor),
    withdrawRegistration: async (d, c) => {
      const r = await withdrawRegistration(d, c.params.dealId!, c.body as Api.WithdrawRegistrationRequest, c.actor);
      if (r.ok) hooks.onEnqueued?.();
      return r;
    },
    renewRegistration: async (d, c) => {
      const r = await renewRegistration(d, c.params.dealId!, c.actor);
      if (r.ok) hooks.onEnqueued?.();
      return r;
    },
  };
}
