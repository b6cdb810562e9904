import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Reads the app's webhooks component (`webhooks-hsmeta.json`, platform 2026.03 shape,
 * docs/hubspot.md §3.1) into the subscriptions the emulator fires. `${VAR}` placeholders in
 * `targetUrl` are HubSpot profile variables; they resolve from the explicit override, then from
 * `hsprofile.local.json` variables at the repository root.
 */
const legacyEntry = z.object({
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z]+$/, 'must look like "deal.propertyChange"'),
  propertyName: z.string().min(1).optional(),
  active: z.boolean().default(true),
});
const genericEntry = z.object({
  subscriptionType: z.string().regex(/^object\.[A-Za-z]+$/, 'must look like "object.propertyChange"'),
  objectType: z.string().min(1),
  propertyName: z.string().min(1).optional(),
  active: z.boolean().default(true),
});

export const webhooksComponentSchema = z.object({
  uid: z.string().min(1),
  type: z.literal('webhooks'),
  config: z.object({
    settings: z.object({
      targetUrl: z.string().min(1),
      maxConcurrentRequests: z.number().int().min(1).default(10),
    }),
    subscriptions: z.object({
      crmObjects: z.array(genericEntry).default([]),
      legacyCrmObjects: z.array(legacyEntry).default([]),
      hubEvents: z.array(z.unknown()).default([]),
    }),
  }),
});

export type WebhooksComponent = z.infer<typeof webhooksComponentSchema>;

/** One active subscription, normalised to `<objectType>.<event>` with the payload's type string. */
export interface Subscription {
  id: number;
  /** Singular object name: deal, company, contact… */
  objectType: string;
  event: 'creation' | 'deletion' | 'propertyChange' | 'associationChange' | string;
  propertyName?: string;
  /** What goes in the payload's `subscriptionType`, e.g. `deal.propertyChange` or `object.propertyChange`. */
  subscriptionType: string;
  generic: boolean;
}

export interface WebhookSettings {
  targetUrl: string | undefined;
  maxConcurrentRequests: number;
  subscriptions: Subscription[];
}

export type ReadWebhookConfigResult = { ok: true; settings: WebhookSettings } | { ok: false; error: string };

/** Stable per-subscription ids so a test can pin them (HubSpot's are opaque numbers). */
const SUBSCRIPTION_ID_BASE = 4_000_000;

export function parseWebhooksComponent(json: unknown, variables: Record<string, string>, targetOverride?: string): ReadWebhookConfigResult {
  const parsed = webhooksComponentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `webhooks-hsmeta.json ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const { settings, subscriptions } = parsed.data.config;
  const list: Subscription[] = [];
  for (const s of subscriptions.legacyCrmObjects) {
    if (!s.active) continue;
    const [objectType, event] = s.subscriptionType.split('.') as [string, string];
    list.push({ id: SUBSCRIPTION_ID_BASE + list.length, objectType, event, subscriptionType: s.subscriptionType, generic: false, ...(s.propertyName ? { propertyName: s.propertyName } : {}) });
  }
  for (const s of subscriptions.crmObjects) {
    if (!s.active) continue;
    const event = s.subscriptionType.split('.')[1]!;
    list.push({ id: SUBSCRIPTION_ID_BASE + list.length, objectType: s.objectType.toLowerCase(), event, subscriptionType: s.subscriptionType, generic: true, ...(s.propertyName ? { propertyName: s.propertyName } : {}) });
  }
  let targetUrl: string | undefined = targetOverride;
  if (!targetUrl) {
    const unresolved: string[] = [];
    const resolved = settings.targetUrl.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
      const v = variables[name];
      if (v === undefined) unresolved.push(name);
      return v ?? '';
    });
    targetUrl = unresolved.length === 0 ? resolved : undefined;
  }
  return { ok: true, settings: { targetUrl, maxConcurrentRequests: settings.maxConcurrentRequests, subscriptions: list } };
}

/** Profile variables from `hsprofile.local.json` next to `hsproject.json` (walks up from the config). */
export function readProfileVariables(configPath: string): Record<string, string> {
  let dir = dirname(configPath);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'hsprofile.local.json');
    if (existsSync(candidate)) {
      try {
        const json = JSON.parse(readFileSync(candidate, 'utf8')) as { variables?: Record<string, unknown> };
        return Object.fromEntries(Object.entries(json.variables ?? {}).map(([k, v]) => [k, String(v)]));
      } catch {
        return {};
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

export function readWebhookConfig(configPath: string, targetOverride?: string): ReadWebhookConfigResult {
  if (!existsSync(configPath)) return { ok: false, error: `webhooks config not found at ${configPath}` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (e) {
    return { ok: false, error: `webhooks config ${configPath} is not valid JSON: ${(e as Error).message}` };
  }
  return parseWebhooksComponent(json, readProfileVariables(configPath), targetOverride);
}
