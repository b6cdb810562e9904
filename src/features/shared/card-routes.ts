// The shape of a feature's card/settings routes: one handler per endpoint of the card contract
// (src/contract/card-api.ts). The HTTP layer (webhooks/create-app.ts) verifies the signature,
// the portal, settings rights and the body before a handler runs, then maps its outcome to a
// status code with src/http/outcome-status.ts.
import type { CardEndpointName } from '../../contract/card-api';
import type { AppDeps } from '../../app/app-deps';
import type { Actor } from './card-support';
import type { Outcome } from './outcome';

/** A card request after the HTTP layer's checks: path parameters, the validated body, who acts. */
export interface CardRequest {
  params: Record<string, string>;
  body: unknown;
  actor: Actor;
}

export type CardHandler = (deps: AppDeps, req: CardRequest) => Promise<Outcome<unknown>>;

/** Endpoint name → handler, for the endpoints one feature serves. */
export type CardRoutes<K extends CardEndpointName> = { [P in K]: CardHandler };

/** What routes may tell the process: something was enqueued, so an idle worker should wake. */
export interface CardRouteHooks {
  onEnqueued?: () => void;
}
