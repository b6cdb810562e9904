import { hubspot } from '@hubspot/ui-extensions';
import { PartnerScorecard } from './components/partner-scorecard';
import { createHubspotFetcher } from '@cosell/card-kit';

// Entry files only register the extension; the component takes its dependencies as props.
hubspot.extend<'crm.record.tab'>(({ context }) => (
  <PartnerScorecard
    context={context}
    fetcher={createHubspotFetcher(hubspot.fetch, String(context.variables?.BACKEND_URL ?? ''), context)}
  />
));
