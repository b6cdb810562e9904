import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/notify';
import { createStore } from '../src/store';
import type { Store } from '../src/store/store';
import { captureCliIo } from './support/capture-cli-io';

const body = JSON.stringify({ id: 'stage:301:contractsent:9', type: 'deal.stage_changed', data: { partner: { id: '11', name: 'Northwind' } } });

describe('cosell notify deliveries', () => {
  let dir: string;
  let path: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-notify-'));
    path = join(dir, 'cosell.db');
    store = await createStore({ sqlitePath: path });
    const a = await store.notifications.createDelivery({ eventKey: 'stage:301:contractsent:9', eventType: 'deal.stage_changed', partnerId: '11', url: 'https://hooks.northwind.example/x', body });
    await store.notifications.recordAttempt(a.delivery.id, { status: 'pending', httpStatus: 503, error: 'HTTP 503', nextAttemptAt: '2030-01-01T00:00:30.000Z' });
    await store.notifications.createDelivery({ eventKey: 'stage:302:closedwon:12', eventType: 'deal.stage_changed', partnerId: '12', url: 'https://hooks.stackly.example/x', body: '{}' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the log newest first, by partner name where the event named it', async () => {
    const c = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['deliveries'], c.io)).toBe(0);
    expect(c.out().trim().split('\n')).toEqual([
      '#2  deal.stage_changed to partner company 12  0 attempts  waiting for its first attempt',
      '#1  deal.stage_changed to Northwind  1 attempt  retrying at 2030-01-01T00:00:30.000Z (last: HTTP 503)',
    ]);
  });

  it('filters by partner and prints JSON', async () => {
    const c = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['deliveries', '--partner', '11', '--json'], c.io)).toBe(0);
    const out = JSON.parse(c.out()) as { deliveries: Array<Record<string, unknown>> };
    expect(out.deliveries).toHaveLength(1);
    expect(out.deliveries[0]).toMatchObject({ id: '1', partnerId: '11', partnerName: 'Northwind', status: 'pending', attempts: 1, lastStatus: 503 });
  });

  it('replays a delivery as a new one and queues it for the worker', async () => {
    const c = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['deliveries', '--replay', '1', '--json'], c.io)).toBe(0);
    const out = JSON.parse(c.out()) as { replayed: string; delivery: Record<string, unknown> };
    expect(out).toMatchObject({ replayed: '1', delivery: { id: '3', partnerId: '11', status: 'pending', attempts: 0 } });
    expect((await store.notifications.getDelivery('3'))?.body).toBe(body);
    const queued = await store.inbox.claim({ workerId: 't', limit: 10, leaseMs: 1000 });
    expect(queued.map((i) => i.payload)).toEqual([{ type: 'deliver-webhook', deliveryId: '3' }]);
  });

  it('refuses bad input with exit code 2 and an unknown delivery with 1', async () => {
    const a = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['deliveries', '--replay', 'x'], a.io)).toBe(2);
    expect(a.err()).toContain('--replay needs a numeric id (got "x")');
    const b = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['sent'], b.io)).toBe(2);
    expect(b.err()).toContain('unknown sub-command "sent"');
    const c = captureCliIo({ SQLITE_PATH: path });
    expect(await run(['deliveries', '--replay', '99'], c.io)).toBe(1);
    expect(c.err()).toContain('no delivery #99');
  });
});
