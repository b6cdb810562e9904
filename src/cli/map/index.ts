import { openCliStore } from '../cli-store';
import { readFile } from 'node:fs/promises';
import type { TheirField } from '../../domain/account-mapping/index';
import { CATEGORY_TITLES, createAccountMapBuilder, parseColumnOverrides, parseIcp } from '../../domain/account-mapping/index';
import type { AccountMap, Icp } from '../../domain/account-mapping/index';
import { previousMapOf, saveAccountMap } from '../../features/account-mapping/account-mapping-service';
import type { SavedMap } from '../../features/account-mapping/account-mapping-service';
import type { Store } from '../../store/store';
import type { CliIo, CommandRun } from '../io';
import { createDomainHasher, hashPartnerList } from './hash-list';
import { readOurListAhead } from './ours-ahead';
import { ListError, describeIoError, readOurIndex, readTheirList } from './read-lists';
import type { Progress } from './read-lists';
import { renderMapTable, writeMapJson } from './write-map';

const USAGE = `Usage: cosell map --theirs FILE [--ours FILE] [--partner ID [--save]] [--icp FILE] [--key KEY] [--columns SPEC] [--json]
       cosell map hash --key KEY [--columns SPEC] FILE > hashed.csv

Account mapping with a partner (docs/account-mapping.md): matches the partner's account list
(CSV) with our companies on the registrable domain and lists customer overlaps, prospect
overlaps (warm intros), whitespace and rejected rows.

  --theirs FILE     the partner's list: a CSV with a header row (Website/Domain, Account Name,
                    Status, Industry, Employees, Country), or a hashed list (domain_hmac)
  --ours FILE       our companies: a HubSpot companies export CSV (Record ID, Company name,
                    Company Domain Name, Lifecycle Stage); without it, the company index the
                    service keeps from HubSpot (same store: DATABASE_URL or SQLITE_PATH)
  --partner ID      the partner company (HubSpot record id): the map is compared with the last
                    one saved for it (isNew, gone) and the partner is named in the output
  --save            store the map for --partner (hashed lists: only hashes, categories, our record
                    ids and row numbers); the service writes the overlap properties to our companies
  --icp FILE        JSON: { "industries": [..], "minEmployees": 50, "countries": [..] }
  --key KEY         the key shared with the partner, to match a hashed list
  --columns SPEC    name the partner's columns: domain="Web Address",status=Kind
                    (fields: domain, name, status, industry, employees, country)
  --json            print the whole map as JSON (default: a summary and the top entries)

map hash: writes the partner list with the domain replaced by domain_hmac = hex HMAC-SHA256(KEY,
registrable domain), names dropped, status/industry/employees/country kept; rows without a usable
domain are left out and counted on stderr.
Exit codes: 0 done, 2 a file cannot be read or used (the message names it) or bad options.
`;

interface Options {
  theirs?: string;
  ours?: string;
  partner?: string;
  save: boolean;
  icp?: string;
  key?: string;
  columns?: string;
  json: boolean;
  files: string[];
}

const VALUED = new Set(['--theirs', '--ours', '--icp', '--key', '--columns', '--partner']);

function parseArgs(args: string[]): Options | string {
  const options: Options = { json: false, save: false, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUED.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      const key = name.slice(2) as 'theirs' | 'ours' | 'icp' | 'key' | 'columns' | 'partner';
      if (options[key] !== undefined) return `${name} given twice`;
      options[key] = value;
    } else if (arg === '--json') options.json = true;
    else if (arg === '--save') options.save = true;
    else if (arg.startsWith('-') && arg !== '-') return `unknown option "${arg}"`;
    else options.files.push(arg);
  }
  return options;
}

function usageError(io: CliIo, command: string, message: string): number {
  io.stderr.write(`${command}: ${message}\n\n${USAGE}`);
  return 2;
}

async function readIcp(file: string): Promise<Icp | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${describeIoError(error)}`;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `${file}: not valid JSON (${(error as Error).message})`;
  }
  const icp = parseIcp(raw, 'icp');
  return icp.ok ? icp.value : `${file}: ${icp.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
}

const PROGRESS_EVERY = 250_000;

/**
 * `cosell map …`: the offline account map (ours = a HubSpot companies export) and `cosell map hash`.
 * The partner's list is read first, then ours streams past it, so memory follows the partner's
 * distinct accounts, not the file sizes.
 */
export const run: CommandRun = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args[0] === 'hash') return runHash(args.slice(1), io);
  const command = 'cosell map';
  const options = parseArgs(args);
  if (typeof options === 'string') return usageError(io, command, options);
  if (options.files.length > 0) return usageError(io, command, `unexpected argument "${options.files[0]}"`);
  if (!options.theirs) return usageError(io, command, 'missing --theirs FILE (the partner\'s account list)');
  if (options.save && !options.partner) return usageError(io, command, '--save needs --partner ID (the partner company the map is saved for)');
  if (options.partner !== undefined && !/^\d{1,20}$/.test(options.partner)) return usageError(io, command, `--partner: "${options.partner}" is not a HubSpot company record id`);
  let overrides: Partial<Record<TheirField, string>> = {};
  if (options.columns) {
    const parsed = parseColumnOverrides(options.columns);
    if (!parsed.ok) return usageError(io, command, parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    overrides = parsed.value;
  }
  let icp: Icp | undefined;
  if (options.icp) {
    const read = await readIcp(options.icp);
    if (typeof read === 'string') {
      io.stderr.write(`${command}: ${read}\n`);
      return 2;
    }
    icp = read;
  }
  const progress = { every: PROGRESS_EVERY, write: (line: string) => io.stderr.write(`${command}: ${line}\n`) };
  const key = options.key;
  // The store: our companies (without --ours), the partner's name and its last saved map.
  const needsStore = !options.ours || options.partner !== undefined;
  let store: Store | null = null;
  if (needsStore) {
    const opened = await openCliStore(io, command);
    if (typeof opened === 'number') return opened;
    store = opened;
  }
  try {
    return await runMap(io, command, options, { store, overrides, icp, key, progress });
  } finally {
    await store?.close();
  }
};

interface MapContext {
  store: Store | null;
  overrides: Partial<Record<TheirField, string>>;
  icp: Icp | undefined;
  key: string | undefined;
  progress: Progress;
}

async function runMap(io: CliIo, command: string, options: Options, { store, overrides, icp, key, progress }: MapContext): Promise<number> {
  let partner: { id: string; name: string } | null = null;
  let previous: Awaited<ReturnType<typeof previousMapOf>> = null;
  let indexSize = 0;
  if (store) {
    if (!options.ours) {
      indexSize = await store.companyIndex.count();
      if (indexSize === 0) {
        io.stderr.write(`${command}: the company index is empty: the service fills it from HubSpot (company webhooks and the nightly reconcile); or give a HubSpot companies export with --ours FILE\n`);
        return 2;
      }
    }
    if (options.partner !== undefined) {
      const [row] = await store.companyIndex.get([options.partner]);
      if (!row) {
        io.stderr.write(`${command}: --partner ${options.partner}: no such company in the company index (is the id right, and has the service indexed the portal?)\n`);
        return 2;
      }
      partner = { id: row.companyId, name: row.name || 'a company without a name' };
      previous = await previousMapOf(store, partner.id);
    }
  }
  // A big export of ours is read in another thread while the partner's list is read here.
  const ours = options.ours ? readOurListAhead(options.ours) : null;
  try {
    const theirs = await readTheirList(
      options.theirs!,
      overrides,
      ({ hashed }) => {
        if (hashed && !key) return 'is a hashed list (domain_hmac): give the key shared with the partner with --key KEY';
        return createAccountMapBuilder({
          ...(icp ? { icp } : {}),
          ...(hashed && key ? { hashDomain: createDomainHasher(key) } : {}),
          ...(previous ? { previous: previous.previous } : {}),
        });
      },
      progress,
      [
        'domain',
        'domain_hmac',
        'name',
        'status',
        ...(icp?.industries ? (['industry'] as const) : []),
        ...(icp?.minEmployees !== undefined ? (['employees'] as const) : []),
        ...(icp?.countries ? (['country'] as const) : []),
      ],
    );
    if (!theirs.hashed && key) io.stderr.write(`${command}: note: ${options.theirs} is not a hashed list; --key is not used\n`);
    if (ours) await ours.into(theirs.builder, progress);
    else await readOurIndex(store!.companyIndex, theirs.builder, progress, indexSize);
    const map = theirs.builder.finish();
    // Our companies are named from the index when it is at hand (an export may lack names).
    if (store && !options.ours) await nameOurCompanies(store, map);
    let saved: SavedMap | null = null;
    if (options.save && store && partner) {
      saved = await saveAccountMap({ store, clock: () => new Date() }, { partnerId: partner.id, map, hashed: theirs.hashed, by: `cli:${io.env.USER ?? 'unknown'}`, previous: previous?.header ?? null });
    }
    if (options.json) await writeMapJson(io.stdout, map, partner?.id ?? null);
    else {
      if (partner) io.stdout.write(`Partner: ${partner.name}${previous ? ` — compared with the map saved on ${previous.header.createdAt.slice(0, 10)}` : ' — no earlier saved map: everything is new'}\n`);
      io.stdout.write(renderMapTable(map, { theirsFile: options.theirs!, oursFile: options.ours ?? 'the company index (HubSpot)', hashed: theirs.hashed }));
      if (previous) io.stdout.write(renderGone(map));
    }
    if (saved) {
      io.stderr.write(
        `${command}: saved map ${saved.map.id} for ${partner!.name} (${saved.map.newCount.toLocaleString('en-US')} new entries, ${map.gone.length.toLocaleString('en-US')} gone); the service writes the overlap properties to our companies\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof ListError) {
      io.stderr.write(`${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await ours?.close();
  }
}

/** Fills `map.ourNames` for our companies in the map from the company index. */
async function nameOurCompanies(store: Store, map: AccountMap): Promise<void> {
  const ids = new Set<string>();
  for (const m of map.matches) for (const id of m.ours) if (!map.ourNames.has(id)) ids.add(id);
  for (const s of map.nameSuggestions) for (const id of s.ours) if (!map.ourNames.has(id)) ids.add(id);
  if (ids.size === 0) return;
  for (const row of await store.companyIndex.get([...ids])) if (row.name) map.ourNames.set(row.companyId, row.name);
}

/** What left the overlap since the partner's last saved map: counts per list and the first few domains. */
function renderGone(map: AccountMap, top = 10): string {
  if (map.gone.length === 0) return '\nGone since the last saved map: nothing.\n';
  const lines = ['', `Gone since the last saved map: ${map.gone.length.toLocaleString('en-US')}`];
  for (const g of map.gone.slice(0, top)) lines.push(`  ${g.domain}  (${g.category === 'whitespace' ? 'whitespace' : CATEGORY_TITLES[g.category]})`);
  if (map.gone.length > top) lines.push(`  … and ${(map.gone.length - top).toLocaleString('en-US')} more (--json lists all)`);
  return `${lines.join('\n')}\n`;
}

async function runHash(args: string[], io: CliIo): Promise<number> {
  const command = 'cosell map hash';
  const options = parseArgs(args);
  if (typeof options === 'string') return usageError(io, command, options);
  if (options.theirs || options.ours || options.icp || options.json || options.partner || options.save) return usageError(io, command, 'takes only --key, --columns and FILE');
  if (!options.key) return usageError(io, command, 'missing --key KEY (the key shared with the partner)');
  const [file, extra] = options.files;
  if (!file) return usageError(io, command, 'missing FILE (the partner list to hash)');
  if (extra !== undefined) return usageError(io, command, `unexpected argument "${extra}"`);
  let overrides: Partial<Record<TheirField, string>> = {};
  if (options.columns) {
    const parsed = parseColumnOverrides(options.columns);
    if (!parsed.ok) return usageError(io, command, parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    overrides = parsed.value;
  }
  try {
    const { written, left } = await hashPartnerList(file, options.key, overrides, io.stdout);
    const skipped = [...left.values()].reduce((a, b) => a + b, 0);
    const reasons = [...left].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n.toLocaleString('en-US')} ${reason}`);
    io.stderr.write(
      `${command}: ${written.toLocaleString('en-US')} rows hashed; ${skipped.toLocaleString('en-US')} left out without a usable domain${reasons.length ? ` (${reasons.join(', ')})` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ListError) {
      io.stderr.write(`${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
