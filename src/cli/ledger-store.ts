import type { Store } from '../store/store';
import type { CliIo } from './io';
import { openCliStore } from './cli-store';
import type { Outcome } from '../features/shared/outcome';

/** Opens the service's store (DATABASE_URL, else SQLITE_PATH) for a ledger command; null after saying why on stderr. */
export async function openLedgerStore(io: CliIo, command: string): Promise<{ store: Store } | { exitCode: number }> {
  const store = await openCliStore(io, command);
  return typeof store === 'number' ? { exitCode: store } : { store };
}

/** Who a CLI action is recorded as: the operating-system user. */
export function cliActor(io: CliIo): string {
  return `cli:${io.env.USER || io.env.USERNAME || 'unknown'}`;
}

/** Writes a failed outcome and returns its exit code (2 for bad input, 1 otherwise). */
export function writeFailure(io: CliIo, command: string, outcome: Extract<Outcome<unknown>, { ok: false }>): number {
  io.stderr.write(`${command}: ${outcome.message}\n`);
  return outcome.kind === 'invalid' || outcome.kind === 'not_found' ? 2 : 1;
}

/** Reads `--name VALUE` pairs and bare flags; unknown options are errors. */
export function parseOptions(args: string[], valued: readonly string[], flags: readonly string[]): { values: Record<string, string>; flags: Set<string>; positional: string[] } | string {
  const values: Record<string, string> = {};
  const set = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (valued.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      values[arg] = value;
      i += 1;
    } else if (flags.includes(arg)) set.add(arg);
    else if (arg.startsWith('-')) return `unknown option "${arg}"`;
    else positional.push(arg);
  }
  return { values, flags: set, positional };
}
