/**
 * A streaming CSV reader (RFC 4180: quoted fields, "" inside quotes, CR LF or LF line ends, line
 * breaks inside quoted fields) that works on bytes and decodes only the columns asked for.
 *
 * Memory is one chunk plus the record being read, whatever the file size. Field strings are
 * decoded fresh from the bytes, so a kept value (a domain, a name) holds no reference to the
 * chunk it came from. A UTF-8 byte order mark is skipped; the delimiter is the comma, unless the
 * header line has more semicolons or tabs (spreadsheets in some locales export those).
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const TAB = 0x09;
const NO_CELLS: string[] = [];

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvHandlers {
  /**
   * The header row, every cell decoded. Returns the column indexes to decode in the rows that
   * follow, or a string saying why the file cannot be used (the read stops with a `CsvError`).
   */
  onHeader(header: string[]): number[] | string;
  /**
   * One data record: `fields[i]` is the cell of a wanted column `i` (undefined if the record is
   * shorter), `row` its spreadsheet row number (header = 1; a record with line breaks inside a
   * quoted field is one row). Blank lines are counted in the numbering but not passed on.
   * The array is reused for the next record: copy what you keep.
   */
  onRecord(fields: ReadonlyArray<string | undefined>, row: number): void;
}

export interface CsvReadResult {
  /** Data records passed to `onRecord` (blank lines not counted). */
  records: number;
  /** The last row number (header = 1). */
  lastRow: number;
  bytes: number;
}

export interface CsvReadOptions {
  /** A record longer than this is an error (an unclosed quote would otherwise swallow the file). */
  maxRecordBytes?: number;
}

/** Reads CSV from a byte stream, calling the handlers; throws `CsvError` for a file it cannot use. */
export async function readCsv(input: AsyncIterable<Buffer | Uint8Array | string>, handlers: CsvHandlers, options: CsvReadOptions = {}): Promise<CsvReadResult> {
  const maxRecordBytes = options.maxRecordBytes ?? 1 << 20;
  let leftover: Buffer | null = null;
  let delimiter = -1;
  let header: string[] | null = null;
  let wanted: boolean[] = [];
  let fields: (string | undefined)[] = [];
  let row = 0;
  let records = 0;
  let bytes = 0;
  let first = true;

  // Parses whole records from `buf`; returns the offset of the first incomplete record.
  const parse = (buf: Buffer, start: number, final: boolean): number => {
    const len = buf.length;
    const delim = delimiter;
    let p = start;
    while (p < len) {
      const recordStart = p;
      let column = 0;
      let blank = true;
      const decodeAll = header === null;
      const headerCells: string[] = decodeAll ? [] : NO_CELLS;
      if (!decodeAll) for (let i = 0; i < fields.length; i++) fields[i] = undefined;
      let complete = false;
      for (;;) {
        // one field at p
        let valueStart: number;
        let valueEnd: number;
        let escaped = false;
        let quoted = false;
        if (p < len && buf[p] === QUOTE) {
          quoted = true;
          let q = p + 1;
          let close = -1;
          for (;;) {
            const idx = buf.indexOf(QUOTE, q);
            if (idx < 0) break;
            if (idx + 1 < len && buf[idx + 1] === QUOTE) {
              escaped = true;
              q = idx + 2;
              continue;
            }
            if (idx + 1 >= len && !final) break; // the next chunk may start with the second quote
            close = idx;
            break;
          }
          if (close < 0) {
            if (!final) return recordStart;
            close = len; // an unclosed quote at the end of the file: the rest is the field
          }
          valueStart = p + 1;
          valueEnd = close;
          p = Math.min(close + 1, len);
          // Text after the closing quote (not RFC 4180) is skipped up to the delimiter.
          while (p < len && buf[p] !== delim && buf[p] !== CR && buf[p] !== LF) p++;
        } else {
          valueStart = p;
          while (p < len) {
            const c = buf[p];
            if (c === delim || c === CR || c === LF) break;
            p++;
          }
          valueEnd = p;
        }
        if (p >= len && !final) return recordStart;
        if (quoted || valueEnd > valueStart) blank = false;
        if (decodeAll) headerCells.push(decode(buf, valueStart, valueEnd, escaped));
        else if (column < wanted.length && wanted[column]) fields[column] = decode(buf, valueStart, valueEnd, escaped);
        column++;
        if (p >= len) {
          complete = true;
          break;
        }
        const c = buf[p];
        if (c === delim) {
          p++;
          if (p >= len && !final) return recordStart;
          if (p >= len) {
            // a trailing delimiter at the end of the file: one more, empty, field
            if (!decodeAll && column < wanted.length && wanted[column]) fields[column] = '';
            else if (decodeAll) headerCells.push('');
            complete = true;
            break;
          }
          continue;
        }
        if (c === CR) {
          if (p + 1 >= len && !final) return recordStart;
          p += buf[p + 1] === LF ? 2 : 1;
        } else p++; // LF
        complete = true;
        break;
      }
      if (!complete) return recordStart;
      row++;
      if (decodeAll) {
        if (blank) throw new CsvError('the first row is empty: a header row is needed');
        header = headerCells;
        const chosen = handlers.onHeader(header);
        if (typeof chosen === 'string') throw new CsvError(chosen);
        wanted = new Array<boolean>(header.length).fill(false);
        for (const i of chosen) wanted[i] = true;
        fields = new Array<string | undefined>(header.length).fill(undefined);
        continue;
      }
      if (blank) continue; // a blank line, or a row of empty cells (,,,)
      records++;
      handlers.onRecord(fields, row);
    }
    return p;
  };

  for await (const chunk of input) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += buf.length;
    if (leftover) buf = Buffer.concat([leftover, buf]);
    leftover = null;
    if (first) {
      if (buf.length < 3) {
        leftover = buf; // too short to tell whether it starts with a byte order mark
        continue;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      first = false;
    }
    if (delimiter < 0) {
      const lineEnd = buf.indexOf(LF);
      if (lineEnd < 0 && buf.length < 64 * 1024) {
        leftover = buf;
        continue;
      }
      delimiter = detectDelimiter(buf.subarray(0, lineEnd < 0 ? buf.length : lineEnd));
    }
    const consumed = parse(buf, 0, false);
    if (consumed < buf.length) {
      if (buf.length - consumed > maxRecordBytes) {
        throw new CsvError(`row ${row + 1} is longer than ${Math.round(maxRecordBytes / 1024)} KiB; is a quote (") never closed?`);
      }
      // Copied, so the large chunk behind it can be freed.
      leftover = Buffer.from(buf.subarray(consumed));
    }
  }
  let rest = leftover ?? Buffer.alloc(0);
  if (first && rest.length >= 3 && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) rest = rest.subarray(3);
  if (rest.length > 0) {
    if (delimiter < 0) {
      const lineEnd = rest.indexOf(LF);
      delimiter = detectDelimiter(rest.subarray(0, lineEnd < 0 ? rest.length : lineEnd));
    }
    parse(rest, 0, true);
  }
  if (header === null) throw new CsvError('the file is empty: a header row is needed');
  return { records, lastRow: row, bytes };
}

/** `Buffer#utf8Slice`: what `toString('utf8', start, end)` calls after checking its arguments, which are known good here. */
type Utf8Slicing = Buffer & { utf8Slice?: (start: number, end: number) => string };

function decode(buf: Buffer, start: number, end: number, escaped: boolean): string {
  if (end <= start) return '';
  const fast = (buf as Utf8Slicing).utf8Slice;
  const text = fast ? fast.call(buf, start, end) : buf.toString('utf8', start, end);
  return escaped ? text.replace(/""/g, '"') : text;
}

/** Comma, or semicolon / tab when the header line has more of those (outside quotes). */
function detectDelimiter(line: Buffer): number {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (c === COMMA) commas++;
      else if (c === SEMICOLON) semicolons++;
      else if (c === TAB) tabs++;
    }
  }
  if (semicolons > commas && semicolons >= tabs) return SEMICOLON;
  if (tabs > commas && tabs > semicolons) return TAB;
  return COMMA;
}
