import type { AddAlertAction } from '@hubspot/ui-extensions';
import type { CardApiClient, Fetcher } from '@cosell/card-kit';

/** What every settings tab receives from the page. */
export interface SettingsTabProps {
  actions: { addAlert: AddAlertAction };
  /** The backend client, signed through hubspot.fetch. */
  api: CardApiClient;
  fetcher: Fetcher;
  /** Today as YYYY-MM-DD (UTC); tests pass a fixed day. */
  today: string;
}
