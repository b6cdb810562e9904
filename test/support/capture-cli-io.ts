import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io';

/**
 * A `CliIo` whose stdout and stderr are collected, for running `cosell` commands in-process.
 *
 * @example const { io, out } = captureCliIo({ HUBSPOT_ACCESS_TOKEN: 't' }); await run([], io); out()
 */
export function captureCliIo(env: Record<string, string | undefined> = {}): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr, env }, out: () => out, err: () => err };
}
