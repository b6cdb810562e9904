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

/** The deal ids a conflict involves (entries `deal:<id>`). */
export function conflictDealIds(entryIds: readonly string[]): string[] {
  return entryIds.filter((id) => id.startsWith('deal:')).map((id) => id.slice('deal:'.length));
}

/** The task partner ops get: the subject names the deal(s), the body is the conflict's own text. */
export function conflictAlertTask(c: ConflictAlertInput, dealNames: string[]): { subject: string; body: string } {
  const names = dealNames.length > 0 ? dealNames.join(' and ') : 'a deal registration';
  return { subject: `Co-sell conflict: ${names}`, body: c.message };
}

/**
 * What the conflict flag tells people, with who is alerted: partner ops' owner when one is set in
 * the notification settings, otherwise that nobody is.
 *
 * @example conflictFlagMeaning('Pat Ops') // "… Pat Ops (partner ops) gets a HubSpot task …"
 */
export function conflictFlagMeaning(partnerOpsName: string | null): string {
  if (partnerOpsName === null) {
    return 'Both are flagged as a co-sell conflict until their partners match or one of them closes; nobody is alerted automatically (no partner ops owner is set in the notification settings), so agree the partners with partner ops.';
  }
  return `Both are flagged as a co-sell conflict until their partners match or one of them closes; ${partnerOpsName} (partner ops) gets a HubSpot task to settle it, completed when the conflict clears.`;
}
