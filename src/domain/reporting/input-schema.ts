import { z } from 'zod';
import type { Result } from '../result';
import { failAll, ok } from '../result';
import { zodIssuesToErrors } from '../rule-set';
import type { ReportStage } from './metrics';
import { REPORT_STAGES } from './metrics';
import type { DealShape, ReportFile, ReportFileShape } from './input';
import { capErrors, readDeal, validateReportFile } from './input';

/*
 * The zod schema of the deals file: the slow path that explains a malformed file field by field
 * (./input.ts reads well-formed files without it).
 */

const idSchema = z.union([z.string().min(1, 'must not be empty'), z.number().int()], { error: 'must be a string' }).transform(String);
const dateText = z.string({ error: 'must be a date YYYY-MM-DD or an ISO date-time' });

/** One deal of the file; exported for the test that holds `readDeal` to it. */
export const dealSchema = z.strictObject(
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
    // Each deal is checked by `readDeal` (the fast path) or, when that refuses it, `dealSchema`.
    deals: z.array(z.unknown(), { error: 'must be a list of deals' }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with a "deals" list' : undefined) },
);

// The schema's output is a DealShape: the fast path and the schema describe the same thing.
const _sameShape: (d: z.output<typeof dealSchema>) => DealShape = (d) => d;
void _sameShape;

/** The file's shape, field by field: the fast path per deal, the schema (with its messages) for the rest. */
export function checkReportFileShape(raw: unknown): Result<ReportFileShape> {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return failAll(capErrors(zodIssuesToErrors(parsed.error.issues)));
  const deals: DealShape[] = [];
  const errors = [];
  for (let i = 0; i < parsed.data.deals.length; i++) {
    const item = parsed.data.deals[i];
    const fast = readDeal(item);
    if (fast) {
      deals.push(fast);
      continue;
    }
    const checked = dealSchema.safeParse(item);
    if (checked.success) deals.push(checked.data);
    else errors.push(...zodIssuesToErrors(checked.error.issues, `deals[${i}]`));
  }
  if (errors.length > 0) return failAll(capErrors(errors));
  return ok({ homeCurrency: parsed.data.homeCurrency, deals });
}

/** Shape, then meaning: the whole validation of a deals file in one call (tests, later callers). */
export function parseReportFile(raw: unknown): Result<ReportFile> {
  const shape = checkReportFileShape(raw);
  return shape.ok ? validateReportFile(shape.value) : shape;
}
