import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from './csv-reader';

async function* chunks(parts: (string | Buffer)[]) {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

/** Reads everything (every column wanted); returns the header and [row, cells] records. */
async function readAll(parts: (string | Buffer)[], options = {}) {
  let header: string[] = [];
  const records: [number, (string | undefined)[]][] = [];
  const result = await readCsv(
    chunks(parts),
    {
      onHeader: (h) => {
        header = h;
        return h.map((_, i) => i);
      },
      onRecord: (fields, row) => records.push([row, [...fields]]),
    },
    options,
  );
  return { header, records, result };
}

/** Splits `text` (as bytes) at the given offsets, so records and quotes straddle chunk edges. */
function splitAt(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

describe('readCsv', () => {
  it('reads quoted fields, "" escapes, line breaks inside quotes, CRLF, BOM; numbers rows like a spreadsheet', async () => {
    const text = '\uFEFFName,Website,Notes\r\n"Acme, Inc.",acme.com,"said ""hi"""\r\n"Two\nLines Ltd",two.com,\r\n\r\nLast,last.com,x';
    const { header, records } = await readAll([text]);
    expect(header).toEqual(['Name', 'Website', 'Notes']);
    expect(records).toEqual([
      [2, ['Acme, Inc.', 'acme.com', 'said "hi"']],
      [3, ['Two\nLines Ltd', 'two.com', '']],
      // row 4 is the blank line: counted, not passed on
      [5, ['Last', 'last.com', 'x']],
    ]);
  });

  it('decodes only the columns asked for, and short rows leave the rest undefined', async () => {
    const seen: (string | undefined)[][] = [];
    await readCsv(chunks(['a,b,c\n1,2,3\n4\n']), { onHeader: () => [0, 2], onRecord: (f) => seen.push([...f]) });
    expect(seen).toEqual([
      ['1', undefined, '3'],
      ['4', undefined, undefined],
    ]);
  });

  it('skips rows of empty cells and keeps a trailing empty field', async () => {
    const { records } = await readAll(['a,b\n,\n1,\n,,\n2,']);
    expect(records).toEqual([
      [3, ['1', '']],
      [5, ['2', '']],
    ]);
  });

  it('detects semicolon and tab delimited exports from the header', async () => {
    expect((await readAll(['Name;Website\n"A; B";a.com\n'])).records).toEqual([[2, ['A; B', 'a.com']]]);
    expect((await readAll(['Name\tWebsite\nA, B\ta.com\n'])).records).toEqual([[2, ['A, B', 'a.com']]]);
  });

  it('keeps UTF-8 characters split across chunks whole', async () => {
    const { records } = await readAll(splitAt('Name\nMüller Söhne\n', [7, 8, 14]));
    expect(records).toEqual([[2, ['Müller Söhne']]]);
  });

  it('gives the same records wherever the chunks are cut', async () => {
    const text = '\uFEFFName,Website\r\n"Acme, ""the"" Inc.","https://acme.com"\r\n"Multi\r\nline",b.com\n\nplain,c.com\r\n"",\n"end"';
    const whole = await readAll([text]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { maxLength: 12 }), async (cuts) => {
        const parts = await readAll(splitAt(text, cuts));
        expect(parts.header).toEqual(whole.header);
        expect(parts.records).toEqual(whole.records);
      }),
      { numRuns: 300 },
    );
    expect(whole.records.map((r) => r[0])).toEqual([2, 3, 5, 6, 7]); // row 4 is the blank line
  });

  it('refuses an empty file, an empty header and a record that never ends', async () => {
    await expect(readAll([''])).rejects.toThrow(new CsvError('the file is empty: a header row is needed'));
    await expect(readAll(['\n\na,b\n'])).rejects.toThrow(/first row is empty/);
    const unclosed = ['Name,Website\n', '"Acme,acme.com\n', 'x'.repeat(2000), '\n', 'y'.repeat(2000)];
    await expect(readAll(unclosed, { maxRecordBytes: 1024 })).rejects.toThrow(/row 2 is longer than 1 KiB; is a quote \("\) never closed\?/);
  });

  it('lets the header handler stop the read with a reason', async () => {
    await expect(readCsv(chunks(['a,b\n1,2\n']), { onHeader: () => 'no domain column', onRecord: () => {} })).rejects.toThrow('no domain column');
  });

  it('takes an unclosed quote at the very end of the file as running to the end', async () => {
    expect((await readAll(['a,b\n1,"two'])).records).toEqual([[2, ['1', 'two']]]);
  });
});
