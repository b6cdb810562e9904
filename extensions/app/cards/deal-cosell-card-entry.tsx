import { hubspot } from '@hubspot/ui-extensions';
import { DealCoSellCard } from './components/deal-cosell-card';
import { createHubspotFetcher } from '@cosell/card-kit';

// Entry files only register the extension; everything else takes its dependencies as props.
hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <DealCoSellCard
    context={context}
    actions={actions}
    fetcher={createHubspotFetcher(hubspot.fetch, String(context.variables?.BACKEND_URL ?? ''), context)}
  />
));
