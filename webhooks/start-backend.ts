import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppDeps } from '../src/app/app-deps';
import { cachePartnerList } from '../src/app/cache-partner-list';
import { ensureDefaultRuleSet } from '../src/app/deal-context';
import type { BackendConfig } from './create-app';
import { createApp } from './create-app';
import type { Scheduler, ScheduleEntry } from './scheduler';
import { createScheduler } from './scheduler';
import type { Worker, WorkerOptions } from './worker';
import { createWorker } from './worker';

export interface StartBackendOptions extends AppDeps {
  port: number;
  host?: string;
  /** Without `publicUrl`, the server's own http://host:port is used (embedded mode and tests). */
  config: Omit<BackendConfig, 'publicUrl'> & { publicUrl?: string };
  /** false = no worker loop (tests drive `worker.drain()` or start their own). */
  worker?: WorkerOptions | false;
  /** Worker loops in this process (WORKER_CONCURRENCY). Default 1. Claims never overlap. */
  workerCount?: number;
  /** false = no cron schedule. */
  scheduler?: { entries?: readonly ScheduleEntry[] } | false;
}

export interface BackendHandle {
  url: string;
  port: number;
  app: express.Express;
  /** Routers mounted here after start appear under the app (e.g. the preview at /preview). */
  late: express.Router;
  worker: Worker;
  scheduler: Scheduler | null;
  server: Server;
  /** SIGTERM path: stop the schedule, stop taking requests, let the worker finish its batch. */
  close(): Promise<void>;
}

/**
 * Wires and starts the backend: the default rule set on first start, the Express app, the worker
 * loop and the scheduler. The store and gateway stay the caller's (it closes them).
 */
export async function startBackend(input: StartBackendOptions): Promise<BackendHandle> {
  const opts: StartBackendOptions = { ...input, gateway: cachePartnerList(input.gateway, 30_000, () => input.clock().getTime()) };
  await ensureDefaultRuleSet(opts.store);
  const host = opts.host ?? '127.0.0.1';
  const config: BackendConfig = { ...opts.config, publicUrl: opts.config.publicUrl ?? '' };
  const worker = createWorker(opts, opts.worker === false ? {} : opts.worker);
  const extraWorkers = opts.worker === false ? [] : Array.from({ length: Math.max(0, (opts.workerCount ?? 1) - 1) }, () => createWorker(opts, opts.worker || {}));
  const allWorkers = [worker, ...extraWorkers];
  const late = express.Router();
  const app = createApp({
    ...opts,
    config,
    workerAlive: () => opts.worker === false || worker.isRunning(),
    onEnqueued: () => allWorkers.forEach((w) => w.notify()),
    mounts: [{ path: '/', router: late }],
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  // HubSpot waits 5 s; an idle keep-alive longer than a proxy's is the classic 502 source.
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`; // IPv6 literals go in brackets
  if (!config.publicUrl) config.publicUrl = url;
  if (opts.worker !== false) for (const w of allWorkers) w.start();
  const scheduler = opts.scheduler === false ? null : createScheduler(opts, opts.scheduler ?? {});
  await scheduler?.start();
  opts.logger.info({ url, publicUrl: config.publicUrl, portalId: config.portalId ?? null }, 'backend listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    app,
    late,
    worker,
    scheduler,
    server,
    close() {
      closing ??= (async () => {
        await scheduler?.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all(allWorkers.map((w) => w.stop()));
        await closed;
      })();
      return closing;
    },
  };
}
