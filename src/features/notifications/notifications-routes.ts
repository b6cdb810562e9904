// The settings page's Notifications tab endpoints.
import type * as Api from '../../contract/card-api';
import type { CardRoutes } from '../shared/card-routes';
import { getNotificationSettings, saveNotificationSettings } from './notifications-service';

export function notificationsRoutes(): CardRoutes<'getNotificationSettings' | 'saveNotificationSettings'> {
  return {
    getNotificationSettings: (d) => getNotificationSettings(d),
    saveNotificationSettings: (d, c) => saveNotificationSettings(d, c.body as Api.SaveNotificationSettingsRequest, c.actor),
  };
}
