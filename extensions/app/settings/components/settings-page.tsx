import { useMemo } from 'react';
import { Tab, Tabs } from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { createCardApiClient } from '@cosell/card-kit';
import type { Fetcher } from '@cosell/card-kit';
import { settingsTabs } from './settings-tabs';

export interface SettingsPageProps {
  actions: { addAlert: AddAlertAction };
  fetcher: Fetcher;
  /** Today as YYYY-MM-DD (UTC); tests pass a fixed day. */
  today?: string;
  /** The tab shown first; the split rules unless told. */
  initialTab?: string;
}

/** The app settings page: one tab per feature (split rules first). */
export function SettingsPage({ actions, fetcher, today = new Date().toISOString().slice(0, 10), initialTab }: SettingsPageProps) {
  const api = useMemo(() => createCardApiClient(fetcher), [fetcher]);
  const props = { actions, api, fetcher, today };
  return (
    <Tabs defaultSelected={initialTab ?? settingsTabs[0]?.id} testId="settings-tabs">
      {settingsTabs.map((tab) => (
        <Tab key={tab.id} tabId={tab.id} title={tab.title}>
          {tab.render(props)}
        </Tab>
      ))}
    </Tabs>
  );
}
