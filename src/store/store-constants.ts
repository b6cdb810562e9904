// Values the store port's types are built on, in a leaf file so the port (store.ts) stays
// type-only and every repository can import them without reaching the port's implementation.

/** The kinds of touchpoint a card may log. */
export const TOUCHPOINT_KINDS = ['meeting', 'demo', 'email', 'proposal_review', 'poc', 'intro', 'executive_sponsorship'] as const;

/** Registrations last this long unless renewed, when the caller does not say (REGISTRATION_TTL_DAYS). */
export const DEFAULT_REGISTRATION_TTL_DAYS = 90;

/** The SQLite file used when none is configured (SQLITE_PATH); the one place this path is written. */
export const DEFAULT_SQLITE_PATH = './data/cosell.db';
