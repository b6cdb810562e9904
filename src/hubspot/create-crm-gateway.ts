/**
 * The CrmGateway over `@hubspot/api-client` 13.5. See crm-gateway.ts for the contract and
 * docs/decisions/0003-gateway-pacing-and-retries.md for the why.
 */
import { ROLES } from '../domain';
import { APP_SCHEMA, PARTNER_TYPE_PROPERTY, type PropertySpec, type SchemaObjectType } from './app-schema';
import { CrmPermanentError } from './crm-errors';
import type {
  CrmCompany,
  CrmCompanySummary,
  CrmDeal,
  CrmGateway,
  CrmGatewayOptions,
  DealIdSearch,
  DealPartnerLink,
  ExchangeRateInfo,
  GatewayLogger,
  Owner,
  StageInfo,
  WriteOptions,
  WriteReport,
} from './crm-gateway';
import { createHubSpotCaller, DEFAULT_RETRY_POLICY, type CallContext } from './create-hubspot-caller';
import { createHubSpotSdk, DEFAULT_HUBSPOT_BASE_URL, sdkOptions } from './create-hubspot-sdk';
import { createCrmStatusTracker } from './crm-status';
import { createCustomObjectsGateway } from './custom-objects-gateway';
import { createRateLimiter } from './rate-limiter';
import {
  currentRoleTypeIds,
  hasUnknownUserLabel,
  indexRoleLabels,
  toDealPartnerLinks,
  type RawAssociatedObject,
  type RoleLabelIndex,
} from './mappers/association-mapper';
import { COMPANY_READ_PROPERTIES, parseCompany } from './mappers/company-mapper';
import { COMPANY_SUMMARY_PROPERTIES, parseCompanySummary } from './mappers/company-summary-mapper';
import { parseCompanyCurrency, parseExchangeRates } from './mappers/currency-mapper';
import { DEAL_READ_PROPERTIES, parseDeal } from './mappers/deal-mapper';
import { toNoteProperties, toTaskProperties } from './mappers/engagement-mapper';
import { parseOwner } from './mappers/owner-mapper';
import type { RawObject } from './mappers/raw-object';
import { parsePipelineStages } from './mappers/stage-mapper';
import { sameHubSpotValue } from './same-hubspot-value';

/** HubSpot's batch object endpoints take at most 100 inputs (docs/hubspot.md §4.1). */
export const OBJECT_BATCH_SIZE = 100;
/** v4 association batch read takes up to 1,000 inputs since 2025-02 (§4.4). */
export const ASSOCIATION_READ_BATCH_SIZE = 1_000;
/** Association batch create/archive: cap unconfirmed (3P says 2,000); 100 is safe. */
export const ASSOCIATION_WRITE_BATCH_SIZE = 100;

/** Types of the properties the app writes, so unchanged-value checks compare numbers as numbers and text exactly. */
const PROPERTY_TYPES: Record<SchemaObjectType, ReadonlyMap<string, PropertySpec['type']>> = {
  deals: new Map(APP_SCHEMA.properties.deals.map((p) => [p.name, p.type])),
  companies: new Map(APP_SCHEMA.properties.companies.map((p) => [p.name, p.type])),
};
/** Search: ≤200 per page and no paging past 10,000 results (§4.2). */
export const SEARCH_PAGE_SIZE = 200;
export const SEARCH_RESULT_CAP = 10_000;

/** HUBSPOT_DEFINED association type ids (§4.4). */
const NOTE_TO_DEAL = 214;
const TASK_TO_DEAL = 216;
const NOTE_TO_COMPANY = 190;
const TASK_TO_COMPANY = 192;

/** Inline `associations` of an engagement create body: one entry per deal and company. */
function engagementAssociations(toDeal: number, toCompany: number, dealIds: string[] = [], companyIds: string[] = []) {
  const one = (id: string, typeId: number) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } as never] });
  return [...dealIds.map((id) => one(id, toDeal)), ...companyIds.map((id) => one(id, toCompany))];
}
const CHILD_TO_PARENT_COMPANY = 14;

const silentLogger: GatewayLogger = { debug: () => {}, info: () => {}, warn: () => {} };

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/**
 * Runs `fn` over `items` with at most `concurrency` in flight; results keep the input order. A
 * serial loop would leave a bulk job latency-bound well under the rate limit; the shared limiter,
 * not this pool, decides how fast calls actually go. After a failure nothing new starts, the
 * calls in flight settle, and the first error is thrown.
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failed) throw failed.error;
  return results;
}

type FilterOperator = 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'IN' | 'NOT_IN' | 'BETWEEN';
interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string;
  values?: string[];
}
interface SearchPage {
  total: number;
  results: Array<{ id: string; properties: Record<string, string | null> }>;
  paging?: { next?: { after?: string } };
}

/**
 * @example
 *   const limiter = createRateLimiter({ perTenSeconds: 190 });           // one per app, per process
 *   const gateway = createCrmGateway({ accessToken, basePath: emulator.baseUrl, limiter, logger });
 *   const deals = await gateway.readDeals(['101', '102']);
 */
export function createCrmGateway(opts: CrmGatewayOptions): CrmGateway {
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const limiter = opts.limiter ?? createRateLimiter({ perTenSeconds: 190, now });
  const status = createCrmStatusTracker(now);
  const call = createHubSpotCaller({
    limiter,
    status,
    logger,
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: opts.random ?? Math.random,
    maxAttempts: opts.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    backoffBaseMs: opts.backoffBaseMs ?? DEFAULT_RETRY_POLICY.backoffBaseMs,
    backoffMaxMs: opts.backoffMaxMs ?? DEFAULT_RETRY_POLICY.backoffMaxMs,
    dailyBlockMs: opts.dailyBlockMs ?? DEFAULT_RETRY_POLICY.dailyBlockMs,
  });

  const sdk = createHubSpotSdk({ accessToken: opts.accessToken, ...(opts.basePath ? { basePath: opts.basePath } : {}) });
  const o = sdkOptions;

  const stagesTtlMs = opts.stagesTtlMs ?? 5 * 60_000;
  const concurrency = opts.concurrency ?? 4;
  let stagesCache: { at: number; value: Map<string, StageInfo> } | undefined;
  let labelCache: { at: number; value: RoleLabelIndex } | undefined;
  let companyCurrencyCache: { at: number; value: string } | undefined;
  let ratesCache: { at: number; value: ExchangeRateInfo[] } | undefined;
  const baseUrl = (opts.basePath ?? DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');

  /**
   * A GET the SDK 13.5 has no API object for (the settings currencies API), through the same caller:
   * pacing, DAILY blocks and retries as every other call. HTTP errors are thrown the way the caller
   * reads SDK errors (`code` = status, `body` = the raw text), so 429/5xx/4xx map the same way.
   */
  async function getJson(ctx: CallContext, path: string): Promise<unknown> {
    return call(ctx, async () => {
      const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${opts.accessToken}`, accept: 'application/json' } });
      const text = await res.text();
      const headers = Object.fromEntries(res.headers.entries());
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status} from ${path}`), { code: res.status, body: text, headers });
      try {
        return { data: JSON.parse(text) as unknown, headers };
      } catch {
        throw new CrmPermanentError({ message: `${ctx.operation}: HubSpot answered with something that is not JSON`, status: res.status, ...(ctx.objectType ? { objectType: ctx.objectType } : {}), category: 'DATA_ERROR' });
      }
    });
  }

  async function roleLabels(force = false): Promise<RoleLabelIndex> {
    if (!force && labelCache && now() - labelCache.at < stagesTtlMs) return labelCache.value;
    const res = await call({ operation: 'read deal→company labels', objectType: 'association labels' }, (x) => sdk.labels.getAllWithHttpInfo('deals', 'companies', o(x)));
    const value = indexRoleLabels(res.results.map((r) => ({ typeId: r.typeId, label: r.label ?? null, category: String(r.category) })));
    labelCache = { at: now(), value };
    return value;
  }

  function dataError(objectType: string, id: string, errors: Array<{ path: string; message: string }>): CrmPermanentError {
    const first = errors[0]!;
    const property = first.path.split('.').slice(1).join('.') || undefined;
    return new CrmPermanentError({
      message: `unexpected value in HubSpot: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      status: 422,
      objectType,
      objectId: id,
      ...(property ? { property } : {}),
      category: 'DATA_ERROR',
    });
  }

  async function batchReadObjects(objectType: 'deals' | 'companies', ids: string[], properties: readonly string[]): Promise<RawObject[]> {
    const api = objectType === 'deals' ? sdk.deals.batchApi : sdk.companies.batchApi;
    const pages = await mapPool(chunk(unique(ids), OBJECT_BATCH_SIZE), concurrency, async (part) => {
      const ctx: CallContext = { operation: `batch read ${objectType}`, objectType, objectIds: part };
      const res = await call(ctx, (x) =>
        api.readWithHttpInfo({ inputs: part.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }, false, o(x)),
      );
      // A 207 lists ids HubSpot does not know in errors[]: they are simply absent (deleted or merged).
      return res.results.map((r): RawObject => ({ id: r.id, properties: r.properties, updatedAt: r.updatedAt }));
    });
    return pages.flat();
  }

  /** v4 batch association read, following per-record paging. */
  async function batchReadAssociations(from: string, to: string, ids: string[]): Promise<Map<string, RawAssociatedObject[]>> {
    const out = new Map<string, RawAssociatedObject[]>();
    for (const id of ids) out.set(id, []);
    let pending: Array<{ id: string; after?: string }> = unique(ids).map((id) => ({ id }));
    while (pending.length > 0) {
      const next: Array<{ id: string; after?: string }> = [];
      const responses = await mapPool(chunk(pending, ASSOCIATION_READ_BATCH_SIZE), concurrency, (part) => {
        const ctx: CallContext = { operation: `batch read ${from}→${to} associations`, objectType: from, objectIds: part.map((p) => p.id) };
        return call(ctx, (x) => sdk.associations.batchApi.getPageWithHttpInfo(from, to, { inputs: part }, o(x)));
      });
      for (const res of responses) {
        for (const r of res.results) {
          const list = out.get(r._from.id) ?? [];
          for (const t of r.to) {
            list.push({
              toObjectId: String(t.toObjectId),
              associationTypes: t.associationTypes.map((a) => ({ typeId: a.typeId, label: a.label ?? null, category: String(a.category) })),
            });
          }
          out.set(r._from.id, list);
          const after = r.paging?.next?.after;
          if (after) next.push({ id: r._from.id, after });
        }
      }
      pending = next;
    }
    return out;
  }

  async function parentsOf(companyIds: string[]): Promise<Map<string, string | null>> {
    const links = await batchReadAssociations('companies', 'companies', companyIds);
    const out = new Map<string, string | null>();
    for (const [id, objects] of links) {
      const parent = objects.find((x) => x.associationTypes.some((t) => t.typeId === CHILD_TO_PARENT_COMPANY && t.category === 'HUBSPOT_DEFINED'));
      out.set(id, parent?.toObjectId ?? null);
    }
    return out;
  }

  /**
   * Pages through a search, ordered by hs_object_id. HubSpot answers 400 to a page past the
   * 10,000th result (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm,
   * Limitations) although it still hands back a cursor, so the cursor is never followed past the
   * cap: the search starts again with `hs_object_id > last id` (keyset paging). Ids never change,
   * unlike hs_lastmodifieddate, which our own writes keep moving. Each id comes once.
   */
  async function* searchPages(objectType: 'deals' | 'companies', filters: SearchFilter[], properties: string[]): AsyncGenerator<SearchPage['results']> {
    let lastId: string | undefined;
    for (;;) {
      const groupFilters = lastId ? [...filters, { propertyName: 'hs_object_id', operator: 'GT' as const, value: lastId }] : filters;
      let after: string | undefined;
      let seen = 0;
      let total = 0;
      for (;;) {
        const request = {
          filterGroups: groupFilters.length ? [{ filters: groupFilters }] : [],
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] as unknown as string[],
          properties,
          limit: SEARCH_PAGE_SIZE,
          ...(after ? { after } : {}),
        };
        const api = objectType === 'deals' ? sdk.deals.searchApi : sdk.companies.searchApi;
        const page = (await call({ operation: `search ${objectType}`, kind: 'search', objectType }, (x) =>
          api.doSearchWithHttpInfo(request as never, o(x)),
        )) as unknown as SearchPage;
        total = page.total;
        seen += page.results.length;
        if (page.results.length > 0) {
          lastId = page.results[page.results.length - 1]!.id;
          yield page.results;
        }
        after = page.paging?.next?.after;
        if (page.results.length === 0) return;
        if (!after) {
          // No cursor: done — unless the results stopped at the cap with more matching (a HubSpot
          // that withholds the last cursor instead of handing one back).
          if (seen < total && seen >= SEARCH_RESULT_CAP - SEARCH_PAGE_SIZE) break;
          return;
        }
        // The next page would reach past the cap: HubSpot would answer 400. Start a new search instead.
        if (Number(after) + SEARCH_PAGE_SIZE > SEARCH_RESULT_CAP) break;
      }
      if (!lastId) return;
    }
  }

  async function writeProperties(
    objectType: 'deals' | 'companies',
    changes: Array<{ id: string; properties: Record<string, string> }>,
    options: WriteOptions | undefined,
  ): Promise<WriteReport> {
    // Coalesce: later changes to the same record win per property; one input per record.
    const desired = new Map<string, Record<string, string>>();
    for (const c of changes) desired.set(c.id, { ...(desired.get(c.id) ?? {}), ...c.properties });
    const report: WriteReport = { requested: changes.length, written: 0, skippedUnchanged: 0, apiCalls: 0, notFound: [] };

    const needRead = [...desired.keys()].filter((id) => !options?.current?.has(id));
    const current = new Map<string, Record<string, string | null | undefined>>();
    for (const [id, values] of options?.current ?? []) current.set(id, values);
    if (needRead.length > 0) {
      const names = new Set<string>();
      for (const id of needRead) for (const name of Object.keys(desired.get(id)!)) names.add(name);
      const rows = await batchReadObjects(objectType, needRead, [...names]);
      report.apiCalls += Math.ceil(needRead.length / OBJECT_BATCH_SIZE);
      for (const row of rows) current.set(row.id, row.properties);
    }

    const types = PROPERTY_TYPES[objectType];
    const inputs: Array<{ id: string; properties: Record<string, string> }> = [];
    for (const [id, props] of desired) {
      const have = current.get(id);
      if (!have) {
        report.notFound!.push(id);
        continue;
      }
      const delta: Record<string, string> = {};
      for (const [name, value] of Object.entries(props)) if (!sameHubSpotValue(have[name], value, types.get(name))) delta[name] = value;
      if (Object.keys(delta).length === 0) {
        report.skippedUnchanged++;
        continue;
      }
      inputs.push({ id, properties: delta });
    }
    if (report.notFound!.length > 0) logger.warn({ objectType, ids: report.notFound }, 'records to write no longer exist in HubSpot; skipped');

    const api = objectType === 'deals' ? sdk.deals.batchApi : sdk.companies.batchApi;
    await mapPool(chunk(inputs, OBJECT_BATCH_SIZE), concurrency, async (part) => {
      const ctx: CallContext = { operation: `batch update ${objectType}`, objectType, objectIds: part.map((p) => p.id) };
      const res = await call(ctx, (x) => api.updateWithHttpInfo({ inputs: part }, o(x)));
      report.apiCalls++;
      const errors = (res as { errors?: Array<{ message?: string; context?: Record<string, string[]> }> }).errors ?? [];
      report.written += res.results.length;
      if (errors.length > 0) {
        const e = errors[0]!;
        const objectId = e.context?.['id']?.[0] ?? e.context?.['ids']?.[0];
        const property = e.context?.['propertyName']?.[0];
        throw new CrmPermanentError({
          message: `${errors.length} of ${part.length} updates failed: ${e.message ?? 'unknown error'}`,
          status: 207,
          objectType,
          ...(objectId ? { objectId } : {}),
          ...(property ? { property } : {}),
        });
      }
    });
    logger.debug({ objectType, ...report }, 'wrote properties');
    return report;
  }

  async function readAssociatedObjects(dealId: string): Promise<RawAssociatedObject[]> {
    return (await batchReadAssociations('deals', 'companies', [dealId])).get(dealId) ?? [];
  }

  const gateway: CrmGateway = {
    async readDeals(ids, extraProperties = []) {
      const out = new Map<string, CrmDeal>();
      const extras = [...new Set(extraProperties)].filter((name) => !DEAL_READ_PROPERTIES.includes(name));
      for (const raw of await batchReadObjects('deals', ids, [...DEAL_READ_PROPERTIES, ...extras])) {
        const deal = parseDeal(raw, extras);
        if (!deal.ok) throw dataError('deals', raw.id, deal.errors);
        out.set(raw.id, deal.value);
      }
      return out;
    },

    async readDealPartnerLinks(dealIds) {
      const raw = await batchReadAssociations('deals', 'companies', dealIds);
      let index = await roleLabels();
      if ([...raw.values()].some((objects) => hasUnknownUserLabel(objects, index))) index = await roleLabels(true);
      const out = new Map<string, DealPartnerLink[]>();
      for (const [dealId, objects] of raw) out.set(dealId, toDealPartnerLinks(objects, index));
      return out;
    },

    async readCompanies(ids) {
      const rows = await batchReadObjects('companies', ids, COMPANY_READ_PROPERTIES);
      const parents = rows.length ? await parentsOf(rows.map((r) => r.id)) : new Map<string, string | null>();
      const out = new Map<string, CrmCompany>();
      for (const raw of rows) {
        const company = parseCompany(raw, parents.get(raw.id) ?? null);
        if (!company.ok) throw dataError('companies', raw.id, company.errors);
        out.set(raw.id, company.value);
      }
      return out;
    },

    async readCompanyDealIds(companyIds) {
      const raw = await batchReadAssociations('companies', 'deals', companyIds);
      const out = new Map<string, string[]>();
      for (const [id, objects] of raw) out.set(id, unique(objects.map((x) => x.toObjectId)));
      return out;
    },

    async listPartnerCompanies() {
      const rows: RawObject[] = [];
      for await (const page of searchPages('companies', [{ propertyName: PARTNER_TYPE_PROPERTY, operator: 'HAS_PROPERTY' }], [...COMPANY_READ_PROPERTIES])) {
        for (const r of page) rows.push({ id: r.id, properties: r.properties });
      }
      const parents = rows.length ? await parentsOf(rows.map((r) => r.id)) : new Map<string, string | null>();
      const out: CrmCompany[] = [];
      for (const raw of rows) {
        const company = parseCompany(raw, parents.get(raw.id) ?? null);
        // One mis-typed partner must not hide the others from the settings page: skip and say so.
        if (!company.ok) logger.warn({ companyId: raw.id, errors: company.errors }, 'partner company has invalid co-sell data; skipped');
        else out.push(company.value);
      }
      return out;
    },

    async *searchDealIds(filter: DealIdSearch) {
      const filters: SearchFilter[] = [];
      if (filter.updatedSince) filters.push({ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(filter.updatedSince.getTime()) });
      if (filter.pipelineStages && filter.pipelineStages.length > 0) filters.push({ propertyName: 'dealstage', operator: 'IN', values: filter.pipelineStages });
      if (filter.openOnly) {
        // Closed stages come from pipeline metadata: portable across portals, unlike hs_is_closed (§4.9).
        const closed = [...(await gateway.readStages()).values()].filter((s) => s.isClosed).map((s) => s.stageId);
        if (closed.length > 0) filters.push({ propertyName: 'dealstage', operator: 'NOT_IN', values: unique(closed) });
      }
      for await (const page of searchPages('deals', filters, ['hs_object_id'])) yield page.map((r) => r.id);
    },

    async readStages() {
      if (stagesCache && now() - stagesCache.at < stagesTtlMs) return stagesCache.value;
      const res = await call({ operation: 'read deal pipelines', objectType: 'pipelines' }, (x) => sdk.pipelines.getAllWithHttpInfo('deals', o(x)));
      const value = new Map<string, StageInfo>();
      for (const pipeline of res.results) {
        const stages = parsePipelineStages({ id: pipeline.id, stages: pipeline.stages });
        if (!stages.ok) throw dataError('pipelines', pipeline.id, stages.errors);
        for (const s of stages.value) value.set(s.stageId, s);
      }
      stagesCache = { at: now(), value };
      return value;
    },

    writeDealProperties: (changes, options) => writeProperties('deals', changes.map((c) => ({ id: c.dealId, properties: c.properties })), options),
    writeCompanyProperties: (changes, options) => writeProperties('companies', changes.map((c) => ({ id: c.companyId, properties: c.properties })), options),

    async setDealPartnerRoles(dealId, partners) {
      let labels = await roleLabels();
      const missing = ROLES.filter((r) => !labels.typeIdByRole.has(r) && partners.some((p) => p.roles.includes(r)));
      if (missing.length > 0) {
        labels = await roleLabels(true);
        const stillMissing = missing.filter((r) => !labels.typeIdByRole.has(r));
        if (stillMissing.length > 0) {
          throw new CrmPermanentError({
            message: `association label(s) for role(s) ${stillMissing.join(', ')} are missing in this portal; run \`npx cosell setup --apply\``,
            status: 409,
            objectType: 'deals',
            objectId: dealId,
            category: 'SCHEMA_MISSING',
          });
        }
      }
      const have = currentRoleTypeIds(await readAssociatedObjects(dealId), labels);
      const want = new Map<string, Set<number>>();
      for (const p of partners) {
        const set = want.get(p.companyId) ?? new Set<number>();
        for (const role of p.roles) set.add(labels.typeIdByRole.get(role)!);
        want.set(p.companyId, set);
      }
      const creates: Array<{ companyId: string; typeIds: number[] }> = [];
      const removes: Array<{ companyId: string; typeIds: number[] }> = [];
      for (const [companyId, set] of want) {
        const current = have.get(companyId) ?? new Set<number>();
        const add = [...set].filter((t) => !current.has(t));
        if (add.length) creates.push({ companyId, typeIds: add });
      }
      // A company that held a role and is no longer listed leaves the deal: archiving only its labels would
      // keep a plain association the card reports as "partner without a role" and cannot remove.
      // Companies that never held a role label (the customer, contacts' employers) are not in `have`.
      const unlinks: string[] = [];
      for (const [companyId, current] of have) {
        const target = want.get(companyId);
        if (!target) {
          unlinks.push(companyId);
          continue;
        }
        const drop = [...current].filter((t) => !target.has(t));
        if (drop.length) removes.push({ companyId, typeIds: drop });
      }
      const spec = (typeId: number) => ({ associationCategory: 'USER_DEFINED', associationTypeId: typeId }) as never;
      for (const part of chunk(creates, ASSOCIATION_WRITE_BATCH_SIZE)) {
        const inputs = part.map((c) => ({ _from: { id: dealId }, to: { id: c.companyId }, types: c.typeIds.map(spec) }));
        await call({ operation: 'create deal→company role labels', objectType: 'deals', objectIds: [dealId] }, (x) =>
          sdk.associations.batchApi.createWithHttpInfo('deals', 'companies', { inputs }, o(x)),
        );
      }
      // labels/archive removes only these labels: the unlabeled association and other labels stay.
      for (const part of chunk(removes, ASSOCIATION_WRITE_BATCH_SIZE)) {
        const inputs = part.map((c) => ({ _from: { id: dealId }, to: { id: c.companyId }, types: c.typeIds.map(spec) }));
        await call({ operation: 'archive deal→company role labels', objectType: 'deals', objectIds: [dealId] }, (x) =>
          sdk.associations.batchApi.archiveLabelsWithHttpInfo('deals', 'companies', { inputs }, o(x)),
        );
      }
      // batch/archive removes every association type between the pair, the unlabeled one included.
      for (const part of chunk(unlinks, ASSOCIATION_WRITE_BATCH_SIZE)) {
        const inputs = [{ _from: { id: dealId }, to: part.map((id) => ({ id })) }];
        await call({ operation: 'archive deal→company associations', objectType: 'deals', objectIds: [dealId] }, (x) =>
          sdk.associations.batchApi.archiveWithHttpInfo('deals', 'companies', { inputs }, o(x)),
        );
      }
      logger.debug({ dealId, created: creates.length, removed: removes.length, unlinked: unlinks.length }, 'set deal partner roles');
    },

    async createDealNote(dealId, bodyHtml, timestamp) {
      const res = await call({ operation: 'create note', objectType: 'notes', objectIds: [dealId], idempotent: false }, (x) =>
        sdk.notes.createWithHttpInfo(
          {
            properties: toNoteProperties(bodyHtml, timestamp),
            associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_DEAL } as never] }],
          },
          o(x),
        ),
      );
      return res.id;
    },

    async createDealTask(dealId, task) {
      const res = await call({ operation: 'create task', objectType: 'tasks', objectIds: [dealId], idempotent: false }, (x) =>
        sdk.tasks.createWithHttpInfo(
          {
            properties: toTaskProperties(task),
            associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL } as never] }],
          },
          o(x),
        ),
      );
      return res.id;
    },

    async createTask(task) {
      const objectIds = [...(task.dealIds ?? []), ...(task.companyIds ?? [])];
      const res = await call({ operation: 'create task', objectType: 'tasks', objectIds, idempotent: false }, (x) =>
        sdk.tasks.createWithHttpInfo(
          { properties: toTaskProperties(task), associations: engagementAssociations(TASK_TO_DEAL, TASK_TO_COMPANY, task.dealIds, task.companyIds) },
          o(x),
        ),
      );
      return res.id;
    },

    async createNote(note) {
      const objectIds = [...(note.dealIds ?? []), ...(note.companyIds ?? [])];
      const res = await call({ operation: 'create note', objectType: 'notes', objectIds, idempotent: false }, (x) =>
        sdk.notes.createWithHttpInfo(
          { properties: toNoteProperties(note.bodyHtml, note.timestamp), associations: engagementAssociations(NOTE_TO_DEAL, NOTE_TO_COMPANY, note.dealIds, note.companyIds) },
          o(x),
        ),
      );
      return res.id;
    },

    async completeTask(taskId) {
      try {
        await call({ operation: 'complete task', objectType: 'tasks', objectIds: [taskId] }, (x) =>
          sdk.tasks.updateWithHttpInfo(taskId, { properties: { hs_task_status: 'COMPLETED' } }, undefined, o(x)),
        );
      } catch (err) {
        if (err instanceof CrmPermanentError && err.status === 404) return;
        throw err;
      }
    },

    async listOwners() {
      const out: Owner[] = [];
      let after: string | undefined;
      let index = 0;
      for (;;) {
        const page = await call({ operation: 'list owners', objectType: 'owners' }, (x) => sdk.owners.getPageWithHttpInfo(undefined, after, 100, false, o(x)));
        for (const raw of page.results) {
          const owner = parseOwner(raw, index++);
          if (!owner.ok) logger.warn({ errors: owner.errors }, 'owner with unexpected shape; skipped');
          else out.push(owner.value);
        }
        after = page.paging?.next?.after;
        if (!after) return out;
      }
    },

    async readCompanyCurrency() {
      if (companyCurrencyCache && now() - companyCurrencyCache.at < stagesTtlMs) return companyCurrencyCache.value;
      const raw = await getJson({ operation: 'read company currency', objectType: 'currencies' }, '/settings/v3/currencies/company-currency');
      const parsed = parseCompanyCurrency(raw);
      if (!parsed.ok) throw dataError('currencies', 'company-currency', parsed.errors);
      companyCurrencyCache = { at: now(), value: parsed.value };
      return parsed.value;
    },

    async readExchangeRates() {
      if (ratesCache && now() - ratesCache.at < stagesTtlMs) return ratesCache.value;
      const raw = await getJson({ operation: 'read current exchange rates', objectType: 'currencies' }, '/settings/v3/currencies/exchange-rates/current');
      const { rates, problems } = parseExchangeRates(raw);
      if (problems.length > 0) logger.warn({ problems }, 'exchange rates with an unexpected shape; left out');
      ratesCache = { at: now(), value: rates };
      return rates;
    },

    customObjects: createCustomObjectsGateway({ call, baseUrl, accessToken: opts.accessToken }),
    status() {
      // A DAILY block recorded by another gateway sharing the limiter counts too.
      const daily = limiter.dailyBlockedUntil();
      if (daily > 0) status.record({ kind: 'daily_blocked', until: daily });
      return status.current();
    },

    async listDealPipelines() {
      const res = await call({ operation: 'list deal pipelines', objectType: 'pipelines' }, (x) => sdk.pipelines.getAllWithHttpInfo('deals', o(x)));
      return res.results
        .filter((p) => !p.archived && typeof p.id === 'string' && p.id !== '')
        .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
        .map((p) => ({ id: p.id, label: typeof p.label === 'string' && p.label.trim() !== '' ? p.label : p.id }));
    },

    async *listAllCompanies() {
      let after: string | undefined;
      for (;;) {
        const page = await call({ operation: 'list companies', objectType: 'companies' }, (x) =>
          sdk.companies.basicApi.getPageWithHttpInfo(OBJECT_BATCH_SIZE, after, [...COMPANY_SUMMARY_PROPERTIES], undefined, undefined, false, o(x)),
        );
        const out: CrmCompanySummary[] = [];
        for (const r of page.results) {
          const company = parseCompanySummary({ id: r.id, properties: r.properties });
          if (!company.ok) logger.warn({ companyId: r.id, errors: company.errors }, 'company with unexpected properties; left out of the company index');
          else out.push(company.value);
        }
        if (out.length > 0) yield out;
        after = page.paging?.next?.after;
        if (!after) return;
      }
    },

    async readCompanySummaries(ids) {
      const out = new Map<string, CrmCompanySummary>();
      for (const raw of await batchReadObjects('companies', ids, COMPANY_SUMMARY_PROPERTIES)) {
        const company = parseCompanySummary(raw);
        if (!company.ok) throw dataError('companies', raw.id, company.errors);
        out.set(raw.id, company.value);
      }
      return out;
    },

    async ping() {
      await call({ operation: 'ping', objectType: 'deals' }, (x) => sdk.deals.basicApi.getPageWithHttpInfo(1, undefined, ['hs_object_id'], undefined, undefined, false, o(x)));
    },

    async readCompanyOwners(ids) {
      const rows = await batchReadObjects('companies', ids, ['hubspot_owner_id']);
      const out = new Map<string, string | null>();
      for (const raw of rows) {
        const owner = raw.properties.hubspot_owner_id?.trim();
        out.set(raw.id, owner && /^\d+$/.test(owner) ? owner : null);
      }
      return out;
    },
  };
  return gateway;
}
