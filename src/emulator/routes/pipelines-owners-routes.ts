import { Router } from 'express';
import { notFound } from '../hubspot-error';
import { intQuery, objectTypeParam, param, stringQuery } from './route-helpers';
import type { RouteContext } from './route-helpers';

/** Read-only pipelines (deals) and owners, as the app only reads them. */
export function pipelinesOwnersRoutes(ctx: RouteContext): Router {
  const { state } = ctx;
  const router = Router();

  const pipelinesFor = (raw: string) => (objectTypeParam(raw) === 'deals' ? [...state.pipelines.values()] : []);
  const requirePipeline = (raw: string, id: string) => {
    const p = pipelinesFor(raw).find((x) => x.id === id);
    if (!p) throw notFound(`Unable to find pipeline ${id}`);
    return p;
  };

  router.get('/crm/v3/pipelines/:objectType', (req, res) => {
    res.json({ results: pipelinesFor(param(req, 'objectType')) });
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId', (req, res) => {
    res.json(requirePipeline(param(req, 'objectType'), param(req, 'pipelineId')));
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId/stages', (req, res) => {
    res.json({ results: requirePipeline(param(req, 'objectType'), param(req, 'pipelineId')).stages });
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId/stages/:stageId', (req, res) => {
    const stage = requirePipeline(param(req, 'objectType'), param(req, 'pipelineId')).stages.find((s) => s.id === param(req, 'stageId'));
    if (!stage) throw notFound(`Unable to find stage ${param(req, 'stageId')}`);
    res.json(stage);
  });

  router.get('/crm/v3/owners', (req, res) => {
    const limit = intQuery(req, 'limit', 100, 500);
    const email = stringQuery(req, 'email');
    const after = Number(stringQuery(req, 'after') ?? '0');
    const all = state.owners.filter((o) => !email || o.email.toLowerCase() === email.toLowerCase());
    const page = all.slice(after, after + limit);
    res.json({ results: page, ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) });
  });
  router.get('/crm/v3/owners/:ownerId', (req, res) => {
    const owner = state.owners.find((o) => o.id === param(req, 'ownerId'));
    if (!owner) throw notFound(`Owner ${param(req, 'ownerId')} not found`);
    res.json(owner);
  });

  return router;
}
