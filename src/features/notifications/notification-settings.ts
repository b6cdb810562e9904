// Reading the stored notification settings (app-settings key `notifications`), validated each time.
import type { Logger } from 'pino';
import type { NotificationSettings } from '../../domain/notifications';
import { DEFAULT_NOTIFICATION_SETTINGS, NOTIFICATION_SETTINGS_KEY, parseNotificationSettings } from '../../domain/notifications';
import type { Store } from '../../store/store';

/**
 * The settings in force: the stored value when it is valid, the defaults when nothing is stored.
 * A stored value that no longer validates (written by an older version) is logged and the
 * defaults stand in, so notifications keep flowing while someone fixes the settings page.
 */
export async function readNotificationSettings(store: Store, logger?: Pick<Logger, 'warn'>): Promise<NotificationSettings> {
  const stored = await store.appSettings.get(NOTIFICATION_SETTINGS_KEY);
  const parsed = parseNotificationSettings(stored?.value ?? null);
  if (parsed.ok) return parsed.value;
  logger?.warn({ errors: parsed.errors }, 'stored notification settings are invalid; using the defaults until they are saved again');
  return structuredClone(DEFAULT_NOTIFICATION_SETTINGS);
}
