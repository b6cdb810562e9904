import { z } from 'zod';
import { DecideDisputeRequest, Dispute, DisputeEvidence, DisputeList, DisputesOverview, OpenDisputeRequest } from './disputes-api';
import { CheckPairingRequest, CheckPairingResponse, DecidePairingRequest, PairingList, PairingView, PartnerPairingSummary, StartPairingRequest, StartPairingResponse } from './pairings-api';
import { ProgramOverview, ProgramReport } from './reporting-api';
import { DealPipelineList, IncentivesSimulation, IncentivesSimulationRequest, OverrideCatchCounts } from './rule-sets-api';
import { NotificationSettingsResponse, SaveNotificationSettingsRequest } from './notifications-api';
import { ApprovePayoutLinesRequest, ApprovePayoutLinesResponse, PayoutLineList } from './payouts-api';

export * from './payouts-api';
import { AccountMapRunResult, AccountMapUploadPartRequest, AccountMapUploadReceipt, PartnerAccountMapSummary, RunAccountMapRequest } from './account-mapping-api';

/**
 * The card/backend contract: every card endpoint's request and response as zod schemas.
 * THE one source, shared as the workspace package `@cosell/contract`: the cards and the settings page
 * import it by name, and the backend through `src/contract/card-api.ts`
 * (docs/decisions/0009-extension-workspaces.md). It imports nothing but `zod`, so HubSpot can build it
 * from `extensions/` alone. The backend validates requests with these schemas and generates
 * `/openapi.json` from them.
 *
 * Conventions:
 * - money is a decimal string with exactly the currency's minor digits ("1234.50"), never a float;
 * - ids are HubSpot's numeric ids as strings; times are ISO-8601 strings;
 * - every request carries the signed query params of {@link CardQuery}.
 */

export const API_PREFIX = '/api/v1';

// ---------- vocabulary ----------

export const Role = z.enum(['sourcing', 'selling', 'technical_validation', 'implementation', 'influence']);
export type Role = z.infer<typeof Role>;

export const CoSellModel = z.enum(['sell_with', 'sell_through', 'sell_to']);
export type CoSellModel = z.infer<typeof CoSellModel>;

/** The model a computation used: a co-sell model, `solo` (one partner) or `none` (no partner). */
export const AppliedModel = z.enum(['sell_with', 'sell_through', 'sell_to', 'solo', 'none']);
export type AppliedModel = z.infer<typeof AppliedModel>;

export const PartnerType = z.enum(['reseller', 'technology', 'services', 'referral']);
export type PartnerType = z.infer<typeof PartnerType>;

export const TouchpointKind = z.enum(['meeting', 'demo', 'email', 'proposal_review', 'poc', 'intro', 'executive_sponsorship']);
export type TouchpointKind = z.infer<typeof TouchpointKind>;

const NumericId = z.string().regex(/^\d+$/, 'must be a numeric HubSpot id');
const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();

// ---------- errors ----------

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const ErrorCode = z.enum([
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'crm_unavailable',
  /** Data the backend stored no longer reads (422); the message names the table, row and field. */
  'corrupt_row',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Every non-2xx answer. `fields` names each invalid field (`partners[1].roles[0]`). */
export const ErrorResponse = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), fields: z.array(FieldError).optional() }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ---------- signed query params ----------

/**
 * Query params the card adds to every `hubspot.fetch` URL (they are inside the v3 signature).
 * `portalId` must equal the backend's configured portal; `userId` identifies the acting user;
 * `teamIds` is a comma-separated list used for the settings allow-list. HubSpot appends its own
 * params to the URL (https://github.com/HubSpot/ui-extensions-examples/tree/main/legacy-card-converter, "App ID query parameter"),
 * so a key can arrive twice: the backend keeps the last value (HubSpot's) before validating.
 */
export const CardQuery = z.object({
  portalId: NumericId,
  userId: NumericId,
  teamIds: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of numeric team ids')
    .optional(),
  // HubSpot appends these itself (appId is documented; userEmail may be): accepted, not required.
  appId: NumericId.optional(),
  userEmail: z.string().max(320).optional(),
});
export type CardQuery = z.infer<typeof CardQuery>;

// ---------- attribution (the split preview) ----------

export const Allocation = z.object({
  partnerId: z.string(),
  partnerName: z.string().nullable(),
  roles: z.array(Role),
  /** Sum of the partner's role weights under the model, in percentage points ("45", "33.3333"). */
  weight: Decimal,
  /** Share of the pool, 0..1 with 6 decimals. */
  share: Decimal,
  amount: Decimal,
});
export type Allocation = z.infer<typeof Allocation>;

/** Advice: the result is usable, but a person should look (e.g. a partner with no role). */
export const Warning = z.object({ code: z.string(), message: z.string(), partnerId: z.string().optional() });
export type Warning = z.infer<typeof Warning>;

export const AttributionPlan = z.object({
  dealId: z.string(),
  model: AppliedModel,
  ruleVersion: z.string(),
  /**
   * The rule set's override the deal fell under ("Enterprise deals"), null for the rule set's own
   * rules; absent in plans made before overrides existed (docs/rule-sets.md, "Overrides").
   */
  override: z.string().nullable().optional(),
  currency: z.string(),
  dealAmount: Decimal,
  pool: z.object({ rate: Decimal, amount: Decimal, currency: z.string() }),
  /** Sorted by partnerId. */
  allocations: z.array(Allocation),
  unallocated: Decimal,
  warnings: z.array(Warning),
  /** Lines a person can follow: amount → pool rate → role weights → share → commission. */
  explanation: z.array(z.string()),
});
export type AttributionPlan = z.infer<typeof AttributionPlan>;

// ---------- deal co-sell state ----------

export const DealSummary = z.object({
  id: NumericId,
  name: z.string(),
  amount: Decimal.nullable(),
  currency: z.string(),
  pipelineId: z.string().nullable(),
  stageId: z.string().nullable(),
  stageLabel: z.string().nullable(),
  isClosed: z.boolean(),
  isClosedWon: z.boolean(),
  closeDate: z.string().nullable(),
});
export type DealSummary = z.infer<typeof DealSummary>;

export const DealPartner = z.object({
  companyId: NumericId,
  name: z.string(),
  partnerType: PartnerType.nullable(),
  /** False when the company carries a role but is not marked as a partner: reported, never silently unpaid. */
  isPartner: z.boolean(),
  roles: z.array(Role),
});
export type DealPartner = z.infer<typeof DealPartner>;

export const PartnerCompany = z.object({
  companyId: NumericId,
  name: z.string(),
  partnerType: PartnerType.nullable(),
  domain: z.string().nullable(),
  parentCompanyId: NumericId.nullable(),
});
export type PartnerCompany = z.infer<typeof PartnerCompany>;

/** Who owns a responsibility: one of our HubSpot users (owner id) or a partner company. */
export const Assignee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('internal'), ownerId: NumericId }),
  z.object({ kind: z.literal('partner'), companyId: NumericId }),
]);
export type Assignee = z.infer<typeof Assignee>;

export const PartnerCommitment = z.object({
  companyId: NumericId,
  /** Response SLA in hours; the product default is 24. */
  responseSlaHours: z.number().int().min(1).max(720).default(24),
  meetingAttendance: z.boolean().default(false),
});
export type PartnerCommitment = z.infer<typeof PartnerCommitment>;

/** The co-sell plan: roles per deal, agreed before the first customer conversation. */
export const CoSellPlan = z.object({
  relationshipOwner: Assignee.nullable(),
  stageLeads: z.array(z.object({ stageId: z.string().min(1), lead: Assignee })),
  postSale: z.object({
    onboarding: Assignee.nullable(),
    support: Assignee.nullable(),
    renewal: Assignee.nullable(),
  }),
  commitments: z.array(PartnerCommitment),
});
export type CoSellPlan = z.infer<typeof CoSellPlan>;

export const Conflict = z.object({
  /** Same account with another partner combination, or the same partner registered twice. */
  reason: z.enum(['different_partners', 'same_partner_twice']),
  /** What the deals share: the company, the registrable domain, or the parent company. */
  matchedOn: z.enum(['company', 'domain', 'parent']),
  /** The shared value (company id, domain, parent company id). */
  account: z.string(),
  otherDealIds: z.array(z.string()),
  otherRegistrationIds: z.array(z.string()),
  partnerIds: z.array(z.string()),
  message: z.string(),
});
export type Conflict = z.infer<typeof Conflict>;

export const Touchpoint = z.object({
  id: z.string(),
  dealId: NumericId,
  companyId: NumericId,
  kind: TouchpointKind,
  occurredAt: IsoDateTime,
  summary: z.string(),
  loggedBy: NumericId,
  /** The HubSpot user's name (from the portal's owners); absent or null when HubSpot does not know it. */
  loggedByName: z.string().nullable().optional(),
  /** The HubSpot note that mirrors it on the deal timeline (null until written). */
  noteId: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type Touchpoint = z.infer<typeof Touchpoint>;

/**
 * `open` until withdrawn or superseded (the deal registered again) or closed; `expired` is an open
 * registration past `expiresAt` (decided when read). Only `open` ones take part in conflicts.
 */
export const RegistrationStatus = z.enum(['open', 'expired', 'withdrawn', 'superseded', 'closed']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

export const Registration = z.object({
  id: z.string(),
  dealId: NumericId,
  registeredAt: IsoDateTime,
  registeredBy: NumericId,
  /** The HubSpot user's name (from the portal's owners); absent or null when HubSpot does not know it. */
  registeredByName: z.string().nullable().optional(),
  model: AppliedModel,
  partners: z.array(
    z.object({ companyId: NumericId, name: z.string(), roles: z.array(Role), expectedContribution: z.string() }),
  ),
  /** The split as of registration, with its rule version; null when it could not be computed. */
  split: AttributionPlan.nullable(),
  status: RegistrationStatus,
  /** Registrations lapse after REGISTRATION_TTL_DAYS unless renewed. */
  expiresAt: IsoDateTime,
  renewedAt: IsoDateTime.nullable(),
  withdrawal: z.object({ at: IsoDateTime, by: z.string(), byName: z.string().nullable().optional(), reason: z.string() }).nullable(),
  /** "Registered with Northwind (sourcing) and Bluepeak (selling)". */
  registeredWith: z.string(),
  /**
   * How the deal's partners and roles differ from the registration now ("Bluepeak no longer on the
   * deal"); non-empty = the registration is stale and should be withdrawn or registered again.
   */
  changes: z.array(z.string()),
  /** Conflicts the registering user saw and confirmed (`confirmConflict: true`), as messages. */
  confirmedConflicts: z.array(z.string()),
});
export type Registration = z.infer<typeof Registration>;

/**
 * Set when HubSpot did not answer the card in time (slow, throttled, blocked or failing) and the
 * state comes from what the backend stored when it last computed the deal. The card says so.
 */
export const StaleMarker = z.object({
  /** When the data shown was computed: the deal's latest ledger entry, else its account-index row. */
  asOf: IsoDateTime,
  /** `crm_slow`: no answer within the card's time budget; `crm_unavailable`: HubSpot answered with an error. */
  reason: z.enum(['crm_slow', 'crm_unavailable']),
});
export type StaleMarker = z.infer<typeof StaleMarker>;

export const DealCoSellState = z.object({
  deal: DealSummary,
  partners: z.array(DealPartner),
  /** Partner companies the card offers in its picker. */
  partnerCompanies: z.array(PartnerCompany),
  /** The model chosen for the deal; null = derived from the partner count and the rules' default. */
  model: CoSellModel.nullable(),
  plan: CoSellPlan,
  /** Human-readable names of what the plan still leaves unassigned ("Relationship owner", "Post-sale: support"). */
  unassigned: z.array(z.string()),
  /**
   * The open stages of the deal's pipeline from its current stage on, in pipeline order: the stages
   * a lead can still be named for. Empty for a closed deal; absent when HubSpot's pipelines are unknown.
   */
  stagesAhead: z.array(z.object({ stageId: z.string(), label: z.string() })).optional(),
  /** Names of the HubSpot users the plan assigns internally, by the id the plan stores; users HubSpot does not name are left out. */
  userNames: z.record(z.string(), z.string()).optional(),
  split: AttributionPlan.nullable(),
  /** Why there is no split (e.g. no amount, no rules in force); empty when `split` is set. */
  splitErrors: z.array(FieldError),
  conflicts: z.array(Conflict),
  touchpoints: z.array(Touchpoint),
  registration: Registration.nullable(),
  /** The split's warnings plus the deal's own (e.g. a co-sell deal with no relationship owner). */
  warnings: z.array(Warning),
  computedAt: IsoDateTime.nullable(),
  /** Absent or null: live from HubSpot. Set: answered from stored data (see StaleMarker). */
  stale: StaleMarker.nullable().optional(),
});
export type DealCoSellState = z.infer<typeof DealCoSellState>;

// ---------- request bodies ----------

/**
 * Every card write that creates something carries a key the card generates once per user action
 * and sends again when the same action is retried (hubspot.fetch itself retries once on a 5xx).
 * A repeat with the same key answers the first request's status and body and creates nothing; the
 * same key with a different body is a 409 naming the field that differs. Keys are kept 7 days,
 * per portal, endpoint and deal. It is a body field because hubspot.fetch does not support custom
 * request headers (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 letters, digits, - or _ (one per user action, reused on retry)')
  .describe('Generated by the card once per user action and reused on retry; a repeat returns the first answer.');

export const SetPartnersRequest = z.object({
  model: CoSellModel.nullable().optional(),
  partners: z
    .array(z.object({ companyId: NumericId, roles: z.array(Role).min(1, 'roles must name at least one role; leave the partner out to remove it').max(5) }))
    .max(20, 'at most 20 partners on a deal'),
});
export type SetPartnersRequest = z.infer<typeof SetPartnersRequest>;

/** The split a partner list would produce if saved (nothing is written); the card marks it unsaved. */
export const SplitPreview = z.object({
  split: AttributionPlan.nullable(),
  /** Why there would be no split (e.g. no amount); empty when `split` is set. */
  splitErrors: z.array(FieldError),
});
export type SplitPreview = z.infer<typeof SplitPreview>;

export const SetPlanRequest = CoSellPlan;
export type SetPlanRequest = z.infer<typeof SetPlanRequest>;

export const CreateTouchpointRequest = z.object({
  companyId: NumericId,
  kind: TouchpointKind,
  occurredAt: IsoDateTime,
  summary: z.string().trim().min(1, 'must not be empty').max(2000),
  idempotencyKey: IdempotencyKey.optional(),
});
export type CreateTouchpointRequest = z.infer<typeof CreateTouchpointRequest>;

export const TouchpointList = z.object({ touchpoints: z.array(Touchpoint) });
export type TouchpointList = z.infer<typeof TouchpointList>;

export const RegisterRequest = z.object({
  expectedContributions: z
    .array(z.object({ companyId: NumericId, contribution: z.string().trim().min(1, 'must not be empty').max(1000) }))
    .default([]),
  /** Registering a deal that is in an account conflict is refused (409 naming it) unless this is true; the confirmation is recorded. */
  confirmConflict: z.boolean().default(false),
  idempotencyKey: IdempotencyKey.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const WithdrawRegistrationRequest = z.object({
  reason: z.string().trim().min(1, 'must say why the registration is withdrawn').max(1000),
});
export type WithdrawRegistrationRequest = z.infer<typeof WithdrawRegistrationRequest>;

// ---------- rule sets ----------

/*
 * The same rules and words as the domain's rule-set schema (src/domain/rule-set.ts), so the settings
 * form, which validates with this copy, refuses exactly what the API refuses. "At most 2 decimals"
 * is checked on the number's shortest decimal form, not with a float `multipleOf`.
 */
const PERCENT_TWO_DECIMALS = /^\d+(?:\.\d{1,2})?$/;
export const Percent = z
  .number({ error: 'must be a number of percentage points' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' })
  .refine((value) => PERCENT_TWO_DECIMALS.test(String(value)), { error: 'must have at most 2 decimals' });

/**
 * Version labels partner ops publish: year, dot, counter from 1 ("2026.3"); docs/rule-sets.md.
 * Kept equal to the domain's VERSION_LABEL_PATTERN (a test compares them).
 */
export const RULE_SET_VERSION_PATTERN = /^(\d{4})\.([1-9]\d{0,3})$/;
export const RULE_SET_VERSION_HINT = 'must look like 2026.3 (the year, a dot, and a number from 1 within that year)';
export const RuleSetVersionLabel = z.string().regex(RULE_SET_VERSION_PATTERN, RULE_SET_VERSION_HINT);

/** A co-sell bonus reward: a fixed amount for the quarter, or an uplift percentage ("5") on the next one's allocations. */
export const IncentiveReward = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amount: Decimal, currency: z.string().min(3).max(3) }),
  z.object({ kind: z.literal('uplift'), percent: Decimal }),
]);
export type IncentiveReward = z.infer<typeof IncentiveReward>;

/**
 * A rule set's quarterly co-sell incentives (docs/decisions/0012-incentives.md). Structure only, like
 * the rest of the document: the backend checks amounts against their currency, percent bounds and
 * tier order, and answers with field errors (`ruleSet.incentives.tiers[1].minCoSellWins: …`).
 */
export const RuleSetIncentives = z.object({
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  coSellBonus: z.object({ minCoSellWins: z.number().int().min(1), reward: IncentiveReward }).optional(),
  tiers: z.array(
    z.object({
      name: z.string().min(1),
      minCoSellWins: z.number().int().min(1),
      benefits: z.array(z.string()),
      /** Extra percentage points on each won-deal allocation while a partner holds the tier ("2"). */
      commissionUpliftPercent: Decimal.optional(),
    }),
  ),
});
export type RuleSetIncentives = z.infer<typeof RuleSetIncentives>;

/**
 * A rule override as authors write it (docs/rule-sets.md, "Overrides"): conditions on the deal and
 * the parts of the rule set it replaces. Structure only, like RuleSetDocument.
 */
export const RuleOverrideDocument = z.object({
  name: z.string().min(1),
  when: z.object({
    /** Decimal strings in the deal currency: at least minAmount, below maxAmount. */
    minAmount: Decimal.optional(),
    maxAmount: Decimal.optional(),
    currencies: z.array(z.string()).optional(),
    /** Pipeline ids. */
    pipelines: z.array(z.string()).optional(),
    /** Deal property (listed in dealProperties) → allowed values, case-insensitive. */
    properties: z.record(z.string(), z.array(z.string())).optional(),
  }),
  pool: z.object({ soloRate: Percent.optional(), coSellRate: Percent.optional() }).optional(),
  models: z.partialRecord(CoSellModel, z.partialRecord(Role, Percent)).optional(),
  defaultModel: CoSellModel.optional(),
  missingRoles: z.enum(['renormalize', 'retain']).optional(),
});
export type RuleOverrideDocument = z.infer<typeof RuleOverrideDocument>;

/**
 * A rule set document as authors write it. Structure only; the backend applies the domain's
 * full validation (weights sum to 100, ≤ 2 decimals, …) and answers with field errors.
 */
export const RuleSetDocument = z.object({
  version: z.string().min(1),
  effectiveFrom: IsoDate,
  pool: z.object({ soloRate: Percent, coSellRate: Percent }),
  defaultModel: CoSellModel,
  models: z.partialRecord(CoSellModel, z.partialRecord(Role, Percent)),
  missingRoles: z.enum(['renormalize', 'retain']),
  /** Deal properties overrides may test (the worker reads them with each deal). */
  dealProperties: z.array(z.string()).optional(),
  /** In order: the first whose `when` holds for a deal is used. */
  overrides: z.array(RuleOverrideDocument).optional(),
  /** Absent when the rule set pays no co-sell bonus and has no tiers. */
  incentives: RuleSetIncentives.optional(),
});
export type RuleSetDocument = z.infer<typeof RuleSetDocument>;

export const PublishedRuleSet = z.object({
  id: z.string(),
  version: z.string(),
  effectiveFrom: IsoDate,
  publishedAt: IsoDateTime,
  /** The HubSpot user id of who published it ("system" for the shipped default). */
  publishedBy: z.string(),
  /** That user's name from the portal's owners; null when HubSpot names nobody for the id (or for "system"). */
  publishedByName: z.string().nullable(),
  ruleSet: RuleSetDocument,
  /** What changed versus the previously published version ("sell_with.selling: 40 → 45"). */
  changes: z.array(z.string()),
  warnings: z.array(Warning),
});
export type PublishedRuleSet = z.infer<typeof PublishedRuleSet>;

export const RuleSetDraft = z.object({
  id: z.string(),
  /** Work in progress: may be invalid until published. */
  ruleSet: z.record(z.string(), z.unknown()),
  updatedAt: IsoDateTime,
  /** The HubSpot user id of who saved it last. */
  updatedBy: z.string(),
  /** That user's name from the portal's owners; null when HubSpot names nobody for the id. */
  updatedByName: z.string().nullable(),
  problems: z.array(FieldError),
});
export type RuleSetDraft = z.infer<typeof RuleSetDraft>;

export const RuleSetList = z.object({
  /** Newest first. */
  published: z.array(PublishedRuleSet),
  drafts: z.array(RuleSetDraft),
  /** The version in force today, if any. */
  inForce: z.string().nullable(),
});
export type RuleSetList = z.infer<typeof RuleSetList>;

export const RuleSetBody = z.object({ ruleSet: z.record(z.string(), z.unknown()) });
export type RuleSetBody = z.infer<typeof RuleSetBody>;

export const ValidateRuleSetResponse = z.object({
  valid: z.boolean(),
  errors: z.array(FieldError),
  warnings: z.array(Warning),
  /** Differences versus the latest published version (empty when valid is false). */
  changes: z.array(z.string()),
});
export type ValidateRuleSetResponse = z.infer<typeof ValidateRuleSetResponse>;

export const PublishRuleSetResponse = z.object({
  published: PublishedRuleSet,
  /** Jobs queued to recompute every open deal in HubSpot (0 when one was already queued). */
  recomputeEnqueued: z.number().int().min(0),
  /** Open partner deals recomputed under the new rules before this answer (their properties are written). */
  dealsRecomputed: z.number().int().min(0),
  /** Open partner deals beyond the synchronous limit, left to the queued job. */
  dealsPending: z.number().int().min(0),
});
export type PublishRuleSetResponse = z.infer<typeof PublishRuleSetResponse>;

/** A signed amount per currency ("-125.50"): the change a rule set would make. */
export const MoneyChange = z.object({ currency: z.string(), amount: Decimal });
export type MoneyChange = z.infer<typeof MoneyChange>;

/**
 * What publishing a rule set would do to the open partner deals, computed by the backend without
 * writing anything: each deal's split under the rules as published today versus with this rule set
 * published too (it applies to deals closing on or after its effective date).
 */
export const RuleSetDryRunResponse = z.object({
  version: z.string(),
  /** Problems with the rule set itself; when any, nothing was computed. */
  errors: z.array(FieldError),
  /** Open partner deals examined. */
  openDeals: z.number().int().min(0),
  /** Of those, how many would get a different split. */
  changedDeals: z.number().int().min(0),
  /** Total change in commission pool, per currency (signed). */
  poolChange: z.array(MoneyChange),
  /** Per partner (by name) with a non-zero change, largest change first. */
  partners: z.array(z.object({ companyId: z.string(), name: z.string(), change: z.array(MoneyChange) })),
  /** Deals whose split could not be computed (no amount, …): left out of the totals. */
  skippedDeals: z.number().int().min(0),
  /** Which override catches how many of the open deals examined (absent from older backends). */
  overrideCatches: OverrideCatchCounts.optional(),
});
export type RuleSetDryRunResponse = z.infer<typeof RuleSetDryRunResponse>;

// ---------- partners ----------

export const PartnerList = z.object({ partners: z.array(PartnerCompany) });
export type PartnerList = z.infer<typeof PartnerList>;

export const MoneyTotal = z.object({ currency: z.string(), amount: Decimal });

/** One calendar quarter of a partner's record. */
export const ScorecardQuarter = z.object({
  label: z.string(),
  start: IsoDate,
  end: IsoDate,
  wonCoSellDeals: z.number().int().min(0),
  /**
   * Earned on deals won in the quarter, one entry per currency (sorted by code), each in its own
   * currency: amounts in different currencies are never added together. Every currency the partner
   * earned or was allocated in over the returned quarters is listed, with "0.00" where nothing was
   * earned, so a quiet quarter reads "$0.00", not a blank.
   */
  commissionEarned: z.array(MoneyTotal).min(1),
  /**
   * The quarter's commission converted into the portal's home (company) currency at HubSpot's
   * current exchange rates, each currency converted exactly and rounded once, then added. Null when
   * it cannot be given: a currency with commission has no rate, or HubSpot's currency settings could
   * not be read; `homeTotalNote` then says which.
   */
  homeTotal: MoneyTotal.nullable(),
  /** Why there is no home-currency total ("HubSpot has no exchange rate from GBP to USD …"); null when there is one. */
  homeTotalNote: z.string().nullable(),
});
export type ScorecardQuarter = z.infer<typeof ScorecardQuarter>;

export const PartnerScorecard = z.object({
  partner: PartnerCompany,
  /** The current quarter first, then the ones before it (newest first): the card's quarter picker and trend. */
  quarters: z.array(ScorecardQuarter).min(1),
  /** The portal's home (company) currency as HubSpot gives it; null when HubSpot did not answer. */
  homeCurrency: z.string().nullable(),
  quarter: z.object({ label: z.string(), start: IsoDate, end: IsoDate }),
  openCoSellDeals: z.number().int().min(0),
  wonCoSellDealsThisQuarter: z.number().int().min(0),
  /** Commission earned on co-sell and solo deals won this quarter, per currency. */
  commissionEarned: z.array(MoneyTotal),
  pairings: z.array(
    z.object({
      pairingKey: z.string(),
      partners: z.array(z.object({ companyId: z.string(), name: z.string().nullable() })),
      openDeals: z.number().int().min(0),
      wonDeals: z.number().int().min(0),
    }),
  ),
  /** The pairing program's pairings this partner is in, with progress against their targets. */
  programPairings: z.array(PartnerPairingSummary).optional(),
  /** The partner's latest saved account map (overlap counts, what is new); null when none was saved. */
  accountMap: PartnerAccountMapSummary.nullable().optional(),
});
export type PartnerScorecard = z.infer<typeof PartnerScorecard>;

// ---------- the endpoint table ----------

export interface EndpointSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** Express-style path below the host, `:param` for path params. */
  path: string;
  summary: string;
  body: z.ZodType | null;
  response: z.ZodType;
  /** Success status. */
  status: 200 | 201;
  /** Settings changes: only allowed users/teams. */
  settings: boolean;
}

/** Every card endpoint. The backend mounts exactly these; the card calls them by key. */
export const cardApi = {
  getDealCoSell: { method: 'GET', path: `${API_PREFIX}/deals/:dealId/cosell`, summary: "A deal's co-sell state", body: null, response: DealCoSellState, status: 200, settings: false },
  setDealPartners: { method: 'PUT', path: `${API_PREFIX}/deals/:dealId/partners`, summary: 'Set partners and roles (association labels), then recompute', body: SetPartnersRequest, response: DealCoSellState, status: 200, settings: false },
  previewDealSplit: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/split-preview`, summary: 'The split a partner list would produce if saved; nothing is written', body: SetPartnersRequest, response: SplitPreview, status: 200, settings: false },
  setDealPlan: { method: 'PUT', path: `${API_PREFIX}/deals/:dealId/plan`, summary: 'Replace the co-sell plan', body: SetPlanRequest, response: DealCoSellState, status: 200, settings: false },
  createTouchpoint: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/touchpoints`, summary: 'Log a partner touchpoint (mirrored as a note); idempotent by idempotencyKey', body: CreateTouchpointRequest, response: Touchpoint, status: 201, settings: false },
  listTouchpoints: { method: 'GET', path: `${API_PREFIX}/deals/:dealId/touchpoints`, summary: "A deal's touchpoints, newest first", body: null, response: TouchpointList, status: 200, settings: false },
  registerDeal: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/registration`, summary: 'Register the co-sell (snapshot of roles, contributions, split); idempotent by idempotencyKey; 409 on an account conflict unless confirmConflict', body: RegisterRequest, response: Registration, status: 201, settings: false },
  withdrawRegistration: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/registration/withdraw`, summary: "Withdraw the deal's open registration with a reason; it stops causing conflicts", body: WithdrawRegistrationRequest, response: Registration, status: 200, settings: false },
  renewRegistration: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/registration/renew`, summary: "Renew the deal's open (or expired) registration for another term", body: null, response: Registration, status: 200, settings: false },
  listRuleSets: { method: 'GET', path: `${API_PREFIX}/rule-sets`, summary: 'Published rule sets with what changed, and drafts', body: null, response: RuleSetList, status: 200, settings: false },
  validateRuleSet: { method: 'POST', path: `${API_PREFIX}/rule-sets/validate`, summary: 'Validate a rule set without saving', body: RuleSetBody, response: ValidateRuleSetResponse, status: 200, settings: false },
  createRuleSetDraft: { method: 'POST', path: `${API_PREFIX}/rule-sets/drafts`, summary: 'Create a draft', body: RuleSetBody, response: RuleSetDraft, status: 201, settings: true },
  updateRuleSetDraft: { method: 'PUT', path: `${API_PREFIX}/rule-sets/drafts/:draftId`, summary: 'Replace a draft', body: RuleSetBody, response: RuleSetDraft, status: 200, settings: true },
  dryRunRuleSet: { method: 'POST', path: `${API_PREFIX}/rule-sets/dry-run`, summary: 'What publishing this rule set would change on open deals (nothing is written)', body: RuleSetBody, response: RuleSetDryRunResponse, status: 200, settings: true },
  publishRuleSetDraft: { method: 'POST', path: `${API_PREFIX}/rule-sets/drafts/:draftId/publish`, summary: 'Publish a draft; recomputes open deals', body: null, response: PublishRuleSetResponse, status: 200, settings: true },
  listPartners: { method: 'GET', path: `${API_PREFIX}/partners`, summary: 'Partner companies', body: null, response: PartnerList, status: 200, settings: false },
  getPartnerScorecard: { method: 'GET', path: `${API_PREFIX}/partners/:companyId/scorecard`, summary: "A partner's co-sell scorecard this quarter", body: null, response: PartnerScorecard, status: 200, settings: false },
  listDealDisputes: { method: 'GET', path: `${API_PREFIX}/deals/:dealId/disputes`, summary: "A deal's attribution disputes, oldest first, with their decisions", body: null, response: DisputeList, status: 200, settings: false },
  openDispute: { method: 'POST', path: `${API_PREFIX}/deals/:dealId/disputes`, summary: "Open a dispute on the deal's attribution (reason, optional claimed split); idempotent by idempotencyKey", body: OpenDisputeRequest, response: Dispute, status: 201, settings: false },
  listDisputes: { method: 'GET', path: `${API_PREFIX}/disputes`, summary: 'Every dispute, the dispute rate of this quarter and the last, and who overdue disputes alert', body: null, response: DisputesOverview, status: 200, settings: false },
  getDisputeEvidence: { method: 'GET', path: `${API_PREFIX}/disputes/:disputeId/evidence`, summary: "A dispute with its evidence: the deal's touchpoints and registration snapshot", body: null, response: DisputeEvidence, status: 200, settings: false },
  decideDispute: { method: 'POST', path: `${API_PREFIX}/disputes/:disputeId/decision`, summary: 'Decide a dispute upheld or rejected with a note; upheld may apply the claimed split to the deal', body: DecideDisputeRequest, response: Dispute, status: 200, settings: true },
  listPairings: { method: 'GET', path: `${API_PREFIX}/pairings`, summary: 'Pairings of the pairing program with progress against their targets', body: null, response: PairingList, status: 200, settings: false },
  checkPairing: { method: 'POST', path: `${API_PREFIX}/pairings/check`, summary: 'Complementarity warnings for a pairing before it is started; nothing is written', body: CheckPairingRequest, response: CheckPairingResponse, status: 200, settings: false },
  startPairing: { method: 'POST', path: `${API_PREFIX}/pairings`, summary: 'Start a pairing (two or more partners, model, start date, targets)', body: StartPairingRequest, response: StartPairingResponse, status: 201, settings: true },
  reviewPairings: { method: 'GET', path: `${API_PREFIX}/pairings/review`, summary: 'Active pairings at or past day 90 with the scale-or-end suggestion', body: null, response: PairingList, status: 200, settings: false },
  decidePairing: { method: 'POST', path: `${API_PREFIX}/pairings/:pairingId/decision`, summary: "Record partner ops' day-90 decision (scaled or ended) with a note", body: DecidePairingRequest, response: PairingView, status: 200, settings: true },
  getProgramOverview: { method: 'GET', path: `${API_PREFIX}/program/:quarter`, summary: "The co-sell program's metrics for a quarter (current or 2026-Q4) against their targets, and the four quarters up to it", body: null, response: ProgramOverview, status: 200, settings: false },
  getPartnerProgram: { method: 'GET', path: `${API_PREFIX}/partners/:companyId/program/:quarter`, summary: "One partner's own program figures (its deals only) against the same targets", body: null, response: ProgramReport, status: 200, settings: false },
  listDealPipelines: { method: 'GET', path: `${API_PREFIX}/settings/deal-pipelines`, summary: "The portal's deal pipelines by label (rule overrides choose them by name)", body: null, response: DealPipelineList, status: 200, settings: false },
  simulateIncentives: { method: 'POST', path: `${API_PREFIX}/settings/incentives-simulation`, summary: "What partners would have earned last quarter under a rule set (nothing is written)", body: IncentivesSimulationRequest, response: IncentivesSimulation, status: 200, settings: true },
  getNotificationSettings: { method: 'GET', path: `${API_PREFIX}/notifications/settings`, summary: 'Notification settings, with owners, stages and partners to choose from by name (secrets never returned)', body: null, response: NotificationSettingsResponse, status: 200, settings: false },
  saveNotificationSettings: { method: 'PUT', path: `${API_PREFIX}/notifications/settings`, summary: 'Replace the notification settings; webhook URLs must be https and resolve to public addresses', body: SaveNotificationSettingsRequest, response: NotificationSettingsResponse, status: 200, settings: true },
  listOpenPayoutLines: { method: 'GET', path: `${API_PREFIX}/payouts/open-lines`, summary: 'Open commission ledger lines with the math behind each, and totals per partner', body: null, response: PayoutLineList, status: 200, settings: true },
  approvePayoutLines: { method: 'POST', path: `${API_PREFIX}/payouts/approve`, summary: 'Approve open commission ledger lines (bulk)', body: ApprovePayoutLinesRequest, response: ApprovePayoutLinesResponse, status: 200, settings: true },
  uploadAccountMapPart: { method: 'PUT', path: `${API_PREFIX}/account-maps/uploads/:uploadId`, summary: "One part of a partner's account list (kept until the map runs)", body: AccountMapUploadPartRequest, response: AccountMapUploadReceipt, status: 200, settings: true },
  runAccountMap: { method: 'POST', path: `${API_PREFIX}/account-maps/run`, summary: "Map an uploaded partner list against our companies; with save, keep it and write the company properties", body: RunAccountMapRequest, response: AccountMapRunResult, status: 200, settings: true },
} as const satisfies Record<string, EndpointSpec>;

export type CardEndpointName = keyof typeof cardApi;

/**
 * Fills an endpoint path's `:params`.
 *
 * @example endpointPath('getDealCoSell', { dealId: '42' }) // '/api/v1/deals/42/cosell'
 */
export function endpointPath(name: CardEndpointName, params: Record<string, string> = {}): string {
  return cardApi[name].path.replace(/:(\w+)/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`endpointPath(${name}): missing param ${key}`);
    return encodeURIComponent(value);
  });
}

export * from './disputes-api';
export * from './pairings-api';
export * from './reporting-api';
export * from './rule-sets-api';
export * from './notifications-api';
export * from './account-mapping-api';
