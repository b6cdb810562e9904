import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../src/app/app-deps';
import { inboxWork } from '../src/features/feature-jobs';
import type { BatchOptions, BatchReport } from '../src/jobs/process-inbox-batch';
import { defaultBackoffMs, processInboxBatch } from '../src/jobs/process-inbox-batch';
import type { InboxItem } from '../src/store/store';

/**
 * Inbox lease (and deal lock) length; renewed every third of it while a batch runs. 20 s keeps a
 * killed worker's items back in another's hands within 30 s, poll time included.
 */
export const DEFAULT_LEASE_MS = 20_000;

export interface WorkerOptions extends Partial<Omit<BatchOptions, 'workerId'>> {
  workerId?: string;
  /** Sleep when the inbox is empty (an enqueue wakes the worker early through `notify`). Default 500 ms. */
  idleMs?: number;
  /** Test hook: runs after a claim, before any work (a throw here simulates a crash mid-batch). */
  afterClaim?: (items: InboxItem[]) => Promise<void>;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /** Stops claiming, finishes the batch in hand, resolves when idle (SIGTERM drain). */
  stop(): Promise<void>;
  /** Wakes an idle worker (called after the intake enqueued something). */
  notify(): void;
  /** Runs batches until the inbox has nothing due; for tests, the CLI and the bench. */
  drain(): Promise<BatchReport[]>;
  isRunning(): boolean;
  lastError(): unknown;
}

/**
 * The inbox worker loop: claim (with a lease) → coalesce per deal → recompute → complete / retry /
 * dead-letter (logic in src/jobs/process-inbox-batch.ts). Several workers (or instances) may run
 * against one store: claims never overlap, and an expired lease hands a crashed worker's items
 * to the next claim.
 *
 * @example const w = createWorker(deps, { maxAttempts: config.WORKER_MAX_ATTEMPTS }); w.start(); … await w.stop();
 */
export function createWorker(deps: AppDeps, opts: WorkerOptions = {}): Worker {
  const id = opts.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const batch: BatchOptions = {
    workerId: id,
    batchSize: opts.batchSize ?? 100,
    // Short, renewed while working: a killed worker's items are back within 30 s.
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    maxAttempts: opts.maxAttempts ?? 8,
    backoffMs: opts.backoffMs ?? ((n) => defaultBackoffMs(n)),
    // Every feature's job handlers and the deal recompute; the worker itself knows no job by name.
    work: opts.work ?? inboxWork,
  };
  const idleMs = opts.idleMs ?? 500;
  const log = deps.logger.child({ workerId: id });
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let error: unknown = null;

  const step = () => processInboxBatch({ ...deps, logger: log }, batch, opts.afterClaim ? { afterClaim: opts.afterClaim } : {});

  async function run(): Promise<void> {
    while (running) {
      let claimed = 0;
      try {
        const report = await step();
        claimed = report.claimed;
        error = null;
        if (claimed > 0) log.debug(report, 'batch done');
      } catch (e) {
        // A store outage or a bug in one batch: the leases expire and the items come back; keep going.
        error = e;
        log.error({ err: e }, 'worker batch failed; items return when their lease expires');
      }
      if (claimed === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, error ? Math.max(idleMs, 2000) : idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      log.info({ batchSize: batch.batchSize, leaseMs: batch.leaseMs, maxAttempts: batch.maxAttempts }, 'worker started');
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
      log.info('worker stopped');
    },
    notify() {
      wake?.();
    },
    async drain() {
      const reports: BatchReport[] = [];
      for (;;) {
        const r = await step();
        if (r.claimed === 0) return reports;
        reports.push(r);
      }
    },
    isRunning: () => running,
    lastError: () => error,
  };
}
