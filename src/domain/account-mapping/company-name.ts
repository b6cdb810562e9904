import { LEGAL_SUFFIXES } from './reference-data';

const LEGAL = new Set(LEGAL_SUFFIXES);
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A company name reduced for comparison: accents, case, punctuation and trailing legal-form
 * words (Inc, LLC, Ltd, GmbH, Corp, Co, SA, AG, …) removed, a leading "the" dropped. Null when
 * nothing is left. Names only ever *suggest* a match for a person to confirm
 * (docs/decisions/0011-account-mapping-matching.md).
 *
 * @example normalizeCompanyName('The Acme Company, Inc.') // "acme"
 * @example normalizeCompanyName('Müller & Söhne GmbH')    // "muller and sohne"
 */
export function normalizeCompanyName(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = NON_ASCII.test(name) ? unicodeWords(name) : asciiWords(name);
  while (words.length > 1 && LEGAL.has(words[words.length - 1] ?? '')) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.length > 0 ? words.join(' ') : null;
}

/** The words of any name: accents folded, "&" read as "and", apostrophes and dots joining ("S.A." → "sa"). */
function unicodeWords(name: string): string[] {
  const folded = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  const text = folded
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, ''); // "S.A." → "sa", "O'Brien" → "obrien"
  return (NON_ASCII.test(text) ? text.split(/[^\p{L}\p{N}]+/u) : text.split(/[^a-z0-9]+/)).filter((w) => w !== '');
}

/**
 * `unicodeWords` for an ASCII name, in one pass without regular expressions (a million of our
 * companies are compared when a partner list has rows without a domain): letters and digits
 * make words, "'" and "." are dropped inside them, "&" is the word "and", anything else separates.
 */
function asciiWords(name: string): string[] {
  const words: string[] = [];
  let word = ''; // the current word's text before `runStart`
  let runStart = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) continue;
    if (c === 0x27 /* ' */ || c === 0x2e /* . */) {
      word += name.slice(runStart, i);
    } else {
      word += name.slice(runStart, i);
      if (word !== '') words.push(word.toLowerCase());
      word = '';
      if (c === 0x26 /* & */) words.push('and');
    }
    runStart = i + 1;
  }
  return words;
}
