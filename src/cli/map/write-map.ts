import type { Writable } from 'node:stream';
import type { AccountMap } from '../../domain/account-mapping/index';
import { CATEGORY_TITLES, MATCH_CATEGORIES } from '../../domain/account-mapping/index';

/** Buffers small strings into ~256 KiB writes and waits for `drain`, so a big map never piles up in memory. */
function createChunkWriter(out: Writable) {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  return {
    /** Adds text; true when enough is buffered that the caller should `await flush()`. */
    push(text: string): boolean {
      parts.push(text);
      size += text.length;
      return size >= 256 * 1024;
    },
    flush,
  };
}

/**
 * The map as JSON, one list entry per line:
 * `{ "partner", "summary", "matches", "whitespace", "nameSuggestions", "rejected", "gone" }`.
 */
export async function writeMapJson(out: Writable, map: AccountMap, partner: string | null): Promise<void> {
  const w = createChunkWriter(out);
  w.push(`{"partner":${JSON.stringify(partner)},\n"summary":${JSON.stringify(map.summary)}`);
  const lists: [string, readonly unknown[]][] = [
    ['matches', map.matches],
    ['whitespace', map.whitespace],
    ['nameSuggestions', map.nameSuggestions],
    ['rejected', map.rejected],
    ['gone', map.gone],
  ];
  for (const [key, entries] of lists) {
    w.push(`,\n"${key}":[`);
    // One await per buffer, not per entry: a million entries would otherwise cost a million promises.
    for (let i = 0; i < entries.length; i++) if (w.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(entries[i])}`)) await w.flush();
    w.push(entries.length > 0 ? '\n]' : ']');
  }
  w.push('}\n');
  await w.flush();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function rowsText(rows: number[]): string {
  const shown = rows.slice(0, 5).join(', ');
  return `${rows.length === 1 ? 'row' : 'rows'} ${shown}${rows.length > 5 ? `, … (${rows.length})` : ''}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)];
}

/**
 * What a person reads: the summary, then the first `top` entries of each list. Our companies are
 * named by their names (a company without one is "an unnamed company"), the partner's by row.
 */
export function renderMapTable(map: AccountMap, options: { theirsFile: string; oursFile: string; hashed: boolean; top?: number }): string {
  const top = options.top ?? 10;
  const s = map.summary;
  const ourNames = (ids: string[]) => {
    const names = ids.slice(0, 3).map((id) => map.ourNames.get(id) ?? 'an unnamed company');
    return ids.length > 3 ? `${names.join(', ')} and ${ids.length - 3} more` : names.join(', ');
  };
  const lines: string[] = [];
  lines.push(`Account map: ${options.theirsFile} (partner${options.hashed ? ', hashed list' : ''}) against ${options.oursFile} (ours)`);
  lines.push(`${plural(s.rows, 'partner row')} → ${plural(s.accounts, 'account')}; ${plural(s.rejected, 'row')} rejected`);
  lines.push('');
  lines.push(
    ...table(
      ['List', 'Accounts'],
      [
        ...MATCH_CATEGORIES.map((c) => [CATEGORY_TITLES[c], s[c].toLocaleString('en-US')]),
        [CATEGORY_TITLES.whitespace, `${s.whitespace.toLocaleString('en-US')} (${s.whitespace_icp.toLocaleString('en-US')} in the ICP)`],
        ['Name suggestions (confirm by hand)', map.nameSuggestions.length.toLocaleString('en-US')],
        ['Rejected partner rows', s.rejected.toLocaleString('en-US')],
      ],
    ),
  );
  for (const category of MATCH_CATEGORIES) {
    const entries = map.matches.filter((m) => m.category === category);
    if (entries.length === 0) continue;
    lines.push('', `${CATEGORY_TITLES[category]}${entries.length > top ? ` — first ${top} of ${entries.length.toLocaleString('en-US')}` : ''}`);
    lines.push(...table(['Domain', 'Our companies', 'Partner rows', 'New'], entries.slice(0, top).map((m) => [m.domain, ourNames(m.ours), rowsText(m.theirRows), m.isNew ? 'new' : ''])));
  }
  if (map.whitespace.length > 0) {
    lines.push('', `${CATEGORY_TITLES.whitespace}${map.whitespace.length > top ? ` — first ${top} of ${map.whitespace.length.toLocaleString('en-US')}` : ''}`);
    lines.push(
      ...table(
        ['Domain', 'Partner account', 'Partner rows', 'ICP', 'New'],
        map.whitespace.slice(0, top).map((w) => [options.hashed ? `${w.domain.slice(0, 12)}… (hashed)` : w.domain, w.name ?? '—', rowsText(w.theirRows), w.icp ? 'yes' : 'no', w.isNew ? 'new' : '']),
      ),
    );
  }
  if (map.nameSuggestions.length > 0) {
    lines.push('', `Name suggestions: no usable domain, same name as ours — confirm by hand${map.nameSuggestions.length > top ? ` (first ${top})` : ''}`);
    lines.push(...table(['Partner account', 'Our companies', 'Partner rows'], map.nameSuggestions.slice(0, top).map((n) => [n.name, ourNames(n.ours), rowsText(n.theirRows)])));
  }
  if (map.rejected.length > 0) {
    lines.push('', `Rejected partner rows${map.rejected.length > top ? ` (first ${top} of ${map.rejected.length.toLocaleString('en-US')})` : ''}`);
    lines.push(...table(['Row', 'Value', 'Reason'], map.rejected.slice(0, top).map((r) => [String(r.row), r.value === '' ? '(empty)' : r.value, r.reason])));
  }
  lines.push('', 'All entries: add --json.');
  return `${lines.join('\n')}\n`;
}
