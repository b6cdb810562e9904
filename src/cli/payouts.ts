import { z } from 'zod';
import type { FieldError, PartnerQuarterFigure, QuarterIncentives } from '../domain/index';
import { DEAL_STAGES, MODEL_NAMES, computeQuarterIncentives, parseRuleSets, zodIssuesToErrors } from '../domain/index';
import type { CliIo, CommandRun } from './io';
import { readJsonInput, writeFieldErrors } from './json-input';
import { idInput, modelInput, partnersInput } from './deal-input';
import { isPayoutsRunSubcommand } from './payouts-subcommands';

const USAGE = `Usage: cosell payouts simulate FILE [--json]

What partners would earn in a fiscal quarter under given rules: commission, co-sell bonus,
uplift, tier uplift and tier (docs/decisions/0012-incentives.md). FILE (or - for stdin) holds JSON:
  { "rules": <rule set or list of versions>,
    "quarter": "2026-Q3",
    "deals": [ { "id", "name"?, "amount": "1234.50", "currency": "USD", "closeDate": "2026-08-14",
                 "stage": "won" | "lost" | "open", "model"?, "pipeline"?, "properties"?,
                 "partners": [ { "id", "name"?, "roles": ["sourcing", ...] } ] } ] }
Deals of the previous quarter count for the uplift; each deal is computed with the rule set in
force on its close date.

  --json            print { "quarter", "partners": [...] } (default: a table and the math)
Exit codes: 0 printed, 2 invalid input (the message names the field).
`;

const idSchema = idInput;

/** The file format of `cosell payouts simulate`. Validated here because this is where it enters. */
const simulateFileSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.unknown().refine((rules) => rules !== undefined, { error: 'required: the rule set, or the list of versions, to simulate' }),
  quarter: z.string({ error: 'must be a quarter like "2026-Q3"' }),
  deals: z.array(
    z.strictObject(
      {
        id: idSchema,
        name: z.string({ error: 'must be a string' }).optional(),
        amount: z.string({ error: 'must be a decimal string like "1234.50" (a JSON number could already have lost precision)' }),
        currency: z.string({ error: 'must be an ISO 4217 code like "USD"' }),
        closeDate: z.string({ error: 'must be a date YYYY-MM-DD' }).nullable().optional(),
        stage: z.enum(DEAL_STAGES, { error: `must be one of ${DEAL_STAGES.join(', ')}` }),
        model: modelInput,
        partners: partnersInput,
        // The rule set's overrides pick deals by pipeline and deal properties.
        pipeline: idSchema.nullable().optional(),
        properties: z.record(z.string(), z.string({ error: 'must be the value as a string ("EMEA"; checkbox values as "A;B")' }).nullable(), { error: 'must be an object of deal property → value' }).nullable().optional(),
      },
      { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with id, amount, currency, closeDate, stage and partners' : undefined) },
    ),
    { error: 'must be a list of deals' },
  ),
});

interface Options {
  file: string;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  let file: string | undefined;
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') && arg !== '-') return `unknown option "${arg}"`;
    else if (file === undefined) file = arg;
    else return `unexpected argument "${arg}"`;
  }
  if (file === undefined) return 'missing FILE (use - to read stdin)';
  return { file, json };
}

function writeErrors(io: CliIo, errors: FieldError[]): number {
  return writeFieldErrors(io, 'cosell payouts simulate', errors);
}

const SUBCOMMANDS = `Usage: cosell payouts SUBCOMMAND …  (each takes --help)

  simulate FILE [--json]                      what partners would earn in a quarter under given rules (no store, no HubSpot)
  approve --all | --deal ID | --partner ID    approve open commission lines for payout
  run --period 2026-Q4|2026-11 [--dry-run]    collect approved, unpaid lines into a payout run
  statement RUN --partner ID --format csv|json|html   a partner's statement, every line with its math
  mark-paid RUN                               record that a run was paid (the app moves no money)
  incentives [--quarter Q] [--dry-run]        append the quarter's bonus, uplift and tier uplift lines
The store commands use the backend's store (DATABASE_URL or SQLITE_PATH).

`;

/** `cosell payouts <subcommand>`: simulate (pure), and the ledger's approve/run/statement/mark-paid/incentives. */
export const run: CommandRun = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(SUBCOMMANDS + USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (isPayoutsRunSubcommand(sub)) return (await import('./payouts-run')).runPayoutsSubcommand(sub, rest, io);
  if (sub === 'incentives') return (await import('./payouts-incentives')).runPayoutsIncentives(rest, io);
  if (sub !== 'simulate') {
    io.stderr.write(`cosell payouts: unknown subcommand "${sub}"\n\n${SUBCOMMANDS}`);
    return 2;
  }
  return simulate(rest, io);
};

async function simulate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`cosell payouts simulate: ${options}\n\n${USAGE}`);
    return 2;
  }

  const read = await readJsonInput(io, 'cosell payouts simulate', options.file);
  if (!read.ok) return read.exitCode;
  const raw = read.value;

  const parsed = simulateFileSchema.safeParse(raw);
  if (!parsed.success) return writeErrors(io, zodIssuesToErrors(parsed.error.issues));
  const ruleSets = parseRuleSets(parsed.data.rules, 'rules');
  if (!ruleSets.ok) return writeErrors(io, ruleSets.errors);

  const result = computeQuarterIncentives({ rules: ruleSets.value, quarter: parsed.data.quarter, deals: parsed.data.deals });
  if (!result.ok) return writeErrors(io, result.errors);

  io.stdout.write(options.json ? `${JSON.stringify(toJson(result.value), null, 2)}\n` : render(result.value));
  return 0;
}

/** The JSON output: exactly the fields partner ops script against, amounts as decimal strings. */
function toJson(result: QuarterIncentives) {
  return {
    quarter: result.quarter.label,
    partners: result.partners.map((f) => ({
      partnerId: f.partnerId,
      coSellWins: f.coSellWins,
      tier: f.tier,
      currency: f.currency,
      commission: f.commission,
      bonus: f.bonus,
      uplift: f.uplift,
      tierUplift: f.tierUplift,
      total: f.total,
    })),
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const who = (f: { partnerId: string; partnerName?: string }) => f.partnerName ?? f.partnerId;

/** The human-readable form: who earns what, per currency, then the math per partner. */
function render(result: QuarterIncentives): string {
  const q = result.quarter;
  const lines: string[] = [];
  lines.push(`Quarter ${q.label}: ${q.firstDay} to ${q.lastDay} (fiscal years start in ${MONTHS[result.fiscalYearStartMonth - 1]})`);
  lines.push(
    `Bonus and tiers: ${result.incentivesVersion ? `rule set ${result.incentivesVersion}, in force on ${q.lastDay}` : `no rule set in force on ${q.lastDay}`}` +
      ` · uplift: ${result.upliftVersion ? `rule set ${result.upliftVersion}, in force on ${result.previousQuarter.lastDay}` : `no rule set in force on ${result.previousQuarter.lastDay}`}`,
  );
  lines.push('');
  if (result.partners.length === 0) {
    lines.push(`No partner won a deal or earned anything in ${q.label}.`);
    return `${lines.join('\n')}\n`;
  }
  const header = ['Partner', 'Currency', 'Co-sell wins', `Tier for ${result.nextQuarter.label}`, 'Commission', 'Bonus', 'Uplift', 'Tier uplift', 'Total'];
  const rows = result.partners.map((f) => [who(f), f.currency, String(f.coSellWins), f.tier ?? '—', f.commission, f.bonus, f.uplift, f.tierUplift, f.total]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rightAligned = new Set([2, 4, 5, 6, 7, 8]);
  const format = (row: string[]) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  lines.push(format(header));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(format(row));
  lines.push('', 'How each figure was computed:');
  for (const f of result.partners) lines.push(...explain(f));
  return `${lines.join('\n')}\n`;
}

function explain(f: PartnerQuarterFigure): string[] {
  const lines = [`  ${who(f)}, ${f.currency}:`];
  for (const line of f.explanation) lines.push(`    ${line}`);
  for (const d of f.deals) {
    const name = d.dealName ? `"${d.dealName}"` : d.dealId;
    const uplift = `${d.upliftMinor !== 0n ? ` + uplift ${d.uplift}` : ''}${d.tierUpliftMinor !== 0n ? ` + tier uplift ${d.tierUplift}` : ''}`;
    lines.push(
      `    - ${name}, won ${d.closeDate}, ${MODEL_NAMES[d.model]}${d.coSellWin ? ' (co-sell win)' : ''}, rule set ${d.ruleVersion}: ${d.allocation} ${f.currency}${uplift}`,
    );
  }
  if (f.tier && f.tierBenefits.length > 0) lines.push(`    ${f.tier} brings: ${f.tierBenefits.join(', ')}.`);
  return lines;
}
