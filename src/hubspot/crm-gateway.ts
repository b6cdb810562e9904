/**
 * The CRM gateway: the only code that calls HubSpot.
 *
 * Everything the app needs from HubSpot goes through this interface, in domain shapes; the
 * `@hubspot/api-client` types never leave src/hubspot. Reads and writes are batched (≤100 per
 * object call, ≤1,000 per association read), writes are coalesced per record and skipped when
 * they would change nothing, every call is paced by the shared per-app limiter, and failures are
 * mapped to CrmDailyLimitError / CrmPermanentError / CrmTransientError (see crm-errors.ts and
 * docs/decisions/0003-gateway-pacing-and-retries.md).
 *
 * This file is the port: types only. The factory, the limiter and the error classes are exported
 * from src/hubspot/index.ts, which code outside src/hubspot imports.
 */
import type { CustomObjectsGateway } from './custom-objects-gateway';
import type { PartnerType, Role } from '../domain';
import type { CrmStatus } from './crm-status';
import type { RateLimiter } from './rate-limiter';

export type { CrmState, CrmStatus } from './crm-status';
export type { RateLimiter, RateLimitHeaders, RateLimiterOptions } from './rate-limiter';

export interface CrmDeal {
  id: string;
  name: string;
  amount: string | null;
  currency: string | null;
  /** YYYY-MM-DD (UTC date of HubSpot's closedate). */
  closeDate: string | null;
  stageId: string | null;
  pipelineId: string | null;
  ownerId: string | null;
  updatedAt: string;
  /** Current values of the app's cosell_* output properties (null = never set / empty). */
  outputs: Record<string, string | null>;
  /**
   * The extra deal properties the caller asked readDeals for (a rule set's `dealProperties`, which
   * its overrides test), by internal name; null when the deal has no value. Absent when none were asked.
   */
  properties?: Record<string, string | null>;
  /** HubSpot's `amount_in_home_currency`: the amount in the portal's company currency at the deal's rate; null/absent when unknown. */
  amountInHomeCurrency?: string | null;
}

export interface CrmCompany {
  id: string;
  name: string;
  domain: string | null;
  partnerType: PartnerType | null;
  parentCompanyId: string | null;
  /** The company's HubSpot owner (`hubspot_owner_id`); for a partner, its partner manager. Absent when nobody owns it. */
  ownerId?: string;
}

/** One of our companies as account mapping reads it (docs/account-mapping.md). */
export interface CrmCompanySummary {
  id: string;
  name: string;
  domain: string | null;
  website: string | null;
  /** Internal value of `lifecyclestage`, or null. */
  lifecycleStage: string | null;
  /** `hubspot_owner_id`: the company owner, or null. */
  ownerId: string | null;
}

export interface DealPartnerLink {
  companyId: string;
  /** Roles from the app's USER_DEFINED labels on the deal→company association. */
  roles: Role[];
  /** Any other labels on the association (customer's own), kept untouched. */
  otherLabels: string[];
}

export interface StageInfo {
  pipelineId: string;
  stageId: string;
  label: string;
  isClosed: boolean;
  isWon: boolean;
  probability: number | null;
}

export interface WriteReport {
  requested: number;
  written: number;
  skippedUnchanged: number;
  apiCalls: number;
  /** Ids that HubSpot no longer has (deleted/merged since they were read); nothing written for them. */
  notFound?: string[];
}

export interface DealIdSearch {
  updatedSince?: Date;
  openOnly?: boolean;
  pipelineStages?: string[];
}

export interface WriteOptions {
  /**
   * Current values the caller already holds (e.g. `CrmDeal.outputs` from a fresh readDeals),
   * keyed by record id. Records found here are not re-read before the write.
   */
  current?: Map<string, Record<string, string | null>>;
}

export interface Owner {
  id: string;
  /**
   * The HubSpot user behind the owner (absent for owners without a user, e.g. deactivated ones):
   * cards receive the user id (`context.user.id`), so names are looked up by it.
   * https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide
   */
  userId?: string;
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * One current exchange rate of the portal: `conversionRate` units of `toCurrencyCode` (the company
 * currency when it was set) per unit of `fromCurrencyCode`, as exact decimal text ("1.08").
 * docs/hubspot.md §4.11
 */
export interface ExchangeRateInfo {
  fromCurrencyCode: string;
  toCurrencyCode: string;
  conversionRate: string;
  effectiveAt: string | null;
}

export interface NewEngagementTask {
  subject: string;
  /** Plain text or simple HTML, as HubSpot shows it. */
  body: string;
  dueAt: Date;
  ownerId?: string;
  dealIds?: string[];
  companyIds?: string[];
}

export interface NewEngagementNote {
  bodyHtml: string;
  timestamp: Date;
  dealIds?: string[];
  companyIds?: string[];
}

export interface CrmGateway {
  /** Batch read (≤100 per call); ids HubSpot does not know are absent from the map. */
  /** `extraProperties`: deal properties to read besides the app's own (returned in `CrmDeal.properties`). */
  readDeals(ids: string[], extraProperties?: readonly string[]): Promise<Map<string, CrmDeal>>;
  /** v4 batch read (≤1,000 per call); labels → roles via the portal's label ids. Every requested id is a key. */
  readDealPartnerLinks(dealIds: string[]): Promise<Map<string, DealPartnerLink[]>>;
  /** Batch read; the parent comes from the company→company parent association. */
  readCompanies(ids: string[]): Promise<Map<string, CrmCompany>>;
  /** Deal ids associated with each company. Every requested id is a key. */
  readCompanyDealIds(companyIds: string[]): Promise<Map<string, string[]>>;
  /** Companies with a cosell_partner_type (search HAS_PROPERTY, paged). */
  listPartnerCompanies(): Promise<CrmCompany[]>;
  /** Pages of deal ids, each id once; past search's 10,000-result cap a new search continues from the last hs_object_id. */
  searchDealIds(filter: DealIdSearch): AsyncIterable<string[]>;
  /** Deal stages of every pipeline keyed by stageId, cached with a TTL. */
  readStages(): Promise<Map<string, StageInfo>>;
  /** Coalesces changes per deal, skips writes that change nothing, batches of ≤100. */
  writeDealProperties(changes: Array<{ dealId: string; properties: Record<string, string> }>, opts?: WriteOptions): Promise<WriteReport>;
  writeCompanyProperties(changes: Array<{ companyId: string; properties: Record<string, string> }>, opts?: WriteOptions): Promise<WriteReport>;
  /**
   * Makes the deal's role labels equal to `partners`: creates missing labels, archives removed
   * ones; keeps non-role labels and the unlabeled association.
   */
  setDealPartnerRoles(dealId: string, partners: Array<{ companyId: string; roles: Role[] }>): Promise<void>;
  /** Creates a note associated to the deal (type 214); returns the note id. */
  createDealNote(dealId: string, bodyHtml: string, timestamp: Date): Promise<string>;
  /** Creates a task associated to the deal (type 216); returns the task id. */
  createDealTask(dealId: string, task: { subject: string; body: string; dueAt: Date; ownerId?: string }): Promise<string>;
  /**
   * Creates a task (for a person: `ownerId` is the HubSpot owner it is assigned to) associated to
   * any deals and companies given (types 216 and 192); returns the task id. Not idempotent: the
   * caller records the id (or an idempotency key) so a retry never makes a second task.
   */
  createTask(task: NewEngagementTask): Promise<string>;
  /** Creates a note associated to any deals and companies given (types 214 and 190); returns the note id. */
  createNote(note: NewEngagementNote): Promise<string>;
  /** Marks a task completed (hs_task_status COMPLETED); a task already deleted in HubSpot is not an error. */
  completeTask(taskId: string): Promise<void>;
  listOwners(): Promise<Owner[]>;
  /** The portal's company (home) currency code, e.g. "USD"; cached with the stages' TTL (docs/hubspot.md §4.11). */
  readCompanyCurrency(): Promise<string>;
  /** The portal's current exchange rates, one per currency pair; cached with the stages' TTL (docs/hubspot.md §4.11). */
  readExchangeRates(): Promise<ExchangeRateInfo[]>;
  /**
   * Every company of the portal, page by page (≤100 each), with the CRM **list** endpoint (not search,
   * which stops at 10,000 results): name, domain, website, lifecycle stage, owner. A company whose
   * properties do not parse is skipped with a warning.
   */
  listAllCompanies(): AsyncIterable<CrmCompanySummary[]>;
  /** Batch read (≤100 per call) of the same properties; ids HubSpot does not know (deleted, merged away) are absent. */
  readCompanySummaries(ids: string[]): Promise<Map<string, CrmCompanySummary>>;
  /** A cheap authenticated call, for /readyz. */
  ping(): Promise<void>;
  /** What the gateway last learned about HubSpot (ok, throttled, daily-blocked until T, unreachable); makes no call. */
  status(): CrmStatus;
  /**
   * Each company's owner (`hubspot_owner_id`: for a partner company, its partner manager), null
   * when it has none; ids HubSpot does not know are absent. Batch read (≤100 per call).
   */
  readCompanyOwners(ids: string[]): Promise<Map<string, string | null>>;
  /** The portal's deal pipelines (not archived) with their labels, in HubSpot's display order. */
  listDealPipelines(): Promise<DealPipeline[]>;
  /** Custom object schemas and records (Enterprise portals); absent on fakes that do not need them. */
  customObjects?: CustomObjectsGateway;
}

/** A deal pipeline as people see it: its id and its label. */
export interface DealPipeline {
  id: string;
  label: string;
}

/** Minimal structured logger; a pino logger fits. */
export interface GatewayLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CrmGatewayOptions {
  accessToken: string;
  /** Default https://api.hubapi.com; the emulator's base URL in tests and embedded mode. */
  basePath?: string;
  /** Our app id (for logs; loop prevention happens in the worker). */
  appId?: string;
  /** ONE per app per process, shared by every gateway (createRateLimiter). Default: a private one at 190/10 s. */
  limiter?: RateLimiter;
  logger?: GatewayLogger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Retry budget for 5xx/network errors and burst 429s (attempts in total). Default 5. */
  maxAttempts?: number;
  /** First backoff step for 5xx/network errors (ms). Default 500. */
  backoffBaseMs?: number;
  /** Cap for one backoff wait (ms). Default 30,000. */
  backoffMaxMs?: number;
  /** Batch calls of one bulk operation in flight at once (the limiter still paces them). Default 4. */
  concurrency?: number;
  /** How long stages (and the currency settings) stay cached (ms). Default 5 minutes. */
  stagesTtlMs?: number;
  /** After a DAILY 429, how long calls fail fast without reaching HubSpot (ms). Default 15 minutes. */
  dailyBlockMs?: number;
}

