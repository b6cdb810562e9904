import { readFile } from 'node:fs/promises';
import type { CliIo } from './io';
import { readAll } from './read-all';

/** Field errors on stderr, one per line under `<command>: invalid input`; the exit code 2 to return. */
export function writeFieldErrors(io: CliIo, command: string, errors: ReadonlyArray<{ path: string; message: string }>): number {
  io.stderr.write(`${command}: invalid input\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
  return 2;
}

/**
 * A command's JSON input file (`-` = stdin), parsed. A file that cannot be read is said on stderr
 * (`<command>: cannot read FILE: no such file`), JSON that does not parse is a field error naming
 * the file; either way the answer is the exit code 2.
 */
export async function readJsonInput(io: CliIo, command: string, file: string): Promise<{ ok: true; value: unknown } | { ok: false; exitCode: number }> {
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    io.stderr.write(`${command}: cannot read ${file}: ${why}\n`);
    return { ok: false, exitCode: 2 };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, exitCode: writeFieldErrors(io, command, [{ path: file === '-' ? 'stdin' : file, message: `not valid JSON (${(error as Error).message})` }]) };
  }
}
