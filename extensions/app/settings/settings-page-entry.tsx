import { hubspot } from '@hubspot/ui-extensions';
import { SettingsPage } from './components/settings-page';
import { createHubspotFetcher } from '@cosell/card-kit';

// Entry files only register the extension; the page takes its dependencies as props.
hubspot.extend<'settings'>(({ context, actions }) => (
  <SettingsPage actions={actions} fetcher={createHubspotFetcher(hubspot.fetch, String(context.variables?.BACKEND_URL ?? ''), context)} />
));
