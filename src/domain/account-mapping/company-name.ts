import { LEGAL_SUFFIXES } from './reference-data';

const LEGAL = new Set(LEGAL_SUFFIXES);

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
  const text = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, ''); // "S.A." → "sa", "O'Brien" → "obrien"
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  while (words.length > 1 && LEGAL.has(words[words.length - 1] ?? '')) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.length > 0 ? words.join(' ') : null;
}
