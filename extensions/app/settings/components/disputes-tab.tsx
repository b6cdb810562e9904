import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  EmptyState,
  Flex,
  Heading,
  LoadingSpinner,
  Select,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { DISPUTE_STATUS_LABELS } from '@cosell/contract';
import type { Dispute, DisputeEvidence, DisputeRateReading, DisputesOverview } from '@cosell/contract';
import type { FieldLabeler } from '@cosell/card-kit';
import { ApiErrorAlert, LoadError, TOUCHPOINT_KIND_LABELS, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';

const labeler: FieldLabeler = (path) => (path === 'note' ? { label: 'The note' } : path === 'applyClaim' ? { label: 'Applying the claim' } : null);

const RATE_VARIANTS: Record<DisputeRateReading['verdict'], 'success' | 'warning' | 'error' | 'default'> = {
  healthy: 'success',
  watch: 'warning',
  rules_unclear: 'error',
  suspicious: 'warning',
  no_data: 'default',
};

/** The dispute rate of a quarter with the seed's reading (below 5 % healthy, above 10 % rules unclear, 0 % nobody is checking). */
function RateLine({ rate }: { rate: DisputeRateReading }) {
  return (
    <Flex direction="row" gap="sm" align="center" testId={`dispute-rate-${rate.quarter}`}>
      <Tag variant={RATE_VARIANTS[rate.verdict]}>{rate.quarter}</Tag>
      <Text>
        {rate.coSellClosed > 0 ? `${rate.disputed} of ${rate.coSellClosed} closed co-sell deals disputed. ` : ''}
        {rate.message.charAt(0).toUpperCase() + rate.message.slice(1)}
      </Text>
    </Flex>
  );
}

/** The evidence beside a dispute: the deal's touchpoints and its registration snapshot. */
function Evidence({ evidence }: { evidence: DisputeEvidence }) {
  return (
    <Flex direction="column" gap="xs" testId="dispute-evidence">
      <Text format={{ fontWeight: 'bold' }}>Touchpoints</Text>
      {evidence.touchpoints.length === 0 ? <Text variant="microcopy">No touchpoints were logged on this deal.</Text> : null}
      {evidence.touchpoints.map((t) => (
        <Text key={t.id} variant="microcopy">
          {t.occurredAt.slice(0, 10)} · {t.partnerName} · {TOUCHPOINT_KIND_LABELS[t.kind as keyof typeof TOUCHPOINT_KIND_LABELS] ?? t.kind}: {t.summary}
        </Text>
      ))}
      <Text format={{ fontWeight: 'bold' }}>Registration</Text>
      {evidence.registration ? (
        <>
          <Text variant="microcopy">
            Registered by {evidence.registration.registeredByName} on {evidence.registration.registeredAt.slice(0, 10)} ({evidence.registration.status})
          </Text>
          {evidence.registration.lines.map((line) => (
            <Text key={line} variant="microcopy">
              {line}
            </Text>
          ))}
        </>
      ) : (
        <Text variant="microcopy">The deal was never registered.</Text>
      )}
    </Flex>
  );
}

/** Reviewing one open dispute: its evidence, then the decision with a note (optionally applying the claimed split). */
function Review({ dispute, api, onDecided }: { dispute: Dispute; api: SettingsTabProps['api']; onDecided: (d: Dispute) => void }) {
  const evidence = useResource<DisputeEvidence>(`dispute-evidence:${dispute.id}`, () => api.getDisputeEvidence(dispute.id));
  const action = useAction();
  const [decision, setDecision] = useState<'upheld' | 'rejected'>('rejected');
  const [note, setNote] = useState('');
  const [applyClaim, setApplyClaim] = useState(false);
  const canApply = decision === 'upheld' && dispute.claim !== null;
  const decide = async () => {
    const decided = await action.run(() => api.decideDispute(dispute.id, { decision, note: note.trim(), applyClaim: canApply && applyClaim }));
    if (decided) onDecided(decided);
  };
  return (
    <Flex direction="column" gap="sm">
      {evidence.state.status === 'loading' ? <LoadingSpinner label="Loading the evidence…" /> : null}
      {evidence.state.status === 'error' ? <Text variant="microcopy">Couldn't load the evidence: {evidence.state.error.message}</Text> : null}
      {evidence.state.status === 'ready' || evidence.state.status === 'stale' ? <Evidence evidence={evidence.state.data} /> : null}
      <Select
        label="Decision"
        name={`decision-${dispute.id}`}
        options={[
          { label: 'Reject: the split stands', value: 'rejected' },
          { label: 'Uphold: the dispute is right', value: 'upheld' },
        ]}
        value={decision}
        onChange={(value) => setDecision(value === 'upheld' ? 'upheld' : 'rejected')}
      />
      <TextArea label="Note (recorded with the decision)" name={`note-${dispute.id}`} value={note} maxLength={2000} onChange={setNote} />
      {canApply ? (
        <Checkbox name={`apply-claim-${dispute.id}`} checked={applyClaim} onChange={(checked) => setApplyClaim(checked)}>
          Apply the claimed split to the deal ({dispute.claimText})
        </Checkbox>
      ) : null}
      <Button variant="primary" testId={`decide-${dispute.id}`} disabled={note.trim() === '' || action.pending} onClick={() => void decide()}>
        {action.pending ? 'Deciding…' : 'Decide'}
      </Button>
      {action.error ? <ApiErrorAlert title="The dispute was not decided" error={action.error} labeler={labeler} /> : null}
    </Flex>
  );
}

/**
 * The "Disputes" tab: the dispute rate of this quarter and the last, whether overdue disputes
 * alert anyone, and every dispute; an open one can be reviewed beside its evidence and decided.
 */
export function DisputesTab({ actions, api }: SettingsTabProps) {
  const resource = useResource<DisputesOverview>('disputes', () => api.listDisputes());
  const [reviewing, setReviewing] = useState<string | null>(null);
  const { state } = resource;
  if (state.status === 'loading') return <LoadingSpinner label="Loading disputes…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the disputes" error={state.error} onRetry={resource.reload} />;
  }
  const overview = state.data;
  const decided = (d: Dispute) => {
    setReviewing(null);
    actions.addAlert({ type: 'success', message: `Dispute on "${d.dealName}" ${d.status}.${d.decision?.adjustmentApplied ? ' The deal is being recomputed with the claimed split.' : ''}` });
    resource.reload();
  };
  return (
    <Flex direction="column" gap="md">
      <Heading>Dispute rate</Heading>
      {overview.rates.map((rate) => (
        <RateLine key={rate.quarter} rate={rate} />
      ))}
      {overview.partnerOpsOwnerSet ? (
        <Text variant="microcopy">Disputes open longer than {overview.alertAfterDays} days raise a task for partner ops (once each).</Text>
      ) : (
        <Alert title="Nobody is alerted about overdue disputes" variant="warning" testId="no-partner-ops">
          <Text>No partner-ops owner is set, so disputes open longer than {overview.alertAfterDays} days alert nobody. Choose partner ops in the notification settings.</Text>
        </Alert>
      )}
      <Divider />
      <Heading>Disputes</Heading>
      {overview.disputes.length === 0 ? (
        <EmptyState title="No disputes yet" layout="horizontal" imageName="customerSupport" flush>
          <Text>Reps open disputes from the deal card when a split does not reflect who did what.</Text>
        </EmptyState>
      ) : null}
      {[...overview.disputes].reverse().map((d) => {
        const tag = DISPUTE_STATUS_LABELS[d.status];
        return (
          <Flex key={d.id} direction="column" gap="xs" testId={`dispute-${d.id}`}>
            <Flex direction="row" gap="sm" align="center">
              <Tag variant={tag.variant}>{tag.label}</Tag>
              <Text format={{ fontWeight: 'bold' }}>{d.dealName}</Text>
              <Text variant="microcopy">
                opened by {d.openedBy.name} on {d.openedAt.slice(0, 10)}
                {d.overdue ? ' — overdue' : ''}
              </Text>
            </Flex>
            <Text>Reason: {d.reason}</Text>
            {d.claimText ? <Text variant="microcopy">Claimed split: {d.claimText}</Text> : null}
            {d.decision ? (
              <Text variant="microcopy">
                {d.decision.status === 'upheld' ? 'Upheld' : 'Rejected'} by {d.decision.decidedBy.name} on {d.decision.decidedAt.slice(0, 10)}: {d.decision.note}
                {d.decision.adjustmentApplied ? ' (the claimed split applies to the deal)' : ''}
              </Text>
            ) : reviewing === d.id ? (
              <Review dispute={d} api={api} onDecided={decided} />
            ) : (
              <Button size="sm" testId={`review-${d.id}`} onClick={() => setReviewing(d.id)}>
                Review and decide
              </Button>
            )}
            <Divider />
          </Flex>
        );
      })}
    </Flex>
  );
}
