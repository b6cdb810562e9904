import { Router } from 'express';
import type { RouteContext } from './route-helpers';

/**
 * The reads of HubSpot's settings currencies API the app uses (docs/hubspot.md §4.11), under the
 * v3 paths and the date-versioned ones: the company currency (`{ id, createdAt }`, the code in `id`)
 * and the current exchange rates (`{ results: [...] }`).
 */
export function currenciesRoutes(ctx: RouteContext): Router {
  const { state } = ctx;
  const router = Router();
  for (const base of ['/settings/v3/currencies', '/settings/currencies/2026-03']) {
    router.get(`${base}/company-currency`, (_req, res) => {
      res.json({ ...state.companyCurrency });
    });
    router.get(`${base}/exchange-rates/current`, (_req, res) => {
      res.json({ results: state.exchangeRates.map((r) => ({ ...r })) });
    });
  }
  return router;
}
