import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { captureCliIo } from './support/capture-cli-io';

const dir = mkdtempSync(join(tmpdir(), 'cosell-cli-ledger-'));
const env = { SQLITE_PATH: join(dir, 'cosell.db') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const { io, out, err } = captureCliIo(env);
  const code = await main(args, io);
  return { code, stdout: out(), stderr: err() };
}

describe('cosell ledger and cosell payouts approve/run/statement/mark-paid: arguments', () => {
  it.each([
    [['payouts', 'approve'], 'give exactly one of --all, --deal ID, --partner ID'],
    [['payouts', 'approve', '--all', '--deal', '5'], 'give exactly one of'],
    [['payouts', 'run'], '--period is required'],
    [['payouts', 'run', '--period'], '--period needs a value'],
    [['payouts', 'statement', '--partner', '1'], 'give the run id'],
    [['payouts', 'statement', '1'], '--partner is required'],
    [['payouts', 'statement', '1', '--partner', '1', '--format', 'pdf'], '--format: "pdf" is not csv, json or html'],
    [['payouts', 'mark-paid'], 'give the run id'],
    [['ledger', '--bogus'], 'unknown option "--bogus"'],
  ])('%j exits 2 and says why', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('an invalid period names the field; an unknown run is reported, exit 2', async () => {
    const period = await cli(['payouts', 'run', '--period', '2026-13']);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('period: "2026-13" is not a quarter like 2026-Q4 or a month like 2026-11');
    const run = await cli(['payouts', 'mark-paid', '42']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no payout run 42');
  });

  it('an empty ledger reads as such; a run over it records nothing', async () => {
    expect(await cli(['ledger'])).toMatchObject({ code: 0, stdout: 'No commission ledger lines.\n' });
    expect(JSON.parse((await cli(['ledger', '--json'])).stdout)).toEqual({ lines: [], totals: [] });
    const run = await cli(['payouts', 'run', '--period', '2026-Q4', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ runId: null, period: '2026-Q4', dryRun: false, paidLines: 0, statements: [] });
    expect((await cli(['payouts', 'approve', '--all'])).stdout).toBe('Approved 0 line(s).\n');
  });
});
