// The notification settings as the settings page reads and saves them: people, stages and
// partners by name, webhook secrets never sent back, webhook URLs checked (https, public
// addresses only) before anything is stored.
import type { AppDeps } from '../../app/app-deps';
import type * as Api from '../../contract/card-api';
import type { FieldError } from '../../domain';
import type { NotificationSettings } from '../../domain/notifications';
import { NOTIFICATION_SETTINGS_KEY, parseNotificationSettings } from '../../domain/notifications';
import { CrmError } from '../../hubspot';
import type { Actor } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { invalid, ok } from '../shared/outcome';
import { readNotificationSettings } from './notification-settings';
import { webhookSettingsProblems } from './outbound-webhooks';

/** A HubSpot read for the page's choices; a failure leaves that list empty and says so. */
async function optional<T>(deps: AppDeps, what: string, read: () => Promise<T[]>, notes: string[]): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    deps.logger.warn({ err: error }, `could not read ${what} from HubSpot for the notification settings`);
    notes.push(`HubSpot did not answer for the ${what}; try again in a moment.`);
    return [];
  }
}

async function view(deps: AppDeps, settings: NotificationSettings, saved: { updatedAt: string; updatedBy: string } | null): Promise<Api.NotificationSettingsResponse> {
  const notes: string[] = [];
  const [owners, stages, partners] = await Promise.all([
    optional(deps, 'owners', () => deps.gateway.listOwners(), notes),
    optional(deps, 'pipeline stages', async () => [...(await deps.gateway.readStages()).values()], notes),
    optional(deps, 'partner companies', () => deps.gateway.listPartnerCompanies(), notes),
  ]);
  const ownerList = owners.map((o) => ({ id: o.id, name: `${o.firstName} ${o.lastName}`.trim() || o.email })).sort((a, b) => a.name.localeCompare(b.name));
  // Who saved last is a HubSpot user id (cards know users, not owners): named through the owner behind it.
  const userName = new Map(owners.flatMap((o) => (o.userId ? [[o.userId, `${o.firstName} ${o.lastName}`.trim() || o.email] as const] : [])));
  const ownerName = new Map(ownerList.map((o) => [o.id, o.name]));
  const partnerName = new Map(partners.map((p) => [p.id, p.name]));
  return {
    settings: {
      kind: settings.kind,
      stages: settings.stages,
      partnerOps: { ownerId: settings.partnerOps.ownerId, name: settings.partnerOps.ownerId ? (ownerName.get(settings.partnerOps.ownerId) ?? null) : null },
      webhooks: settings.webhooks.map((w) => ({ partnerId: w.partnerId, partnerName: partnerName.get(w.partnerId) ?? null, url: w.url, secretSet: w.secret.length > 0 })),
      updatedAt: saved?.updatedAt ?? null,
      updatedByName: saved ? (userName.get(saved.updatedBy) ?? null) : null,
    },
    owners: ownerList,
    stages: stages.map((s) => ({ stageId: s.stageId, label: s.label, pipelineId: s.pipelineId })),
    partners: partners.map((p) => ({ companyId: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)),
    notes,
  };
}

/** The settings in force with the choices the Notifications tab offers. */
export async function getNotificationSettings(deps: AppDeps): Promise<Outcome<Api.NotificationSettingsResponse>> {
  const stored = await deps.store.appSettings.get(NOTIFICATION_SETTINGS_KEY);
  const settings = await readNotificationSettings(deps.store, deps.logger);
  return ok(await view(deps, settings, stored));
}

/**
 * Validates and stores the settings. A webhook without a secret keeps the partner's stored one
 * (the page never sees secrets); a new partner's webhook needs one. URLs must be https and their
 * hosts resolve only to public addresses. Recorded in the audit log (secrets left out).
 */
export async function saveNotificationSettings(deps: AppDeps, body: Api.SaveNotificationSettingsRequest, actor: Actor): Promise<Outcome<Api.NotificationSettingsResponse>> {
  const current = await readNotificationSettings(deps.store, deps.logger);
  const errors: FieldError[] = [];
  const webhooks = body.webhooks.map((w, i) => {
    const secret = w.secret ?? current.webhooks.find((c) => c.partnerId === w.partnerId)?.secret;
    if (secret === undefined) errors.push({ path: `webhooks[${i}].secret`, message: 'is required for a partner without a webhook yet' });
    return { partnerId: w.partnerId, url: w.url.trim(), secret: secret ?? '' };
  });
  if (errors.length > 0) return invalid(errors, 'the notification settings are invalid');
  const parsed = parseNotificationSettings({ kind: body.kind, stages: body.stages, partnerOps: { ownerId: body.partnerOps.ownerId }, webhooks });
  if (!parsed.ok) return invalid(parsed.errors, 'the notification settings are invalid');
  const unreachable = await webhookSettingsProblems(deps, parsed.value.webhooks);
  if (unreachable.length > 0) return invalid(unreachable, 'the notification settings are invalid');
  const saved = await deps.store.transaction(async (tx) => {
    const row = await tx.appSettings.put(NOTIFICATION_SETTINGS_KEY, parsed.value, actor.userId);
    const redact = (s: NotificationSettings) => ({ ...s, webhooks: s.webhooks.map((w) => ({ partnerId: w.partnerId, url: w.url })) });
    await tx.audit.record({ actor: actor.userId, action: 'notifications.settings.save', entityType: 'app_setting', entityId: NOTIFICATION_SETTINGS_KEY, before: redact(current), after: redact(parsed.value), requestId: actor.requestId });
    return row;
  });
  return ok(await view(deps, parsed.value, saved));
}
