// The disputes feature's settings (app-settings key `disputes`) and the partner-ops owner it alerts
// (the notifications feature's key `notifications`), read leniently: a missing or malformed part
// means the default, never a failure.
import type { Store } from '../../store/store';

export const DISPUTES_SETTINGS_KEY = 'disputes';
export const NOTIFICATIONS_SETTINGS_KEY = 'notifications';
export const DEFAULT_ALERT_AFTER_DAYS = 7;

export interface DisputeSettings {
  /** Disputes open longer than this many days alert partner ops (once each). */
  alertAfterDays: number;
  /** The HubSpot owner who is partner ops; null when none is set (then nobody is alerted). */
  partnerOpsOwnerId: string | null;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * @example await readDisputeSettings(store) // { alertAfterDays: 7, partnerOpsOwnerId: null } on a fresh portal
 */
export async function readDisputeSettings(store: Store): Promise<DisputeSettings> {
  const [disputes, notifications] = await Promise.all([store.appSettings.get(DISPUTES_SETTINGS_KEY), store.appSettings.get(NOTIFICATIONS_SETTINGS_KEY)]);
  const days = field(disputes?.value, 'alertAfterDays');
  const owner = field(field(notifications?.value, 'partnerOps'), 'ownerId');
  return {
    alertAfterDays: typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365 ? days : DEFAULT_ALERT_AFTER_DAYS,
    partnerOpsOwnerId: typeof owner === 'string' && owner.trim() !== '' ? owner.trim() : null,
  };
}
