// Conflict alerts for partner ops: one task per conflict (the pair of entries), completed when the
// conflict clears. The key is stable across recomputations of either deal.

/** A conflict as the alert names it: its entries, and the text naming deals and accounts. */
export interface ConflictAlertInput {
  entryIds: [string, string];
  reason: 'different_partners' | 'same_partner_twice';
  message: string;
}

/** The alert key of a conflict: its two entries and why they clash. */
export function conflictAlertKey(c: Pick<ConflictAlertInput, 'entryIds' | 'reason'>): string {
  return `conflict:${[...c.entryIds].sort().join('|')}:${c.reason}`;
}

/** The deal ids a conflict involves: its entries that are deals (registrations are `registration:<id>`). */
export function conflictDealIds(entryIds: readonly string[]): string[] {
  return entryIds.filter((id) => !id.startsWith('registration:'));
}

/** The task partner ops get: the subject names the deal(s), the body is the conflict's own text. */
export function conflictAlertTask(c: ConflictAlertInput, dealNames: string[]): { subject: string; body: string } {
  const names = dealNames.length > 0 ? dealNames.join(' and ') : 'a deal registration';
  return { subject: `Co-sell conflict: ${names}`, body: c.message };
}
