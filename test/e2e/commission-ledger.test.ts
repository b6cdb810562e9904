import { afterEach, beforeEach, describe, it } from 'vitest';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';
import { ledgerSeed, runLedgerFlow } from './commission-ledger-flow';

describe('end to end: the commission ledger, approvals and payout runs (SQLite, CLI on the same file)', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(ledgerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('earned → reversed → earned, approve, a run pays the split, a second pays nothing, a clawback carries forward', async () => {
    await runLedgerFlow({ stack: s, cliEnv: { SQLITE_PATH: s.dbPath }, settle: () => s.settle() });
  }, 60_000);
});
