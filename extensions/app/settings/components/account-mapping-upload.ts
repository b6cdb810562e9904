// The settings tab's side of a pasted partner list: cells from the text (tab-separated when pasted
// from a spreadsheet, else CSV with quotes), then parts small enough for hubspot.fetch's 1 MB body.
import type { AccountMapUploadPartRequest } from '@cosell/contract';

/** Bytes of row text per part: well under the 1 MB hubspot.fetch body limit, JSON overhead included. */
export const PART_BUDGET = 600_000;

/** The rows of pasted text: header first, blank lines dropped; quotes handled for CSV. */
export function parsePastedList(text: string): { header: string[]; rows: Array<{ row: number; cells: string[] }> } | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const delimiter = lines[first]!.includes('\t') ? '\t' : lines[first]!.split(';').length > lines[first]!.split(',').length ? ';' : ',';
  const records: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let startRow = first + 1;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (!quoted) startRow = i + 1;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j]!;
      if (quoted) {
        if (ch === '"' && line[j + 1] === '"') {
          cell += '"';
          j++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === '') quoted = true;
      else if (ch === delimiter) {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    if (quoted) {
      cell += '\n';
      continue;
    }
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) records.push({ row: startRow - first, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  }
  if (quoted) {
    cells.push(cell);
    records.push({ row: startRow - first, cells });
  }
  const [head, ...rows] = records;
  if (!head) return null;
  // Row numbers as in the spreadsheet: the header is row 1.
  return { header: head.cells, rows: rows.map((r) => ({ row: r.row - head.row + 1, cells: r.cells.slice(0, head.cells.length) })) };
}

/**
 * The parts to send: consecutive rows up to {@link PART_BUDGET} bytes each, every part with the
 * header. Row numbers stay the spreadsheet's; a part starts at its first row's number, so rows must
 * be consecutive within a part (a blank line starts a new part).
 */
export function splitIntoParts(list: { header: string[]; rows: Array<{ row: number; cells: string[] }> }, budget = PART_BUDGET): AccountMapUploadPartRequest[] {
  const out: Array<Omit<AccountMapUploadPartRequest, 'parts'>> = [];
  let current: Omit<AccountMapUploadPartRequest, 'parts'> | null = null;
  let size = 0;
  for (const r of list.rows) {
    const bytes = r.cells.reduce((n, c) => n + c.length * 3 + 4, 2);
    const consecutive = current !== null && current.firstRow + current.rows.length === r.row;
    if (!current || !consecutive || size + bytes > budget) {
      current = { part: out.length, firstRow: r.row, header: list.header, rows: [] };
      out.push(current);
      size = 0;
    }
    current.rows.push(r.cells);
    size += bytes;
  }
  if (out.length === 0) out.push({ part: 0, firstRow: 2, header: list.header, rows: [] });
  return out.map((p) => ({ ...p, parts: out.length }));
}

/** The map's lists as CSV for a spreadsheet (the export button). */
export function mapToCsv(result: { matches: Array<{ category: string; domain: string; ours: Array<{ name: string }>; theirRows: number[]; isNew: boolean }>; whitespace: Array<{ domain: string; name: string | null; theirRows: number[]; icp: boolean; isNew: boolean }> }): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['list,domain,our companies,partner account,partner rows,icp,new'];
  for (const m of result.matches) lines.push([m.category, m.domain, m.ours.map((o) => o.name).join('; '), '', m.theirRows.join(' '), '', m.isNew ? 'yes' : 'no'].map(q).join(','));
  for (const w of result.whitespace) lines.push(['whitespace', w.domain, '', w.name ?? '', w.theirRows.join(' '), w.icp ? 'yes' : 'no', w.isNew ? 'yes' : 'no'].map(q).join(','));
  return `${lines.join('\n')}\n`;
}
