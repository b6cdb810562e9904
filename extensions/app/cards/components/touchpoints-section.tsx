import { useState } from 'react';
import {
  Button,
  DateInput,
  EmptyState,
  Flex,
  Heading,
  Select,
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
import type { CreateTouchpointRequest, DealCoSellState, TouchpointKind } from '@cosell/contract';
import type { ApiError, FieldLabeler } from '@cosell/card-kit';
import { ApiErrorAlert, TOUCHPOINT_KIND_LABELS, useIdempotencyKey, userName } from '@cosell/card-kit';

type DateValue = { year: number; month: number; date: number };

/** The API's limit on a touchpoint's text (CreateTouchpointRequest.summary), mirrored in the input. */
const SUMMARY_MAX = 2000;
const dayNumber = (v: DateValue) => Date.UTC(v.year, v.month, v.date);
const LABELS: Record<string, string> = { summary: 'What happened', occurredAt: 'The date', companyId: 'The partner', kind: 'The kind of touchpoint' };
const labeler: FieldLabeler = (path) => (LABELS[path] ? { label: LABELS[path] } : null);

const toDateValue = (d: Date): DateValue => ({ year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate() });
/** Noon UTC of the chosen day: a day picked in any time zone stays that day. */
const toIso = (v: DateValue) => new Date(Date.UTC(v.year, v.month, v.date, 12)).toISOString();

/** The touchpoint log: who contributed what, when. Touchpoints are the evidence for roles. */
export function TouchpointsSection(props: {
  state: DealCoSellState;
  today: Date;
  saving: boolean;
  error: ApiError | null;
  onLog: (request: CreateTouchpointRequest) => Promise<boolean>;
}) {
  const { state } = props;
  const [companyId, setCompanyId] = useState<string>(state.partners[0]?.companyId ?? '');
  const [kind, setKind] = useState<TouchpointKind>('meeting');
  const [day, setDay] = useState<DateValue>(toDateValue(props.today));
  const [summary, setSummary] = useState('');
  const nameOf = (id: string) => state.partners.find((p) => p.companyId === id)?.name ?? `Company ${id}`;
  // A logged touchpoint has happened: a date after today (the card's clock) is refused, as the API does.
  const inFuture = dayNumber(day) > dayNumber(toDateValue(props.today));
  const tooLong = summary.trim().length > SUMMARY_MAX;
  const canLog = companyId !== '' && summary.trim() !== '' && !tooLong && !inFuture && !props.saving;
  const keys = useIdempotencyKey();

  const log = async () => {
    const request = { companyId, kind, occurredAt: toIso(day), summary: summary.trim() };
    // Clicking again after a failure sends the same key: a touchpoint the backend did save is not logged twice.
    const done = await props.onLog({ ...request, idempotencyKey: keys.keyFor(request) });
    if (done) {
      keys.done();
      setSummary('');
    }
  };

  return (
    <Flex direction="column" gap="sm">
      <Heading>Partner touchpoints</Heading>
      {state.partners.length === 0 ? (
        <Text variant="microcopy">Add a partner to the deal to log its touchpoints.</Text>
      ) : (
        <Flex direction="row" gap="sm" align="end" wrap>
          <Select
            label="Partner"
            name="touchpoint-partner"
            options={state.partners.map((p) => ({ label: p.name, value: p.companyId }))}
            value={companyId}
            onChange={(value) => setCompanyId(String(value))}
          />
          <Select
            label="Kind"
            name="touchpoint-kind"
            options={Object.entries(TOUCHPOINT_KIND_LABELS).map(([value, label]) => ({ label, value }))}
            value={kind}
            onChange={(value) => setKind(String(value) as TouchpointKind)}
          />
          <DateInput
            label="Date"
            name="touchpoint-date"
            value={day}
            max={toDateValue(props.today)}
            error={inFuture}
            validationMessage={inFuture ? 'The date cannot be in the future: log touchpoints that have happened' : undefined}
            onChange={(v) => setDay({ year: v.year, month: v.month, date: v.date })}
          />
          <TextArea
            label="What happened"
            name="touchpoint-summary"
            placeholder="e.g. Ran the technical demo with the customer's IT team"
            value={summary}
            maxLength={SUMMARY_MAX}
            error={tooLong}
            validationMessage={tooLong ? `What happened must be at most ${SUMMARY_MAX} characters long (now ${summary.trim().length})` : undefined}
            onChange={setSummary}
          />
          <Button variant="primary" testId="log-touchpoint" disabled={!canLog} onClick={() => void log()}>
            {props.saving ? 'Logging…' : 'Log touchpoint'}
          </Button>
        </Flex>
      )}
      {props.error ? <ApiErrorAlert title="The touchpoint was not logged" error={props.error} labeler={labeler} /> : null}
      {state.touchpoints.length === 0 ? (
        <EmptyState title="No touchpoints yet" layout="horizontal" imageName="meetings" flush>
          <Text>Log meetings, demos, intros and other partner contributions here.</Text>
        </EmptyState>
      ) : (
        <Table bordered testId="touchpoints-table">
          <TableHead>
            <TableRow>
              <TableHeader>Date</TableHeader>
              <TableHeader>Partner</TableHeader>
              <TableHeader>Kind</TableHeader>
              <TableHeader>Summary</TableHeader>
              <TableHeader>Logged by</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.touchpoints.map((t) => (
              <TableRow key={t.id}>
                <TableCell>{t.occurredAt.slice(0, 10)}</TableCell>
                <TableCell>{nameOf(t.companyId)}</TableCell>
                <TableCell>
                  {TOUCHPOINT_KIND_LABELS[t.kind]}
                  {t.noteId ? <Tag variant="success">Note on deal</Tag> : null}
                </TableCell>
                <TableCell>{t.summary}</TableCell>
                <TableCell>{userName(t.loggedBy, t.loggedByName)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
