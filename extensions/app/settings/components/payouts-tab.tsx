import { Alert, Button, EmptyState, Flex, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { PayoutLine, PayoutLineList } from '@cosell/contract';
import { ApiErrorAlert, formatMoney, LoadError, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';

/** The backend takes at most this many lines per approval request. */
const APPROVE_BATCH = 500;

const KIND_LABELS: Record<string, string> = { earned: 'Earned', reversal: 'Reversal', adjustment: 'Adjustment', bonus: 'Co-sell bonus', uplift: 'Co-sell uplift', tier_uplift: 'Tier uplift' };

/** amount → pool rate → role weights → share → commission, in words a partner manager can check. */
export function lineMath(line: PayoutLine): string {
  const m = line.math;
  if (!m) return line.explanation;
  const roles = m.roles.length > 0 ? m.roles.join(' + ') : 'no role';
  return `${formatMoney(m.dealAmount, line.currency)} × pool ${m.poolRate}% = ${formatMoney(m.poolAmount, line.currency)} → ${roles} ${m.weight}% of the pool → share ${m.share} → ${formatMoney(m.commission, line.currency)}`;
}

/**
 * The "Payouts" tab: the commission ledger's open lines with the math behind each, totals per
 * partner, and bulk approval (all open lines, or one partner's). Runs and statements are made
 * with `cosell payouts run` / `statement` (docs/decisions/0014-commission-ledger.md).
 */
export function PayoutsTab({ actions, api }: SettingsTabProps) {
  const resource = useResource<PayoutLineList>('payout-lines', () => api.listOpenPayoutLines());
  const action = useAction();
  const { state } = resource;

  if (state.status === 'loading') return <LoadingSpinner label="Loading open commission lines…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the commission ledger" error={state.error} onRetry={resource.reload} />;
  }
  const { lines, totals } = state.data;

  const approve = async (ids: string[], what: string) => {
    let approved = 0;
    for (let i = 0; i < ids.length; i += APPROVE_BATCH) {
      const answer = await action.run(() => api.approvePayoutLines(ids.slice(i, i + APPROVE_BATCH)));
      if (!answer) break;
      approved += answer.approved;
    }
    if (approved > 0) actions.addAlert({ type: 'success', message: `Approved ${approved} line${approved === 1 ? '' : 's'} (${what}).` });
    resource.reload();
  };

  return (
    <Flex direction="column" gap="md">
      {state.status === 'stale' ? (
        <Alert title={state.error ? 'Showing the last loaded lines' : 'Refreshing…'} variant="warning">
          <Text>{state.error?.message ?? 'These lines may be out of date.'}</Text>
        </Alert>
      ) : null}
      {action.error ? <ApiErrorAlert title="The lines were not approved" error={action.error} /> : null}
      {lines.length === 0 ? (
        <EmptyState title="No open commission lines" layout="horizontal" flush>
          <Text>Lines appear here when a deal is won, reopened, lost or its split changes. Approved lines are paid by the next payout run.</Text>
        </EmptyState>
      ) : (
        <>
          <Flex direction="row" gap="sm" align="center" wrap="wrap">
            <Button variant="primary" testId="approve-all" disabled={action.pending} onClick={() => void approve(lines.map((l) => l.id), 'all open lines')}>
              {action.pending ? 'Approving…' : `Approve all ${lines.length} open line${lines.length === 1 ? '' : 's'}`}
            </Button>
            {totals.map((t) => (
              <Button
                key={`${t.partnerId}:${t.currency}`}
                testId={`approve-partner-${t.partnerId}-${t.currency}`}
                disabled={action.pending}
                onClick={() => void approve(lines.filter((l) => l.partnerId === t.partnerId && l.currency === t.currency).map((l) => l.id), t.partnerName)}
              >
                {`Approve ${t.partnerName}: ${formatMoney(t.amount, t.currency)}`}
              </Button>
            ))}
          </Flex>
          <Table bordered testId="payout-lines">
            <TableHead>
              <TableRow>
                <TableHeader>Deal</TableHeader>
                <TableHeader>Partner</TableHeader>
                <TableHeader>Line</TableHeader>
                <TableHeader>Amount</TableHeader>
                <TableHeader>How it was computed</TableHeader>
                <TableHeader>Rules</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {lines.map((l) => (
                <TableRow key={l.id}>
                  <TableCell>{l.dealName}</TableCell>
                  <TableCell>{l.partnerName}</TableCell>
                  <TableCell>{KIND_LABELS[l.kind] ?? l.kind}</TableCell>
                  <TableCell>{formatMoney(l.amount, l.currency)}</TableCell>
                  <TableCell>{l.kind === 'earned' ? lineMath(l) : `${l.explanation}${l.math ? ` Now: ${lineMath(l)}` : ''}`}</TableCell>
                  <TableCell>{l.ruleVersion ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Flex>
  );
}
