import { readFile } from 'node:fs/promises';
import { startEmulator } from '../emulator';
import type { EmulatorHandle, EmulatorSeed } from '../emulator';
import type { CliIo, CommandRun } from './io';

const usage = `Usage: cosell emulator [--port N] [--seed FILE|demo] [--webhook-target URL] [--json] [--no-setup]

Starts the local HubSpot emulator, provisions the app schema (cosell setup --apply), loads the
seed if given, prints its base URL, access token, app id, portal id and client secret, and runs
until interrupted (Ctrl-C). --json prints exactly one JSON line once it accepts requests.
`;

export interface EmulatorArgs {
  port: number;
  seed?: string;
  webhookTarget?: string;
  json: boolean;
  setup: boolean;
}

export type ParseArgsResult = { ok: true; args: EmulatorArgs } | { ok: false; error: string } | { ok: 'help' };

export function parseEmulatorArgs(argv: string[]): ParseArgsResult {
  const args: EmulatorArgs = { port: 0, json: false, setup: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      if (flag === '--help' || flag === '-h') return { ok: 'help' };
      else if (flag === '--json') args.json = true;
      else if (flag === '--no-setup') args.setup = false;
      else if (flag === '--port') {
        const text = value();
        const port = Number(text);
        if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `--port: "${text}" is not a port number (0..65535)` };
        args.port = port;
      } else if (flag === '--seed') args.seed = value();
      else if (flag === '--webhook-target') {
        const url = value();
        if (!/^https?:\/\/[^\s]+$/.test(url)) return { ok: false, error: `--webhook-target: "${url}" is not an http(s) URL` };
        args.webhookTarget = url;
      } else return { ok: false, error: `unknown option ${flag}` };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }
  return { ok: true, args };
}

type RunSetup = (opts: { baseUrl: string; accessToken: string; apply: boolean }) => Promise<unknown>;

/** Loaded when the command runs, so `--help` and argument errors never pay for the SDK. */
async function loadRunSetup(): Promise<RunSetup> {
  return (await import('../hubspot/provisioning')).runSetup;
}

/**
 * The command body, with the stop condition injected so tests can run it in-process.
 * Returns the exit code once `stop` resolves (or at once on a usage or start-up error).
 */
export async function runEmulatorCommand(
  argv: string[],
  io: CliIo,
  stop: Promise<unknown>,
  deps: { loadRunSetup: () => Promise<RunSetup | undefined> } = { loadRunSetup },
): Promise<number> {
  const parsed = parseEmulatorArgs(argv);
  if (parsed.ok === 'help') {
    io.stdout.write(usage);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr.write(`cosell emulator: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  const { args } = parsed;

  let seed: EmulatorSeed | 'demo' | undefined;
  if (args.seed === 'demo') seed = 'demo';
  else if (args.seed) {
    try {
      seed = JSON.parse(await readFile(args.seed, 'utf8')) as EmulatorSeed;
    } catch (e) {
      io.stderr.write(`cosell emulator: --seed ${args.seed}: ${(e as Error).message}\n`);
      return 1;
    }
  }

  let runSetup: RunSetup | undefined;
  if (args.setup) {
    runSetup = await deps.loadRunSetup();
    if (!runSetup && seed) {
      io.stderr.write('cosell emulator: cannot seed: the provisioning module (runSetup, `cosell setup`) is not available, so the app schema the seed needs cannot be created. Run without --seed, or with --no-setup and a seed that uses only default HubSpot properties.\n');
      return 1;
    }
    if (!runSetup) io.stderr.write('cosell emulator: provisioning module not available; starting with HubSpot\'s default schema only.\n');
  }

  let hs: EmulatorHandle;
  try {
    hs = await startEmulator({
      port: args.port,
      ...(seed ? { seed } : {}),
      ...(args.webhookTarget ? { webhookTargetUrl: args.webhookTarget } : {}),
      logger: { info: () => undefined, warn: (fields, message) => io.stderr.write(`${message} ${JSON.stringify(fields, (_key, value: unknown) => (value instanceof Error ? value.message : value))}\n`) },
      ...(runSetup ? { beforeSeed: async (p: { baseUrl: string; accessToken: string }) => { await runSetup!({ ...p, apply: true }); } } : {}),
    });
  } catch (e) {
    io.stderr.write(`cosell emulator: could not start: ${(e as Error).message}\n`);
    return 1;
  }

  const info = { baseUrl: hs.baseUrl, accessToken: hs.accessToken, appId: hs.appId, portalId: hs.portalId, clientSecret: hs.clientSecret };
  if (args.json) io.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    io.stdout.write([
      'HubSpot emulator running',
      `  base URL       ${info.baseUrl}`,
      `  access token   ${info.accessToken}`,
      `  app id         ${info.appId}`,
      `  portal id      ${info.portalId}`,
      `  client secret  ${info.clientSecret}`,
      `  admin API      ${info.baseUrl}/_emulator/info`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'));
  }
  await stop;
  await hs.close();
  return 0;
}

export const run: CommandRun = (args, io) => {
  const stop = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  return runEmulatorCommand(args, io, stop);
};
