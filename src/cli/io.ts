import type { Readable, Writable } from 'node:stream';

/** What a CLI command may touch. Passed in so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Every `cosell` sub-command module exports a `run` of this shape and returns the exit code. */
export type CommandRun = (args: string[], io: CliIo) => Promise<number>;

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
