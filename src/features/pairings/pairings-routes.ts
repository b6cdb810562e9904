// The settings page's Pairings tab endpoints.
import type * as Api from '../../contract/card-api';
import type { CardRoutes } from '../shared/card-routes';
import { checkPairing, decidePairing, listPairings, reviewPairings, startPairing } from './pairings-service';

export function pairingsRoutes(): CardRoutes<'listPairings' | 'checkPairing' | 'startPairing' | 'reviewPairings' | 'decidePairing'> {
  return {
    listPairings: (d) => listPairings(d),
    checkPairing: (d, c) => checkPairing(d, c.body as Api.CheckPairingRequest),
    startPairing: (d, c) => startPairing(d, c.body as Api.StartPairingRequest, c.actor),
    reviewPairings: (d) => reviewPairings(d),
    decidePairing: (d, c) => decidePairing(d, c.params.pairingId!, c.body as Api.DecidePairingRequest, c.actor),
  };
}
