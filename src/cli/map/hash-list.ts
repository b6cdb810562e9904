import { createHmac } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ColumnIndexes, RejectionReason, TheirField } from '../../domain/account-mapping/index';
import { THEIR_COLUMN_NAMES, checkDomain, recogniseColumns } from '../../domain/account-mapping/index';
import { CsvError, readCsv } from './csv-reader';
import { ListError, describeIoError, openCsv } from './read-lists';

/**
 * The shared-key hash of a registrable domain: lowercase hex HMAC-SHA256(key, domain in ASCII)
 * (docs/account-mapping.md, "Hashed lists").
 */
export function createDomainHasher(key: string): (domain: string) => string {
  const secret = Buffer.from(key, 'utf8');
  return (domain) => createHmac('sha256', secret).update(domain, 'utf8').digest('hex');
}

/** Columns a hashed list keeps, in this order and under these names. Names are dropped. */
const KEPT: TheirField[] = ['status', 'industry', 'employees', 'country'];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `cosell map hash`: turns a partner list into a shareable one. Writes `domain_hmac` plus the kept
 * columns to `out`; rows without a usable domain are left out and counted by reason.
 */
export async function hashPartnerList(
  file: string,
  key: string,
  overrides: Partial<Record<TheirField, string>>,
  out: Writable,
): Promise<{ written: number; left: Map<RejectionReason, number> }> {
  const hash = createDomainHasher(key);
  const { stream } = await openCsv(file);
  let columns: ColumnIndexes<TheirField> = {};
  let kept: TheirField[] = [];
  const left = new Map<RejectionReason, number>();
  let written = 0;
  let buffer: string[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const text = buffer.join('');
    buffer = [];
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  // readCsv calls onRecord synchronously; lines are buffered and flushed between chunks.
  async function* paced(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      yield chunk;
      await flush();
    }
  }
  try {
    await readCsv(paced(stream), {
      onHeader(header) {
        const found = recogniseColumns(header, THEIR_COLUMN_NAMES, overrides);
        if (!found.ok) return found.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
        columns = found.value;
        if (columns.domain === undefined) {
          if (columns.domain_hmac !== undefined) return 'is already hashed (it has a domain_hmac column)';
          return `no domain column (looked for ${THEIR_COLUMN_NAMES.domain.map((n) => `"${n}"`).join(', ')}; name yours with --columns domain="Column name")`;
        }
        kept = KEPT.filter((f) => columns[f] !== undefined);
        buffer.push(`${['domain_hmac', ...kept].join(',')}\r\n`);
        return [columns.domain, ...kept.map((f) => columns[f] as number)];
      },
      onRecord(fields) {
        const check = checkDomain(fields[columns.domain!]);
        if (!check.ok) {
          left.set(check.reason, (left.get(check.reason) ?? 0) + 1);
          return;
        }
        written++;
        buffer.push(`${[hash(check.domain), ...kept.map((f) => csvCell((fields[columns[f] as number] ?? '').trim()))].join(',')}\r\n`);
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw new ListError(`${file}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code) throw new ListError(`cannot read ${file}: ${describeIoError(error)}`);
    throw error;
  }
  await flush();
  return { written, left };
}
