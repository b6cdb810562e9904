import { useMemo, useState } from 'react';
import {
  Alert,
  EmptyState,
  Flex,
  Heading,
  LoadingSpinner,
  Select,
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
import type { PartnerAccountMapSummary as AccountMapSummary, PartnerScorecard as Scorecard, ScorecardQuarter } from '@cosell/contract';
import { createCardApiClient, formatMoney, LoadError, useResource } from '@cosell/card-kit';
import type { CardApiClient, Fetcher } from '@cosell/card-kit';
import { PartnerProgramSection } from './partner-program-section';

export interface PartnerScorecardProps {
  context: { crm: { objectId: number | string } };
  fetcher: Fetcher;
}

/** How many quarters the trend table covers (the newest four the backend sends). */
const TREND_QUARTERS = 4;

/** "€4,120.50 EUR": the symbol alone is ambiguous ($ is also CAD, AUD…), so the code goes with it. */
function moneyWithCode(m: { amount: string; currency: string }): string {
  const formatted = formatMoney(m.amount, m.currency);
  return formatted.endsWith(m.currency) ? formatted : `${formatted} ${m.currency}`;
}

/** The partner scorecard card (crm.record.tab on companies): a partner's co-sell record, quarter by quarter. */
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
    return <LoadError what="the scorecard" error={state.error} onRetry={resource.reload} />;
  }
  const card = state.data;
  return <ScorecardBody card={card} stale={state.status === 'stale' ? { message: state.error?.message ?? null, failed: !!state.error } : null} api={api} />;
}

function ScorecardBody({ card, stale, api }: { card: Scorecard; stale: { message: string | null; failed: boolean } | null; api: CardApiClient }) {
  const [selectedStart, setSelectedStart] = useState(card.quarters[0]!.start);
  const selected: ScorecardQuarter = card.quarters.find((q) => q.start === selectedStart) ?? card.quarters[0]!;
  const currencies = selected.commissionEarned.map((m) => m.currency);
  const trend = card.quarters.slice(0, TREND_QUARTERS);
  const trendCurrencies = [...new Set(trend.flatMap((q) => q.commissionEarned.map((m) => m.currency)))];
  const home = card.homeCurrency;
  // A total is worth a line when the figures are not already all in the home currency.
  const needsTotal = currencies.length > 1 || (home !== null && currencies.some((c) => c !== home));
  // Only currencies with an amount this quarter were converted (a zero needs no rate).
  const converted = selected.commissionEarned.filter((m) => m.currency !== home && !/^-?0*(\.0*)?$/.test(m.amount)).map((m) => m.currency);
  const trendTotal = home !== null && (trendCurrencies.length > 1 || trendCurrencies.some((c) => c !== home));

  return (
    <Flex direction="column" gap="md">
      {stale ? (
        <Alert title={stale.failed ? 'Showing the last loaded scorecard' : 'Refreshing…'} variant="warning">
          <Text>{stale.message ?? 'These figures may be out of date.'}</Text>
        </Alert>
      ) : null}
      <Flex direction="row" justify="between" align="center">
        <Heading>{card.partner.name}</Heading>
        <Flex direction="row" gap="xs">
          {card.partner.partnerType ? <Tag variant="info">{card.partner.partnerType}</Tag> : null}
          <Tag>{selected.label}</Tag>
        </Flex>
      </Flex>
      <Select
        name="quarter"
        label="Quarter"
        value={selected.start}
        options={card.quarters.map((q, i) => ({ label: i === 0 ? `${q.label} (this quarter)` : q.label, value: q.start }))}
        onChange={(value) => setSelectedStart(String(value))}
      />
      <Statistics>
        <StatisticsItem label="Open co-sell deals (now)" number={card.openCoSellDeals} />
        <StatisticsItem label={`Co-sell deals won in ${selected.label}`} number={selected.wonCoSellDeals} />
      </Statistics>
      <Text format={{ fontWeight: 'demibold' }}>
        {selected.start === card.quarters[0]!.start ? `Commission earned this quarter (${selected.label})` : `Commission earned in ${selected.label}`}
      </Text>
      <Statistics>
        {selected.commissionEarned.map((m) => (
          <StatisticsItem key={m.currency} label={m.currency} number={moneyWithCode(m)} />
        ))}
      </Statistics>
      {needsTotal && selected.homeTotal ? (
        <Flex direction="column" gap="flush" testId="home-total">
          <Text format={{ fontWeight: 'demibold' }}>{`Total in ${selected.homeTotal.currency}: ${formatMoney(selected.homeTotal.amount, selected.homeTotal.currency)}`}</Text>
          {converted.length > 0 ? <Text variant="microcopy">{`Converted from ${converted.join(', ')} at HubSpot's current exchange rates.`}</Text> : null}
        </Flex>
      ) : null}
      {needsTotal && !selected.homeTotal ? (
        <Text variant="microcopy" testId="home-total-note">
          {`Shown per currency (${currencies.join(', ')}): ${selected.homeTotalNote ?? "there is no total in the portal's home currency."}`}
        </Text>
      ) : null}
      <Heading>Trend, last {trend.length} quarters</Heading>
      <Table bordered testId="trend-table">
        <TableHead>
          <TableRow>
            <TableHeader>Quarter</TableHeader>
            <TableHeader align="right">Co-sell deals won</TableHeader>
            {trendCurrencies.map((c) => (
              <TableHeader key={c} align="right">{`Commission earned (${c})`}</TableHeader>
            ))}
            {trendTotal ? <TableHeader align="right">{`Total in ${home}`}</TableHeader> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {[...trend].reverse().map((q) => (
            <TableRow key={q.start}>
              <TableCell>{q.label}</TableCell>
              <TableCell align="right">{q.wonCoSellDeals}</TableCell>
              {trendCurrencies.map((c) => (
                <TableCell key={c} align="right">{moneyWithCode(q.commissionEarned.find((m) => m.currency === c) ?? { currency: c, amount: '0' })}</TableCell>
              ))}
              {trendTotal ? <TableCell align="right">{q.homeTotal ? moneyWithCode(q.homeTotal) : 'No rate'}</TableCell> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
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
              <TableHeader align="right">{`Won in ${card.quarters[0]!.label}`}</TableHeader>
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
      {card.programPairings && card.programPairings.length > 0 ? (
        <>
          <Heading>Pairing program</Heading>
          <Table bordered testId="program-pairings-table">
            <TableHead>
              <TableRow>
                <TableHeader>Pairing</TableHeader>
                <TableHeader>Status</TableHeader>
                <TableHeader align="right">Registrations vs target</TableHeader>
                <TableHeader align="right">Active deals vs target</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {card.programPairings.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{`${p.partners.map((x) => x.name).join(' + ')} (day ${p.progress.day})`}</TableCell>
                  <TableCell>{p.status}</TableCell>
                  <TableCell align="right">{`${p.progress.registrations} of ${p.progress.registrationsTarget}`}</TableCell>
                  <TableCell align="right">{`${p.progress.activeDeals} of ${p.progress.activeDealsTarget.min}–${p.progress.activeDealsTarget.max}`}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : null}
      <PartnerProgramSection api={api} companyId={card.partner.companyId} />
      <AccountMapSection summary={card.accountMap ?? null} />
    </Flex>
  );
}

const MAP_LISTS: Array<[keyof AccountMapSummary['counts'], string]> = [
  ['customer_overlap', 'Customer overlap (both customers)'],
  ['prospect_overlap', 'Prospect overlap (warm intro)'],
  ['our_customer_their_prospect', 'Our customer, their prospect'],
  ['both_prospects', 'Both prospects'],
  ['whitespace', 'Whitespace (their customers we do not have)'],
];

/** The partner's latest saved account map: accounts per list, and how many are new since the map before. */
function AccountMapSection({ summary }: { summary: AccountMapSummary | null }) {
  return (
    <Flex direction="column" gap="sm" testId="account-map">
      <Heading>Account mapping</Heading>
      {summary === null ? (
        <Text variant="microcopy">No account map has been saved with this partner yet.</Text>
      ) : (
        <>
          <Text variant="microcopy">
            {`Latest map saved on ${summary.mappedAt.slice(0, 10)}; ${summary.previousMappedAt ? `"new" compares with the map of ${summary.previousMappedAt.slice(0, 10)}.` : 'the first map with this partner, so every account is new.'}`}
          </Text>
          <Table bordered testId="account-map-table">
            <TableHead>
              <TableRow>
                <TableHeader>List</TableHeader>
                <TableHeader align="right">Accounts</TableHeader>
                <TableHeader align="right">New since last map</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {MAP_LISTS.map(([key, label]) => (
                <TableRow key={key}>
                  <TableCell>{label}</TableCell>
                  <TableCell align="right">{summary.counts[key]}</TableCell>
                  <TableCell align="right">{summary.newCounts[key]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Flex>
  );
}
