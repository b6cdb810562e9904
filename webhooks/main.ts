import pino from 'pino';
import { ConfigError, readConfig } from '../src/config';
import { startService } from './start-service';

/**
 * `npm start`. The only place that touches process.env, signals and exit codes; everything else
 * is in start-service.ts (and tested there).
 */
let config;
try {
  config = readConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const logger = pino({ level: config.LOG_LEVEL, base: { service: 'cosell-backend' } });
const started = Date.now();
let service: Awaited<ReturnType<typeof startService>>;
try {
  service = await startService(config, logger);
} catch (error) {
  // A start-up failure (a port in use, an unreachable database, a rejected token) is the user's to
  // fix: say what it was in one line, without a stack trace, and exit non-zero.
  logger.fatal({ err: error }, 'could not start');
  console.error(`\nCould not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// Let the start-up reconcile log its lines first, so the URLs are the last thing on the screen.
await service.settled();
const readyMs = Date.now() - started;
function printBanner(): void {
  console.log(
    `\n${service.banner}\n  ready in ${readyMs} ms — Ctrl-C (SIGINT) or SIGTERM stops it; \`kill -USR2 ${process.pid}\` prints these URLs again\n`,
  );
}
printBanner();
// Later log lines (webhooks, jobs) scroll the banner away; SIGUSR2 brings it back without a restart.
process.on('SIGUSR2', printBanner);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting without draining');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'draining: no new requests, finishing the batch in hand');
  const force = setTimeout(() => {
    logger.error('drain took longer than 25 s; exiting (leased items return to the inbox when their lease expires)');
    process.exit(1);
  }, 25_000);
  force.unref();
  await service.close();
  logger.info('stopped cleanly');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
