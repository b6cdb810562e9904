// The company record's scorecard endpoint.
import type { CardRoutes } from '../shared/card-routes';
import { getPartnerScorecard } from './scorecard-service';

export function scorecardRoutes(): CardRoutes<'getPartnerScorecard'> {
  return {
    getPartnerScorecard: (d, c) => getPartnerScorecard(d, c.params.companyId!),
  };
}
