// The settings tab's account-mapping endpoints: send a list in parts, then run the map.
import type * as Api from '../../contract/card-api';
import type { CardRouteHooks, CardRoutes } from '../shared/card-routes';
import { putUploadPart, runAccountMap } from './account-mapping-runs';

export function accountMappingRoutes(hooks: CardRouteHooks = {}): CardRoutes<'uploadAccountMapPart' | 'runAccountMap'> {
  return {
    uploadAccountMapPart: (d, c) => putUploadPart(d, c.params.uploadId!, c.body as Api.AccountMapUploadPartRequest),
    runAccountMap: async (d, c) => {
      const body = c.body as Api.RunAccountMapRequest;
      const outcome = await runAccountMap(d, body, c.actor);
      // A saved map queued its write-back: wake an idle worker.
      if (outcome.ok && outcome.value.savedMapId) hooks.onEnqueued?.();
      return outcome;
    },
  };
}
