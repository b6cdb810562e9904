import { z } from 'zod';
import { DEFAULT_SQLITE_PATH } from './store/store-constants';

const port = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(0, 'must be 0..65535').max(65535, 'must be 0..65535').default(fallback);

const csvIds = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
  .pipe(z.array(z.string().regex(/^\d+$/, 'must be a comma-separated list of numeric ids')));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: port(3000),
  /** Bind address; unset = 127.0.0.1 in the embedded demo, 0.0.0.0 (all interfaces) on a real portal. */
  HOST: z
    .string()
    .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/, 'must be an IP address or host name to bind to, like 127.0.0.1, 0.0.0.0 or ::')
    .optional(),
  EMULATOR_PORT: port(4010),
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(8, 'must be the app client secret (at least 8 characters)').optional(),
  HUBSPOT_CLIENT_SECRET_PREVIOUS: z.string().min(8).optional(),
  HUBSPOT_APP_ID: z.string().regex(/^\d+$/, 'must be a numeric app id').optional(),
  HUBSPOT_PORTAL_ID: z.string().regex(/^\d+$/, 'must be a numeric portal (account) id').optional(),
  HUBSPOT_BASE_URL: z.url('must be a URL').optional(),
  HUBSPOT_RATE_LIMIT_PER_10S: z.coerce.number().int().min(1).max(10_000).default(190),
  PUBLIC_URL: z.url('must be the public https URL of this backend').optional(),
  EMULATOR_ACCESS_TOKEN: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SQLITE_PATH: z.string().min(1).default(DEFAULT_SQLITE_PATH),
  SETTINGS_ALLOWED_USERS: csvIds,
  SETTINGS_ALLOWED_TEAMS: csvIds,
  WORKER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Embedded demo: `0` keeps data/embedded-demo.db across starts (the default wipes it: the emulator portal is rebuilt in memory). */
  COSELL_DEMO_RESET: z.enum(['0', '1'], { error: 'must be 0 (keep the demo database) or 1 (reset it at start)' }).default('1').transform((v) => v === '1'),
  /**
   * Minutes between partner-label sweeps (0 = off). A cron step, so it must divide the hour evenly,
   * otherwise the last run of each hour would come early.
   */
  LABEL_SWEEP_MINUTES: z.coerce
    .number()
    .int('must be a whole number of minutes')
    .refine((n) => n === 0 || (n > 0 && n <= 60 && 60 % n === 0), 'must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), or be 0 to turn the sweep off')
    .default(15),
  REGISTRATION_TTL_DAYS: z.coerce.number().int('must be a whole number of days').min(1, 'must be 1..3650 days').max(3650, 'must be 1..3650 days').default(90),
});

type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  /** `embedded`: no HubSpot token, run the local emulator with the demo portal. `portal`: a real HubSpot portal. */
  mode: 'embedded' | 'portal';
  /** The address the backend binds: HOST, else 127.0.0.1 (embedded) or 0.0.0.0 (portal). */
  bindHost: string;
};

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const requiredForPortal = ['HUBSPOT_CLIENT_SECRET', 'HUBSPOT_APP_ID', 'HUBSPOT_PORTAL_ID', 'PUBLIC_URL'] as const;

function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  // Empty strings count as unset, as they do in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${variable}: ${issue.message}`, variable);
  }
  return parsed.data;
}

const cliSchema = envSchema.pick({
  HUBSPOT_ACCESS_TOKEN: true,
  HUBSPOT_BASE_URL: true,
  HUBSPOT_RATE_LIMIT_PER_10S: true,
  DATABASE_URL: true,
  SQLITE_PATH: true,
});
export type CliConfig = z.infer<typeof cliSchema>;

/**
 * The part of the environment the `cosell` commands use (setup, inbox), with the same rules and
 * messages as the service's; unlike `readConfig` it does not ask for the service-only variables.
 *
 * @example readCliConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-…' }).HUBSPOT_BASE_URL // undefined → the caller's default
 */
export function readCliConfig(env: Record<string, string | undefined>): CliConfig {
  return parseEnv(cliSchema, env);
}

/**
 * The only reader of the environment (docs/conventions.md: probot's `readEnvOptions`).
 * Fails fast with an error that names the variable.
 *
 * @example
 *   const config = readConfig(process.env);
 *   if (config.mode === 'embedded') startEmulator(...)
 */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const value = parseEnv(envSchema, env);
  const mode = value.HUBSPOT_ACCESS_TOKEN ? 'portal' : 'embedded';
  // A production container that lost its token must not come up as the demo (and pass its health
  // check serving an in-memory fake portal): refuse, in one line saying what is missing.
  if (mode === 'embedded' && value.NODE_ENV === 'production') {
    throw new ConfigError(
      'HUBSPOT_ACCESS_TOKEN: required when NODE_ENV=production (the embedded demo never runs in production); set it with HUBSPOT_CLIENT_SECRET, HUBSPOT_APP_ID, HUBSPOT_PORTAL_ID and PUBLIC_URL, or unset NODE_ENV to run the local demo',
      'HUBSPOT_ACCESS_TOKEN',
    );
  }
  if (mode === 'portal') {
    for (const name of requiredForPortal) {
      if (!value[name]) {
        throw new ConfigError(`${name}: required when HUBSPOT_ACCESS_TOKEN is set (connecting to a real portal)`, name);
      }
    }
  }
  return { ...value, mode, bindHost: value.HOST ?? (mode === 'embedded' ? '127.0.0.1' : '0.0.0.0') };
}
