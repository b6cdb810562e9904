import { normalizeCompanyName } from './company-name';
import type { Icp } from './icp';
import { createIcpTest } from './icp';
import { CharArena, KeyTable } from './key-table';
import type { RejectionReason } from './registrable-domain';
import { checkDomain } from './registrable-domain';

/*
 * Account mapping: a partner's account list against our companies, on the registrable domain
 * (or its HMAC in a hashed list). The rules are in docs/decisions/0011-account-mapping-matching.md.
 *
 * The builder takes the partner's rows first, then streams our companies past them, so memory is
 * bounded by the partner's distinct accounts (our companies that match nothing are not kept).
 */

export const MATCH_CATEGORIES = ['customer_overlap', 'prospect_overlap', 'our_customer_their_prospect', 'both_prospects'] as const;
export type MatchCategory = (typeof MATCH_CATEGORIES)[number];
const CATEGORY_INDEX: Record<MatchCategory, number> = { customer_overlap: 0, prospect_overlap: 1, our_customer_their_prospect: 2, both_prospects: 3 };

/** What people read for each category. */
export const CATEGORY_TITLES: Record<MatchCategory | 'whitespace', string> = {
  customer_overlap: 'Customer overlap (both customers)',
  prospect_overlap: 'Prospect overlap (our prospect, their customer: warm intro)',
  our_customer_their_prospect: 'Our customer, their prospect',
  both_prospects: 'Both prospects',
  whitespace: 'Whitespace (their customers we do not have)',
};

/** One row of the partner's list, as read (cells trimmed or not; empty cells may be null). */
export interface TheirRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  domain?: string | null;
  /** The hashed list's `domain_hmac` cell (hex HMAC-SHA256 of the registrable domain). */
  domainHmac?: string | null;
  name?: string | null;
  status?: string | null;
  industry?: string | null;
  employees?: string | null;
  country?: string | null;
}

/** One of our companies: HubSpot record id, name, domain or website, lifecycle stage. */
export interface OurCompany {
  id: string;
  name?: string | null;
  domain?: string | null;
  lifecycleStage?: string | null;
}

/**
 * One of our companies reduced to what the matcher uses (`prepareOurCompany`): what `addOurs`
 * computes for each company, done ahead (in another thread, for a big export) and handed to
 * `addPreparedOurs`. Plain data, so it can be posted between threads.
 */
export interface PreparedCompany {
  id: string;
  /** The registrable domain by `checkDomain`; null when the company's domain is rejected. */
  domain: string | null;
  /** `isOurCustomer(lifecycleStage)`. */
  customer: boolean;
  /** The name trimmed; null when there is none. */
  name: string | null;
  /** `normalizeCompanyName(name)`, for name suggestions. */
  normalizedName: string | null;
}

export interface MatchEntry {
  category: MatchCategory;
  domain: string;
  ours: string[];
  theirRows: number[];
  isNew: boolean;
}

export interface WhitespaceEntry {
  domain: string;
  name: string | null;
  theirRows: number[];
  icp: boolean;
  isNew: boolean;
}

export interface NameSuggestion {
  ours: string[];
  theirRows: number[];
  name: string;
}

export interface RejectedRow {
  row: number;
  value: string;
  reason: RejectionReason | 'not a hashed domain';
}

/** An entry of an earlier map that is not in this one. */
export interface GoneEntry {
  category: MatchCategory | 'whitespace';
  domain: string;
  ours?: string[];
  theirRows: number[];
}

export interface MapSummary {
  rows: number;
  accounts: number;
  rejected: number;
  customer_overlap: number;
  prospect_overlap: number;
  our_customer_their_prospect: number;
  both_prospects: number;
  whitespace: number;
  whitespace_icp: number;
}

export interface AccountMap {
  summary: MapSummary;
  matches: MatchEntry[];
  whitespace: WhitespaceEntry[];
  nameSuggestions: NameSuggestion[];
  rejected: RejectedRow[];
  gone: GoneEntry[];
  /** Names of our companies that appear above (record id → name), for what people read. */
  ourNames: Map<string, string>;
}

/** The entries of an earlier map that `isNew` and `gone` are computed against. */
export interface PreviousMap {
  matches: ReadonlyArray<{ category: MatchCategory; domain: string; ours?: string[]; theirRows?: number[] }>;
  whitespace: ReadonlyArray<{ domain: string; theirRows?: number[] }>;
}

export interface AccountMapOptions {
  icp?: Icp;
  /**
   * Hashed mode: the partner's list carries `domain_hmac` instead of domains; our registrable
   * domains are hashed with this function (HMAC-SHA256 with the shared key, lowercase hex) to
   * match. Name suggestions are off.
   */
  hashDomain?: (domain: string) => string;
  previous?: PreviousMap;
}

export interface AccountMapBuilder {
  addTheirs(row: TheirRow): void;
  /** Call after every partner row has been added. */
  addOurs(company: OurCompany): void;
  /** `addOurs` for a company already reduced by `prepareOurCompany` (same result). */
  addPreparedOurs(company: PreparedCompany): void;
  finish(): AccountMap;
}

const HMAC_HEX = /^[0-9a-f]{64}$/;

/** Lifecycle stage customer or evangelist = our customer; anything else or empty = prospect. */
export function isOurCustomer(lifecycleStage: string | null | undefined): boolean {
  const stage = (lifecycleStage ?? '').trim().toLowerCase();
  return stage === 'customer' || stage === 'evangelist';
}

/** Their status "customer" (any case) = their customer; anything else or empty = prospect. */
export function isTheirCustomer(status: string | null | undefined): boolean {
  return (status ?? '').trim().toLowerCase() === 'customer';
}

export function prepareOurCompany(company: OurCompany): PreparedCompany {
  const check = checkDomain(company.domain);
  return {
    id: company.id,
    domain: check.ok ? check.domain : null,
    customer: isOurCustomer(company.lifecycleStage),
    name: company.name?.trim() || null,
    normalizedName: normalizeCompanyName(company.name),
  };
}

export function categoryOf(ourCustomer: boolean, theirCustomer: boolean): MatchCategory {
  if (ourCustomer) return theirCustomer ? 'customer_overlap' : 'our_customer_their_prospect';
  return theirCustomer ? 'prospect_overlap' : 'both_prospects';
}

const THEIR_CUSTOMER = 1;
const IN_ICP = 2;
const OUR_CUSTOMER = 4;

/**
 * The partner's accounts (one per key), each with every row on it and the companies of ours that
 * match it: columns indexed by the key's number in a `KeyTable`, so a million accounts are a few
 * arrays rather than a million objects for the garbage collector to move.
 */
class Accounts {
  readonly keys = new KeyTable();
  /** The first row seen; `moreRows` holds the others (most accounts have one row: no array for them). */
  private firstRows = new Float64Array(1024);
  /** The row the name was taken from (the lowest with a name). */
  private nameRows = new Float64Array(1024);
  /** Where the name is in `nameText` (a million names as heap strings would keep the garbage collector busy). */
  private nameStarts = new Float64Array(1024);
  private nameEnds = new Float64Array(1024);
  private readonly nameText = new CharArena();
  private flags = new Uint8Array(1024);
  private readonly moreRows = new Map<number, number[]>();
  readonly ours: (string[] | null)[] = [];
  /** Our registrable domain, for a hashed key (the partner's plain domain is never known). */
  readonly ourDomains = new Map<number, string>();

  get size(): number {
    return this.keys.size;
  }

  /** Adds a partner row on `key`, opening the account on its first row; returns the account's number. */
  addRow(key: string, row: number): number {
    const size = this.keys.size;
    const index = this.keys.add(key);
    if (index < size) {
      const more = this.moreRows.get(index);
      if (more) more.push(row);
      else this.moreRows.set(index, [row]);
      return index;
    }
    if (index >= this.flags.length) this.grow();
    this.firstRows[index] = row;
    this.nameRows[index] = Number.POSITIVE_INFINITY;
    this.ours.push(null);
    return index;
  }

  has(index: number, flag: number): boolean {
    return (this.flags[index]! & flag) !== 0;
  }

  set(index: number, flag: number): void {
    this.flags[index]! |= flag;
  }

  /** Keeps the name of the lowest row that has one. */
  offerName(index: number, name: string, row: number): void {
    if (row < this.nameRows[index]!) {
      const start = this.nameText.append(name);
      this.nameStarts[index] = start;
      this.nameEnds[index] = start + name.length;
      this.nameRows[index] = row;
    }
  }

  name(index: number): string | null {
    return this.nameRows[index] === Number.POSITIVE_INFINITY ? null : this.nameText.slice(this.nameStarts[index]!, this.nameEnds[index]!);
  }

  rows(index: number): number[] {
    const more = this.moreRows.get(index);
    return more ? [this.firstRows[index]!, ...more].sort(byNumber) : [this.firstRows[index]!];
  }

  private grow(): void {
    const length = this.flags.length * 2;
    const firstRows = new Float64Array(length);
    firstRows.set(this.firstRows);
    this.firstRows = firstRows;
    const nameRows = new Float64Array(length);
    nameRows.set(this.nameRows);
    this.nameRows = nameRows;
    const nameStarts = new Float64Array(length);
    nameStarts.set(this.nameStarts);
    this.nameStarts = nameStarts;
    const nameEnds = new Float64Array(length);
    nameEnds.set(this.nameEnds);
    this.nameEnds = nameEnds;
    const flags = new Uint8Array(length);
    flags.set(this.flags);
    this.flags = flags;
  }
}

interface Suggestion {
  rows: number[];
  name: string;
  nameRow: number;
  ours: string[];
}

const byNumber = (a: number, b: number) => a - b;

/** Record ids in their natural order: numeric ids by value, others by text after them. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds an account map incrementally: `addTheirs` for every partner row, then `addOurs` for
 * every company of ours, then `finish`. The result does not depend on the order of rows within
 * either list.
 */
export function createAccountMapBuilder(options: AccountMapOptions = {}): AccountMapBuilder {
  const hashed = options.hashDomain !== undefined;
  const inIcp = createIcpTest(options.icp);
  const accounts = new Accounts();
  const suggestions = new Map<string, Suggestion>();
  const rejected: RejectedRow[] = [];
  const ourNames = new Map<string, string>();
  let rows = 0;
  let oursStarted = false;
  let finished = false;

  function keyOfTheirs(row: TheirRow): string | RejectedRow {
    if (hashed) {
      const value = (row.domainHmac ?? '').trim().toLowerCase();
      if (value === '') return { row: row.row, value: '', reason: 'empty' };
      return HMAC_HEX.test(value) ? value : { row: row.row, value: (row.domainHmac ?? '').trim(), reason: 'not a hashed domain' };
    }
    const check = checkDomain(row.domain);
    return check.ok ? check.domain : { row: row.row, value: (row.domain ?? '').trim(), reason: check.reason };
  }

  function startOurs(): void {
    if (finished) throw new Error('account map: already finished');
    oursStarted = true;
  }

  /** The number of the partner's account on one of our registrable domains (hashed first in hashed mode), or -1. */
  function accountOfOurs(domain: string): number {
    return accounts.keys.find(hashed ? options.hashDomain!(domain) : domain);
  }

  function linkOurs(account: number, id: string, customer: boolean, domain: string, name: string | null | undefined): void {
    const ours = accounts.ours[account];
    if (ours) ours.push(id);
    else accounts.ours[account] = [id];
    if (customer) accounts.set(account, OUR_CUSTOMER);
    if (hashed) {
      const ourDomain = accounts.ourDomains.get(account);
      if (ourDomain === undefined || domain < ourDomain) accounts.ourDomains.set(account, domain);
    }
    if (name) ourNames.set(id, name);
  }

  function suggestOurs(id: string, normalized: string | null, name: string | null | undefined): void {
    const s = normalized ? suggestions.get(normalized) : undefined;
    if (s) {
      s.ours.push(id);
      if (name) ourNames.set(id, name);
    }
  }

  return {
    addTheirs(row) {
      if (oursStarted || finished) throw new Error('account map: every partner row must be added before our companies');
      rows++;
      const key = keyOfTheirs(row);
      if (typeof key !== 'string') {
        rejected.push(key);
        if (!hashed) {
          const normalized = normalizeCompanyName(row.name);
          const name = row.name?.trim();
          if (normalized && name) {
            const s = suggestions.get(normalized);
            if (!s) suggestions.set(normalized, { rows: [row.row], name, nameRow: row.row, ours: [] });
            else {
              s.rows.push(row.row);
              if (row.row < s.nameRow) {
                s.name = name;
                s.nameRow = row.row;
              }
            }
          }
        }
        return;
      }
      const account = accounts.addRow(key, row.row);
      if (isTheirCustomer(row.status)) accounts.set(account, THEIR_CUSTOMER);
      if (!accounts.has(account, IN_ICP) && inIcp(row)) accounts.set(account, IN_ICP);
      const name = hashed ? undefined : row.name?.trim();
      if (name) accounts.offerName(account, name, row.row);
    },

    addOurs(company) {
      startOurs();
      const check = checkDomain(company.domain);
      if (check.ok) {
        const account = accountOfOurs(check.domain);
        if (account >= 0) linkOurs(account, company.id, isOurCustomer(company.lifecycleStage), check.domain, company.name?.trim());
      }
      if (suggestions.size > 0) suggestOurs(company.id, normalizeCompanyName(company.name), company.name?.trim());
    },

    addPreparedOurs(company) {
      startOurs();
      if (company.domain !== null) {
        const account = accountOfOurs(company.domain);
        if (account >= 0) linkOurs(account, company.id, company.customer, company.domain, company.name);
      }
      if (suggestions.size > 0) suggestOurs(company.id, company.normalizedName, company.name);
    },

    finish() {
      finished = true;
      const previous = options.previous;
      const previousMatches = previous ? new Set(previous.matches.map((m) => `${m.category} ${m.domain}`)) : null;
      const previousWhitespace = previous ? new Set(previous.whitespace.map((w) => w.domain)) : null;
      // Bucketed by category (and ICP), then each bucket sorted by domain: cheaper than one sort with a compound comparator.
      const buckets: MatchEntry[][] = MATCH_CATEGORIES.map(() => []);
      const whitespaceIcp: WhitespaceEntry[] = [];
      const whitespaceOther: WhitespaceEntry[] = [];
      for (let account = 0; account < accounts.size; account++) {
        const ours = accounts.ours[account];
        const theirCustomer = accounts.has(account, THEIR_CUSTOMER);
        if (ours) {
          const category = categoryOf(accounts.has(account, OUR_CUSTOMER), theirCustomer);
          const domain = accounts.ourDomains.get(account) ?? accounts.keys.keyAt(account);
          const isNew = previousMatches === null || !previousMatches.has(`${category} ${domain}`);
          buckets[CATEGORY_INDEX[category]]!.push({ category, domain, ours: ours.sort(compareIds), theirRows: accounts.rows(account), isNew });
        } else if (theirCustomer) {
          const key = accounts.keys.keyAt(account);
          const icp = accounts.has(account, IN_ICP);
          const entry = { domain: key, name: accounts.name(account), theirRows: accounts.rows(account), icp, isNew: previousWhitespace === null || !previousWhitespace.has(key) };
          (icp ? whitespaceIcp : whitespaceOther).push(entry);
        }
      }
      const byDomain = (a: { domain: string }, b: { domain: string }) => byText(a.domain, b.domain);
      for (const bucket of buckets) bucket.sort(byDomain);
      const matches = buckets.flat();
      const whitespace = [...whitespaceIcp.sort(byDomain), ...whitespaceOther.sort(byDomain)];
      const nameSuggestions: NameSuggestion[] = [...suggestions.values()]
        .filter((s) => s.ours.length > 0)
        .map((s) => ({ ours: s.ours.sort(compareIds), theirRows: s.rows.sort(byNumber), name: s.name }))
        .sort((a, b) => (a.theirRows[0] ?? 0) - (b.theirRows[0] ?? 0));
      rejected.sort((a, b) => a.row - b.row);

      let gone: GoneEntry[] = [];
      if (previous) {
        const currentMatches = new Set(matches.map((m) => `${m.category} ${m.domain}`));
        const currentWhitespace = new Set(whitespace.map((w) => w.domain));
        gone = [
          ...previous.matches
            .filter((m) => !currentMatches.has(`${m.category} ${m.domain}`))
            .map((m) => ({ category: m.category, domain: m.domain, ours: [...(m.ours ?? [])], theirRows: [...(m.theirRows ?? [])] })),
          ...previous.whitespace
            .filter((w) => !currentWhitespace.has(w.domain))
            .map((w) => ({ category: 'whitespace' as const, domain: w.domain, theirRows: [...(w.theirRows ?? [])] })),
        ];
      }

      const count = (category: MatchCategory) => buckets[CATEGORY_INDEX[category]]!.length;
      const summary: MapSummary = {
        rows,
        accounts: accounts.size,
        rejected: rejected.length,
        customer_overlap: count('customer_overlap'),
        prospect_overlap: count('prospect_overlap'),
        our_customer_their_prospect: count('our_customer_their_prospect'),
        both_prospects: count('both_prospects'),
        whitespace: whitespace.length,
        whitespace_icp: whitespace.filter((w) => w.icp).length,
      };
      return { summary, matches, whitespace, nameSuggestions, rejected, gone, ourNames };
    },
  };
}

/** The whole map from two lists in memory (tests, small lists, the settings page). */
export function mapAccounts(theirs: Iterable<TheirRow>, ours: Iterable<OurCompany>, options: AccountMapOptions = {}): AccountMap {
  const builder = createAccountMapBuilder(options);
  for (const row of theirs) builder.addTheirs(row);
  for (const company of ours) builder.addOurs(company);
  return builder.finish();
}
