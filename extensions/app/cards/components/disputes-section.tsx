import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  EmptyState,
  Flex,
  Heading,
  LoadingSpinner,
  NumberInput,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { DISPUTE_STATUS_LABELS } from '@cosell/contract';
import type { Dispute, DisputeList, OpenDisputeRequest } from '@cosell/contract';
import type { CardApiClient, FieldLabeler } from '@cosell/card-kit';
import { ApiErrorAlert, LoadError, useAction, useIdempotencyKey, useResource } from '@cosell/card-kit';

const REASON_MAX = 2000;
const LABELS: Record<string, string> = { reason: 'Why the split is wrong', claim: 'The claimed split' };
const labeler: FieldLabeler = (path) => (LABELS[path] ? { label: LABELS[path] } : path.startsWith('claim') ? { label: 'The claimed split' } : null);

/** Percentages as integer hundredths, so 33.33 + 66.67 is exactly 100 (no float sums). */
const hundredths = (value: number | undefined) => (value === undefined ? 0 : Math.round(value * 100));

/** One dispute as the rep reads it: status, who opened it and why, the claim, and the decision with its note. */
export function DisputeSummary({ dispute }: { dispute: Dispute }) {
  const tag = DISPUTE_STATUS_LABELS[dispute.status];
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="sm" align="center">
        <Tag variant={tag.variant} testId={`dispute-status-${dispute.id}`}>
          {tag.label}
        </Tag>
        <Text variant="microcopy">
          Opened by {dispute.openedBy.name} on {dispute.openedAt.slice(0, 10)}
          {dispute.overdue ? ' — overdue' : ''}
        </Text>
      </Flex>
      <Text>{dispute.reason}</Text>
      {dispute.claimText ? <Text variant="microcopy">Claimed split: {dispute.claimText}</Text> : null}
      {dispute.decision ? (
        <Text testId={`dispute-decision-${dispute.id}`}>
          {dispute.decision.status === 'upheld' ? 'Upheld' : 'Rejected'} by {dispute.decision.decidedBy.name} on {dispute.decision.decidedAt.slice(0, 10)}: {dispute.decision.note}
          {dispute.decision.adjustmentApplied ? ' — the claimed split now applies to this deal.' : ''}
        </Text>
      ) : null}
    </Flex>
  );
}

/**
 * The deal card's Disputes tab: the deal's disputes with their status and decision, and a form to
 * open one (reason, and optionally the split the rep claims; percentages must sum to 100).
 */
export function DisputesSection(props: {
  dealId: string;
  api: CardApiClient;
  partners: ReadonlyArray<{ companyId: string; name: string }>;
  addAlert: AddAlertAction;
  /** Called after a dispute was opened (the deal's state may show it). */
  onOpened?: () => void;
}) {
  const { dealId, api, partners } = props;
  const resource = useResource<DisputeList>(`disputes:${dealId}`, () => api.listDealDisputes(dealId));
  const action = useAction();
  const keys = useIdempotencyKey();
  const [reason, setReason] = useState('');
  const [claiming, setClaiming] = useState(false);
  const [percents, setPercents] = useState<Record<string, number | undefined>>({});
  const { state } = resource;

  const total = partners.reduce((sum, p) => sum + hundredths(percents[p.companyId]), 0);
  const claimOk = !claiming || total === 10000;
  const tooLong = reason.trim().length > REASON_MAX;
  const canOpen = reason.trim() !== '' && !tooLong && claimOk && !action.pending && partners.length > 0;

  const open = async () => {
    const claim = claiming ? partners.filter((p) => hundredths(percents[p.companyId]) > 0).map((p) => ({ partnerId: p.companyId, percent: hundredths(percents[p.companyId]) / 100 })) : null;
    const request: OpenDisputeRequest = { reason: reason.trim(), claim };
    const opened = await action.run(() => api.openDispute(dealId, { ...request, idempotencyKey: keys.keyFor(request) }));
    if (!opened) return;
    keys.done();
    setReason('');
    setClaiming(false);
    setPercents({});
    props.addAlert({ type: 'success', message: 'Dispute opened; partner ops will decide it.' });
    resource.reload();
    props.onOpened?.();
  };

  if (state.status === 'loading') return <LoadingSpinner label="Loading disputes…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the disputes" error={state.error} onRetry={resource.reload} />;
  }
  const disputes = state.data.disputes;

  return (
    <Flex direction="column" gap="md">
      <Heading>Attribution disputes</Heading>
      {disputes.length === 0 ? (
        <EmptyState title="No disputes" layout="horizontal" imageName="customerSupport" flush>
          <Text>If the split does not reflect who did what, open a dispute: partner ops decide it on the record.</Text>
        </EmptyState>
      ) : (
        <Flex direction="column" gap="sm" testId="deal-disputes">
          {disputes.map((d) => (
            <DisputeSummary key={d.id} dispute={d} />
          ))}
        </Flex>
      )}
      <Heading>Open a dispute</Heading>
      {partners.length === 0 ? (
        <Text variant="microcopy">The deal has no partners: there is no split to dispute.</Text>
      ) : (
        <Flex direction="column" gap="sm">
          <TextArea
            label="Why is the split wrong?"
            name="dispute-reason"
            placeholder="e.g. Northwind introduced the customer; the sourcing role is theirs"
            value={reason}
            maxLength={REASON_MAX}
            error={tooLong}
            validationMessage={tooLong ? `At most ${REASON_MAX} characters` : undefined}
            onChange={setReason}
          />
          <Checkbox name="dispute-claim" checked={claiming} onChange={(checked) => setClaiming(checked)}>
            Claim a different split
          </Checkbox>
          {claiming ? (
            <Flex direction="row" gap="sm" wrap>
              {partners.map((p) => (
                <NumberInput
                  key={p.companyId}
                  label={`${p.name} (%)`}
                  name={`claim-${p.companyId}`}
                  min={0}
                  max={100}
                  precision={2}
                  value={percents[p.companyId]}
                  onChange={(value) => setPercents((all) => ({ ...all, [p.companyId]: typeof value === 'number' && Number.isFinite(value) ? value : undefined }))}
                />
              ))}
            </Flex>
          ) : null}
          {claiming && !claimOk ? (
            <Text variant="microcopy" testId="claim-total">
              The shares add up to {total / 100} %; they must add up to 100 %.
            </Text>
          ) : null}
          <Button variant="primary" testId="open-dispute" disabled={!canOpen} onClick={() => void open()}>
            {action.pending ? 'Opening…' : 'Open dispute'}
          </Button>
        </Flex>
      )}
      {action.error ? <ApiErrorAlert title="The dispute was not opened" error={action.error} labeler={labeler} /> : null}
      {state.status === 'stale' && state.error ? (
        <Alert title="Showing the last loaded disputes" variant="warning">
          <Text>{state.error.message}</Text>
        </Alert>
      ) : null}
    </Flex>
  );
}
