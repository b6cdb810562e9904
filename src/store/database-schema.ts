// Kysely's view of the tables created by migrations.ts. Column types are what either driver may
// hand back: ids are INTEGER (SQLite → number) or BIGSERIAL (pg → string); timestamps are TEXT ISO
// strings (SQLite) or timestamptz (pg → Date). Rows are normalised in row-mappers.ts.
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number | string>;
type IdRef = ColumnType<number | string, number | string, number | string>;
type Timestamp = ColumnType<string | Date, string, string>;
type NullableTimestamp = ColumnType<string | Date | null, string | null, string | null>;

export interface RuleSetDraftsTable {
  id: Id;
  rule_set: string;
  based_on_version: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PublishedRuleSetsTable {
  id: Id;
  version: string;
  rule_set: string;
  effective_from: string | null;
  based_on_version: string | null;
  draft_id: string;
  draft_created_by: string;
  published_by: string;
  published_at: Timestamp;
}

export interface DealPlansTable {
  deal_id: string;
  plan: string;
  revision: number;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface TouchpointsTable {
  id: Id;
  deal_id: string;
  partner_id: string;
  kind: string;
  occurred_at: Timestamp;
  summary: string;
  logged_by: string;
  note_id: string | null;
  created_at: Timestamp;
}

export interface RegistrationsTable {
  id: Id;
  deal_id: string;
  snapshot: string;
  registered_by: string;
  registered_at: Timestamp;
  status: string;
  superseded_by: string | null;
  closed_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  renewed_at: NullableTimestamp;
  renewed_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request: string;
  status: number | null;
  response: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: Id;
  deal_id: string;
  trigger: string;
  rule_version: string;
  inputs: string;
  plan: string;
  deal_status: string;
  close_date: string | null;
  /** close_date, else the computed_at date: what partnerTotals filters on (YYYY-MM-DD). */
  period_date: string;
  computed_at: Timestamp;
  /**
   * The deal's latest entry when this one was appended (0 for its first); unique per deal (0004),
   * so two appends computed from the same latest entry cannot both land.
   */
  prev_entry_id: ColumnType<number | string | null, number | string, number | string>;
  /** SHA-256 of the computation (rule version, status, inputs, plan); null on rows older than 0004. */
  entry_hash: string | null;
}

export interface LedgerAllocationsTable {
  id: Id;
  entry_id: IdRef;
  deal_id: string;
  partner_id: string;
  /** Decimal integer minor units; TEXT so no driver ever turns it into a float. */
  amount_minor: string;
  currency: string;
}

export interface InboxItemsTable {
  id: Id;
  dedupe_key: string;
  kind: string;
  subject: string;
  payload: string;
  occurred_at: Timestamp;
  available_at: Timestamp;
  status: string;
  attempts: number;
  claims: number;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: NullableTimestamp;
  dead_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Id;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  at: Timestamp;
}

export interface LocksTable {
  name: string;
  holder: string;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface CursorsTable {
  name: string;
  value: string;
  updated_at: Timestamp;
}

export interface AccountIndexTable {
  deal_id: string;
  name: string;
  status: string;
  close_date: string | null;
  /** JSON array of partner company ids. */
  partner_ids: string;
  /** JSON object partner id → name. */
  partner_names: string;
  company_id: string | null;
  domain: string | null;
  parent_company_id: string | null;
  /** The customer company's name (for people); null on rows written before migration 0008. */
  company_name: string | null;
  /** The parent company's name (for people); null on rows written before migration 0010. */
  parent_company_name: string | null;
  updated_at: Timestamp;
}

/** One row per (deal, account key) of account_index (`accountKeysOf`): what listSharingAccounts joins on. */
export interface AccountKeysTable {
  deal_id: string;
  key: string;
}

/** One row per (deal, partner) of account_index: what listByPartner looks up. */
export interface AccountIndexPartnersTable {
  deal_id: string;
  partner_id: string;
}

export interface AppSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_by: string;
  updated_at: Timestamp;
}

export interface DisputesTable {
  id: Id;
  deal_id: string;
  deal_name: string;
  /** JSON array of { id, name }: the partners on the deal when opened. */
  partners: string;
  opened_by_id: string;
  opened_by_name: string;
  opened_at: Timestamp;
  reason: string;
  /** JSON array of { partnerId, percent }, or null. */
  claim: string | null;
  status: string;
  decision_note: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: NullableTimestamp;
  adjustment_applied: number;
  alerted_at: NullableTimestamp;
  alert_task_id: string | null;
}

/** One row per deal whose split was set by partner ops after a dispute. */
export interface SplitAdjustmentsTable {
  deal_id: string;
  dispute_id: string;
  /** JSON array of { partnerId, partnerName, percent }. */
  shares: string;
  note: string;
  set_by_id: string;
  set_by_name: string;
  set_at: Timestamp;
}

export interface PairingsTable {
  id: Id;
  /** JSON array of partner company ids, sorted. */
  partner_ids: string;
  pairing_key: string;
  model: string;
  start_date: string;
  /** JSON object. */
  targets: string;
  status: string;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface PairingEngagementsTable {
  pairing_id: string;
  purpose: string;
  period_key: string;
  /** JSON array of engagement ids; null while being made. */
  engagement_ids: string | null;
  claimed_at: Timestamp;
}

/** One row per notification sent (task or note in HubSpot), keyed by event and recipient: a key is sent once. */
export interface NotificationsSentTable {
  key: string;
  /** What the notification is about: stage-change, conflict, sla. */
  topic: string;
  channel: string;
  hubspot_id: string;
  recipient: string;
  /** JSON array of the deal ids it concerns. */
  deal_ids: string;
  subject: string;
  /** sent | completed (a task closed because its cause cleared). */
  status: string;
  created_at: Timestamp;
  completed_at: NullableTimestamp;
}

/** One row per outbound webhook delivery to a partner (its log); `body` is the exact JSON signed. */
export interface WebhookDeliveriesTable {
  id: Id;
  event_key: string;
  event_type: string;
  partner_id: string;
  url: string;
  body: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: NullableTimestamp;
}

/** Our companies for account mapping (migration 0018). */
export interface CompanyIndexTable {
  company_id: string;
  name: string;
  /** Registrable domain (account key's domain part) or null. */
  domain: string | null;
  lifecycle_stage: string | null;
  updated_at: Timestamp;
}

/** Saved account maps, one per run with --save (migration 0019). */
export interface AccountMapsTable {
  id: Id;
  partner_id: string;
  created_by: string;
  created_at: Timestamp;
  /** 1 when the partner's list was hashed. */
  hashed: number;
  summary: string;
  entry_count: number;
  new_count: number;
}

export interface AccountMapEntriesTable {
  map_id: IdRef;
  position: number;
  kind: string;
  category: string;
  domain: string;
  /** JSON array of our company ids. */
  ours: string;
  /** JSON array of the partner's row numbers. */
  their_rows: string;
  /** 1/0, null for matches. */
  icp: number | null;
  is_new: number;
}

/** One row per (partner, map) whose age triggered a reminder task. */
export interface AccountMapRemindersTable {
  partner_id: string;
  map_id: string;
  task_id: string | null;
  created_at: Timestamp;
}

/** Parts of a partner list sent from the settings page, until the map runs (migration 0019). */
export interface AccountMapUploadsTable {
  upload_id: string;
  part: number;
  parts: number;
  first_row: number;
  /** JSON array of header cells. */
  header: string;
  /** JSON array of rows (arrays of cells). */
  rows: string;
  created_at: Timestamp;
}

export interface Database {
  rule_set_drafts: RuleSetDraftsTable;
  published_rule_sets: PublishedRuleSetsTable;
  deal_plans: DealPlansTable;
  touchpoints: TouchpointsTable;
  registrations: RegistrationsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_allocations: LedgerAllocationsTable;
  inbox_items: InboxItemsTable;
  audit_log: AuditLogTable;
  locks: LocksTable;
  cursors: CursorsTable;
  account_index: AccountIndexTable;
  account_index_partners: AccountIndexPartnersTable;
  account_keys: AccountKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  app_settings: AppSettingsTable;
  disputes: DisputesTable;
  split_adjustments: SplitAdjustmentsTable;
  pairings: PairingsTable;
  pairing_engagements: PairingEngagementsTable;
  notifications_sent: NotificationsSentTable;
  webhook_deliveries: WebhookDeliveriesTable;
  commission_lines: CommissionLinesTable;
  commission_approvals: CommissionApprovalsTable;
  payout_runs: PayoutRunsTable;
  payout_run_lines: PayoutRunLinesTable;
  payout_run_carries: PayoutRunCarriesTable;
  company_index: CompanyIndexTable;
  account_maps: AccountMapsTable;
  account_map_entries: AccountMapEntriesTable;
  account_map_reminders: AccountMapRemindersTable;
  account_map_uploads: AccountMapUploadsTable;
}

/** The commission ledger (0016): append-only money lines; status lives in the tables below. */
export interface CommissionLinesTable {
  id: Id;
  /** Unique: what makes a replay or a second worker unable to add the same line. */
  line_key: string;
  deal_id: string;
  partner_id: string;
  kind: string;
  amount_minor: string;
  currency: string;
  home_amount_minor: string | null;
  home_currency: string | null;
  rule_version: string | null;
  source_entry_id: IdRef | null;
  created_at: Timestamp;
}

/** One row per approved line (primary key line_id: approved once). */
export interface CommissionApprovalsTable {
  line_id: IdRef;
  approved_by: string;
  approved_at: Timestamp;
}

export interface PayoutRunsTable {
  id: Id;
  period: string;
  created_at: Timestamp;
  created_by: string;
  paid_at: NullableTimestamp;
  paid_by: string | null;
}

/** Run membership (primary key line_id: a line is in one run at most, so it is never paid twice). */
export interface PayoutRunLinesTable {
  line_id: IdRef;
  run_id: IdRef;
}

/** A partner's negative net in a run, per currency, carried forward (its lines stay unpaid). */
export interface PayoutRunCarriesTable {
  run_id: IdRef;
  partner_id: string;
  currency: string;
  amount_minor: string;
  /** JSON array of the line ids left for the next run. */
  line_ids: string;
}
