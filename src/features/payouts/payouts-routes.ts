// The settings page's Payouts tab endpoints: open commission lines with their math, bulk approval.
import type { CardRoutes } from '../shared/card-routes';
import { approveSelectedLines, listOpenPayoutLines } from './payouts-service';

export function payoutsRoutes(): CardRoutes<'listOpenPayoutLines' | 'approvePayoutLines'> {
  return {
    listOpenPayoutLines: (d) => listOpenPayoutLines(d),
    approvePayoutLines: (d, c) => approveSelectedLines(d, (c.body as { lineIds: string[] }).lineIds, `user:${c.actor.userId}`),
  };
}
