import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AccountMapBuilder, ColumnIndexes, OurField, TheirField } from '../../domain/account-mapping/index';
import { THEIR_COLUMN_NAMES, recogniseColumns } from '../../domain/account-mapping/index';
import { CsvError, readCsv } from './csv-reader';
import { ourCompanyOf, ourListColumns, ourListWanted } from './our-list';
import { streamIndexedCompanies } from '../../features/account-mapping/company-index';
import type { CompanyIndexRepo } from '../../store/store';

/** A file that cannot be used: the message names the file and the problem (exit 2). */
export class ListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListError';
  }
}

/** Progress lines on stderr for big files: one every `every` rows. */
export interface Progress {
  every: number;
  write(line: string): void;
}

const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

const quoteNames = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

export async function openCsv(file: string): Promise<{ size: number; stream: AsyncIterable<Buffer> }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new ListError(`cannot read ${file}: it is a directory`);
    return { size: info.size, stream: createReadStream(file, { highWaterMark: 1 << 20 }) };
  } catch (error) {
    if (error instanceof ListError) throw error;
    throw new ListError(`cannot read ${file}: ${describeIoError(error)}`);
  }
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error).message;
}

export async function read(file: string, stream: AsyncIterable<Buffer>, run: (stream: AsyncIterable<Buffer>) => Promise<unknown>): Promise<void> {
  try {
    await run(stream);
  } catch (error) {
    if (error instanceof CsvError) throw new ListError(`${file}: ${error.message}`);
    if (error instanceof ListError) throw error;
    if ((error as NodeJS.ErrnoException).code) throw new ListError(`cannot read ${file}: ${describeIoError(error)}`);
    throw error;
  }
}

export function progressFor(file: string, size: number, progress: Progress | undefined, label: string) {
  if (!progress || size < PROGRESS_MIN_BYTES) return () => {};
  let next = progress.every;
  return (row: number) => {
    if (row >= next) {
      progress.write(`${label} ${file}: ${(row - 1).toLocaleString('en-US')} rows read…`);
      next += progress.every;
    }
  };
}

export interface TheirListInfo {
  hashed: boolean;
  columns: ColumnIndexes<TheirField>;
  header: string[];
}

/**
 * Reads the partner's list into the builder. The domain column (or `domain_hmac`) must exist;
 * everything else is optional. `onHashed` is asked once the header shows a hashed list.
 */
export async function readTheirList(
  file: string,
  overrides: Partial<Record<TheirField, string>>,
  prepare: (info: TheirListInfo) => AccountMapBuilder | string,
  progress?: Progress,
  /** The fields to read; others are not decoded (an ICP without `industries` needs no industry column). */
  needed: readonly TheirField[] = ['domain', 'domain_hmac', 'name', 'status', 'industry', 'employees', 'country'],
): Promise<TheirListInfo & { builder: AccountMapBuilder }> {
  const { size, stream: input } = await openCsv(file);
  const tick = progressFor(file, size, progress, 'theirs');
  let info: (TheirListInfo & { builder: AccountMapBuilder }) | null = null;
  await read(file, input, (stream) =>
    readCsv(stream, {
      onHeader(header) {
        const found = recogniseColumns(header, THEIR_COLUMN_NAMES, overrides);
        if (!found.ok) return found.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
        const columns: ColumnIndexes<TheirField> = {};
        for (const field of needed) if (found.value[field] !== undefined) columns[field] = found.value[field];
        const hashed = found.value.domain_hmac !== undefined && overrides.domain === undefined;
        if (!hashed && found.value.domain === undefined) {
          return `no domain column (looked for ${quoteNames(THEIR_COLUMN_NAMES.domain)} or "domain_hmac"; name yours with --columns domain="Column name")`;
        }
        const builder = prepare({ hashed, columns, header });
        if (typeof builder === 'string') return builder;
        info = { hashed, columns, header, builder };
        return Object.values(columns).filter((i): i is number => i !== undefined);
      },
      onRecord(fields, row) {
        const c = info!.columns;
        info!.builder.addTheirs({
          row,
          domain: info!.hashed || c.domain === undefined ? null : fields[c.domain],
          domainHmac: info!.hashed && c.domain_hmac !== undefined ? fields[c.domain_hmac] : null,
          name: c.name === undefined ? null : fields[c.name],
          status: c.status === undefined ? null : fields[c.status],
          industry: c.industry === undefined ? null : fields[c.industry],
          employees: c.employees === undefined ? null : fields[c.employees],
          country: c.country === undefined ? null : fields[c.country],
        });
        tick(row);
      },
    }),
  );
  return info!;
}

/** Reads a HubSpot companies export (`Record ID`, `Company name`, `Company Domain Name`, `Lifecycle Stage`). */
export async function readOurList(file: string, builder: AccountMapBuilder, progress?: Progress): Promise<{ companies: number }> {
  const { size, stream: input } = await openCsv(file);
  const tick = progressFor(file, size, progress, 'ours');
  let columns: ColumnIndexes<OurField> = {};
  let companies = 0;
  await read(file, input, (stream) =>
    readCsv(stream, {
      onHeader(header) {
        const found = ourListColumns(header);
        if (typeof found === 'string') return found;
        columns = found;
        return ourListWanted(columns);
      },
      onRecord(fields, row) {
        const company = ourCompanyOf(fields, columns);
        tick(row);
        if (!company) return;
        companies++;
        builder.addOurs(company);
      },
    }),
  );
  return { companies };
}

/**
 * Streams our companies from the store's company index (kept by the service from HubSpot) past the
 * builder, with a progress line for big indexes.
 */
export async function readOurIndex(index: Pick<CompanyIndexRepo, 'page'>, builder: AccountMapBuilder, progress?: Progress, total = 0): Promise<{ companies: number }> {
  let next = progress?.every ?? Number.POSITIVE_INFINITY;
  return streamIndexedCompanies(index, builder, (companies) => {
    if (progress && total >= 100_000 && companies >= next) {
      progress.write(`ours (company index): ${companies.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} companies read…`);
      next += progress.every;
    }
  });
}
