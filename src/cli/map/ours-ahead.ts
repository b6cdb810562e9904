import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AccountMapBuilder } from '../../domain/account-mapping/index';
import { CsvError } from './csv-reader';
import type { Progress } from './read-lists';
import { progressFor, read, readOurList } from './read-lists';

/*
 * Our companies export, read ahead in a worker thread. The map needs every partner row before the
 * first of our companies, so the main thread reads the partner's list while a second thread (the
 * machine's other core) reads our export and does the per-company work: registrable domain by the
 * Public Suffix List, customer or not, normalised name. The main thread then only looks each
 * company up. The result is the one `readOurList` gives; a small export is read on the main thread.
 */

/** Below this size the thread costs more than it saves. */
export const AHEAD_MIN_BYTES = 8 * 1024 * 1024;
export const BATCH_ROWS = 8192;
/** Companies prepared but not yet taken are at most this many batches (~1M companies, ~150 MB). */
export const MAX_BATCHES_AHEAD = 128;

/** Companies as columns (one entry per record; `ids[i] === ''` for a record without a record id). */
export interface PreparedBatch {
  rows: number[];
  ids: string[];
  domains: (string | null)[];
  customers: boolean[];
  names: (string | null)[];
  normalizedNames: (string | null)[];
}

export type FromOursWorker =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'done' }
  | { type: 'error'; kind: 'csv' | 'io' | 'other'; message: string; code?: string };

export type ToOursWorker = 'ack';

async function* noInput(): AsyncGenerator<Buffer> {}

export interface OursAhead {
  /** Where the export is read: in a worker thread, or on the main thread (a small file, or a thread that could not start). */
  readonly readIn: 'thread' | 'main';
  /** Adds every company of the export to the builder (after the partner's rows), as `readOurList` does. */
  into(builder: AccountMapBuilder, progress?: Progress): Promise<{ companies: number }>;
  /** Stops the thread if it still runs (after an error elsewhere). */
  close(): Promise<void>;
}

/**
 * Starts reading our export in a worker thread when it is big (`minBytes`); a file that cannot be
 * read is reported by `into`, exactly as `readOurList` reports it.
 */
export function readOurListAhead(file: string, options: { minBytes?: number } = {}): OursAhead {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    size = -1; // readOurList says what is wrong, in order, after the partner's list
  }
  const onMainThread: OursAhead = { readIn: 'main', into: (builder, progress) => readOurList(file, builder, progress), close: async () => {} };
  if (size < (options.minBytes ?? AHEAD_MIN_BYTES)) return onMainThread;

  const queue: PreparedBatch[] = [];
  let done = false;
  let failure: Extract<FromOursWorker, { type: 'error' }> | null = null;
  /** The thread failed to start or died before sending anything: read on the main thread instead. */
  let broken = false;
  let received = false;
  let notify: (() => void) | null = null;
  const wakeUp = () => {
    notify?.();
    notify = null;
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./prepare-ours-worker.mjs', import.meta.url), { workerData: { file } });
  } catch {
    return onMainThread;
  }
  worker.on('message', (message: FromOursWorker) => {
    received = true;
    if (message.type === 'batch') queue.push(message.batch);
    else if (message.type === 'done') done = true;
    else failure = message;
    wakeUp();
  });
  const lost = (what: string) => {
    if (done || failure) return;
    if (received) failure = { type: 'error', kind: 'other', message: `reading our companies in a worker thread: ${what}` };
    else broken = true;
    wakeUp();
  };
  worker.on('error', (error) => lost(error.message));
  worker.on('exit', (code) => lost(`the thread ended (exit code ${code})`));

  const ahead: OursAhead = {
    readIn: 'thread',
    async into(builder, progress) {
      const tick = progressFor(file, size, progress, 'ours');
      let companies = 0;
      for (;;) {
        const batch = queue.shift();
        if (batch) {
          worker.postMessage('ack' satisfies ToOursWorker);
          for (let i = 0; i < batch.rows.length; i++) {
            tick(batch.rows[i]!);
            const id = batch.ids[i]!;
            if (id === '') continue;
            companies++;
            builder.addPreparedOurs({ id, domain: batch.domains[i]!, customer: batch.customers[i]!, name: batch.names[i]!, normalizedName: batch.normalizedNames[i]! });
          }
          continue;
        }
        const failed = failure as Extract<FromOursWorker, { type: 'error' }> | null;
        if (failed) {
          const error = failed.kind === 'csv' ? new CsvError(failed.message) : Object.assign(new Error(failed.message), failed.code ? { code: failed.code } : {});
          await read(file, noInput(), () => Promise.reject(error)); // the ListError readOurList would give
        }
        if (broken) {
          (ahead as { readIn: 'thread' | 'main' }).readIn = 'main';
          return readOurList(file, builder, progress);
        }
        if (done) break;
        await new Promise<void>((resolve) => (notify = resolve));
      }
      return { companies };
    },
    async close() {
      await worker.terminate();
    },
  };
  return ahead;
}
