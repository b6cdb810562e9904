import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareOurCompany } from '../../domain/account-mapping/index';
import type { ColumnIndexes, OurField } from '../../domain/account-mapping/index';
import { CsvError, readCsv } from './csv-reader';
import { ourCompanyOf, ourListColumns, ourListWanted } from './our-list';
import type { FromOursWorker, PreparedBatch, ToOursWorker } from './ours-ahead';
import { BATCH_ROWS, MAX_BATCHES_AHEAD } from './ours-ahead';

/*
 * Worker thread: reads our companies export and reduces each company with `prepareOurCompany`
 * (registrable domain, customer or not, normalised name), posting batches to the main thread,
 * which meanwhile reads the partner's list (ours-ahead.ts). At most MAX_BATCHES_AHEAD batches are
 * unacknowledged: then the file is not read further until the main thread has taken some.
 */

const port = parentPort!;
const { file } = workerData as { file: string };
const post = (message: FromOursWorker) => port.postMessage(message);

let acknowledged = 0;
let posted = 0;
let wake: (() => void) | null = null;
port.on('message', (message: ToOursWorker) => {
  if (message === 'ack') {
    acknowledged++;
    wake?.();
    wake = null;
  }
});

async function* paced(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    while (posted - acknowledged >= MAX_BATCHES_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    yield chunk;
  }
}

const emptyBatch = (): PreparedBatch => ({ rows: [], ids: [], domains: [], customers: [], names: [], normalizedNames: [] });
let batch = emptyBatch();
const flush = () => {
  if (batch.rows.length === 0) return;
  post({ type: 'batch', batch });
  posted++;
  batch = emptyBatch();
};

let columns: ColumnIndexes<OurField> = {};
try {
  await readCsv(paced(createReadStream(file, { highWaterMark: 1 << 20 })), {
    onHeader(header) {
      const found = ourListColumns(header);
      if (typeof found === 'string') return found;
      columns = found;
      return ourListWanted(columns);
    },
    onRecord(fields, row) {
      const company = ourCompanyOf(fields, columns);
      batch.rows.push(row);
      if (company) {
        const prepared = prepareOurCompany(company);
        batch.ids.push(prepared.id);
        batch.domains.push(prepared.domain);
        batch.customers.push(prepared.customer);
        batch.names.push(prepared.name);
        batch.normalizedNames.push(prepared.normalizedName);
      } else {
        batch.ids.push(''); // a record without a record id: skipped, but counted for progress
        batch.domains.push(null);
        batch.customers.push(false);
        batch.names.push(null);
        batch.normalizedNames.push(null);
      }
      if (batch.rows.length >= BATCH_ROWS) flush();
    },
  });
  flush();
  post({ type: 'done' });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  post({ type: 'error', kind: error instanceof CsvError ? 'csv' : code ? 'io' : 'other', message: (error as Error).message, ...(code ? { code } : {}) });
}
port.unref(); // nothing more to receive: the thread ends once its messages are out
