import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CommandRun } from './io';
import { readCommandConfig } from './io';

const USAGE = `Usage: cosell doctor [--profile NAME | --profile-file PATH] [--json]

Checks, before a deploy, what HubSpot or the backend would otherwise refuse later:
  - the HubSpot project profile (extensions/hsprofile.<NAME>.json, default "production"):
    accountId set to your portal's id, BACKEND_URL an https origin;
  - PUBLIC_URL (what the backend verifies signatures against) equals the profile's BACKEND_URL;
  - with HUBSPOT_ACCESS_TOKEN: the portal has the app's properties and association labels
    (the dry run of \`cosell setup\`), and HUBSPOT_PORTAL_ID, when set, is the profile's account.
Prints each problem in plain words and exits 1 when there is one (0 when all is well).

Environment:
  PUBLIC_URL            the backend's public https URL (as the backend is started with)
  HUBSPOT_ACCESS_TOKEN  the app's access token (optional: without it the portal is not checked)
  HUBSPOT_BASE_URL      API base URL (default https://api.hubapi.com; the emulator's URL locally)
  HUBSPOT_PORTAL_ID     the portal the backend serves (optional)
`;

/** The project's source folder, where the HubSpot CLI reads `hsprofile.<name>.json` (hsproject.json `srcDir`). */
const EXTENSIONS_DIR = fileURLToPath(new URL('../../extensions/', import.meta.url));

export type CheckStatus = 'ok' | 'problem' | 'skipped';
export interface DoctorCheck {
  /** A stable key for --json readers. */
  check: 'profile' | 'account-id' | 'backend-url' | 'public-url' | 'portal-id' | 'portal-schema';
  status: CheckStatus;
  /** Plain words: what is right, or what is wrong and how to fix it. */
  message: string;
}

// HubSpot config profiles: https://developers.hubspot.com/docs/developer-tooling/local-development/build-with-config-profiles
// The CLI refuses to upload with a profile whose accountId is missing or 0.
const profileSchema = z.object({
  accountId: z.unknown(),
  variables: z.record(z.string(), z.unknown()).optional(),
});

/** `https://host[:port]` with no path, query or fragment, or null. */
function httpsOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Same URL for signature purposes: scheme, host, port and path, ignoring one trailing slash and letter case of the host. */
function sameBaseUrl(a: string, b: string): boolean {
  const norm = (v: string) => {
    try {
      const u = new URL(v);
      return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return v.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

export interface DoctorInput {
  profileName: string;
  profilePath: string;
  env: Record<string, string | undefined>;
  accessToken?: string;
  baseUrl: string;
}

/**
 * Runs every check and returns them in order; never throws for what it finds (a finding is a
 * result), only for a bug. An unreachable portal is a problem named as such.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const file = input.profilePath;
  let profile: z.infer<typeof profileSchema> | null = null;
  try {
    const parsed = profileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) profile = parsed.data;
    else checks.push({ check: 'profile', status: 'problem', message: `${file} is not a HubSpot profile (an object with accountId and variables)` });
  } catch (error) {
    const code = (error as { code?: string }).code;
    checks.push({
      check: 'profile',
      status: 'problem',
      message: code === 'ENOENT' ? `profile "${input.profileName}" not found: ${file} does not exist` : `${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  let backendUrl: string | null = null;
  let accountId: string | null = null;
  if (profile) {
    checks.push({ check: 'profile', status: 'ok', message: `profile "${input.profileName}" read from ${file}` });
    const id = profile.accountId;
    if (typeof id === 'number' && Number.isInteger(id) && id > 0) {
      accountId = String(id);
      checks.push({ check: 'account-id', status: 'ok', message: `accountId is ${id}` });
    } else {
      checks.push({
        check: 'account-id',
        status: 'problem',
        message: `accountId in ${file} is ${JSON.stringify(id ?? null)}: set it to the id of the HubSpot account (portal) the app is uploaded to; the HubSpot CLI refuses a profile without one`,
      });
    }
    const raw = profile.variables?.BACKEND_URL;
    if (typeof raw !== 'string' || raw === '') {
      checks.push({ check: 'backend-url', status: 'problem', message: `variables.BACKEND_URL is missing in ${file}: set it to your backend's public https origin (it becomes the cards' permitted fetch URL and the webhook target)` });
    } else if (!httpsOrigin(raw)) {
      checks.push({ check: 'backend-url', status: 'problem', message: `variables.BACKEND_URL in ${file} is "${raw}": it must be an https origin such as https://cosell.example.com (HubSpot only calls https, and the cards append their own paths)` });
    } else {
      backendUrl = raw;
      checks.push({ check: 'backend-url', status: 'ok', message: `BACKEND_URL is ${raw}` });
    }
  }

  const publicUrl = input.env.PUBLIC_URL?.trim();
  if (!publicUrl) {
    checks.push({ check: 'public-url', status: 'problem', message: `PUBLIC_URL is not set: start the backend (and run this check) with PUBLIC_URL set to the profile's BACKEND_URL${backendUrl ? ` (${backendUrl})` : ''}; the backend verifies HubSpot's signatures against it` });
  } else if (!backendUrl) {
    checks.push({ check: 'public-url', status: 'skipped', message: `PUBLIC_URL is ${publicUrl}; not compared, the profile has no usable BACKEND_URL` });
  } else if (!sameBaseUrl(publicUrl, backendUrl)) {
    checks.push({ check: 'public-url', status: 'problem', message: `PUBLIC_URL is ${publicUrl} but the profile's BACKEND_URL is ${backendUrl}: HubSpot signs requests for BACKEND_URL, so every webhook and card call would fail its signature check; make them the same` });
  } else {
    checks.push({ check: 'public-url', status: 'ok', message: `PUBLIC_URL matches the profile's BACKEND_URL` });
  }

  const portalId = input.env.HUBSPOT_PORTAL_ID?.trim();
  if (portalId && accountId) {
    checks.push(
      portalId === accountId
        ? { check: 'portal-id', status: 'ok', message: `HUBSPOT_PORTAL_ID is the profile's account (${accountId})` }
        : { check: 'portal-id', status: 'problem', message: `HUBSPOT_PORTAL_ID is ${portalId} but the profile uploads to account ${accountId}: the backend would refuse every request from the portal the cards run in` },
    );
  }

  if (!input.accessToken) {
    checks.push({ check: 'portal-schema', status: 'skipped', message: 'the portal\'s properties and association labels were not checked: set HUBSPOT_ACCESS_TOKEN to check them' });
  } else {
    const { runSetup, describeAction } = await import('../hubspot/provisioning');
    try {
      const report = await runSetup({ baseUrl: input.baseUrl, accessToken: input.accessToken, apply: false });
      if (report.actions.length === 0) {
        checks.push({ check: 'portal-schema', status: 'ok', message: `the portal at ${report.baseUrl} has every property and association label the app uses` });
      } else {
        const missing = report.actions.map(describeAction).map((d) => d.replace(/^create /, '').replace(/^add /, 'missing '));
        checks.push({
          check: 'portal-schema',
          status: 'problem',
          message: `the portal at ${report.baseUrl} lacks ${report.actions.length} thing(s) the app needs: ${missing.join('; ')}. Run \`npx cosell setup --apply\` with the same token`,
        });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = /\(401/.test(message) ? ' (check HUBSPOT_ACCESS_TOKEN)' : /\(403/.test(message) ? ' (the token lacks a schema-read scope)' : '';
      checks.push({ check: 'portal-schema', status: 'problem', message: `could not read the portal's schema at ${input.baseUrl}: ${message}${hint}` });
    }
  }
  return checks;
}

/**
 * `npx cosell doctor [--profile NAME | --profile-file PATH] [--json]`. Exit codes: 0 nothing
 * wrong, 1 at least one problem, 2 usage or configuration error.
 */
export const run: CommandRun = async (args, io) => {
  let json = false;
  let profileName = 'production';
  let profilePath: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else if (arg === '--profile' || arg === '--profile-file') {
      const value = args[i + 1];
      if (!value || value.startsWith('--')) {
        io.stderr.write(`cosell doctor: ${arg} needs a value\n\n${USAGE}`);
        return 2;
      }
      if (arg === '--profile') {
        if (!/^[\w-]+$/.test(value)) {
          io.stderr.write(`cosell doctor: --profile: "${value}" is not a profile name (letters, digits, - and _)\n`);
          return 2;
        }
        profileName = value;
      } else profilePath = value;
      i += 1;
    } else {
      io.stderr.write(`cosell doctor: unknown option "${arg}"\n\n${USAGE}`);
      return 2;
    }
  }
  const env = readCommandConfig(io, 'cosell doctor');
  if (!env) return 2;
  const checks = await runDoctor({
    profileName: profilePath ? profilePath : profileName,
    profilePath: profilePath ?? `${EXTENSIONS_DIR}hsprofile.${profileName}.json`,
    env: io.env,
    ...(env.HUBSPOT_ACCESS_TOKEN?.trim() ? { accessToken: env.HUBSPOT_ACCESS_TOKEN.trim() } : {}),
    baseUrl: env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com',
  });
  const problems = checks.filter((c) => c.status === 'problem');
  if (json) {
    io.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems: problems.length, checks })}\n`);
  } else {
    const mark: Record<CheckStatus, string> = { ok: 'ok     ', problem: 'PROBLEM', skipped: 'skipped' };
    const lines = checks.map((c) => `  ${mark[c.status]}  ${c.message}`);
    lines.push('', problems.length === 0 ? 'Ready to deploy: nothing wrong found.' : `${problems.length} problem(s) to fix before a deploy.`);
    io.stdout.write(`cosell doctor\n${lines.join('\n')}\n`);
  }
  return problems.length === 0 ? 0 : 1;
};
