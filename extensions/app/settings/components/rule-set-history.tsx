import { useState } from 'react';
import {
  Button,
  DescriptionList,
  DescriptionListItem,
  EmptyState,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { PublishedRuleSet } from '@cosell/contract';
import { CO_SELL_MODELS, MODEL_LABELS, ROLE_LABELS, ROLES } from '@cosell/card-kit';
import { overrideSummary } from './rule-overrides-form';
import { incentivesSummary } from './rule-incentives-form';

/**
 * Who published (or last saved a draft): the app itself for the shipped default; otherwise the
 * user's name as HubSpot's owners list gives it, and the bare id only when HubSpot names nobody for it.
 */
export function publisherText(publishedBy: string, publishedByName: string | null): string {
  if (publishedBy === 'system') return 'the app (shipped default)';
  if (publishedByName) return publishedByName;
  return /^\d+$/.test(publishedBy) ? `user ${publishedBy}` : publishedBy;
}

/** Earlier versions, newest first, each with what changed versus its predecessor; one can be opened in full. */
export function RuleSetHistory(props: {
  published: PublishedRuleSet[];
  inForce: string | null;
  onStartFrom: (rules: PublishedRuleSet) => void;
  /** Pipeline id → label, so overrides read by pipeline name. */
  pipelineLabels?: ReadonlyMap<string, string>;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  const open = props.published.find((p) => p.id === openId) ?? null;
  if (props.published.length === 0) {
    return (
      <EmptyState title="No published rule sets" layout="horizontal" flush>
        <Text>Publish the first rule set to start computing splits.</Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>Published versions</Heading>
      <Table bordered testId="history-table">
        <TableHead>
          <TableRow>
            <TableHeader>Version</TableHeader>
            <TableHeader>Effective from</TableHeader>
            <TableHeader>Published</TableHeader>
            <TableHeader>What changed</TableHeader>
            <TableHeader align="right">Details</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.published.map((p, index) => (
            <TableRow key={p.id}>
              <TableCell>
                {p.version}
                {p.version === props.inForce ? <Tag variant="success">in force</Tag> : null}
              </TableCell>
              <TableCell>{p.effectiveFrom}</TableCell>
              <TableCell>
                {p.publishedAt.slice(0, 10)} by {publisherText(p.publishedBy, p.publishedByName)}
              </TableCell>
              <TableCell>
                {p.changes.length === 0 ? (
                  <Text variant="microcopy">{index === props.published.length - 1 ? 'First version' : 'No rule changes'}</Text>
                ) : (
                  p.changes.map((c) => (
                    <Text key={c} variant="microcopy">
                      {c}
                    </Text>
                  ))
                )}
              </TableCell>
              <TableCell align="right">
                <Button size="sm" variant="transparent" testId={`view-${p.version}`} onClick={() => setOpenId(openId === p.id ? null : p.id)}>
                  {openId === p.id ? 'Hide' : 'View'}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {open ? (
        <Flex direction="column" gap="sm" testId="version-details">
          <Heading>Version {open.version}</Heading>
          <DescriptionList direction="row">
            <DescriptionListItem label="Solo pool rate">
              <Text>{open.ruleSet.pool.soloRate}%</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Co-sell pool rate">
              <Text>{open.ruleSet.pool.coSellRate}%</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Default model">
              <Text>{MODEL_LABELS[open.ruleSet.defaultModel]}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Missing roles">
              <Text>{open.ruleSet.missingRoles === 'retain' ? 'Kept unallocated' : 'Renormalised'}</Text>
            </DescriptionListItem>
          </DescriptionList>
          <Table bordered>
            <TableHead>
              <TableRow>
                <TableHeader>Role</TableHeader>
                {CO_SELL_MODELS.map((m) => (
                  <TableHeader key={m} align="right">
                    {MODEL_LABELS[m]}
                  </TableHeader>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {ROLES.map((r) => (
                <TableRow key={r}>
                  <TableCell>{ROLE_LABELS[r]}</TableCell>
                  {CO_SELL_MODELS.map((m) => (
                    <TableCell key={m} align="right">
                      {open.ruleSet.models[m]?.[r] ?? 0}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {(open.ruleSet.overrides ?? []).length > 0 ? (
            <Flex direction="column" testId="version-overrides">
              <Text format={{ fontWeight: 'demibold' }}>Overrides, in order (the first that matches a deal wins):</Text>
              {(open.ruleSet.overrides ?? []).map((o, i) => (
                <Text key={`${i}:${o.name}`}>{`${i + 1}. ${overrideSummary(o, props.pipelineLabels)}`}</Text>
              ))}
            </Flex>
          ) : null}
          {open.ruleSet.incentives ? (
            <Flex direction="column" testId="version-incentives">
              <Text format={{ fontWeight: 'demibold' }}>Incentives:</Text>
              {incentivesSummary(open.ruleSet.incentives).map((line) => (
                <Text key={line}>{line}</Text>
              ))}
            </Flex>
          ) : null}
          <Flex direction="row">
            <Button size="sm" onClick={() => props.onStartFrom(open)}>
              Start a new version from {open.version}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Flex>
  );
}
