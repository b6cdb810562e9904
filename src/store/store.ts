// The persistence port (types only). Everything the backend, the worker and the CLI keep
// outside HubSpot goes through this interface; `createStore` (src/store/index.ts) picks SQLite
// (embedded default) or Postgres (DATABASE_URL) and applies the one migration set on start.
// Constants live in store-constants.ts, errors in store-error.ts. See docs/decisions/0004-store.md.
//
// Row conventions (same on both dialects):
// - ids are strings (database sequences rendered as decimal text);
// - timestamps in rows are ISO-8601 UTC strings (`Date#toISOString()`); inputs accept `Date | string`;
// - JSON values come back parsed (`unknown`: the caller validates with its own zod schema);
// - money is `bigint` integer minor units, stored as TEXT, never a float.
import type { TOUCHPOINT_KINDS } from './store-constants';

/** A timestamp given to the store: a `Date` or anything `new Date()` parses to a valid instant. */
export type TimestampInput = Date | string;

export interface RuleSetDraft {
  id: string;
  ruleSet: unknown;
  basedOnVersion: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface PublishedRuleSet {
  version: string;
  ruleSet: unknown;
  /** Copied from `ruleSet.effectiveFrom` (or `effectiveDate`) when it is a string, else null. */
  effectiveFrom: string | null;
  basedOnVersion: string | null;
  draftId: string;
  draftCreatedBy: string;
  publishedBy: string;
  publishedAt: string;
}

export interface DealPlanRow {
  dealId: string;
  plan: unknown;
  /** Starts at 1, +1 on every put: lets a card detect a concurrent edit (`put(..., { expectedRevision })`). */
  revision: number;
  updatedBy: string;
  updatedAt: string;
  createdAt: string;
}

export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

export interface NewTouchpoint {
  dealId: string;
  partnerId: string;
  kind: TouchpointKind;
  occurredAt: TimestampInput;
  summary: string;
  loggedBy: string;
  noteId?: string | null;
}

export interface Touchpoint {
  id: string;
  dealId: string;
  partnerId: string;
  kind: TouchpointKind;
  occurredAt: string;
  summary: string;
  loggedBy: string;
  noteId: string | null;
  createdAt: string;
}

/** `open` includes registrations past their expiry: expiry is decided when read, from the clock. */
export type RegistrationStatus = 'open' | 'superseded' | 'closed' | 'withdrawn';

export interface NewRegistration {
  dealId: string;
  /** Partners with roles, expected contributions, the split as of registration (JSON, validated by caller). */
  snapshot: unknown;
  registeredBy: string;
  /** Defaults to the store clock. */
  registeredAt?: TimestampInput;
  /** Defaults to registeredAt + DEFAULT_REGISTRATION_TTL_DAYS. */
  expiresAt?: TimestampInput;
}

export interface Registration {
  id: string;
  dealId: string;
  snapshot: unknown;
  registeredBy: string;
  registeredAt: string;
  /** `superseded` when the deal was registered again later; `closed` after `close(dealId)`. */
  status: RegistrationStatus;
  supersededBy: string | null;
  closedAt: string | null;
  /** After this instant an open registration no longer counts (until renewed). */
  expiresAt: string;
  renewedAt: string | null;
  renewedBy: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

export type DealStatus = 'open' | 'won' | 'lost';

export interface LedgerAllocation {
  partnerId: string;
  amountMinor: bigint;
  /** ISO 4217 code of the deal currency. */
  currency: string;
}

export interface NewLedgerEntry {
  dealId: string;
  /** What caused the computation: 'webhook' | 'card' | 'publish' | 'reconcile' | … */
  trigger: string;
  ruleVersion: string;
  inputs: unknown;
  plan: unknown;
  dealStatus: DealStatus;
  /** `YYYY-MM-DD` (or a full ISO timestamp; only the date is kept). */
  closeDate: string | null;
  /** Defaults to the store clock. */
  computedAt?: TimestampInput;
  allocations: LedgerAllocation[];
}

export interface LedgerEntry {
  id: string;
  dealId: string;
  trigger: string;
  ruleVersion: string;
  inputs: unknown;
  plan: unknown;
  dealStatus: DealStatus;
  closeDate: string | null;
  computedAt: string;
  allocations: LedgerAllocation[];
}

export interface PartnerLedgerLine {
  entryId: string;
  dealId: string;
  dealStatus: DealStatus;
  closeDate: string | null;
  ruleVersion: string;
  computedAt: string;
  amountMinor: bigint;
  currency: string;
}

export interface PartnerCurrencyTotals {
  currency: string;
  /** Sum over deals still open (projected). */
  openMinor: bigint;
  /** Sum over closed-won deals (earned). */
  wonMinor: bigint;
  /** What lost deals would have paid (for win-rate style reports; not owed). */
  lostMinor: bigint;
  deals: { open: number; won: number; lost: number };
}

export interface PartnerTotals {
  partnerId: string;
  from: string;
  to: string;
  /** One entry per currency, sorted by currency code. Amounts are exact bigint sums. */
  byCurrency: PartnerCurrencyTotals[];
  /** The lines summed: one per deal (its latest ledger entry), ordered by period date then deal id. */
  lines: PartnerLedgerLine[];
}

export type InboxKind = 'event' | 'job';
export type InboxStatus = 'pending' | 'leased' | 'done' | 'dead';

export interface NewInboxItem {
  /** Unique per logical piece of work; a second enqueue with the same key is counted as a duplicate. */
  dedupeKey: string;
  kind: InboxKind;
  /** e.g. 'deal:123', 'company:9', 'job:reconcile' — the worker coalesces on it. */
  subject: string;
  payload: unknown;
  occurredAt: TimestampInput;
  /** Defaults to now. */
  availableAt?: TimestampInput;
}

/** An item that arrived but cannot be worked on (e.g. a webhook event that fails validation). */
export interface NewDeadLetter extends NewInboxItem {
  /** Why it is dead, naming the field (`events[3].occurredAt: …`); shown by `cosell inbox list`. */
  error: string;
}

export interface InboxItem {
  id: string;
  dedupeKey: string;
  kind: InboxKind;
  subject: string;
  payload: unknown;
  occurredAt: string;
  availableAt: string;
  status: InboxStatus;
  /** Failed attempts recorded by retryLater/deadLetter. */
  attempts: number;
  /** Times the item was claimed (also counts claims whose worker crashed before reporting). */
  claims: number;
  lastError: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeadLetter extends InboxItem {
  status: 'dead';
  deadAt: string;
}

export interface InboxStats {
  pending: number;
  leased: number;
  done: number;
  dead: number;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  at: string;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  /** Only entries at or after this instant. */
  since?: TimestampInput;
  /** Default 100. */
  limit?: number;
}

export interface RuleSetRepo {
  createDraft(input: { ruleSet: unknown; createdBy: string; basedOnVersion?: string }): Promise<RuleSetDraft>;
  /** Throws NotFoundError (field `draftId`) when the draft does not exist (or was published). */
  updateDraft(id: string, ruleSet: unknown, by: string): Promise<RuleSetDraft>;
  getDraft(id: string): Promise<RuleSetDraft | null>;
  listDrafts(): Promise<RuleSetDraft[]>;
  deleteDraft(id: string): Promise<boolean>;
  /**
   * Publishes a draft under `opts.version`, else the draft's `ruleSet.version` (string or number).
   * The draft is consumed. Throws NotFoundError (`draftId`), StoreError (`ruleSet.version` missing) or
   * ConflictError (`version` already published). Published rows are never updated (DB trigger too).
   */
  publish(draftId: string, by: string, opts?: { version?: string }): Promise<PublishedRuleSet>;
  /** Oldest first. */
  listPublished(): Promise<PublishedRuleSet[]>;
  getPublished(version: string): Promise<PublishedRuleSet | null>;
}

export interface DealPlanRepo {
  get(dealId: string): Promise<DealPlanRow | null>;
  /** The rows of those deals that have one (any order); one query per 500 ids. */
  getMany(dealIds: string[]): Promise<DealPlanRow[]>;
  /** Upsert. With `expectedRevision` (0 = must not exist yet), a mismatch throws ConflictError (`revision`). */
  put(dealId: string, plan: unknown, by: string, opts?: { expectedRevision?: number }): Promise<DealPlanRow>;
}

export interface TouchpointRepo {
  add(t: NewTouchpoint): Promise<Touchpoint>;
  setNoteId(id: string, noteId: string): Promise<void>;
  get(id: string): Promise<Touchpoint | null>;
  /** Ordered by occurredAt, then id. */
  listByDeal(dealId: string): Promise<Touchpoint[]>;
  listByPartner(partnerId: string): Promise<Touchpoint[]>;
}

export interface RegistrationRepo {
  /** Registering a deal again marks its previous open registration `superseded`. */
  create(r: NewRegistration): Promise<Registration>;
  latestForDeal(dealId: string): Promise<Registration | null>;
  listForDeal(dealId: string): Promise<Registration[]>;
  get(id: string): Promise<Registration | null>;
  /**
   * Open, unexpired registrations of all deals (expiresAt after `at`, default the store clock),
   * oldest first ("I registered it first"). Withdrawn and expired ones take no part in conflicts.
   */
  listOpen(opts?: { at?: TimestampInput }): Promise<Registration[]>;
  close(dealId: string): Promise<void>;
  /** Open → withdrawn. NotFoundError (`registrationId`) or ConflictError (`status`) when it is not open. */
  withdraw(id: string, w: { by: string; reason: string; at?: TimestampInput }): Promise<Registration>;
  /** Sets a new expiry on an open (possibly expired) registration. Same errors as `withdraw`. */
  renew(id: string, r: { by: string; expiresAt: TimestampInput; at?: TimestampInput }): Promise<Registration>;
}

/** A claimed idempotency key: new (go ahead), answered (replay it) or still being answered. */
export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'answered'; request: unknown; status: number; response: unknown }
  | { state: 'in_progress'; request: unknown };

/**
 * Keys that make card creates safe to repeat. `scope` is portal+endpoint(+deal); the request is
 * kept so a key reused with a different body can be refused.
 */
export interface IdempotencyRepo {
  /**
   * Claims (scope, key) for `request` until `expiresAt`. A row past its expiry counts as absent;
   * an unanswered row older than `staleAfterMs` is taken over (its request died with its process).
   */
  claim(scope: string, key: string, request: unknown, opts: { expiresAt: TimestampInput; staleAfterMs: number }): Promise<IdempotencyClaim>;
  /** Stores the answer of a claimed key. */
  answer(scope: string, key: string, status: number, response: unknown): Promise<void>;
  /** Forgets an unanswered claim (the request failed and created nothing), so a retry runs again. */
  release(scope: string, key: string): Promise<void>;
  /** Deletes keys that expired before `before`. Returns how many. */
  pruneExpired(before: TimestampInput): Promise<number>;
}

export interface LedgerRepo {
  /** Appends after the deal's latest entry (each entry names its predecessor; one successor each). */
  append(e: NewLedgerEntry): Promise<LedgerEntry>;
  /**
   * Appends unless the deal's latest entry is the same computation (rule version, status, inputs
   * and plan): null then. Two callers appending the same computation at once record it once —
   * guaranteed by a unique (deal, predecessor) index, not by timing.
   */
  appendIfChanged(e: NewLedgerEntry): Promise<LedgerEntry | null>;
  latestForDeal(dealId: string): Promise<LedgerEntry | null>;
  /** Oldest first. */
  listForDeal(dealId: string): Promise<LedgerEntry[]>;
  /**
   * A partner's figures over the latest entry of each deal whose period date — its close date, or the
   * date it was computed when it has none — lies in [from, to) (`YYYY-MM-DD`, `to` exclusive).
   */
  partnerTotals(partnerId: string, from: string, to: string): Promise<PartnerTotals>;
}

export interface InboxRepo {
  /** One transaction; duplicates (same dedupeKey, within the call or already stored — even done) are skipped. */
  enqueue(items: NewInboxItem[]): Promise<{ inserted: number; duplicates: number }>;
  /**
   * Leases up to `limit` due items (pending with availableAt <= now, or leased with an expired lease),
   * oldest availableAt first. Postgres uses FOR UPDATE SKIP LOCKED, so concurrent workers never share items.
   */
  claim(opts: { workerId: string; limit: number; leaseMs: number }): Promise<InboxItem[]>;
  /**
   * Stores items straight as dead letters (status dead, `error` as lastError, no attempts), in one
   * transaction, with the same dedupe rule as {@link enqueue}: a key already stored is a duplicate.
   */
  enqueueDead(items: NewDeadLetter[]): Promise<{ inserted: number; duplicates: number }>;
  /** Extends the lease of items still held by `workerId`; returns how many were extended. */
  extendLease(ids: string[], workerId: string, leaseMs: number): Promise<number>;
  /** Marks items done; ignores items no longer leased by `workerId`. Returns how many were completed. */
  complete(ids: string[], workerId: string): Promise<number>;
  /** attempts+1, lastError, back to pending at `availableAt`. False if `workerId` no longer holds the lease. */
  retryLater(id: string, workerId: string, error: string, availableAt: TimestampInput): Promise<boolean>;
  /**
   * Puts an item back to pending at `availableAt` WITHOUT counting an attempt, for work that could
   * not run because HubSpot is blocked or throttled: attempts stay, the claim is taken back (so a
   * long block never makes it look like poison), `lastError` says why. False if `workerId` no
   * longer holds the lease.
   */
  defer(id: string, workerId: string, reason: string, availableAt: TimestampInput): Promise<boolean>;
  /** attempts+1, lastError, status dead. False if `workerId` no longer holds the lease. */
  deadLetter(id: string, workerId: string, error: string): Promise<boolean>;
  get(id: string): Promise<InboxItem | null>;
  /** Oldest first. */
  listDeadLetters(): Promise<DeadLetter[]>;
  /** Dead items (all, or those in `ids`) back to pending now with attempts and claims reset. Returns how many. */
  requeueDeadLetters(ids?: string[]): Promise<number>;
  stats(): Promise<InboxStats>;
  /** Deletes done items completed before `before` (dedupe keys older than that are forgotten). Returns how many. */
  pruneDone(before: TimestampInput): Promise<number>;
}

export interface AuditRepo {
  record(e: NewAuditEntry): Promise<void>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}

/** Who holds a lock since when: one "tenure" of it (a renewal keeps `acquiredAt`). */
export interface LockTenure {
  name: string;
  holder: string;
  acquiredAt: string;
  expiresAt: string;
}

/**
 * Named leases in the store (the `locks` table), the same on SQLite and Postgres: the scheduler's
 * leadership, one lock per deal being recomputed (`deal:<id>`, the inbox subject of that deal, so
 * `inbox.claim` can pass over its items) and instance heartbeats (`instance:<id>`).
 */
export interface LockRepo {
  /** True when `holder` now holds `name` until now+ttlMs: it was free, expired, or already held by `holder` (renewal). */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** `tryAcquire` for many names at once; never waits. Returns what `holder` now holds and who holds the rest. */
  tryAcquireMany(names: string[], holder: string, ttlMs: number): Promise<{ acquired: string[]; heldByOthers: LockTenure[] }>;
  /** Extends the locks `holder` still holds (unexpired) to now+ttlMs; returns their names (a lock missing from it was lost). */
  extend(names: string[], holder: string, ttlMs: number): Promise<string[]>;
  release(name: string, holder: string): Promise<void>;
  releaseMany(names: string[], holder: string): Promise<void>;
  /** How many unexpired locks have a name starting with `prefix` (live instances: `instance:`). */
  countLive(prefix: string): Promise<number>;
}

/**
 * The account a deal is sold into: its customer company, that company's registrable domain and
 * parent. Its account keys (`accountKeysOf` in src/domain/account-keys.ts) are stored with the row.
 */
export interface DealAccount {
  companyId: string | null;
  domain: string | null;
  parentCompanyId: string | null;
  /** The customer company's name, for people reading conflict text; not a key. */
  companyName?: string | null;
  /** The parent company's name, for people reading conflict text; not a key. */
  parentCompanyName?: string | null;
}

export type AccountIndexStatus = 'open' | 'won' | 'lost';

/** One partner-attributed deal as the worker last computed it (see AccountIndexRepo). */
export interface NewAccountIndexEntry {
  dealId: string;
  name: string;
  status: AccountIndexStatus;
  /** YYYY-MM-DD or null. */
  closeDate: string | null;
  partnerIds: string[];
  partnerNames: Record<string, string>;
  account: DealAccount;
}

export interface AccountIndexEntry extends NewAccountIndexEntry {
  updatedAt: string;
}

/**
 * The worker's index of partner-attributed deals: one row per deal, so concurrent workers only
 * touch the rows of the deals they computed. Answers "which deals share an account with these"
 * (conflicts, from the `account_keys` rows written with each entry) and "which deals does this
 * partner sell" (scorecard) from indexed columns.
 */
export interface AccountIndexRepo {
  /** Inserts or replaces the entries (by dealId) in one transaction. */
  upsert(entries: NewAccountIndexEntry[]): Promise<void>;
  /** Returns how many rows were removed. */
  remove(dealIds: string[]): Promise<number>;
  /** The entries of these deals (those present). */
  get(dealIds: string[]): Promise<AccountIndexEntry[]>;
  /**
   * Entries sharing an account key (`accountKeysOf`: same company, parent/child, siblings, same
   * registrable domain) with any of `accounts`: an equality join on the stored keys. Ordered by dealId.
   */
  listSharingAccounts(accounts: DealAccount[]): Promise<AccountIndexEntry[]>;
  /** Open entries, ordered by dealId. */
  listOpen(): Promise<AccountIndexEntry[]>;
  /** Entries listing `partnerId` among their partners, ordered by dealId. */
  listByPartner(partnerId: string): Promise<AccountIndexEntry[]>;
}

export interface CursorRepo {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

/** One stored setting: a JSON value the owning feature validates when it reads it. */
export interface AppSetting {
  key: string;
  value: unknown;
  /** The HubSpot user id of who saved it last ('system' for defaults written by the app). */
  updatedBy: string;
  updatedAt: string;
}

/** Per-portal settings of the features, one JSON value per key (e.g. `notifications`). */
export interface AppSettingsRepo {
  get(key: string): Promise<AppSetting | null>;
  /** Replaces the value under `key`; returns what is stored now. */
  put(key: string, value: unknown, updatedBy: string): Promise<AppSetting>;
}

/** Where an attribution dispute stands: open until partner ops decide it upheld or rejected. */
export type DisputeStatus = 'open' | 'upheld' | 'rejected';

/** A person acting on a dispute: their HubSpot user id and name (the name is what others read). */
export interface DisputeActor {
  userId: string;
  name: string;
}

/** One partner's part of a split claimed in a dispute, or set by an adjustment: percentage points (≤ 2 decimals). */
export interface DisputeShare {
  partnerId: string;
  percent: number;
}

export interface NewDispute {
  dealId: string;
  /** The deal's name when opened, for people reading the dispute later. */
  dealName: string;
  /** The partners on the deal when opened (ids count the open disputes per partner; names are for people). */
  partners: Array<{ id: string; name: string }>;
  openedBy: DisputeActor;
  reason: string;
  /** The split the person opening it claims (sums to 100; validated by the caller), or null. */
  claim: DisputeShare[] | null;
  /** Defaults to the store clock. */
  openedAt?: TimestampInput;
}

export interface Dispute {
  id: string;
  dealId: string;
  dealName: string;
  partners: Array<{ id: string; name: string }>;
  openedBy: DisputeActor;
  openedAt: string;
  reason: string;
  claim: DisputeShare[] | null;
  status: DisputeStatus;
  decisionNote: string | null;
  decidedBy: DisputeActor | null;
  decidedAt: string | null;
  /** True when the decision set the deal's split to the claim (see SplitAdjustment). */
  adjustmentApplied: boolean;
  /** When partner ops were alerted that it stayed open too long (once per dispute), and the task. */
  alertedAt: string | null;
  alertTaskId: string | null;
}

export interface DisputeDecision {
  status: 'upheld' | 'rejected';
  note: string;
  by: DisputeActor;
  /** Only with `upheld`: the deal's split becomes `adjustment` (written with the decision, atomically). */
  adjustment?: Array<DisputeShare & { partnerName: string }>;
  at?: TimestampInput;
}

/** A per-deal override of the split set by partner ops after a dispute: partner → share of the pool. */
export interface SplitAdjustment {
  dealId: string;
  disputeId: string;
  shares: Array<DisputeShare & { partnerName: string }>;
  /** Why: the decision note. */
  note: string;
  setBy: DisputeActor;
  setAt: string;
}

export interface DisputeRepo {
  open(d: NewDispute): Promise<Dispute>;
  get(id: string): Promise<Dispute | null>;
  /** Oldest first; filtered by status and/or deal. */
  list(filter?: { status?: DisputeStatus; dealId?: string }): Promise<Dispute[]>;
  /**
   * open → upheld/rejected, with the adjustment when given (one transaction). NotFoundError
   * (`disputeId`) when absent; ConflictError (`status`) when already decided; StoreError
   * (`adjustment`) with an adjustment on a rejection.
   */
  decide(id: string, d: DisputeDecision): Promise<{ dispute: Dispute; adjustment: SplitAdjustment | null }>;
  /**
   * Records that partner ops were alerted about this open dispute. False (nothing changed) when
   * it was already recorded or the dispute is no longer open: the alert goes once.
   */
  markAlerted(id: string, taskId: string, at?: TimestampInput): Promise<boolean>;
  /** The split adjustments in force for these deals (one per deal at most: the latest decision's). */
  adjustmentsFor(dealIds: string[]): Promise<SplitAdjustment[]>;
  /** Which of these deals have at least one dispute (any status). */
  disputedDealIds(dealIds: string[]): Promise<string[]>;
  /**
   * Partner deals of the account index closed (won or lost) with a close date in [from, to]
   * (`YYYY-MM-DD`, both inclusive), ordered by deal id: the population of the dispute rate.
   */
  closedDealsBetween(from: string, to: string): Promise<Array<{ dealId: string; status: 'won' | 'lost'; closeDate: string; partnerIds: string[] }>>;
}

/** A pairing's lifecycle: active until partner ops decide at the day-90 review. */
export type PairingRowStatus = 'active' | 'scaled' | 'ended';

export interface NewPairingRow {
  /** Two or more partner company ids; stored sorted and without repeats. */
  partnerIds: string[];
  /** sell_with | sell_through | sell_to (validated by the caller). */
  model: string;
  /** YYYY-MM-DD. */
  startDate: string;
  /** The targets (JSON, validated by the caller). */
  targets: unknown;
  createdBy: string;
}

export interface PairingRow {
  id: string;
  partnerIds: string[];
  /** Sorted partner ids joined by "+": the deal property cosell_pairing of its deals. */
  pairingKey: string;
  model: string;
  startDate: string;
  targets: unknown;
  status: PairingRowStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdBy: string;
  createdAt: string;
}

/** A HubSpot note or task made for a pairing once per period (digest week, day-90 review). */
export interface PairingEngagementRow {
  pairingId: string;
  /** What it is for: `digest`, `review`, … */
  purpose: string;
  /** The period it covers, e.g. an ISO week "2026-W49" (or "day-90"). */
  periodKey: string;
  /** The HubSpot engagement ids made (null while being made, or when the maker died midway). */
  engagementIds: string[] | null;
  claimedAt: string;
}

/**
 * The pairing program (docs/decisions/0017-pairing-program.md): pairings with their decision, and
 * the notes and tasks made for each, claimed before they are made so a retry never makes two.
 */
export interface PairingRepo {
  /** ConflictError (field partnerIds) when an active pairing of the same partners exists. */
  create(p: NewPairingRow): Promise<PairingRow>;
  get(id: string): Promise<PairingRow | null>;
  /** Ordered by start date, then id. */
  list(opts?: { status?: PairingRowStatus }): Promise<PairingRow[]>;
  /** Records partner ops' decision on an active pairing; ConflictError (field status) when it is decided already, NotFoundError when unknown. */
  decide(id: string, d: { status: 'scaled' | 'ended'; note: string; by: string; at?: TimestampInput }): Promise<PairingRow>;
  /** Claims (pairing, purpose, period): true for the first caller only. */
  claimEngagement(pairingId: string, purpose: string, periodKey: string): Promise<boolean>;
  /** Stores the ids made under a claim. */
  recordEngagement(pairingId: string, purpose: string, periodKey: string, engagementIds: string[]): Promise<void>;
  /** Forgets a claim whose engagement was not made (the call failed), so a retry makes it. */
  releaseEngagement(pairingId: string, purpose: string, periodKey: string): Promise<void>;
  listEngagements(pairingId: string): Promise<PairingEngagementRow[]>;
}

/** A notification (HubSpot task or note) under its idempotency key (event and recipient). */
export interface SentNotification {
  key: string;
  /** stage-change | conflict | sla */
  topic: string;
  channel: 'task' | 'note';
  /** The HubSpot task or note id; '' while the send is under way. */
  hubspotId: string;
  /** The HubSpot owner it went to. */
  recipient: string;
  dealIds: string[];
  subject: string;
  /** sending: claimed, HubSpot not yet answered; completed: a task closed because its cause cleared. */
  status: 'sending' | 'sent' | 'completed';
  createdAt: string;
  completedAt: string | null;
}

export type NewSentNotification = Omit<SentNotification, 'status' | 'createdAt' | 'completedAt' | 'hubspotId'>;

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One outbound webhook delivery to a partner: the exact body signed, and how its attempts went. */
export interface WebhookDelivery {
  id: string;
  /** The event and its occurrence (one delivery per event key and partner). */
  eventKey: string;
  eventType: string;
  partnerId: string;
  url: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface NewWebhookDelivery {
  eventKey: string;
  eventType: string;
  partnerId: string;
  url: string;
  body: string;
}

/** Notifications sent and outbound webhook deliveries (docs/decisions/0015-notifications.md). */
export interface NotificationRepo {
  getSent(key: string): Promise<SentNotification | null>;
  /**
   * Claims a key before sending: true when this caller may send it (a new key, or a claim left
   * `sending` for longer than `staleAfterMs` by a sender that died); false when it is sent or being sent.
   */
  claim(n: NewSentNotification, opts: { staleAfterMs: number }): Promise<boolean>;
  /** Records the HubSpot id of a claimed key: it is sent. */
  markSent(key: string, hubspotId: string): Promise<void>;
  /** Gives a claim back after the send failed, so a retry can claim it again. */
  release(key: string): Promise<void>;
  /** Marks a sent notification completed; false when there is no such open one. */
  markCompleted(key: string): Promise<boolean>;
  /** Notifications of a topic still open (status sent), oldest first. */
  listOpen(topic: string): Promise<SentNotification[]>;
  /** Creates the delivery of an event to a partner, or returns the one that exists (`created` false). */
  createDelivery(d: NewWebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Records one attempt's result; `nextAttemptAt` when it will be tried again. */
  recordAttempt(id: string, r: { status: WebhookDeliveryStatus; httpStatus: number | null; error: string | null; nextAttemptAt: TimestampInput | null }): Promise<WebhookDelivery>;
  /** The delivery log, newest first. */
  listDeliveries(filter?: { partnerId?: string; limit?: number }): Promise<WebhookDelivery[]>;
}

/** One of our companies as the account-mapping index keeps it (docs/decisions/0019-account-mapping-saved-maps.md). */
export interface IndexedCompany {
  companyId: string;
  name: string;
  /** The account key's domain part: registrable domain of the company's domain, else of its website (`accountDomainKey`); null when unusable. */
  domain: string | null;
  /** HubSpot lifecycle stage (internal value) or null. */
  lifecycleStage: string | null;
}

export interface IndexedCompanyRow extends IndexedCompany {
  updatedAt: string;
}

/** Our companies for account mapping: kept current by company webhooks and the nightly reconcile. */
export interface CompanyIndexRepo {
  /** Inserts or replaces rows (by companyId) in one transaction; `updatedAt` becomes the store clock. */
  upsert(companies: IndexedCompany[]): Promise<void>;
  /** Returns how many rows were removed. */
  remove(companyIds: string[]): Promise<number>;
  /** The rows of these companies (those present), ordered by companyId. */
  get(companyIds: string[]): Promise<IndexedCompanyRow[]>;
  /** One keyset page ordered by companyId (as text): the rows after `after`. */
  page(opts: { after?: string | null; limit: number }): Promise<IndexedCompanyRow[]>;
  count(): Promise<number>;
  /** Removes rows last written before `before` (a reconcile that listed every company removes what it did not see). */
  removeNotUpdatedSince(before: TimestampInput): Promise<number>;
}

export type AccountMapEntryKind = 'match' | 'whitespace';

/** One entry of a saved map: a match (category, our companies) or a whitespace account. No partner names or plain data beyond the key. */
export interface AccountMapEntry {
  kind: AccountMapEntryKind;
  /** A match category, or 'whitespace'. */
  category: string;
  /** Registrable domain (our plain domain for matches; the HMAC for whitespace of a hashed list). */
  domain: string;
  /** Our company ids (matches); empty for whitespace. */
  ours: string[];
  /** Spreadsheet row numbers of the partner's file. */
  theirRows: number[];
  /** Whitespace: in the ICP; null for matches. */
  icp: boolean | null;
  isNew: boolean;
}

export interface NewAccountMap {
  partnerId: string;
  createdBy: string;
  /** Defaults to the store clock. */
  createdAt?: TimestampInput;
  hashed: boolean;
  /** The map's summary counts (JSON). */
  summary: unknown;
  entries: AccountMapEntry[];
}

export interface AccountMapHeader {
  id: string;
  partnerId: string;
  createdBy: string;
  createdAt: string;
  hashed: boolean;
  summary: unknown;
  /** Entries stored, and how many of them are new since the partner's previous map. */
  entryCount: number;
  newCount: number;
}

/** A match entry of some partner's latest map (what the company write-back is computed from). */
export interface LatestMapMatch {
  partnerId: string;
  mapId: string;
  createdAt: string;
  category: string;
  domain: string;
  ours: string[];
}

/** One part of a partner list sent from the settings page in chunks (kept only until the map runs). */
export interface AccountMapUploadPart {
  part: number;
  parts: number;
  /** Spreadsheet row number of the part's first row (the header is row 1). */
  firstRow: number;
  header: string[];
  rows: string[][];
}

/** Saved account maps per partner, and the reminders sent when a partner's last map grew old. */
export interface AccountMapRepo {
  /** Stores a map and its entries in one transaction. */
  save(map: NewAccountMap): Promise<AccountMapHeader>;
  get(mapId: string): Promise<AccountMapHeader | null>;
  /** The partner's most recent map (highest id), or null. */
  latest(partnerId: string): Promise<AccountMapHeader | null>;
  /** Every map of the partner, newest first. */
  listForPartner(partnerId: string): Promise<AccountMapHeader[]>;
  /** Entries of a map in the order they were saved. */
  entries(mapId: string): Promise<AccountMapEntry[]>;
  /** The latest map of every partner that has one, ordered by partnerId. */
  latestPerPartner(): Promise<AccountMapHeader[]>;
  /** Match entries of every partner's latest map (optionally only those naming one of `companyIds`). */
  latestMatches(opts?: { companyIds?: string[] }): Promise<LatestMapMatch[]>;
  /** Claims the reminder for (partner, map): true once; false when it was claimed before. */
  claimReminder(partnerId: string, mapId: string): Promise<boolean>;
  /** Records the HubSpot task created for a claimed reminder. */
  setReminderTask(partnerId: string, mapId: string, taskId: string): Promise<void>;
  /** Forgets a claim whose task could not be created, so the next run tries again. */
  releaseReminder(partnerId: string, mapId: string): Promise<void>;
  getReminder(partnerId: string, mapId: string): Promise<{ taskId: string | null; createdAt: string } | null>;
  /** Stores one part of an upload (a part sent again replaces itself); returns how many distinct parts are there. */
  putUploadPart(uploadId: string, part: AccountMapUploadPart): Promise<{ received: number; parts: number }>;
  /** The parts of an upload, ordered by part number. */
  uploadParts(uploadId: string): Promise<AccountMapUploadPart[]>;
  /** Forgets an upload (after its map ran). */
  deleteUpload(uploadId: string): Promise<void>;
  /** Forgets uploads started before `before` (abandoned ones). Returns how many parts were removed. */
  pruneUploads(before: TimestampInput): Promise<number>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs `fn` in one database transaction; a throw rolls everything back. Nested calls join the outer one. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  ruleSets: RuleSetRepo;
  dealPlans: DealPlanRepo;
  touchpoints: TouchpointRepo;
  registrations: RegistrationRepo;
  ledger: LedgerRepo;
  inbox: InboxRepo;
  audit: AuditRepo;
  locks: LockRepo;
  cursors: CursorRepo;
  accountIndex: AccountIndexRepo;
  idempotency: IdempotencyRepo;
  appSettings: AppSettingsRepo;
  disputes: DisputeRepo;
  pairings: PairingRepo;
  notifications: NotificationRepo;
  commissionLedger: CommissionLedgerRepo;
  companyIndex: CompanyIndexRepo;
  accountMaps: AccountMapRepo;
}

export interface CreateStoreOptions {
  /** postgres://… — when set, Postgres is used. */
  databaseUrl?: string;
  /** Postgres schema for every table (created if missing). Default `public`. */
  schema?: string;
  /** Postgres pool size. Default 10. */
  poolSize?: number;
  /** SQLite file; default DEFAULT_SQLITE_PATH (store-constants.ts; directories created); ':memory:' for a throwaway store. */
  sqlitePath?: string;
  /** The store's clock (leases, lock TTLs, default timestamps). Default `() => new Date()`. */
  now?: () => Date;
  /** Postgres: an idle pooled connection failed (the next query fails too). Default: ignored. */
  onPoolError?: (error: Error) => void;
}

/** A commission ledger line's status, derived from approval and payout-run records (never stored on the line). */
export type CommissionLineStatus = 'open' | 'approved' | 'paid';

/** A line to append to the commission ledger (docs/decisions/0014-commission-ledger.md). Amounts are signed minor units. */
export interface NewCommissionLine {
  /**
   * Unique per line: appending a key already stored adds nothing, so a replay or a second worker
   * cannot add the same line twice. Deal lines use `entry:<computation-log entry>:<partner>:<currency>`.
   */
  key: string;
  dealId: string;
  partnerId: string;
  /** `earned`, `reversal`, `adjustment`, `bonus`, `uplift`, … (src/domain/commission-ledger.ts). */
  kind: string;
  amountMinor: bigint;
  currency: string;
  /** The amount in the portal's home currency at the deal's close-date rate; null when there was no rate. */
  homeAmountMinor: bigint | null;
  homeCurrency: string | null;
  /** The rule version the amount was computed with (with the override name, as the deal shows it). */
  ruleVersion: string | null;
  /** The computation-log entry (`store.ledger`) the line follows; null for quarter lines. */
  sourceEntryId: string | null;
  /** Defaults to the store clock. */
  createdAt?: TimestampInput;
}

/** A stored line: what was appended, its id and time, and its status from approvals and runs. */
export interface CommissionLine extends Omit<NewCommissionLine, 'createdAt'> {
  id: string;
  createdAt: string;
  status: CommissionLineStatus;
  approvedAt: string | null;
  approvedBy: string | null;
  /** The payout run holding the line (paid or not yet), else null. */
  runId: string | null;
  paidAt: string | null;
}

export interface CommissionLineFilter {
  dealId?: string;
  partnerId?: string;
  status?: CommissionLineStatus;
  runId?: string;
  /** Only lines with an id above this one (keyset paging), in id order. */
  afterId?: string;
  /** Only lines created before this instant. */
  createdBefore?: TimestampInput;
  /** Lines that are approved and in no run: what a payout run collects. */
  payable?: boolean;
  limit?: number;
}

/** A partner whose net in a run (per currency) was negative: nothing paid, the balance carried forward. */
export interface PayoutCarry {
  partnerId: string;
  currency: string;
  /** The negative net, minor units. */
  amountMinor: bigint;
  /** The approved lines left unpaid for the next run. */
  lineIds: string[];
}

export interface PayoutRun {
  id: string;
  /** `2026-Q4` or `2026-11`. */
  period: string;
  createdAt: string;
  createdBy: string;
  paidAt: string | null;
  paidBy: string | null;
  /** Lines paid by the run. */
  lineIds: string[];
  carries: PayoutCarry[];
}

export interface CommissionLedgerRepo {
  /** Appends in one transaction; lines whose key is already stored are skipped. Returns the lines added. */
  append(lines: NewCommissionLine[]): Promise<CommissionLine[]>;
  /** In id (append) order. */
  list(filter?: CommissionLineFilter): Promise<CommissionLine[]>;
  get(ids: string[]): Promise<CommissionLine[]>;
  /**
   * Approves the open lines matching the filter (all with `{}`), recording who and when. Lines
   * approved already are left as they are. Returns the lines approved now.
   */
  approve(filter: { dealId?: string; partnerId?: string; lineIds?: string[] }, by: string): Promise<CommissionLine[]>;
  /**
   * Records a run paying `lineIds` and the carries. Each line belongs to one run at most (unique):
   * a line that is not approved or is in a run already makes it a ConflictError (field `lineIds`)
   * and nothing is recorded.
   */
  createRun(input: { period: string; createdBy: string; lineIds: string[]; carries: PayoutCarry[] }): Promise<PayoutRun>;
  getRun(id: string): Promise<PayoutRun | null>;
  /** Oldest first. */
  listRuns(): Promise<PayoutRun[]>;
  /** Sets paidAt once; NotFoundError (`runId`) when unknown; a run paid already keeps its first paidAt. */
  markRunPaid(id: string, by: string): Promise<PayoutRun>;
  /** The computation-log entries (plan and inputs) lines came from, for statements. */
  sourceEntries(entryIds: string[]): Promise<Map<string, { plan: unknown; inputs: unknown; closeDate: string | null; ruleVersion: string }>>;
}
