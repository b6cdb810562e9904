import { readFile } from 'node:fs/promises';
import type { TheirField } from '../../domain/account-mapping/index';
import { createAccountMapBuilder, parseColumnOverrides, parseIcp } from '../../domain/account-mapping/index';
import type { Icp } from '../../domain/account-mapping/index';
import type { CliIo, CommandRun } from '../io';
import { createDomainHasher, hashPartnerList } from './hash-list';
import { readOurListAhead } from './ours-ahead';
import { ListError, describeIoError, readTheirList } from './read-lists';
import { renderMapTable, writeMapJson } from './write-map';

const USAGE = `Usage: cosell map --theirs FILE --ours FILE [--icp FILE] [--key KEY] [--columns SPEC] [--json]
       cosell map hash --key KEY [--columns SPEC] FILE > hashed.csv

Account mapping with a partner (docs/account-mapping.md): matches the partner's account list
(CSV) with our companies on the registrable domain and lists customer overlaps, prospect
overlaps (warm intros), whitespace and rejected rows.

  --theirs FILE     the partner's list: a CSV with a header row (Website/Domain, Account Name,
                    Status, Industry, Employees, Country), or a hashed list (domain_hmac)
  --ours FILE       our companies: a HubSpot companies export CSV (Record ID, Company name,
                    Company Domain Name, Lifecycle Stage)
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
  icp?: string;
  key?: string;
  columns?: string;
  json: boolean;
  files: string[];
}

const VALUED = new Set(['--theirs', '--ours', '--icp', '--key', '--columns']);

function parseArgs(args: string[]): Options | string {
  const options: Options = { json: false, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUED.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      const key = name.slice(2) as 'theirs' | 'ours' | 'icp' | 'key' | 'columns';
      if (options[key] !== undefined) return `${name} given twice`;
      options[key] = value;
    } else if (arg === '--json') options.json = true;
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
  if (!options.ours) return usageError(io, command, 'missing --ours FILE (a HubSpot companies export; reading the portal directly is not available yet)');
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
  const ours = readOurListAhead(options.ours); // a big export is read in another thread meanwhile
  try {
    const theirs = await readTheirList(
      options.theirs,
      overrides,
      ({ hashed }) => {
        if (hashed && !key) return 'is a hashed list (domain_hmac): give the key shared with the partner with --key KEY';
        return createAccountMapBuilder({ ...(icp ? { icp } : {}), ...(hashed && key ? { hashDomain: createDomainHasher(key) } : {}) });
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
    await ours.into(theirs.builder, progress);
    const map = theirs.builder.finish();
    if (options.json) await writeMapJson(io.stdout, map, null);
    else io.stdout.write(renderMapTable(map, { theirsFile: options.theirs, oursFile: options.ours, hashed: theirs.hashed }));
    return 0;
  } catch (error) {
    if (error instanceof ListError) {
      io.stderr.write(`${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await ours.close();
  }
};

async function runHash(args: string[], io: CliIo): Promise<number> {
  const command = 'cosell map hash';
  const options = parseArgs(args);
  if (typeof options === 'string') return usageError(io, command, options);
  if (options.theirs || options.ours || options.icp || options.json) return usageError(io, command, 'takes only --key, --columns and FILE');
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
