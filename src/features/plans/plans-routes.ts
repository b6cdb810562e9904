// The deal card's plan endpoint.
import type * as Api from '../../contract/card-api';
import type { CardRoutes } from '../shared/card-routes';
import { setDealPlan } from './plans-service';

export function plansRoutes(): CardRoutes<'setDealPlan'> {
  return {
    setDealPlan: (d, c) => setDealPlan(d, c.params.dealId!, c.body as Api.CoSellPlan, c.actor),
  };
}
