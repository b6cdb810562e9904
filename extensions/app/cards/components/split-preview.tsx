import {
  Accordion,
  Alert,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { AttributionPlan, FieldError } from '@cosell/contract';
import { formatMoney, formatShare, MODEL_LABELS, roleList } from '@cosell/card-kit';

/** The split with every line of its math and the rule version it used; amounts in the deal's currency. */
export function SplitPreview({ split, splitErrors, unsaved = false }: { split: AttributionPlan | null; splitErrors: FieldError[]; unsaved?: boolean }) {
  // Unsaved: the split the partner changes would produce, computed by the backend but not saved yet.
  const unsavedTag = unsaved ? (
    <Tag variant="warning" testId="split-unsaved">
      Unsaved changes
    </Tag>
  ) : null;
  if (!split) {
    return (
      <Flex direction="column" gap="sm">
        <Flex direction="row" justify="between" align="center">
          <Heading>Split preview</Heading>
          {unsavedTag}
        </Flex>
        <Alert title={unsaved ? 'No split with these changes' : 'No split yet'} variant="info" testId="no-split">
          {splitErrors.length === 0 ? <Text>Add partners with roles to see how the commission pool is split.</Text> : null}
          {splitErrors.map((e) => (
            <Text key={`${e.path}:${e.message}`}>
              {e.path}: {e.message}
            </Text>
          ))}
        </Alert>
      </Flex>
    );
  }
  const money = (value: string) => formatMoney(value, split.currency);
  return (
    <Flex direction="column" gap="sm" testId="split-preview">
      <Flex direction="row" justify="between" align="center">
        <Heading>Split preview</Heading>
        <Flex direction="row" gap="xs" align="center">
          {unsavedTag}
          <Tag variant="info" testId="rule-version">Rules v{split.ruleVersion}{split.override ? ` · ${split.override}` : ''}</Tag>
        </Flex>
      </Flex>
      {unsaved ? <Text variant="microcopy">What the split would be if you save the partner changes below; nothing is saved yet.</Text> : null}
      <DescriptionList direction="row">
        <DescriptionListItem label="Model">
          <Text>{MODEL_LABELS[split.model]}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Deal amount">
          <Text>{money(split.dealAmount)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Commission pool">
          <Text>
            {money(split.pool.amount)} ({split.pool.rate}%)
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label="Unallocated">
          <Text>{money(split.unallocated)}</Text>
        </DescriptionListItem>
      </DescriptionList>
      {split.allocations.length > 0 ? (
        <Table bordered testId="split-table">
          <TableHead>
            <TableRow>
              <TableHeader>Partner</TableHeader>
              <TableHeader>Roles</TableHeader>
              <TableHeader align="right">Weight</TableHeader>
              <TableHeader align="right">Share</TableHeader>
              <TableHeader align="right">Commission</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {split.allocations.map((a) => (
              <TableRow key={a.partnerId}>
                <TableCell>{a.partnerName ?? `Company ${a.partnerId}`}</TableCell>
                <TableCell>{roleList(a.roles)}</TableCell>
                <TableCell align="right">{a.weight}</TableCell>
                <TableCell align="right">{formatShare(a.share)}</TableCell>
                <TableCell align="right">{money(a.amount)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell colSpan={4}>Pool</TableCell>
              <TableCell align="right">{money(split.pool.amount)}</TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      ) : null}
      {/* The numbered working is there for whoever checks it, folded so the split itself stays on the first screen. */}
      <Accordion title="How it was computed" defaultOpen={false} testId="explanation">
        {split.explanation.map((line, index) => (
          <Text key={`${index}:${line}`} variant="microcopy" testId={`explanation-line-${index}`}>
            {line}
          </Text>
        ))}
      </Accordion>
    </Flex>
  );
}
