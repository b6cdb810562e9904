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
  const folded = NON_ASCII.test(name) ? name.normalize('NFKD').replace(/\p{M}+/gu, '') : name;
  const text = folded
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, ''); // "S.A." → "sa", "O'Brien" → "obrien"
  const words = (NON_ASCII.test(text) ? text.split(/[^\p{L}\p{N}]+/u) : text.split(/[^a-z0-9]+/)).filter((w) => w !== '');
  while (words.length > 1 && LEGAL.has(words[words.length - 1] ?? '')) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.length > 0 ? words.join(' ') : null;
}
