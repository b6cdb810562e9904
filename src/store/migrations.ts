// The one migration set for both dialects "One migration set, applied on start".
// Kysely's schema builder keeps it dialect-neutral; the only branches are the id/timestamp column
// types and the trigger that makes published rule sets immutable. Never edit a shipped migration:
// add a new one with a later key (keys sort lexically).
import { Migrator, sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration, MigrationResultSet } from 'kysely';
import { accountKeysOf } from '../domain/account-keys';

export type Dialect = 'sqlite' | 'postgres';

// The schema builder does not care about the row types, so migrations take the untyped handle.
type AnyDb = Kysely<unknown>;

function columnKinds(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    // pg returns BIGSERIAL as a string, SQLite INTEGER as a number; row mappers make both strings.
    id: <T extends string, C extends string>(t: CreateTableBuilder<T, C>) =>
      pg
        ? t.addColumn('id', 'bigserial', (c) => c.primaryKey())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
    idRef: pg ? ('bigint' as const) : ('integer' as const),
    // ISO strings sort correctly as TEXT in SQLite; Postgres gets a real instant type.
    ts: pg ? ('timestamptz' as const) : ('text' as const),
  };
}

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

function initialSchema(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await k
        .id(db.schema.createTable('rule_set_drafts'))
        .addColumn('rule_set', 'text', notNull)
        .addColumn('based_on_version', 'text')
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('updated_by', 'text', notNull)
        .addColumn('updated_at', k.ts, notNull)
        .execute();

      await k
        .id(db.schema.createTable('published_rule_sets'))
        .addColumn('version', 'text', (c) => c.notNull().unique())
        .addColumn('rule_set', 'text', notNull)
        .addColumn('effective_from', 'text')
        .addColumn('based_on_version', 'text')
        .addColumn('draft_id', 'text', notNull)
        .addColumn('draft_created_by', 'text', notNull)
        .addColumn('published_by', 'text', notNull)
        .addColumn('published_at', k.ts, notNull)
        .execute();

      await db.schema
        .createTable('deal_plans')
        .addColumn('deal_id', 'text', (c) => c.primaryKey())
        .addColumn('plan', 'text', notNull)
        .addColumn('revision', 'integer', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('updated_by', 'text', notNull)
        .addColumn('updated_at', k.ts, notNull)
        .execute();

      await k
        .id(db.schema.createTable('touchpoints'))
        .addColumn('deal_id', 'text', notNull)
        .addColumn('partner_id', 'text', notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('occurred_at', k.ts, notNull)
        .addColumn('summary', 'text', notNull)
        .addColumn('logged_by', 'text', notNull)
        .addColumn('note_id', 'text')
        .addColumn('created_at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('touchpoints_deal').on('touchpoints').columns(['deal_id', 'occurred_at']).execute();
      await db.schema.createIndex('touchpoints_partner').on('touchpoints').columns(['partner_id', 'occurred_at']).execute();

      await k
        .id(db.schema.createTable('registrations'))
        .addColumn('deal_id', 'text', notNull)
        .addColumn('snapshot', 'text', notNull)
        .addColumn('registered_by', 'text', notNull)
        .addColumn('registered_at', k.ts, notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('superseded_by', 'text')
        .addColumn('closed_at', k.ts)
        .execute();
      await db.schema.createIndex('registrations_deal').on('registrations').columns(['deal_id', 'id']).execute();
      await db.schema.createIndex('registrations_status').on('registrations').columns(['status', 'id']).execute();

      await k
        .id(db.schema.createTable('ledger_entries'))
        .addColumn('deal_id', 'text', notNull)
        .addColumn('trigger', 'text', notNull)
        .addColumn('rule_version', 'text', notNull)
        .addColumn('inputs', 'text', notNull)
        .addColumn('plan', 'text', notNull)
        .addColumn('deal_status', 'text', notNull)
        .addColumn('close_date', 'text')
        .addColumn('period_date', 'text', notNull)
        .addColumn('computed_at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('ledger_entries_deal').on('ledger_entries').columns(['deal_id', 'id']).execute();

      await k
        .id(db.schema.createTable('ledger_allocations'))
        .addColumn('entry_id', k.idRef, (c) => c.notNull().references('ledger_entries.id').onDelete('cascade'))
        .addColumn('deal_id', 'text', notNull)
        .addColumn('partner_id', 'text', notNull)
        .addColumn('amount_minor', 'text', notNull)
        .addColumn('currency', 'text', notNull)
        .execute();
      await db.schema.createIndex('ledger_allocations_entry').on('ledger_allocations').column('entry_id').execute();
      await db.schema.createIndex('ledger_allocations_partner').on('ledger_allocations').columns(['partner_id', 'entry_id']).execute();

      await k
        .id(db.schema.createTable('inbox_items'))
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', notNull)
        .addColumn('subject', 'text', notNull)
        .addColumn('payload', 'text', notNull)
        .addColumn('occurred_at', k.ts, notNull)
        .addColumn('available_at', k.ts, notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claims', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', k.ts)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('updated_at', k.ts, notNull)
        .addColumn('completed_at', k.ts)
        .addColumn('dead_at', k.ts)
        .execute();
      // claim() scans pending-by-availability and leased-by-expiry; pruneDone() scans done-by-completion.
      await db.schema.createIndex('inbox_items_due').on('inbox_items').columns(['status', 'available_at', 'id']).execute();
      await db.schema.createIndex('inbox_items_lease').on('inbox_items').columns(['status', 'lease_expires_at']).execute();
      await db.schema.createIndex('inbox_items_done').on('inbox_items').columns(['status', 'completed_at']).execute();

      await k
        .id(db.schema.createTable('audit_log'))
        .addColumn('actor', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('entity_type', 'text', notNull)
        .addColumn('entity_id', 'text', notNull)
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('request_id', 'text')
        .addColumn('at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();

      await db.schema
        .createTable('locks')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', notNull)
        .addColumn('acquired_at', k.ts, notNull)
        .addColumn('expires_at', k.ts, notNull)
        .execute();

      await db.schema
        .createTable('cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', notNull)
        .addColumn('updated_at', k.ts, notNull)
        .execute();

      // "Published rule sets are never edited": no API updates them, and the database
      // refuses too, so a hand-written UPDATE or DELETE cannot rewrite history.
      if (dialect === 'postgres') {
        await sql`create or replace function cosell_published_rule_sets_immutable() returns trigger
          language plpgsql as $$ begin raise exception 'published rule sets are immutable'; end $$`.execute(db);
        await sql`create trigger published_rule_sets_immutable before update or delete on published_rule_sets
          for each row execute function cosell_published_rule_sets_immutable()`.execute(db);
      } else {
        await sql`create trigger published_rule_sets_no_update before update on published_rule_sets
          begin select raise(abort, 'published rule sets are immutable'); end`.execute(db);
        await sql`create trigger published_rule_sets_no_delete before delete on published_rule_sets
          begin select raise(abort, 'published rule sets are immutable'); end`.execute(db);
      }
    },
  };
}

/**
 * The worker's account index as a table (it was one JSON value in `cursors`, rewritten whole on
 * every recompute: lost updates under two workers on Postgres, O(all deals) bytes per write).
 */
function accountIndexTable(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('account_index')
        .addColumn('deal_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('close_date', 'text')
        .addColumn('partner_ids', 'text', notNull)
        .addColumn('partner_names', 'text', notNull)
        .addColumn('company_id', 'text')
        .addColumn('domain', 'text')
        .addColumn('parent_company_id', 'text')
        .addColumn('updated_at', k.ts, notNull)
        .execute();
      // listSharingAccounts looked rows up by company_id, parent_company_id or domain (until 0010_account_keys).
      await db.schema.createIndex('account_index_company').on('account_index').column('company_id').execute();
      await db.schema.createIndex('account_index_parent').on('account_index').column('parent_company_id').execute();
      await db.schema.createIndex('account_index_domain').on('account_index').column('domain').execute();
      await db.schema.createIndex('account_index_status').on('account_index').columns(['status', 'deal_id']).execute();

      await db.schema
        .createTable('account_index_partners')
        .addColumn('deal_id', 'text', (c) => c.notNull().references('account_index.deal_id').onDelete('cascade'))
        .addColumn('partner_id', 'text', notNull)
        .addPrimaryKeyConstraint('account_index_partners_pk', ['deal_id', 'partner_id'])
        .execute();
      await db.schema.createIndex('account_index_partners_partner').on('account_index_partners').columns(['partner_id', 'deal_id']).execute();

      // The old JSON index is dropped rather than converted. Dropping the reconcile cursor as well
      // makes the next reconcile (the start-up one) a full one, which rebuilds the table from the CRM.
      // (Names as they were: 'cosell:account-index:v1' and RECONCILE_CURSOR in src/app.)
      await sql`delete from cursors where name in ('cosell:account-index:v1', 'reconcile:last-run')`.execute(db);
    },
  };
}

/**
 * Several instances on one database: a ledger entry names the entry it follows, and a
 * deal can have only one entry after any given one — a second append computed from the same latest
 * entry (two instances on one deal) conflicts and is dropped by `ledger.appendIfChanged`.
 * Existing rows are chained in id order (they were appended in that order), so the index holds.
 */
function ledgerChain(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('ledger_entries').addColumn('prev_entry_id', k.idRef).execute();
      await db.schema.alterTable('ledger_entries').addColumn('entry_hash', 'text').execute();
      await sql`update ledger_entries set prev_entry_id = coalesce((select max(p.id) from ledger_entries p
        where p.deal_id = ledger_entries.deal_id and p.id < ledger_entries.id), 0)`.execute(db);
      await db.schema.createIndex('ledger_entries_chain').on('ledger_entries').columns(['deal_id', 'prev_entry_id']).unique().execute();
    },
  };
}

/**
 * Card writes made idempotent (hubspot.fetch retries once on a 5xx, so a create can arrive twice),
 * and registrations that can be withdrawn, expire and be renewed.
 */
function idempotencyAndRegistrationLifecycle(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      // One row per (portal+endpoint+deal, key): the request as first seen and, once answered, the
      // answer. `status` null = still being answered.
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', notNull)
        .addColumn('key', 'text', notNull)
        .addColumn('request', 'text', notNull)
        .addColumn('status', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', k.ts, notNull)
        .addColumn('expires_at', k.ts, notNull)
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

      for (const [name, type] of [
        ['expires_at', k.ts],
        ['renewed_at', k.ts],
        ['renewed_by', 'text'],
        ['withdrawn_at', k.ts],
        ['withdrawn_by', 'text'],
        ['withdraw_reason', 'text'],
      ] as const) {
        await db.schema.alterTable('registrations').addColumn(name, type).execute();
      }
      // Registrations made before expiry existed get the default term (90 days) from when they
      // were made; REGISTRATION_TTL_DAYS applies to registrations and renewals from now on.
      if (dialect === 'postgres') {
        await sql`update registrations set expires_at = registered_at + interval '90 days' where expires_at is null`.execute(db);
      } else {
        await sql`update registrations set expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', registered_at, '+90 days') where expires_at is null`.execute(db);
      }
    },
  };
}

/**
 * The customer company's name on each account index row, so conflict text names the account
 * ("Acme Corp (parent of Acme Europe)") instead of a company id. Rows written before it have none
 * until their deal is next computed; the text then falls back to the domain or the id.
 */
function accountIndexCompanyName(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('account_index').addColumn('company_name', 'text').execute();
    },
  };
}

/**
 * Account keys as rows (docs/decisions/0010-account-keys.md): `account_keys (deal_id, key)`, one
 * row per key of each account index entry (`accountKeysOf`), so "deals on the same account" is an
 * equality join on `key`. The per-column indexes it replaces go; the parent company's name joins
 * the row for conflict text. Existing rows get their keys here.
 */
function accountKeys(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('account_keys')
        .addColumn('deal_id', 'text', (c) => c.notNull().references('account_index.deal_id').onDelete('cascade'))
        .addColumn('key', 'text', notNull)
        .addPrimaryKeyConstraint('account_keys_pk', ['deal_id', 'key'])
        .execute();
      await db.schema.createIndex('account_keys_key').on('account_keys').columns(['key', 'deal_id']).execute();
      await db.schema.alterTable('account_index').addColumn('parent_company_name', 'text').execute();
      for (const name of ['account_index_company', 'account_index_parent', 'account_index_domain']) await db.schema.dropIndex(name).execute();
      await rebuildAccountKeys(db);
    },
  };
}

const KEY_ROWS_PER_INSERT = 500;

/**
 * Writes every account index row's keys afresh from its stored account. A later change to what
 * `accountKeysOf` returns (e.g. a new domain normaliser) ships with a migration that calls this.
 */
export async function rebuildAccountKeys(db: AnyDb): Promise<void> {
  const raw = db as unknown as Kysely<{
    account_index: { deal_id: string; company_id: string | null; domain: string | null; parent_company_id: string | null };
    account_keys: { deal_id: string; key: string };
  }>;
  await raw.deleteFrom('account_keys').execute();
  let after = '';
  for (;;) {
    // Keyset pages, so a large index is never held in memory at once.
    const rows = await raw
      .selectFrom('account_index')
      .select(['deal_id', 'company_id', 'domain', 'parent_company_id'])
      .where('deal_id', '>', after)
      .orderBy('deal_id')
      .limit(KEY_ROWS_PER_INSERT)
      .execute();
    if (rows.length === 0) return;
    const keys = rows.flatMap((r) => accountKeysOf({ companyId: r.company_id, domain: r.domain, parentCompanyId: r.parent_company_id }).map((key) => ({ deal_id: r.deal_id, key })));
    for (let i = 0; i < keys.length; i += KEY_ROWS_PER_INSERT) await raw.insertInto('account_keys').values(keys.slice(i, i + KEY_ROWS_PER_INSERT)).execute();
    after = rows[rows.length - 1]!.deal_id;
  }
}

/**
 * Account keys' domain part becomes the registrable domain by the Public Suffix List, the
 * normaliser account mapping uses too (docs/decisions/0010-account-keys.md); every row's keys are
 * rewritten with it.
 */
function accountKeysPublicSuffixList(): Migration {
  return {
    async up(db: AnyDb) {
      await rebuildAccountKeys(db);
    },
  };
}

/**
 * Settings a feature keeps for the portal (notification recipients, alert thresholds, …): one JSON
 * value per key, with who changed it last. Each feature validates its own value when it reads it.
 */
function appSettings(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('app_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', notNull)
        .addColumn('updated_by', 'text', notNull)
        .addColumn('updated_at', k.ts, notNull)
        .execute();
    },
  };
}

/**
 * Attribution disputes (open → upheld/rejected, with who decided and why) and the per-deal split
 * adjustments an upheld dispute may set (docs/decisions/0016-disputes.md).
 */
function disputes(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await k
        .id(db.schema.createTable('disputes'))
        .addColumn('deal_id', 'text', notNull)
        .addColumn('deal_name', 'text', notNull)
        .addColumn('partners', 'text', notNull)
        .addColumn('opened_by_id', 'text', notNull)
        .addColumn('opened_by_name', 'text', notNull)
        .addColumn('opened_at', k.ts, notNull)
        .addColumn('reason', 'text', notNull)
        .addColumn('claim', 'text')
        .addColumn('status', 'text', notNull)
        .addColumn('decision_note', 'text')
        .addColumn('decided_by_id', 'text')
        .addColumn('decided_by_name', 'text')
        .addColumn('decided_at', k.ts)
        .addColumn('adjustment_applied', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('alerted_at', k.ts)
        .addColumn('alert_task_id', 'text')
        .execute();
      await db.schema.createIndex('disputes_deal').on('disputes').columns(['deal_id', 'id']).execute();
      await db.schema.createIndex('disputes_status').on('disputes').columns(['status', 'id']).execute();
      await db.schema
        .createTable('split_adjustments')
        .addColumn('deal_id', 'text', (c) => c.primaryKey())
        .addColumn('dispute_id', 'text', notNull)
        .addColumn('shares', 'text', notNull)
        .addColumn('note', 'text', notNull)
        .addColumn('set_by_id', 'text', notNull)
        .addColumn('set_by_name', 'text', notNull)
        .addColumn('set_at', k.ts, notNull)
        .execute();
    },
  };
}

/**
 * The pairing program: pairings (one active pairing per set of partners, by a partial unique
 * index) and the notes and tasks made for each per period, claimed before they are made.
 */
function pairings(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await k
        .id(db.schema.createTable('pairings'))
        .addColumn('partner_ids', 'text', notNull)
        .addColumn('pairing_key', 'text', notNull)
        .addColumn('model', 'text', notNull)
        .addColumn('start_date', 'text', notNull)
        .addColumn('targets', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', k.ts)
        .addColumn('decision_note', 'text')
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('pairings_active_key').on('pairings').column('pairing_key').unique().where(sql.ref('status'), '=', 'active').execute();
      await db.schema.createIndex('pairings_start').on('pairings').columns(['start_date', 'id']).execute();
      await db.schema
        .createTable('pairing_engagements')
        .addColumn('pairing_id', 'text', notNull)
        .addColumn('purpose', 'text', notNull)
        .addColumn('period_key', 'text', notNull)
        .addColumn('engagement_ids', 'text')
        .addColumn('claimed_at', k.ts, notNull)
        .addPrimaryKeyConstraint('pairing_engagements_pk', ['pairing_id', 'purpose', 'period_key'])
        .execute();
    },
  };
}

/**
 * Notifications (docs/decisions/0015-notifications.md): what was sent to whom, keyed by event and
 * recipient so a replay or retry never sends twice, and the outbound webhook delivery log.
 */
function notifications(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('notifications_sent')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('topic', 'text', notNull)
        .addColumn('channel', 'text', notNull)
        .addColumn('hubspot_id', 'text', notNull)
        .addColumn('recipient', 'text', notNull)
        .addColumn('deal_ids', 'text', notNull)
        .addColumn('subject', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('completed_at', k.ts)
        .execute();
      await db.schema.createIndex('notifications_sent_topic_status').on('notifications_sent').columns(['topic', 'status']).execute();
      await k
        .id(db.schema.createTable('webhook_deliveries'))
        .addColumn('event_key', 'text', notNull)
        .addColumn('event_type', 'text', notNull)
        .addColumn('partner_id', 'text', notNull)
        .addColumn('url', 'text', notNull)
        .addColumn('body', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('attempts', 'integer', notNull)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', k.ts)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('updated_at', k.ts, notNull)
        .addColumn('delivered_at', k.ts)
        .addUniqueConstraint('webhook_deliveries_event_partner', ['event_key', 'partner_id'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_partner').on('webhook_deliveries').columns(['partner_id', 'id']).execute();
    },
  };
}

/**
 * The commission ledger (docs/decisions/0014-commission-ledger.md): append-only money lines keyed
 * so a replay adds nothing, approvals and payout-run membership as their own rows (a line is
 * approved once and in one run at most: primary keys), runs and the balances they carried forward.
 */
function commissionLedger(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await k
        .id(db.schema.createTable('commission_lines'))
        .addColumn('line_key', 'text', (c) => c.notNull().unique())
        .addColumn('deal_id', 'text', notNull)
        .addColumn('partner_id', 'text', notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('amount_minor', 'text', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('home_amount_minor', 'text')
        .addColumn('home_currency', 'text')
        .addColumn('rule_version', 'text')
        .addColumn('source_entry_id', k.idRef)
        .addColumn('created_at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('commission_lines_deal').on('commission_lines').columns(['deal_id', 'id']).execute();
      await db.schema.createIndex('commission_lines_partner').on('commission_lines').columns(['partner_id', 'id']).execute();
      await db.schema
        .createTable('commission_approvals')
        .addColumn('line_id', k.idRef, (c) => c.primaryKey().references('commission_lines.id'))
        .addColumn('approved_by', 'text', notNull)
        .addColumn('approved_at', k.ts, notNull)
        .execute();
      await k
        .id(db.schema.createTable('payout_runs'))
        .addColumn('period', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('paid_at', k.ts)
        .addColumn('paid_by', 'text')
        .execute();
      await db.schema
        .createTable('payout_run_lines')
        .addColumn('line_id', k.idRef, (c) => c.primaryKey().references('commission_lines.id'))
        .addColumn('run_id', k.idRef, (c) => c.notNull().references('payout_runs.id'))
        .execute();
      await db.schema.createIndex('payout_run_lines_run').on('payout_run_lines').columns(['run_id', 'line_id']).execute();
      await db.schema
        .createTable('payout_run_carries')
        .addColumn('run_id', k.idRef, (c) => c.notNull().references('payout_runs.id'))
        .addColumn('partner_id', 'text', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('amount_minor', 'text', notNull)
        .addColumn('line_ids', 'text', notNull)
        .addPrimaryKeyConstraint('payout_run_carries_pk', ['run_id', 'partner_id', 'currency'])
        .execute();
    },
  };
}

/**
 * Account mapping's index of our companies (docs/decisions/0019-account-mapping-saved-maps.md):
 * one row per HubSpot company with its registrable domain and lifecycle stage, looked up by domain.
 */
function companyIndex(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('company_index')
        .addColumn('company_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', notNull)
        .addColumn('domain', 'text')
        .addColumn('lifecycle_stage', 'text')
        .addColumn('updated_at', k.ts, notNull)
        .execute();
      await db.schema.createIndex('company_index_domain').on('company_index').columns(['domain', 'company_id']).execute();
      await db.schema.createIndex('company_index_updated').on('company_index').columns(['updated_at']).execute();
    },
  };
}

/** Saved account maps per partner, their entries, and the reminders sent when a map grew old. */
function accountMaps(dialect: Dialect): Migration {
  const k = columnKinds(dialect);
  return {
    async up(db: AnyDb) {
      await k
        .id(db.schema.createTable('account_maps'))
        .addColumn('partner_id', 'text', notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addColumn('hashed', 'integer', notNull)
        .addColumn('summary', 'text', notNull)
        .addColumn('entry_count', 'integer', notNull)
        .addColumn('new_count', 'integer', notNull)
        .execute();
      await db.schema.createIndex('account_maps_partner').on('account_maps').columns(['partner_id', 'id']).execute();
      await db.schema
        .createTable('account_map_entries')
        .addColumn('map_id', k.idRef, (c) => c.notNull().references('account_maps.id').onDelete('cascade'))
        .addColumn('position', 'integer', notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('category', 'text', notNull)
        .addColumn('domain', 'text', notNull)
        .addColumn('ours', 'text', notNull)
        .addColumn('their_rows', 'text', notNull)
        .addColumn('icp', 'integer')
        .addColumn('is_new', 'integer', notNull)
        .addPrimaryKeyConstraint('account_map_entries_pk', ['map_id', 'position'])
        .execute();
      await db.schema
        .createTable('account_map_reminders')
        .addColumn('partner_id', 'text', notNull)
        .addColumn('map_id', 'text', notNull)
        .addColumn('task_id', 'text')
        .addColumn('created_at', k.ts, notNull)
        .addPrimaryKeyConstraint('account_map_reminders_pk', ['partner_id', 'map_id'])
        .execute();
      await db.schema
        .createTable('account_map_uploads')
        .addColumn('upload_id', 'text', notNull)
        .addColumn('part', 'integer', notNull)
        .addColumn('parts', 'integer', notNull)
        .addColumn('first_row', 'integer', notNull)
        .addColumn('header', 'text', notNull)
        .addColumn('rows', 'text', notNull)
        .addColumn('created_at', k.ts, notNull)
        .addPrimaryKeyConstraint('account_map_uploads_pk', ['upload_id', 'part'])
        .execute();
      await db.schema.createIndex('account_map_uploads_created').on('account_map_uploads').columns(['created_at']).execute();
    },
  };
}

/** Every migration, keyed in the order they apply. */
export function createMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initialSchema(dialect),
    '0002_account_index': accountIndexTable(dialect),
    '0004_ledger_chain': ledgerChain(dialect),
    '0006_idempotency_and_registration_lifecycle': idempotencyAndRegistrationLifecycle(dialect),
    '0008_account_index_company_name': accountIndexCompanyName(),
    '0010_account_keys': accountKeys(),
    '0014_account_keys_public_suffix_list': accountKeysPublicSuffixList(),
    '0015_app_settings': appSettings(dialect),
    '0016_commission_ledger': commissionLedger(dialect),
    '0018_company_index': companyIndex(dialect),
    '0019_account_maps': accountMaps(dialect),
    '0020_notifications': notifications(dialect),
    '0022_disputes': disputes(dialect),
    '0024_pairings': pairings(dialect),
  };
}

/**
 * Brings the database to the latest migration; a no-op when it already is (safe on every start,
 * and safe for two instances starting at once: Kysely's migrator takes a lock table).
 * @example await migrateToLatest(db, 'sqlite');
 */
export async function migrateToLatest(db: AnyDb, dialect: Dialect, schema?: string): Promise<MigrationResultSet> {
  const migrations = createMigrations(dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Pin the bookkeeping tables to our schema: Kysely otherwise looks for them in every schema
    // and would find another test run's tables.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  // Kysely's Postgres introspector scans the catalog of EVERY schema (has_schema_privilege,
  // pg_get_serial_sequence by name); a schema dropped by someone else during that scan makes it
  // fail with 3F000 "schema does not exist" although ours is fine. Seen when two CI runs share one
  // database. The scan is read-only and the migrator holds its lock, so trying again is safe.
  for (let attempt = 1; ; attempt += 1) {
    const result = await migrator.migrateToLatest();
    if (result.error === undefined || attempt >= MIGRATION_ATTEMPTS || !isConcurrentSchemaDrop(result.error)) return result;
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

const MIGRATION_ATTEMPTS = 8;

function isConcurrentSchemaDrop(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '3F000';
}
