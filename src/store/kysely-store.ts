import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { createAccountIndexRepo } from './account-index-repo';
import { createAuditRepo } from './audit-repo';
import { createAppSettingsRepo } from './app-settings-repo';
import { createCommissionLedgerRepo } from './commission-ledger-repo';
import { createCursorRepo } from './cursor-repo';
import type { Database } from './database-schema';
import { createDealPlanRepo } from './deal-plan-repo';
import { createIdempotencyRepo } from './idempotency-repo';
import { createInboxRepo } from './inbox-repo';
import { createLedgerRepo } from './ledger-repo';
import { createLockRepo } from './lock-repo';
import type { Dialect } from './migrations';
import { createRegistrationRepo } from './registration-repo';
import { createRuleSetRepo } from './rule-set-repo';
import { createPairingRepo } from './pairing-repo';
import type {
  AccountIndexRepo,
  AuditRepo,
  AppSettingsRepo,
  CommissionLedgerRepo,
  CursorRepo,
  DealPlanRepo,
  IdempotencyRepo,
  InboxRepo,
  LedgerRepo,
  LockRepo,
  RegistrationRepo,
  RuleSetRepo,
  Store,
  TouchpointRepo,
  PairingRepo,
} from './store';
import type { StoreContext } from './store-context';
import { createTouchpointRepo } from './touchpoint-repo';
import { createDisputeRepo } from './dispute-repo';
import type { DisputeRepo } from './store';
import { createNotificationRepo } from './notification-repo';
import type { NotificationRepo } from './store';
import { createCompanyIndexRepo } from './company-index-repo';
import { createAccountMapRepo } from './account-map-repo';
import type { AccountMapRepo, CompanyIndexRepo } from './store';

/**
 * The Store over a Kysely handle. The same class serves the pool and an open transaction: inside
 * `transaction()` every repository is rebuilt on the transaction's handle.
 */
export class KyselyStore implements Store {
  readonly dialect: Dialect;
  readonly ruleSets: RuleSetRepo;
  readonly dealPlans: DealPlanRepo;
  readonly touchpoints: TouchpointRepo;
  readonly registrations: RegistrationRepo;
  readonly ledger: LedgerRepo;
  readonly inbox: InboxRepo;
  readonly audit: AuditRepo;
  readonly locks: LockRepo;
  readonly cursors: CursorRepo;
  readonly appSettings: AppSettingsRepo;
  readonly accountIndex: AccountIndexRepo;
  readonly idempotency: IdempotencyRepo;
  readonly disputes: DisputeRepo;
  readonly pairings: PairingRepo;
  readonly notifications: NotificationRepo;
  readonly commissionLedger: CommissionLedgerRepo;
  readonly companyIndex: CompanyIndexRepo;
  readonly accountMaps: AccountMapRepo;

  constructor(
    /** Exposed for tests and maintenance scripts that need raw SQL; application code uses the repositories. */
    readonly db: Kysely<Database>,
    dialect: Dialect,
    private readonly now: () => Date,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
  ) {
    this.dialect = dialect;
    const ctx: StoreContext = { db, dialect, now };
    this.ruleSets = createRuleSetRepo(ctx);
    this.dealPlans = createDealPlanRepo(ctx);
    this.touchpoints = createTouchpointRepo(ctx);
    this.registrations = createRegistrationRepo(ctx);
    this.ledger = createLedgerRepo(ctx);
    this.inbox = createInboxRepo(ctx);
    this.audit = createAuditRepo(ctx);
    this.locks = createLockRepo(ctx);
    this.cursors = createCursorRepo(ctx);
    this.appSettings = createAppSettingsRepo(ctx);
    this.accountIndex = createAccountIndexRepo(ctx);
    this.idempotency = createIdempotencyRepo(ctx);
    this.disputes = createDisputeRepo(ctx);
    this.pairings = createPairingRepo(ctx);
    this.notifications = createNotificationRepo(ctx);
    this.commissionLedger = createCommissionLedgerRepo(ctx);
    this.companyIndex = createCompanyIndexRepo(ctx);
    this.accountMaps = createAccountMapRepo(ctx);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.db.isTransaction) return;
    await this.onClose();
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, this.now, async () => undefined)));
  }
}
