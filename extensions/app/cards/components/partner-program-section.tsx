import { useState } from 'react';
import { Button, Flex, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import type { ProgramReport } from '@cosell/contract';
import { LoadError, metricRows, useResource } from '@cosell/card-kit';
import type { CardApiClient } from '@cosell/card-kit';

/**
 * The scorecard's program section: the partner's own figures this quarter (its deals only) against
 * the program's target bands, the same rows the settings page's Program tab shows. Loaded when asked
 * for, since it reads all of the partner's deals.
 */
export function PartnerProgramSection({ api, companyId }: { api: CardApiClient; companyId: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button testId="show-program" onClick={() => setOpen(true)}>
        Compare with the program targets
      </Button>
    );
  }
  return <PartnerProgramFigures api={api} companyId={companyId} />;
}

function PartnerProgramFigures({ api, companyId }: { api: CardApiClient; companyId: string }) {
  const resource = useResource<ProgramReport>(`partner-program:${companyId}`, () => api.getPartnerProgram(companyId, 'current'));
  const { state } = resource;
  if (state.status === 'loading') return <LoadingSpinner label="Reading this partner's deals…" showLabel />;
  if (state.status === 'error') {
    return <LoadError what="the program figures" error={state.error} onRetry={resource.reload} />;
  }
  const report = state.data;
  return (
    <Flex direction="column" gap="sm" testId="partner-program">
      <Text format={{ fontWeight: 'demibold' }}>{`This partner against the program targets (${report.quarter}, its deals only)`}</Text>
      <Text variant="microcopy">{`Co-sell pipeline ${report.coSellPipeline} ${report.currency} of ${report.partnerPipeline} ${report.currency}; co-sell ${report.coSell.won} won of ${report.coSell.closed} closed, solo ${report.solo.won} of ${report.solo.closed}.`}</Text>
      <Table bordered testId="partner-program-table">
        <TableHead>
          <TableRow>
            <TableHeader>Metric</TableHeader>
            <TableHeader>This partner</TableHeader>
            <TableHeader>Target</TableHeader>
            <TableHeader>Verdict</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {metricRows(report).map((row) => (
            <TableRow key={row.id}>
              <TableCell>{row.label}</TableCell>
              <TableCell>{row.value}</TableCell>
              <TableCell>{row.target}</TableCell>
              <TableCell>
                <Tag variant={row.tone} testId={`partner-verdict-${row.id}`}>
                  {row.verdict}
                </Tag>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
