import { z } from 'zod';
import type { AttributionPlan, FieldError, RuleSet } from '../domain/index';
import { DEFAULT_RULE_SET, computeAttribution, parseRuleSets, zodIssuesToErrors } from '../domain/index';
import type { CliIo, CommandRun } from './io';
import { readJsonInput, writeFieldErrors } from './json-input';
import { idInput, modelInput, partnersInput } from './deal-input';

const USAGE = `Usage: cosell attribute FILE [--json] [--as-of YYYY-MM-DD]

Explains a commission split. FILE (or - for stdin) holds JSON:
  { "rules": <rule set or list, optional: the default rules>,
    "deal": { "id", "amount": "1234.50", "currency": "USD", "closeDate"?,
              "pipeline"?: "<pipeline id>", "properties"?: { "territory": "EMEA" } },
    "model"?: "none" | "solo" | "sell_with" | "sell_through" | "sell_to",
    "partners": [ { "id", "name"?, "type"?, "roles": ["sourcing", ...] } ] }

  The deal's pipeline and properties pick the rule set's override (the first that matches);
  the plan names it ("override": name, or null for the rule set's own rules).

  --json            print the plan as JSON (default: a table and the explanation)
  --as-of DATE      pick the rule set in force on DATE instead of the deal's close date
Exit codes: 0 plan printed, 2 invalid input (the message names the field).
`;

const idSchema = idInput;

/** The file format of `cosell attribute`. Validated here because this is where it enters. */
const attributeFileSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.unknown().optional(),
  deal: z.strictObject(
    {
      id: idSchema,
      amount: z.string({ error: 'must be a decimal string like "1234.50" (a JSON number could already have lost precision)' }),
      currency: z.string({ error: 'must be an ISO 4217 code like "USD"' }),
      closeDate: z.string({ error: 'must be a date YYYY-MM-DD' }).nullable().optional(),
      pipeline: z.union([z.string(), z.number().int()], { error: 'must be a pipeline id (a string)' }).transform(String).nullable().optional(),
      properties: z
        .record(z.string(), z.string({ error: 'must be the property value as a string ("EMEA"; several checkbox values as "A;B")' }).nullable(), {
          error: 'must be an object of deal property → value, like { "territory": "EMEA" }',
        })
        .nullable()
        .optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with id, amount and currency' : undefined) },
  ),
  model: modelInput,
  partners: partnersInput,
  asOf: z.string().optional(),
});

interface Options {
  file: string;
  json: boolean;
  asOf?: string;
}

function parseArgs(args: string[]): Options | string {
  let file: string | undefined;
  let json = false;
  let asOf: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--as-of') {
      asOf = args[++i];
      if (!asOf) return '--as-of needs a date YYYY-MM-DD';
    } else if (arg.startsWith('--as-of=')) asOf = arg.slice('--as-of='.length);
    else if (arg.startsWith('-') && arg !== '-') return `unknown option "${arg}"`;
    else if (file === undefined) file = arg;
    else return `unexpected argument "${arg}"`;
  }
  if (file === undefined) return 'missing FILE (use - to read stdin)';
  return { file, json, ...(asOf !== undefined ? { asOf } : {}) };
}

function writeErrors(io: CliIo, errors: FieldError[]): number {
  return writeFieldErrors(io, 'cosell attribute', errors);
}

/**
 * `cosell attribute FILE [--json]`: reads a deal, its partners and (optionally) rules, and prints
 * the plan. Invalid input prints nothing on stdout and exits 2, so scripts can trust stdout.
 */
export const run: CommandRun = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`cosell attribute: ${options}\n\n${USAGE}`);
    return 2;
  }

  const read = await readJsonInput(io, 'cosell attribute', options.file);
  if (!read.ok) return read.exitCode;
  const raw = read.value;

  const parsed = attributeFileSchema.safeParse(raw);
  if (!parsed.success) return writeErrors(io, zodIssuesToErrors(parsed.error.issues));
  const input = parsed.data;

  let rules: RuleSet[] = [DEFAULT_RULE_SET];
  if (input.rules !== undefined) {
    const ruleSets = parseRuleSets(input.rules, 'rules');
    if (!ruleSets.ok) return writeErrors(io, ruleSets.errors);
    rules = ruleSets.value;
  }

  const asOf = options.asOf ?? input.asOf;
  const result = computeAttribution({
    deal: input.deal,
    model: input.model ?? null,
    partners: input.partners,
    rules,
    ...(asOf !== undefined ? { asOf } : {}),
  });
  if (!result.ok) return writeErrors(io, result.errors);

  io.stdout.write(options.json ? `${JSON.stringify(result.value, null, 2)}\n` : renderPlan(result.value));
  return 0;
};

/** The human-readable form: a table of partners, then warnings and the explanation. */
function renderPlan(plan: AttributionPlan): string {
  const lines: string[] = [];
  lines.push(`Deal ${plan.dealId} · model ${plan.model} · rule set ${plan.ruleVersion}${plan.override ? ` · override '${plan.override}'` : ''}`);
  lines.push(`Amount ${plan.dealAmount} ${plan.currency} · pool ${plan.pool.rate}% = ${plan.pool.amount} ${plan.currency}`);
  lines.push('');
  const header = ['Partner', 'Roles', 'Weight', 'Share', `Amount (${plan.currency})`];
  const rows = plan.allocations.map((a) => [
    a.partnerName ? `${a.partnerId} (${a.partnerName})` : a.partnerId,
    a.roles.length > 0 ? a.roles.join(', ') : '—',
    a.weight,
    a.share,
    a.amount,
  ]);
  rows.push(['Unallocated', '', '', '', plan.unallocated]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rightAligned = new Set([2, 3, 4]);
  const format = (row: string[]) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  lines.push(format(header));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(format(row));
  if (plan.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of plan.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
  }
  lines.push('', 'How this was computed:');
  plan.explanation.forEach((line, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${line}`));
  return `${lines.join('\n')}\n`;
}
