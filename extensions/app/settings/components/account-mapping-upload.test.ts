import { describe, expect, it } from 'vitest';
import { mapToCsv, parsePastedList, splitIntoParts } from './account-mapping-upload';

describe('parsePastedList', () => {
  it('reads tab-separated text pasted from a spreadsheet, numbering rows as the sheet does', () => {
    const list = parsePastedList('Account Name\tWebsite\tStatus\nAcme\tacme.com\tCustomer\n\nGlobex\tglobex.co.uk\tProspect\n');
    expect(list).toEqual({ header: ['Account Name', 'Website', 'Status'], rows: [{ row: 2, cells: ['Acme', 'acme.com', 'Customer'] }, { row: 4, cells: ['Globex', 'globex.co.uk', 'Prospect'] }] });
  });

  it('reads CSV with quoted cells, doubled quotes and a line break inside quotes', () => {
    const list = parsePastedList('Name,Website\r\n"Acme, again","acme.com"\r\n"Say ""hi""\nCorp",hi.com\r\nLast,last.io');
    expect(list?.rows).toEqual([
      { row: 2, cells: ['Acme, again', 'acme.com'] },
      { row: 3, cells: ['Say "hi"\nCorp', 'hi.com'] },
      { row: 5, cells: ['Last', 'last.io'] },
    ]);
  });

  it('gives null for empty text', () => {
    expect(parsePastedList('  \n\n')).toBeNull();
  });
});

describe('splitIntoParts', () => {
  it('cuts parts by size (36 bytes a row here, 100 a part) and at gaps in the row numbers, each with the header', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 2 + (i >= 6 ? 1 : 0), cells: ['x'.repeat(10)] }));
    const parts = splitIntoParts({ header: ['Website'], rows }, 100);
    expect(parts.map((p) => [p.part, p.parts, p.firstRow, p.rows.length])).toEqual([
      [0, 5, 2, 2],
      [1, 5, 4, 2],
      [2, 5, 6, 2],
      [3, 5, 9, 2],
      [4, 5, 11, 2],
    ]);
    expect(parts.every((p) => p.header[0] === 'Website')).toBe(true);
    // Every row is sent once, in order.
    expect(parts.flatMap((p) => p.rows.map((_, i) => p.firstRow + i))).toEqual(rows.map((r) => r.row));
  });
});

describe('mapToCsv', () => {
  it('lists matches and whitespace, quoting where needed', () => {
    const csv = mapToCsv({
      matches: [{ category: 'customer_overlap', domain: 'acme.com', ours: [{ name: 'Acme, Inc' }], theirRows: [2, 7], isNew: true }],
      whitespace: [{ domain: 'wayne.com', name: 'Wayne', theirRows: [5], icp: true, isNew: false }],
    });
    expect(csv).toBe('list,domain,our companies,partner account,partner rows,icp,new\ncustomer_overlap,acme.com,"Acme, Inc",,2 7,,yes\nwhitespace,wayne.com,,Wayne,5,yes,no\n');
  });
});
