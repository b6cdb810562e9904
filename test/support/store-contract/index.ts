// The one contract suite every Store adapter must pass ("one contract test suite runs against
// both"): store.sqlite.test.ts and store.pg.test.ts call registerStoreContract with a factory for a
// fresh, empty database per test; it runs every repository's contract file below.
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../../src/store/store';
import { accountIndexContract } from './account-index';
import { auditContract } from './audit';
import { appSettingsContract } from './app-settings';
import { commissionLedgerContract } from './commission-ledger';
import { cursorsContract } from './cursors';
import { dealPlansContract } from './deal-plans';
import { idempotencyContract } from './idempotency';
import { inboxContract } from './inbox';
import { ledgerContract } from './ledger';
import { lifecycleContract } from './lifecycle';
import { locksContract } from './locks';
import { registrationsContract } from './registrations';
import { ruleSetsContract } from './rule-sets';
import { touchpointsContract } from './touchpoints';
import { transactionsContract } from './transactions';
import { disputesContract } from './disputes';
import { pairingsContract } from './pairings';
import { notificationsContract } from './notifications';
import { accountMappingContract } from './account-mapping';
import { createTestClock } from './harness';
import type { ContractHarness, StoreCapabilities, TestClock, TestDatabase } from './harness';

export { createTestClock } from './harness';
export type { ContractHarness, StoreCapabilities, TestClock, TestDatabase } from './harness';

/**
 * Registers the contract `describe` blocks.
 * @example registerStoreContract('sqlite file', makeTempSqlite, { shared: true, concurrentWriters: false });
 */
export function registerStoreContract(name: string, makeDatabase: () => Promise<TestDatabase>, capabilities: StoreCapabilities): void {
  describe(`Store contract: ${name}`, () => {
    let database: TestDatabase;
    let clock: TestClock;
    let store: Store;
    const opened: Store[] = [];

    async function open(): Promise<Store> {
      const s = await database.open({ now: clock.now });
      opened.push(s);
      return s;
    }

    beforeEach(async () => {
      clock = createTestClock();
      database = await makeDatabase();
      store = await open();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await database.cleanup();
    });

    const harness: ContractHarness = { store: () => store, clock: () => clock, open, database: () => database, capabilities };
    lifecycleContract(harness);
    ruleSetsContract(harness);
    dealPlansContract(harness);
    touchpointsContract(harness);
    registrationsContract(harness);
    idempotencyContract(harness);
    ledgerContract(harness);
    inboxContract(harness);
    locksContract(harness);
    cursorsContract(harness);
    appSettingsContract(harness);
    accountIndexContract(harness);
    auditContract(harness);
    transactionsContract(harness);
    disputesContract(harness);
    pairingsContract(harness);
    notificationsContract(harness);
    commissionLedgerContract(harness);
    accountMappingContract(harness);
  });
}
