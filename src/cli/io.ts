import type { Readable, Writable } from 'node:stream';
import type { CliConfig } from '../config';
import { ConfigError, readCliConfig } from '../config';

/** What a CLI command may touch. Passed in so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Every `cosell` sub-command module exports a `run` of this shape and returns the exit code. */
export type CommandRun = (args: string[], io: CliIo) => Promise<number>;

export { readAll } from './read-all';

/**
 * `readCliConfig(io.env)` for a command: a variable that is set but wrong is reported on stderr
 * as `<command>: <VAR>: <why>` and gives undefined, so the caller exits 2.
 */
export function readCommandConfig(io: CliIo, command: string): CliConfig | undefined {
  try {
    return readCliConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n`);
    return undefined;
  }
}

