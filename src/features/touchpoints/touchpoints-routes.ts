// The deal card's touchpoint endpoints.
import type * as Api from '../../contract/card-api';
import type { CardRoutes } from '../shared/card-routes';
import { createTouchpoint, listTouchpoints } from './touchpoints-service';

export function touchpointsRoutes(): CardRoutes<'createTouchpoint' | 'listTouchpoints'> {
  return {
    createTouchpoint: (d, c) => createTouchpoint(d, c.params.dealId!, c.body as Api.CreateTouchpointRequest, c.actor),
    listTouchpoints: (d, c) => listTouchpoints(d, c.params.dealId!),
  };
}
