import { Alert, Button, Flex, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { IncentivesSimulation } from '@cosell/contract';

/** "Try on last quarter": idle until pressed, then the backend's simulation of the rules as they stood when pressed. */
export type SimulationState =
  | { status: 'loading'; rules: string }
  | { status: 'ready'; rules: string; result: IncentivesSimulation }
  | { status: 'failed'; rules: string; message: string }
  | null;

/**
 * What partners would have earned last quarter under the rules being edited, by partner name,
 * beside what the published rules pay. `rules` is the edited document as JSON, to say when the
 * result no longer matches what is on the page.
 */
export function IncentivesSimulationPanel(props: {
  state: SimulationState;
  rules: string;
  busy: boolean;
  disabled: boolean;
  onTry: () => void;
  /** An API error path in words ("Tier 'Gold' · Commission uplift (%)"). */
  label: (path: string) => string;
}) {
  const { state } = props;
  const stale = state !== null && state.status !== 'loading' && state.rules !== props.rules;
  return (
    <Flex direction="column" gap="xs" testId="incentives-simulation">
      <Flex direction="row" gap="sm" align="center">
        <Button testId="try-last-quarter" disabled={props.busy || props.disabled || state?.status === 'loading'} onClick={props.onTry}>
          Try on last quarter
        </Button>
        <Text variant="microcopy">What partners would have earned on the portal’s won deals if these rules had been in force; nothing is saved.</Text>
      </Flex>
      {state?.status === 'loading' ? <Text testId="simulation-status">Working out last quarter under these rules…</Text> : null}
      {state?.status === 'failed' ? (
        <Alert title="The simulation could not be computed" variant="danger" testId="simulation-status">
          <Text>{state.message}</Text>
        </Alert>
      ) : null}
      {stale ? <Text testId="simulation-stale">The rules changed since this was computed; try again to see them.</Text> : null}
      {state?.status === 'ready' ? <SimulationResult result={state.result} label={props.label} /> : null}
    </Flex>
  );
}

function SimulationResult({ result, label }: { result: IncentivesSimulation; label: (path: string) => string }) {
  if (result.errors.length > 0) {
    return (
      <Alert title="Fix the rules first" variant="danger" testId="simulation-errors">
        {result.errors.map((e) => (
          <Text key={`${e.path}:${e.message}`}>{`${label(e.path)}: ${e.message}`}</Text>
        ))}
      </Alert>
    );
  }
  const q = result.quarter;
  const skipped = result.skippedDeals > 0 ? ` ${result.skippedDeals} won deal${result.skippedDeals === 1 ? '' : 's'} without a computable split (no amount, unknown currency) left out.` : '';
  return (
    <Flex direction="column" gap="xs">
      <Text testId="simulation-summary">
        {`${q.label} (${q.firstDay} to ${q.lastDay}): ${result.wonDeals} won partner deal${result.wonDeals === 1 ? '' : 's'} in it and the quarter before.${skipped}`}
      </Text>
      {result.partners.length === 0 ? (
        <Text>No partner won a deal or earned anything in {q.label}.</Text>
      ) : (
        <Table bordered testId="simulation-table">
          <TableHead>
            <TableRow>
              {['Partner', 'Co-sell wins', 'Tier held', 'Commission', 'Bonus', 'Uplift', 'Tier uplift', 'Total', 'Published rules'].map((h) => (
                <TableHeader key={h}>{h}</TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {result.partners.map((p) => (
              <TableRow key={`${p.companyId}:${p.currency}`}>
                <TableCell>{p.name}</TableCell>
                <TableCell>{String(p.coSellWins)}</TableCell>
                <TableCell>{p.heldTier ?? '—'}</TableCell>
                <TableCell>{`${p.commission} ${p.currency}`}</TableCell>
                <TableCell>{`${p.bonus} ${p.currency}`}</TableCell>
                <TableCell>{`${p.uplift} ${p.currency}`}</TableCell>
                <TableCell>{`${p.tierUplift} ${p.currency}`}</TableCell>
                <TableCell>{`${p.total} ${p.currency}`}</TableCell>
                <TableCell>{p.publishedTotal === null ? 'another fiscal calendar' : `${p.publishedTotal} ${p.currency}`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
