import type { CliIo, CommandRun } from './io';

/**
 * `cosell <command> …` — the command table. Each command lives in its own module and is loaded
 * only when used, so `cosell attribute` never pays for the emulator or the store.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run: CommandRun }> }> = {
  attribute: { summary: 'explain a split from a JSON file (or - for stdin)', load: () => import('./attribute') },
  payouts: { summary: 'payouts simulate|approve|run|statement|mark-paid|incentives: commission payouts', load: () => import('./payouts') },
  report: { summary: 'co-sell program metrics for a quarter against their targets (the portal, or --deals FILE)', load: () => import('./report') },
  emulator: { summary: 'start the local HubSpot emulator', load: () => import('./emulator') },
  setup: { summary: 'provision a portal with the app schema (dry run unless --apply)', load: () => import('./setup') },
  inbox: { summary: 'list and retry webhook inbox dead letters', load: () => import('./inbox') },
  map: { summary: 'map accounts with a partner list: overlaps, warm intros, whitespace (map hash: share a hashed list)', load: () => import('./map/index') },
  doctor: { summary: 'check the deploy profile, PUBLIC_URL and the portal schema before a deploy', load: () => import('./doctor') },
  disputes: { summary: 'open, decide and list attribution disputes (disputes open|decide|list)', load: () => import('./disputes') },
  pairings: { summary: 'the pairing program: add a pairing (complementarity warnings), list progress, review at day 90, decide', load: () => import('./pairings') },
  notify: { summary: 'notify deliveries: the outbound partner webhook log; --replay ID sends one again', load: () => import('./notify') },
  ledger: { summary: 'the commission ledger: lines, statuses and totals per partner (payouts approve/run/statement/mark-paid act on it)', load: () => import('./ledger') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: cosell <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`cosell: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest, io);
}

// `npm run cosell -- attribute file.json` runs this file directly through tsx.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}
