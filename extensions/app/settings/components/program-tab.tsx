import { useState } from 'react';
import {
  Alert,
  BarChart,
  Button,
  Divider,
  Flex,
  Heading,
  LineChart,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import type { ProgramOverview, ProgramReport } from '@cosell/contract';
import type { SettingsTabProps } from './settings-tab-props';
import { LoadError, metricRows, percentText, programCsv, trendSeries, useResource } from '@cosell/card-kit';

const CHART_TITLES = {
  coSellPipelineShare: 'Co-sell pipeline share (%)',
  winRateDelta: 'Win-rate delta (points)',
  avgWonDealSize: 'Average co-sell won deal size',
  avgDaysToClose: 'Average co-sell days to close',
  disputeRate: 'Dispute rate (%)',
} as const;

/** Pairing rows shown; the CSV holds them all. */
const PAIRING_ROWS = 10;

function pairingName(report: ProgramReport, key: string): string {
  return report.pairings.ranked.find((p) => p.key === key)?.partners.map((x) => x.name).join(' + ') ?? key;
}

/**
 * The "Program" tab: this quarter's co-sell metrics against their targets, a small chart per metric
 * over the last four quarters, the pairing ranking by partner name, the dispute rate, and a CSV
 * export. The figures are the ones `cosell report` prints (docs/decisions/0013-reporting-metrics.md).
 */
export function ProgramTab({ api }: SettingsTabProps) {
  const resource = useResource<ProgramOverview>('program:current', () => api.getProgramOverview('current'));
  const [csv, setCsv] = useState<string | null>(null);
  const { state } = resource;

  if (state.status === 'loading') return <LoadingSpinner label="Reading the portal's deals…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the program metrics" error={state.error} onRetry={resource.reload} />;
  }
  const overview = state.data;
  const report = overview.report;
  const rows = metricRows(report);
  const series = trendSeries(overview.trend);
  const ranked = report.pairings.ranked;

  return (
    <Flex direction="column" gap="md">
      {state.status === 'stale' ? (
        <Alert title={state.error ? 'Showing the last loaded figures' : 'Refreshing…'} variant="warning">
          <Text>{state.error?.message ?? 'These figures may be out of date.'}</Text>
        </Alert>
      ) : null}
      <Flex direction="row" gap="sm" align="center" justify="between">
        <Heading>{`Co-sell program ${report.quarter}`}</Heading>
        <Button testId="export-csv" onClick={() => setCsv(programCsv(overview))}>
          Export CSV
        </Button>
      </Flex>
      <Text variant="microcopy">
        {`${overview.dealsRead} deals read, ${overview.partnerDeals} with partners; amounts in ${report.currency}. Partner pipeline ${report.partnerPipeline}, co-sell pipeline ${report.coSellPipeline}.`}
      </Text>
      {overview.skippedCount > 0 ? (
        <Alert title={`${overview.skippedCount} partner deal(s) left out of the figures`} variant="warning">
          {overview.skipped.slice(0, 5).map((s) => (
            <Text key={s.dealId}>{`${s.name}: ${s.reason}`}</Text>
          ))}
        </Alert>
      ) : null}
      {csv !== null ? <TextArea name="program-csv" label="CSV (copy it into a file or a spreadsheet)" value={csv} readOnly rows={8} /> : null}

      <Table bordered testId="program-metrics">
        <TableHead>
          <TableRow>
            <TableHeader>Metric</TableHeader>
            <TableHeader>{report.quarter}</TableHeader>
            <TableHeader>Target</TableHeader>
            <TableHeader>Verdict</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id}>
              <TableCell>{row.label}</TableCell>
              <TableCell>{row.value}</TableCell>
              <TableCell>{row.target}</TableCell>
              <TableCell>
                <Tag variant={row.tone} testId={`verdict-${row.id}`}>
                  {row.verdict}
                </Tag>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rows.map((row) => (
        <Text key={`m-${row.id}`} variant="microcopy">
          {row.message}
        </Text>
      ))}

      <Divider />
      <Heading>Last four quarters</Heading>
      <Flex direction="row" gap="md" wrap="wrap">
        {(Object.keys(CHART_TITLES) as Array<keyof typeof CHART_TITLES>).map((id) =>
          id === 'avgWonDealSize' || id === 'avgDaysToClose' ? (
            <LineChart
              key={id}
              testId={`chart-${id}`}
              data={series[id]}
              axes={{ x: { field: 'quarter', fieldType: 'category', label: 'Quarter' }, y: { field: 'value', fieldType: 'linear', label: CHART_TITLES[id] } }}
              options={{ title: CHART_TITLES[id], showDataLabels: true }}
            />
          ) : (
            <BarChart
              key={id}
              testId={`chart-${id}`}
              data={series[id]}
              axes={{ x: { field: 'quarter', fieldType: 'category', label: 'Quarter' }, y: { field: 'value', fieldType: 'linear', label: CHART_TITLES[id] } }}
              options={{ title: CHART_TITLES[id], showDataLabels: true }}
            />
          ),
        )}
      </Flex>

      <Divider />
      <Heading>Pairings</Heading>
      {ranked.length === 0 ? (
        <Text>No co-sell deal was created or closed this quarter.</Text>
      ) : (
        <>
          <Text testId="invest">{`Invest in (top 3): ${report.pairings.top3.map((k) => pairingName(report, k)).join('; ')}`}</Text>
          <Text testId="review">{`Review (bottom 3, worst first): ${report.pairings.bottom3.map((k) => pairingName(report, k)).join('; ')}`}</Text>
          <Table bordered testId="pairings">
            <TableHead>
              <TableRow>
                <TableHeader>#</TableHeader>
                <TableHeader>Pairing</TableHeader>
                <TableHeader>{`Pipeline (${report.currency})`}</TableHeader>
                <TableHeader>Closed</TableHeader>
                <TableHeader>Won</TableHeader>
                <TableHeader>Win rate</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {ranked.slice(0, PAIRING_ROWS).map((p) => (
                <TableRow key={p.key}>
                  <TableCell>{String(p.rank)}</TableCell>
                  <TableCell>{p.partners.map((x) => x.name).join(' + ')}</TableCell>
                  <TableCell>{p.pipeline}</TableCell>
                  <TableCell>{String(p.closed)}</TableCell>
                  <TableCell>{String(p.won)}</TableCell>
                  <TableCell>{percentText(p.winRate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {ranked.length > PAIRING_ROWS ? <Text variant="microcopy">{`… ${ranked.length - PAIRING_ROWS} more in the CSV`}</Text> : null}
        </>
      )}
      <Text testId="dispute-rate">{`Dispute rate: ${percentText(report.disputeRate)} — ${report.targets.disputeRate.message}`}</Text>
    </Flex>
  );
}
