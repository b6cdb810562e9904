import { openCliStore } from './cli-store';
import pino from 'pino';
import type * as Api from '../contract/card-api';
import { DecidePairingRequest, StartPairingRequest } from '../contract/card-api';
import { MODEL_NAMES } from '../domain';
import type { AppDeps } from '../app/app-deps';
import type { Outcome } from '../features/shared/outcome';
import { createCrmGateway } from '../hubspot';
import type { CrmGateway } from '../hubspot/crm-gateway';
import { DEFAULT_SQLITE_PATH } from '../store';
import type { CliIo, CommandRun } from './io';
import { readCommandConfig } from './io';

const USAGE = `Usage: cosell pairings add --partners A,B[,C] --model sell_with|sell_through|sell_to --start YYYY-MM-DD
                             [--target-registrations N] [--json]
       cosell pairings list [--json]
       cosell pairings review [--json]
       cosell pairings decide ID --status scaled|ended --note TEXT [--json]

The pairing program's 90-day playbook (README, "Pairings"):
  add      start a pairing of two or more partners, named by their HubSpot company name; prints the
           complementarity warnings (same partner type, more than 3 pairings started in a quarter).
           Default target: 5 co-sell registrations in the first 90 days.
  list     every pairing with its progress: registrations and active deals against target,
           pipeline and closed revenue
  review   active pairings at or past day 90 with the suggestion: scale, end, or decide
  decide   record partner ops' decision on a pairing with a note

Uses the backend's store (DATABASE_URL, or SQLITE_PATH, default ${DEFAULT_SQLITE_PATH}) and HubSpot
(HUBSPOT_ACCESS_TOKEN, HUBSPOT_BASE_URL) for the partners' names and the deals' amounts.
Exit codes: 0 done, 1 HubSpot or the store failed, 2 bad input (the message names the option).
`;

const VALUED = new Set(['--partners', '--model', '--start', '--target-registrations', '--status', '--note']);

interface Options {
  values: Map<string, string>;
  json: boolean;
  positional: string[];
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { values: new Map(), json: false, positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUED.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      if (options.values.has(name)) return `${name} given twice`;
      options.values.set(name, value);
    } else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-')) return `unknown option "${arg}"`;
    else options.positional.push(arg);
  }
  return options;
}

/** The CLI's actor: who ran it, as the audit log and the decision record it. */
function cliActor(io: CliIo): { userId: string; requestId: string } {
  const user = io.env.USER ?? io.env.USERNAME ?? 'unknown';
  return { userId: `cli:${user}`, requestId: `cli-${Date.now().toString(36)}` };
}

/**
 * Resolves partner names (case-insensitive, exact) to company ids; a plain number that is a partner
 * company's id is accepted too. Errors name the position: `--partners[1]: no partner company named "X"`.
 */
export function resolvePartnerNames(names: string[], partners: Array<{ id: string; name: string }>): { ids: string[] } | { errors: string[] } {
  const ids: string[] = [];
  const errors: string[] = [];
  names.forEach((raw, i) => {
    const name = raw.trim();
    const byName = partners.filter((p) => p.name.trim().toLowerCase() === name.toLowerCase());
    if (byName.length === 1) ids.push(byName[0]!.id);
    else if (byName.length > 1) errors.push(`--partners[${i}]: "${name}" names ${byName.length} partner companies (ids ${byName.map((p) => p.id).join(', ')}): give the id instead`);
    else if (partners.some((p) => p.id === name)) ids.push(name);
    else errors.push(`--partners[${i}]: no partner company named "${name}"`);
  });
  return errors.length > 0 ? { errors } : { ids };
}

function progressLine(p: Api.PairingView): string {
  const pr = p.progress;
  const money = (m: Api.PairingProgress['pipeline']) => (m.length === 0 ? 'none' : m.map((x) => `${x.currency} ${x.amount}`).join(', '));
  return (
    `day ${pr.day}; registrations ${pr.registrations}/${pr.registrationsTarget} (until ${pr.registrationWindowEnds}); ` +
    `active deals ${pr.activeDeals} (target ${pr.activeDealsTarget.min}–${pr.activeDealsTarget.max} by day ${pr.activeDealsTarget.byDay}); ` +
    `won ${pr.wonDeals}; pipeline ${money(pr.pipeline)}; closed ${money(pr.closedRevenue)}`
  );
}

function describePairing(p: Api.PairingView): string {
  const lines = [`#${p.id}  ${p.partners.map((x) => x.name).join(' + ')}  (${MODEL_NAMES[p.model]}, from ${p.startDate}, ${p.status})`, `    ${progressLine(p)}`];
  for (const b of p.progress.behind) lines.push(`    behind: ${b}`);
  if (p.suggestion) lines.push(`    day-90 suggestion: ${p.suggestion.suggestion} — ${p.suggestion.reason}`);
  if (p.decision) lines.push(`    decided ${p.decision.status} by ${p.decision.decidedByName ?? p.decision.decidedBy} on ${p.decision.decidedAt.slice(0, 10)}: ${p.decision.note}`);
  return lines.join('\n');
}

function failed(io: CliIo, command: string, outcome: Extract<Outcome<unknown>, { ok: false }>): number {
  io.stderr.write(`${command}: ${outcome.message}\n`);
  return outcome.kind === 'unavailable' ? 1 : 2;
}

/**
 * `cosell pairings …` — the pairing program from the command line; the same use cases as the
 * settings page's Pairings tab, on the backend's store.
 *
 * @example cosell pairings add --partners "Vertex Distribution,Cloudbridge Tech" --model sell_with --start 2026-01-05 --json
 */
export const run: CommandRun = async (args, io) => {
  if (args.includes('--help') || args.includes('-h') || args.length === 0) {
    io.stdout.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const [sub, ...rest] = args;
  const command = `cosell pairings ${sub}`;
  if (!['add', 'list', 'review', 'decide'].includes(sub!)) {
    io.stderr.write(`cosell pairings: unknown sub-command "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const options = parseArgs(rest);
  if (typeof options === 'string') {
    io.stderr.write(`${command}: ${options}\n\n${USAGE}`);
    return 2;
  }
  const allowed: Record<string, string[]> = { add: ['--partners', '--model', '--start', '--target-registrations'], list: [], review: [], decide: ['--status', '--note'] };
  const stray = [...options.values.keys()].find((k) => !allowed[sub!]!.includes(k));
  if (stray) {
    io.stderr.write(`${command}: ${stray} does not apply here\n`);
    return 2;
  }
  if (sub !== 'decide' && options.positional.length > 0) {
    io.stderr.write(`${command}: unexpected argument "${options.positional[0]}"\n`);
    return 2;
  }
  // Checked before anything is opened, so a typo never waits for HubSpot.
  let decideBody: Api.DecidePairingRequest | undefined;
  let decideId: string | undefined;
  if (sub === 'decide') {
    if (options.positional.length !== 1 || !/^\d+$/.test(options.positional[0]!)) {
      io.stderr.write(`${command}: give one pairing id (see cosell pairings list)\n`);
      return 2;
    }
    decideId = options.positional[0]!;
    const parsed = DecidePairingRequest.safeParse({ status: options.values.get('--status'), note: options.values.get('--note') ?? '' });
    if (!parsed.success) {
      io.stderr.write(`${command}: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}\n`);
      return 2;
    }
    decideBody = parsed.data;
  }
  let addNames: string[] | undefined;
  if (sub === 'add') {
    for (const required of ['--partners', '--model', '--start']) {
      if (!options.values.has(required)) {
        io.stderr.write(`${command}: missing ${required}\n\n${USAGE}`);
        return 2;
      }
    }
    addNames = options.values.get('--partners')!.split(',').map((s) => s.trim()).filter(Boolean);
  }

  const env = readCommandConfig(io, 'cosell pairings');
  if (!env) return 2;
  const accessToken = env.HUBSPOT_ACCESS_TOKEN?.trim();
  if (!accessToken) {
    io.stderr.write(`${command}: HUBSPOT_ACCESS_TOKEN is not set; the partners' names and the deals' amounts come from HubSpot (with the emulator: its token and HUBSPOT_BASE_URL)\n`);
    return 2;
  }
  const logger = pino({ level: 'warn', base: { command: 'pairings' } }, io.stderr);
  const gateway: CrmGateway = createCrmGateway({ accessToken, basePath: env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com', logger });
  const store = await openCliStore(io, command, env);
  if (typeof store === 'number') return store;
  const deps: AppDeps = { store, gateway, clock: () => new Date(), logger, appId: undefined, portalId: undefined };
  const service = await import('../features/pairings/pairings-service');
  const out = (value: unknown, text: string) => io.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  try {
    if (sub === 'list' || sub === 'review') {
      const result = sub === 'list' ? await service.listPairings(deps) : await service.reviewPairings(deps);
      if (!result.ok) return failed(io, command, result);
      const empty = sub === 'list' ? 'No pairings yet (cosell pairings add).' : 'No active pairing is at day 90 yet.';
      out(result.value, result.value.pairings.length === 0 ? empty : result.value.pairings.map(describePairing).join('\n\n'));
      return 0;
    }
    if (sub === 'decide') {
      const result = await service.decidePairing(deps, decideId!, decideBody!, cliActor(io));
      if (!result.ok) return failed(io, command, result);
      out(result.value, `Recorded: ${result.value.partners.map((p) => p.name).join(' + ')} ${result.value.status}.\n${describePairing(result.value)}`);
      return 0;
    }
    let partners: Array<{ id: string; name: string }>;
    try {
      partners = await gateway.listPartnerCompanies();
    } catch (error) {
      io.stderr.write(`${command}: cannot read the partner companies from HubSpot: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const resolved = resolvePartnerNames(addNames!, partners);
    if ('errors' in resolved) {
      io.stderr.write(`${command}: ${resolved.errors.join('; ')}\n`);
      return 2;
    }
    const target = options.values.get('--target-registrations');
    const parsed = StartPairingRequest.safeParse({
      partnerIds: resolved.ids,
      model: options.values.get('--model'),
      startDate: options.values.get('--start'),
      ...(target === undefined ? {} : { targetRegistrations: /^\d+$/.test(target) ? Number(target) : target }),
    });
    if (!parsed.success) {
      const flag: Record<string, string> = { partnerIds: '--partners', model: '--model', startDate: '--start', targetRegistrations: '--target-registrations' };
      io.stderr.write(`${command}: ${parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; ')}\n`);
      return 2;
    }
    const result = await service.startPairing(deps, parsed.data, cliActor(io));
    if (!result.ok) return failed(io, command, result);
    const { pairing, warnings } = result.value;
    const text = [`Started pairing ${pairing.id}: ${pairing.partners.map((p) => p.name).join(' + ')} (${MODEL_NAMES[pairing.model]}) from ${pairing.startDate}; target ${pairing.targets.registrations} co-sell registrations in the first ${pairing.targets.registrationWindowDays} days.`];
    for (const w of warnings) text.push(`warning (${w.code}): ${w.message}`);
    out({ id: pairing.id, warnings, pairing }, text.join('\n'));
    return 0;
  } finally {
    await store.close();
  }
};
