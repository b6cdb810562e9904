import { useMemo } from 'react';
import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { PartnerScorecard as Scorecard } from '../shared/card-api';
import { createCardApiClient } from '../shared/card-api-client';
import { formatMoney } from '../shared/format-money';
import type { Fetcher } from '../shared/hubspot-fetcher';
import { useResource } from '../shared/use-resource';

export interface PartnerScorecardProps {
  context: { crm: { objectId: number | string } };
  fetcher: Fetcher;
}

/** The partner scorecard card (crm.record.tab on companies): this quarter's co-sell record of one partner. */
export function PartnerScorecard({ context, fetcher }: PartnerScorecardProps) {
  const companyId = String(context.crm.objectId);
  const api = useMemo(() => createCardApiClient(fetcher), [fetcher]);
  const resource = useResource<Scorecard>(`scorecard:${companyId}`, () => api.getPartnerScorecard(companyId));
  const { state } = resource;

  if (state.status === 'loading') return <LoadingSpinner label="Loading the scorecard…" showLabel layout="centered" />;
  if (state.status === 'error') {
    if (state.error.code === 'not_found') {
      return (
        <EmptyState title="Not a partner" imageName="companies">
          <Text>This company is not marked as a partner, so it has no co-sell scorecard.</Text>
        </EmptyState>
      );
    }
    return (
      <ErrorState title="Couldn't load the scorecard">
        <Text>{state.error.message}</Text>
        <Button onClick={resource.reload}>Try again</Button>
      </ErrorState>
    );
  }
  const card = state.data;
  const earned = card.commissionEarned.length
    ? card.commissionEarned.map((m) => formatMoney(m.amount, m.currency)).join(' + ')
    : '0';

  return (
    <Flex direction="column" gap="md">
      {state.status === 'stale' ? (
        <Alert title={state.error ? 'Showing the last loaded scorecard' : 'Refreshing…'} variant="warning">
          <Text>{state.error?.message ?? 'These figures may be out of date.'}</Text>
        </Alert>
      ) : null}
      <Flex direction="row" justify="between" align="center">
        <Heading>{card.partner.name}</Heading>
        <Flex direction="row" gap="xs">
          {card.partner.partnerType ? <Tag variant="info">{card.partner.partnerType}</Tag> : null}
          <Tag>{card.quarter.label}</Tag>
        </Flex>
      </Flex>
      <Statistics>
        <StatisticsItem label="Open co-sell deals" number={card.openCoSellDeals} />
        <StatisticsItem label="Co-sell deals won this quarter" number={card.wonCoSellDealsThisQuarter} />
        <StatisticsItem label="Commission earned this quarter" number={earned} />
      </Statistics>
      <Heading>Pairings</Heading>
      {card.pairings.length === 0 ? (
        <EmptyState title="No pairings yet" layout="horizontal" flush>
          <Text>This partner has not co-sold a deal with another partner.</Text>
        </EmptyState>
      ) : (
        <Table bordered testId="pairings-table">
          <TableHead>
            <TableRow>
              <TableHeader>Pairing</TableHeader>
              <TableHeader align="right">Open deals</TableHeader>
              <TableHeader align="right">Won deals</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {card.pairings.map((p) => (
              <TableRow key={p.pairingKey}>
                <TableCell>{p.partners.map((x) => x.name ?? `Company ${x.companyId}`).join(' + ')}</TableCell>
                <TableCell align="right">{p.openDeals}</TableCell>
                <TableCell align="right">{p.wonDeals}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
