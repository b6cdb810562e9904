import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/disputes';
import { createStore } from '../src/store';
import type { Store } from '../src/store/store';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('cosell disputes', () => {
  let dir: string;
  let sqlitePath: string;

  async function cli(args: string[], stdin = '') {
    const stdout = sink();
    const stderr = sink();
    const code = await run(args, { stdin: Readable.from([stdin]), stdout: stdout.stream, stderr: stderr.stream, env: { SQLITE_PATH: sqlitePath, COSELL_USER: 'pat' } });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  }

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await createStore({ sqlitePath });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-disputes-'));
    sqlitePath = join(dir, 'cosell.db');
    await withStore((store) =>
      store.accountIndex.upsert([
        {
          dealId: '101',
          name: 'Acme — Platform 2026',
          status: 'open',
          closeDate: null,
          partnerIds: ['11', '12'],
          partnerNames: { '11': 'Northwind', '12': 'Contoso' },
          account: { companyId: '900', domain: 'acme.com', parentCompanyId: null },
        },
      ]),
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens (with a claim file), decides with the claim applied, and lists by status — names, not ids', async () => {
    const claim = join(dir, 'claim.json');
    writeFileSync(claim, JSON.stringify([{ partnerId: '11', percent: 70 }, { partnerId: '12', percent: 30 }]));
    const opened = await cli(['open', '--deal', '101', '--reason', 'Northwind sourced it', '--claim', claim, '--json']);
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    const dispute = JSON.parse(opened.stdout) as { id: string; status: string; claimText: string; openedBy: { name: string } };
    expect(dispute).toMatchObject({ status: 'open', claimText: 'Northwind 70 %, Contoso 30 %', openedBy: { userId: 'cli:pat', name: 'pat' } });

    const decided = await cli(['decide', dispute.id, '--decision', 'upheld', '--note', 'intro email of 2 March', '--apply-claim']);
    expect(decided.code).toBe(0);
    expect(decided.stdout).toContain('decision: upheld by pat');
    expect(decided.stdout).toContain('the claimed split now applies to the deal');
    expect(decided.stdout).toContain('note: intro email of 2 March');

    const list = await cli(['list', '--status', 'upheld']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`#${dispute.id}  UPHELD  "Acme — Platform 2026"`);
    expect(list.stdout).toContain('reason: Northwind sourced it');
    expect(list.stdout).not.toContain('101');
    expect((await cli(['list', '--status', 'open'])).stdout).toBe('No disputes.\n');

    await withStore(async (store) => {
      const [adjustment] = await store.disputes.adjustmentsFor(['101']);
      expect(adjustment).toMatchObject({ note: 'intro email of 2 March', setBy: { userId: 'cli:pat', name: 'pat' } });
      const audit = await store.audit.list({ entityType: 'dispute', entityId: dispute.id });
      expect(audit.map((a) => a.action).sort()).toEqual(['dispute.open', 'dispute.uphold']);
      expect((await store.audit.list({ entityType: 'deal', entityId: '101' })).map((a) => a.action)).toEqual(['split_adjustment.set']);
      expect((await store.inbox.stats()).pending).toBe(2);
    });

    const again = await cli(['decide', dispute.id, '--decision', 'rejected', '--note', 'no']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was already upheld');
  });

  it('refuses bad input with exit 2, naming the field', async () => {
    const missing = await cli(['open', '--deal', '101']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason: required');
    const badClaim = await cli(['open', '--deal', '101', '--reason', 'x', '--claim', '-'], JSON.stringify([{ partnerId: '11', percent: 60 }, { partnerId: '13', percent: 30 }]));
    expect(badClaim.code).toBe(2);
    expect(badClaim.stderr).toContain('claim[1].partnerId: company 13 is not a partner on this deal (partners: Northwind, Contoso)');
    expect(badClaim.stderr).toContain('claim: percentages must sum to exactly 100, got 90');
    expect((await cli(['decide', '1', '--decision', 'maybe', '--note', 'n'])).stderr).toContain('--decision: must be upheld or rejected');
    expect((await cli(['list', '--status', 'closed'])).code).toBe(2);
    expect((await cli(['list', '--bogus', 'x'])).stderr).toContain('unknown option "--bogus"');
    const unknownDeal = await cli(['open', '--deal', '555', '--reason', 'x']);
    expect(unknownDeal.code).toBe(1);
    expect(unknownDeal.stderr).toContain('deal 555 is not a partner deal the app knows');
    const rejectWithClaim = JSON.parse((await cli(['open', '--deal', '101', '--reason', 'r', '--json'])).stdout) as { id: string };
    const applyNothing = await cli(['decide', rejectWithClaim.id, '--decision', 'upheld', '--note', 'n', '--apply-claim']);
    expect(applyNothing.code).toBe(2);
    expect(applyNothing.stderr).toContain('applyClaim: this dispute claims no split');
  });
});
