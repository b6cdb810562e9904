import { z } from 'zod';
import type { ExchangeRate } from '../exchange-rate';
import { parseExchangeRate } from '../exchange-rate';
import { toIsoDate } from '../iso-date';
import { currencyMinorUnits, parseMoney } from '../money';
import type { FieldError, Result } from '../result';
import { failAll, ok } from '../result';
import { zodIssuesToErrors } from '../rule-set';
import { isRole } from '../vocabulary';
import type { ReportDeal, ReportStage } from './metrics';
import { REPORT_STAGES } from './metrics';

/*
 * The deals file of `cosell report --deals FILE`, validated where it enters
 * (docs/conventions.md §4): every error names its field, `deals[3].partners[1].roles[0]`.
 */

const idSchema = z.union([z.string().min(1, 'must not be empty'), z.number().int()], { error: 'must be a string' }).transform(String);
const dateText = z.string({ error: 'must be a date YYYY-MM-DD or an ISO date-time' });

const dealSchema = z.strictObject(
  {
    id: idSchema,
    name: z.string({ error: 'must be a string' }).optional(),
    amount: z.string({ error: 'must be a decimal string like "1234.50" (a JSON number could already have lost precision)' }),
    currency: z.string({ error: 'must be an ISO 4217 code like "USD"' }),
    exchangeRate: z.string({ error: 'must be a decimal string like "1.085" (units of the home currency per 1 unit of the deal currency)' }).nullable().optional(),
    createDate: dateText,
    closeDate: dateText.nullable().optional(),
    stage: z.enum(REPORT_STAGES as [ReportStage, ...ReportStage[]], { error: `must be one of ${REPORT_STAGES.join(', ')}` }),
    partners: z
      .array(
        z.strictObject(
          {
            id: idSchema,
            name: z.string({ error: 'must be a string' }).optional(),
            roles: z.array(z.string({ error: 'must be a role name' }), { error: 'must be a list of roles' }),
          },
          { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with id and roles' : undefined) },
        ),
        { error: 'must be a list of partners' },
      )
      .default([]),
    disputed: z.boolean({ error: 'must be true or false' }).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with id, amount, currency, createDate and stage' : undefined) },
);

const fileSchema = z.strictObject(
  {
    $schema: z.string().optional(),
    homeCurrency: z.string({ error: 'must be an ISO 4217 code like "USD"' }).optional(),
    deals: z.array(dealSchema, { error: 'must be a list of deals' }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with a "deals" list' : undefined) },
);

export interface ReportFile {
  homeCurrency: string;
  deals: ReportDeal[];
}

/** Stops listing errors after this many: a broken export of 100,000 deals must not flood the screen. */
export const MAX_REPORTED_ERRORS = 50;

/**
 * Validates a deals file: shape, amounts (exact, in the deal's currency), dates, roles, one
 * exchange rate per foreign-currency deal, close dates on closed deals. The home currency is
 * `homeCurrency`, or the one currency all deals share. Returns at most MAX_REPORTED_ERRORS
 * errors (the last one says how many more there were).
 */
export function parseReportFile(raw: unknown): Result<ReportFile> {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return failAll(capErrors(zodIssuesToErrors(parsed.error.issues)));
  const file = parsed.data;
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });

  let homeCurrency = file.homeCurrency?.trim();
  if (homeCurrency !== undefined && currencyMinorUnits(homeCurrency) === undefined) {
    return failAll([{ path: 'homeCurrency', message: `unknown currency "${file.homeCurrency}"` }]);
  }
  if (homeCurrency === undefined) {
    const used = [...new Set(file.deals.map((d) => d.currency.trim()))].sort();
    if (used.length > 1) {
      return failAll([{ path: 'homeCurrency', message: `required when the deals are in more than one currency (${used.join(', ')})` }]);
    }
    homeCurrency = used[0] ?? 'USD';
  }

  const seen = new Map<string, number>();
  const deals: ReportDeal[] = [];
  file.deals.forEach((d, i) => {
    const at = `deals[${i}]`;
    const first = seen.get(d.id);
    if (first !== undefined) error(`${at}.id`, `duplicate deal id "${d.id}" (also deals[${first}])`);
    else seen.set(d.id, i);

    const currency = d.currency.trim();
    let amountMinor = 0n;
    if (currencyMinorUnits(currency) === undefined) error(`${at}.currency`, `unknown currency "${d.currency}"`);
    else {
      const amount = parseMoney(d.amount, currency, `${at}.amount`);
      if (!amount.ok) errors.push(...amount.errors);
      else if (amount.value < 0n) error(`${at}.amount`, 'must not be negative');
      else amountMinor = amount.value;
    }

    let exchangeRate: ExchangeRate | null = null;
    if (d.exchangeRate != null) {
      const rate = parseExchangeRate(d.exchangeRate, `${at}.exchangeRate`);
      if (!rate.ok) errors.push(...rate.errors);
      else if (currency === homeCurrency && rate.value.numerator !== 1_000_000n) {
        error(`${at}.exchangeRate`, `must be 1 or left out: the deal is in the home currency ${homeCurrency}`);
      } else if (currency !== homeCurrency) exchangeRate = rate.value;
    } else if (currency !== homeCurrency && currencyMinorUnits(currency) !== undefined) {
      error(`${at}.exchangeRate`, `required: the deal is in ${currency} and the home currency is ${homeCurrency}`);
    }

    const createDate = toIsoDate(d.createDate.trim());
    if (createDate === null) error(`${at}.createDate`, `"${d.createDate}" is not a date YYYY-MM-DD or an ISO date-time`);
    let closeDate: string | null = null;
    if (d.closeDate != null) {
      closeDate = toIsoDate(d.closeDate.trim());
      if (closeDate === null) error(`${at}.closeDate`, `"${d.closeDate}" is not a date YYYY-MM-DD or an ISO date-time`);
      else if (createDate !== null && closeDate < createDate && d.stage !== 'open') {
        error(`${at}.closeDate`, `${closeDate} is before the create date ${createDate}`);
      }
    } else if (d.stage !== 'open') error(`${at}.closeDate`, `required for a ${d.stage} deal`);

    const partnerIds = new Set<string>();
    d.partners.forEach((p, j) => {
      if (partnerIds.has(p.id)) error(`${at}.partners[${j}].id`, `duplicate partner id "${p.id}"`);
      partnerIds.add(p.id);
      p.roles.forEach((role, k) => {
        if (!isRole(role)) error(`${at}.partners[${j}].roles[${k}]`, `unknown role "${role}"`);
      });
    });

    deals.push({
      id: d.id,
      ...(d.name !== undefined ? { name: d.name } : {}),
      amountMinor,
      currency,
      exchangeRate,
      createDate: createDate ?? '',
      closeDate,
      stage: d.stage,
      partners: d.partners,
      disputed: d.disputed ?? false,
    });
  });
  if (errors.length > 0) return failAll(capErrors(errors));
  return ok({ homeCurrency, deals });
}

function capErrors(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const shown = errors.slice(0, MAX_REPORTED_ERRORS - 1);
  return [...shown, { path: '(input)', message: `… and ${errors.length - shown.length} more errors` }];
}
