import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as inbox } from '../../src/cli/inbox';
import { createWorker } from '../../webhooks/worker';
import type { Stack } from './start-stack';
import { startStack, threePartnerSeed } from './start-stack';
import { captureCliIo } from '../support/capture-cli-io';

async function cli(args: string[], env: Record<string, string>) {
  const { io, out, err } = captureCliIo(env);
  const code = await inbox(args, io);
  return { code, out: out(), err: err() };
}

describe('retries with backoff, dead letters and `cosell inbox`', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack(threePartnerSeed());
  });
  afterEach(async () => {
    await s.close();
  });

  it('a failing CRM is retried with backoff, dead-lettered after the last attempt, listed and retried from the CLI', async () => {
    const deal = s.seed.deals.d1!;
    await s.hs.admin.setAssociationLabelsAsUser('deals', deal, 'companies', s.seed.companies.p1!, ['Selling partner']);
    await s.hs.admin.flushWebhooks();
    // deal.associationChange and company.associationChange: both about this deal.
    const n = (await s.store.inbox.stats()).pending;
    expect(n).toBeGreaterThanOrEqual(1);

    s.hs.admin.setFaults({ fail5xxRate: 1 });
    const delays: number[] = [];
    const worker = createWorker(s.deps, {
      maxAttempts: 3,
      backoffMs: (n) => {
        delays.push(n);
        return 0; // due at once, so the test need not wait
      },
    });
    const reports = await worker.drain();
    expect(reports.map((r) => [r.retried, r.dead])).toEqual([
      [n, 0],
      [n, 0],
      [0, n],
    ]);
    expect(delays).toEqual([...Array<number>(n).fill(1), ...Array<number>(n).fill(2)]);

    // The stack's store file, read back through the CLI the way an operator would.
    const dbPath = s.dbPath;
    const listed = await cli(['list', '--json'], { SQLITE_PATH: dbPath });
    expect(listed.code).toBe(0);
    const dead = (JSON.parse(listed.out) as { deadLetters: Array<{ id: string; attempts: number; lastError: string; subject: string }> }).deadLetters;
    expect(dead).toHaveLength(n);
    expect(dead.every((d) => d.attempts === 3 && /CrmTransientError/.test(d.lastError))).toBe(true);
    const human = await cli(['list'], { SQLITE_PATH: dbPath });
    expect(human.out).toContain(`#${dead[0]!.id}`);

    expect((await cli(['retry', 'abc'], { SQLITE_PATH: dbPath })).code).toBe(2);
    expect((await cli(['retry', '999999'], { SQLITE_PATH: dbPath })).code).toBe(2);

    s.hs.admin.setFaults({ fail5xxRate: 0 });
    const retried = await cli(['retry', ...dead.map((d) => d.id), '--json'], { SQLITE_PATH: dbPath });
    expect(JSON.parse(retried.out)).toEqual({ requeued: n });
    await worker.drain();
    expect(await s.store.inbox.stats()).toMatchObject({ pending: 0, dead: 0 });
    expect(s.hs.admin.getObject('deals', deal)?.cosell_model).toBe('solo');
  });
});
