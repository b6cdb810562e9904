// The deal card's deal endpoints: co-sell state, partners and roles, split preview, partner list.
import type * as Api from '../../contract/card-api';
import type { CardRoutes } from '../shared/card-routes';
import { getDealState, listPartners, previewDealSplit, setDealPartners } from './deals-service';

export function dealsRoutes(): CardRoutes<'getDealCoSell' | 'setDealPartners' | 'previewDealSplit' | 'listPartners'> {
  return {
    getDealCoSell: (d, c) => getDealState(d, c.params.dealId!),
    setDealPartners: (d, c) => setDealPartners(d, c.params.dealId!, c.body as Api.SetPartnersRequest, c.actor),
    previewDealSplit: (d, c) => previewDealSplit(d, c.params.dealId!, c.body as Api.SetPartnersRequest),
    listPartners: (d) => listPartners(d),
  };
}
