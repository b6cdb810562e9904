import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  LoadingSpinner,
  Tab,
  Tabs,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { AddAlertAction, onCrmPropertiesUpdateAction } from '@hubspot/ui-extensions';
import type { Conflict, DealCoSellState, SetPartnersRequest, SplitPreview as SplitPreviewResult } from '@cosell/contract';
import type { ApiError, Fetcher } from '@cosell/card-kit';
import { createCardApiClient, formatMoney, LoadError, useAction, useResource } from '@cosell/card-kit';
import { PartnersSection } from './partners-section';
import { PlanSection } from './plan-section';
import { RegistrationSection } from './registration-section';
import { SplitPreview } from './split-preview';
import { TouchpointsSection } from './touchpoints-section';
import { DisputesSection } from './disputes-section';

/** The deal properties the split depends on (the same ones the webhooks subscribe to). */
const DEAL_INPUT_PROPERTIES = ['amount', 'dealstage', 'closedate', 'deal_currency_code', 'pipeline'];

export interface DealCoSellCardProps {
  context: { crm: { objectId: number | string }; user: { id: number } };
  actions: { addAlert: AddAlertAction; refreshObjectProperties?: () => void; onCrmPropertiesUpdate?: onCrmPropertiesUpdateAction };
  fetcher: Fetcher;
  /** The clock for the touchpoint form's default date; injected so tests are deterministic. */
  now?: () => Date;
}

/**
 * The deal co-sell card (crm.record.tab on deals). Everything it shows comes from one backend call,
 * `GET deals/:dealId/cosell`; every change answers with the new state, which replaces the old one.
 */
export function DealCoSellCard({ context, actions, fetcher, now = () => new Date() }: DealCoSellCardProps) {
  const dealId = String(context.crm.objectId);
  const api = useMemo(() => createCardApiClient(fetcher), [fetcher]);
  const resource = useResource<DealCoSellState>(`deal:${dealId}`, () => api.getDealCoSell(dealId));
  const partnersAction = useAction();
  const planAction = useAction();
  const touchpointAction = useAction();
  const registerAction = useAction();
  const { state } = resource;
  const draftSplit = useDraftSplit(api, dealId);
  const { reload } = resource;
  const { onCrmPropertiesUpdate } = actions;

  useEffect(() => {
    // A rep editing the deal's inputs on the record changes the split: show the card as stale and reload.
    onCrmPropertiesUpdate?.(DEAL_INPUT_PROPERTIES, (_properties, error) => {
      if (!error) reload();
    });
  }, [onCrmPropertiesUpdate, reload]);

  if (state.status === 'loading') {
    return <LoadingSpinner label="Loading co-sell details…" showLabel layout="centered" />;
  }
  if (state.status === 'error') {
    return <LoadError what="the co-sell details" error={state.error} onRetry={resource.reload} />;
  }
  const data = state.data;
  const changed = (next: DealCoSellState | null, message: string) => {
    if (!next) return;
    resource.replace(next);
    actions.addAlert({ type: 'success', message });
    // The backend wrote CRM properties (labels, split): let HubSpot refresh the record around the card.
    actions.refreshObjectProperties?.();
  };
  // Sections keep local drafts; a new state from the server resets them.
  const version = `${data.computedAt ?? ''}|${JSON.stringify(data.partners)}|${JSON.stringify(data.plan)}|${data.model ?? ''}`;

  return (
    <Flex direction="column" gap="md">
      {state.status === 'stale' ? (
        <Alert title={state.error ? 'Showing the last loaded details' : 'Refreshing…'} variant="warning" testId="stale">
          {state.error ? <Text>{state.error.message}</Text> : <Text>These details may be out of date.</Text>}
          {state.error ? <Button size="sm" onClick={resource.reload}>Try again</Button> : null}
        </Alert>
      ) : null}
      {data.stale ? <StoredStateAlert asOf={data.stale.asOf} onRetry={resource.reload} /> : null}
      <DealHeader state={data} />
      {data.conflicts.length > 0 ? <ConflictAlert conflicts={data.conflicts} /> : null}
      {data.warnings.length > 0 ? (
        <Alert title="Worth a look" variant="warning" testId="warnings">
          {data.warnings.map((w) => (
            <Text key={`${w.code}:${w.message}`}>{w.message}</Text>
          ))}
        </Alert>
      ) : null}
      {/* The split stays above the tabs: the first screen answers who is on the deal, in which role, and what each earns. */}
      {draftSplit.preview ? (
        <SplitPreview split={draftSplit.preview.split} splitErrors={draftSplit.preview.splitErrors} unsaved />
      ) : (
        <SplitPreview split={data.split} splitErrors={data.splitErrors} />
      )}
      {draftSplit.error ? (
        <Alert title="Couldn't preview the split for these changes" variant="warning" testId="split-preview-error">
          <Text>{draftSplit.error.message}</Text>
        </Alert>
      ) : null}
      <Tabs defaultSelected="partners" testId="deal-tabs">
        <Tab tabId="partners" title="Partners & split">
          <PartnersSection
            key={`partners:${version}`}
            state={data}
            saving={partnersAction.pending}
            error={partnersAction.error}
            onDraftChange={draftSplit.onDraftChange}
            onSave={(request) =>
              void partnersAction.run(() => api.setDealPartners(dealId, request)).then((next) => changed(next, 'Partners and roles saved; the split is updated.'))
            }
          />
        </Tab>
        <Tab tabId="plan" title="Plan">
          <PlanSection
            key={`plan:${version}`}
            state={data}
            userId={String(context.user.id)}
            saving={planAction.pending}
            error={planAction.error}
            onSave={(plan) => void planAction.run(() => api.setDealPlan(dealId, plan)).then((next) => changed(next, 'Co-sell plan saved.'))}
          />
        </Tab>
        <Tab tabId="touchpoints" title="Touchpoints">
          <TouchpointsSection
            key={`touchpoints:${version}`}
            state={data}
            today={now()}
            saving={touchpointAction.pending}
            error={touchpointAction.error}
            onLog={async (request) => {
              const created = await touchpointAction.run(() => api.createTouchpoint(dealId, request));
              if (!created) return false;
              actions.addAlert({ type: 'success', message: 'Touchpoint logged and added to the deal as a note.' });
              resource.replace({ ...data, touchpoints: [created, ...data.touchpoints.filter((t) => t.id !== created.id)] });
              resource.reload();
              return true;
            }}
          />
        </Tab>
        <Tab tabId="registration" title="Registration">
          <RegistrationSection
            key={`registration:${version}`}
            state={data}
            saving={registerAction.pending}
            error={registerAction.error}
            onRegister={(request) =>
              void registerAction.run(() => api.registerDeal(dealId, request)).then((registration) => {
                if (!registration) return;
                resource.replace({ ...data, registration });
                actions.addAlert({ type: 'success', message: 'Co-sell registered.' });
              })
            }
            onWithdraw={(reason) =>
              void registerAction.run(() => api.withdrawRegistration(dealId, { reason })).then((registration) => {
                if (!registration) return;
                resource.replace({ ...data, registration });
                actions.addAlert({ type: 'success', message: 'Registration withdrawn; it no longer causes conflicts.' });
                // Conflicts on this deal may be gone: load them again.
                resource.reload();
              })
            }
            onRenew={() =>
              void registerAction.run(() => api.renewRegistration(dealId)).then((registration) => {
                if (!registration) return;
                resource.replace({ ...data, registration });
                actions.addAlert({ type: 'success', message: `Registration renewed until ${registration.expiresAt.slice(0, 10)}.` });
                resource.reload();
              })
            }
          />
        </Tab>
        <Tab tabId="disputes" title="Disputes">
          <DisputesSection dealId={dealId} api={api} partners={data.partners} addAlert={actions.addAlert} />
        </Tab>
      </Tabs>
    </Flex>
  );
}

/**
 * The backend's split for the partner list being edited: asked for on every change, only the answer
 * to the latest change is kept (an earlier, slower answer never overwrites it). Null draft = saved state.
 */
function useDraftSplit(api: ReturnType<typeof createCardApiClient>, dealId: string) {
  const [preview, setPreview] = useState<SplitPreviewResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(0);
  const onDraftChange = useCallback(
    (request: SetPartnersRequest | null) => {
      const ticket = ++latest.current;
      if (!request) {
        setPreview(null);
        setError(null);
        return;
      }
      void api.previewDealSplit(dealId, request).then((result) => {
        if (ticket !== latest.current) return;
        setPreview(result.ok ? result.data : null);
        setError(result.ok ? null : result.error);
      });
    },
    [api, dealId],
  );
  return { preview, error, onDraftChange };
}

/** "2026-11-26 10:05 UTC": the same for every viewer, and the card has no portal time zone at hand. */
export function formatAsOf(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** HubSpot did not answer the backend in time: what is shown is the backend's last computation. */
function StoredStateAlert({ asOf, onRetry }: { asOf: string; onRetry: () => void }) {
  return (
    <Alert title="HubSpot is not answering right now" variant="warning" testId="stored-state">
      <Text>
        {`Showing the split as of ${formatAsOf(asOf)}; HubSpot is not answering right now. Changes made in HubSpot since then are not shown yet, and partners can be edited again once it answers.`}
      </Text>
      <Button size="sm" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  );
}

function DealHeader({ state }: { state: DealCoSellState }) {
  const { deal } = state;
  return (
    <DescriptionList direction="row">
      <DescriptionListItem label="Deal">
        <Text>{deal.name}</Text>
      </DescriptionListItem>
      <DescriptionListItem label="Amount">
        <Text testId="deal-amount">{deal.amount === null ? 'No amount' : formatMoney(deal.amount, deal.currency)}</Text>
      </DescriptionListItem>
      <DescriptionListItem label="Stage">
        <Text>
          {deal.stageLabel ?? deal.stageId ?? 'Unknown'}
          {deal.isClosedWon ? ' (won)' : deal.isClosed ? ' (closed)' : ''}
        </Text>
      </DescriptionListItem>
      <DescriptionListItem label="Partners">
        <Tag variant={state.partners.length >= 2 ? 'success' : 'default'}>
          {state.partners.length === 0 ? 'None' : state.partners.length === 1 ? 'Solo' : `Co-sell (${state.partners.length})`}
        </Tag>
      </DescriptionListItem>
    </DescriptionList>
  );
}

function ConflictAlert({ conflicts }: { conflicts: Conflict[] }) {
  // Each message comes from the backend and names the deals, the account and the partners, and
  // says what the flag means and who is alerted (the partner-ops owner of the notification settings).
  return (
    <Alert title="Co-sell conflict" variant="danger" testId="conflict-alert">
      <Text format={{ fontWeight: 'demibold' }}>This deal shares an account with other open co-sell work; agree the partners before going further.</Text>
      {conflicts.map((c) => (
        <Text key={`${c.account}:${c.otherDealIds.join(',')}:${c.reason}`} variant="microcopy">
          {c.message}
        </Text>
      ))}
    </Alert>
  );
}
