import type { ExchangeRate } from '../exchange-rate';
import { parseExchangeRate } from '../exchange-rate';
import { toIsoDate } from '../iso-date';
import { currencyMinorUnits, parseMoney } from '../money';
import type { FieldError, Result } from '../result';
import { failAll, ok } from '../result';
import { isRole } from '../vocabulary';
import type { ReportDeal, ReportStage } from './metrics';

/*
 * The deals file of `cosell report --deals FILE`, validated where it enters
 * (docs/conventions.md §4): every error names its field, `deals[3].partners[1].roles[0]`.
 * Two steps: the shape (this file's fast path for well-formed input; zod in ./input-schema.ts for
 * the rest and for the messages), then the meaning (`validateReportFile`: amounts, dates, roles,
 * rates). This file does not load zod, so a well-formed file never pays for it.
 */

/** One deal as the schema outputs it: every field of the right type, nothing checked further. */
export interface DealShape {
  id: string;
  name?: string | undefined;
  amount: string;
  currency: string;
  exchangeRate?: string | null | undefined;
  createDate: string;
  closeDate?: string | null | undefined;
  stage: ReportStage;
  partners: { id: string; name?: string | undefined; roles: string[] }[];
  disputed?: boolean | undefined;
}

export interface ReportFileShape {
  homeCurrency?: string | undefined;
  deals: DealShape[];
}

const FILE_KEYS = new Set(['$schema', 'homeCurrency', 'deals']);

/**
 * The whole file's shape without zod, or undefined when any part of it is not plainly well formed
 * (then `checkReportFileShape` in ./input-schema.ts explains what is wrong).
 */
export function readReportFileShape(raw: unknown): ReportFileShape | undefined {
  if (!isObject(raw)) return undefined;
  for (const key in raw) if (!FILE_KEYS.has(key)) return undefined;
  if (!optional(raw.$schema, 'string') || !optional(raw.homeCurrency, 'string') || !Array.isArray(raw.deals)) return undefined;
  const deals: DealShape[] = [];
  for (const d of raw.deals as unknown[]) {
    const deal = readDeal(d);
    if (deal === undefined) return undefined;
    deals.push(deal);
  }
  return { homeCurrency: raw.homeCurrency as string | undefined, deals };
}
export interface ReportFile {
  homeCurrency: string;
  deals: ReportDeal[];
}

/** Stops listing errors after this many: a broken export of 100,000 deals must not flood the screen. */
export const MAX_REPORTED_ERRORS = 50;

/**
 * Checks what the shape cannot: exact amounts in the deal's currency, dates, roles, one exchange
 * rate per foreign-currency deal, close dates on closed deals, no repeated deal or partner. The
 * home currency is `homeCurrency`, or the one currency all deals share. Returns at most
 * MAX_REPORTED_ERRORS errors (the last one says how many more there were).
 */
export function validateReportFile(shape: ReportFileShape): Result<ReportFile> {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });

  let homeCurrency = shape.homeCurrency?.trim();
  if (homeCurrency !== undefined && currencyMinorUnits(homeCurrency) === undefined) {
    return failAll([{ path: 'homeCurrency', message: `unknown currency "${shape.homeCurrency}"` }]);
  }
  if (homeCurrency === undefined) {
    const used = [...new Set(shape.deals.map((d) => d.currency.trim()))].sort();
    if (used.length > 1) {
      return failAll([{ path: 'homeCurrency', message: `required when the deals are in more than one currency (${used.join(', ')})` }]);
    }
    homeCurrency = used[0] ?? 'USD';
  }

  const seen = new Map<string, number>();
  const rates = new Map<string, Result<ExchangeRate>>();
  const deals: ReportDeal[] = [];
  // Paths are written only when something is wrong: 100,000 well-formed deals build none.
  const at = (i: number, field: string) => `deals[${i}]${field}`;
  const relocate = (i: number, field: string, found: FieldError[]) => {
    for (const e of found) errors.push({ path: at(i, field), message: e.message });
  };
  for (let i = 0; i < shape.deals.length; i++) {
    const d = shape.deals[i] as DealShape;
    const first = seen.get(d.id);
    if (first !== undefined) error(at(i, '.id'), `duplicate deal id "${d.id}" (also deals[${first}])`);
    else seen.set(d.id, i);

    const currency = d.currency.trim();
    let amountMinor = 0n;
    if (currencyMinorUnits(currency) === undefined) error(at(i, '.currency'), `unknown currency "${d.currency}"`);
    else {
      const amount = parseMoney(d.amount, currency, 'amount');
      if (!amount.ok) relocate(i, '.amount', amount.errors);
      else if (amount.value < 0n) error(at(i, '.amount'), 'must not be negative');
      else amountMinor = amount.value;
    }

    let exchangeRate: ExchangeRate | null = null;
    if (d.exchangeRate != null) {
      let rate = rates.get(d.exchangeRate);
      if (rate === undefined) rates.set(d.exchangeRate, (rate = parseExchangeRate(d.exchangeRate, 'exchangeRate')));
      if (!rate.ok) relocate(i, '.exchangeRate', rate.errors);
      else if (currency === homeCurrency && rate.value.numerator !== 1_000_000n) {
        error(at(i, '.exchangeRate'), `must be 1 or left out: the deal is in the home currency ${homeCurrency}`);
      } else if (currency !== homeCurrency) exchangeRate = rate.value;
    } else if (currency !== homeCurrency && currencyMinorUnits(currency) !== undefined) {
      error(at(i, '.exchangeRate'), `required: the deal is in ${currency} and the home currency is ${homeCurrency}`);
    }

    const createDate = toIsoDate(d.createDate.trim());
    if (createDate === null) error(at(i, '.createDate'), `"${d.createDate}" is not a date YYYY-MM-DD or an ISO date-time`);
    let closeDate: string | null = null;
    if (d.closeDate != null) {
      closeDate = toIsoDate(d.closeDate.trim());
      if (closeDate === null) error(at(i, '.closeDate'), `"${d.closeDate}" is not a date YYYY-MM-DD or an ISO date-time`);
      else if (createDate !== null && closeDate < createDate && d.stage !== 'open') {
        error(at(i, '.closeDate'), `${closeDate} is before the create date ${createDate}`);
      }
    } else if (d.stage !== 'open') error(at(i, '.closeDate'), `required for a ${d.stage} deal`);

    const partners = d.partners;
    for (let j = 0; j < partners.length; j++) {
      const p = partners[j] as DealShape['partners'][number];
      for (let earlier = 0; earlier < j; earlier++) {
        if (partners[earlier]?.id === p.id) {
          error(at(i, `.partners[${j}].id`), `duplicate partner id "${p.id}"`);
          break;
        }
      }
      for (let k = 0; k < p.roles.length; k++) {
        const role = p.roles[k] as string;
        if (!isRole(role)) error(at(i, `.partners[${j}].roles[${k}]`), `unknown role "${role}"`);
      }
    }

    deals.push({
      id: d.id,
      name: d.name,
      amountMinor,
      currency,
      exchangeRate,
      createDate: createDate ?? '',
      closeDate,
      stage: d.stage,
      partners,
      disputed: d.disputed ?? false,
    });
  }
  if (errors.length > 0) return failAll(capErrors(errors));
  return ok({ homeCurrency, deals });
}

const DEAL_KEYS = new Set(['id', 'name', 'amount', 'currency', 'exchangeRate', 'createDate', 'closeDate', 'stage', 'partners', 'disputed']);
const PARTNER_KEYS = new Set(['id', 'name', 'roles']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string | number => (typeof v === 'string' && v.length > 0) || Number.isSafeInteger(v);
const optional = (v: unknown, type: 'string' | 'boolean') => v === undefined || typeof v === type;

/**
 * The fast path of validation: a deal every field of which `dealSchema` (./input-schema.ts) would
 * accept as is, read without zod (a file of 100,000 deals otherwise spends most of its time there);
 * undefined for anything else, which the schema then checks and explains. Accepts nothing the
 * schema refuses (a property test holds it to that).
 */
export function readDeal(raw: unknown): DealShape | undefined {
  if (!isObject(raw)) return undefined;
  for (const key in raw) if (!DEAL_KEYS.has(key)) return undefined;
  const { id, name, amount, currency, exchangeRate, createDate, closeDate, stage, partners, disputed } = raw;
  if (!isId(id) || typeof amount !== 'string' || typeof currency !== 'string' || typeof createDate !== 'string') return undefined;
  if (stage !== 'won' && stage !== 'lost' && stage !== 'open') return undefined;
  if (!optional(name, 'string') || !optional(disputed, 'boolean')) return undefined;
  if (!(exchangeRate == null || typeof exchangeRate === 'string') || !(closeDate == null || typeof closeDate === 'string')) return undefined;
  if (partners !== undefined && !Array.isArray(partners)) return undefined;
  // Well-formed input is returned as it is (no copy: 100,000 deals are a lot of garbage); only a
  // numeric id or a missing partners list needs a new object, as the schema would make.
  let copyPartners = false;
  for (const p of (partners ?? []) as unknown[]) {
    if (!isObject(p)) return undefined;
    for (const key in p) if (!PARTNER_KEYS.has(key)) return undefined;
    if (!isId(p.id) || !optional(p.name, 'string') || !Array.isArray(p.roles)) return undefined;
    for (const role of p.roles) if (typeof role !== 'string') return undefined;
    if (typeof p.id !== 'string') copyPartners = true;
  }
  if (typeof id === 'string' && partners !== undefined && !copyPartners) return raw as unknown as DealShape;
  const list = ((partners ?? []) as Record<string, unknown>[]).map((p) => (typeof p.id === 'string' ? p : { ...p, id: String(p.id) }));
  return { ...raw, id: String(id), partners: list } as unknown as DealShape;
}

export function capErrors(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const shown = errors.slice(0, MAX_REPORTED_ERRORS - 1);
  return [...shown, { path: '(input)', message: `… and ${errors.length - shown.length} more errors` }];
}
