import { useState } from 'react';
import {
  Alert,
  Button,
  DateInput,
  Divider,
  Flex,
  Heading,
  LoadingSpinner,
  MultiSelect,
  NumberInput,
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
import type { CheckPairingResponse, PairingList, PairingModel, PairingView, PartnerList } from '@cosell/contract';
import { ApiErrorAlert, CO_SELL_MODELS, formatMoney, LoadError, MODEL_LABELS, PARTNER_TYPE_LABELS, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';

const toDateValue = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? { year: y, month: m - 1, date: d } : undefined;
};
const fromDateValue = (v: { year: number; month: number; date: number }) => `${v.year}-${String(v.month + 1).padStart(2, '0')}-${String(v.date).padStart(2, '0')}`;

const DEFAULT_TARGET_REGISTRATIONS = 5;

const names = (p: PairingView) => p.partners.map((x) => x.name).join(' + ');
const money = (totals: PairingView['progress']['pipeline']) => (totals.length === 0 ? '—' : totals.map((t) => formatMoney(t.amount, t.currency)).join(', '));

const SUGGESTION_LABELS = { scale: 'Suggest: scale', end: 'Suggest: end', decide: 'Partner ops decide' } as const;
const SUGGESTION_VARIANTS = { scale: 'success', end: 'error', decide: 'warning' } as const;
const STATUS_VARIANTS = { active: 'info', scaled: 'success', ended: 'default' } as const;

interface StartForm {
  partnerIds: string[];
  model: PairingModel;
  startDate: string;
  targetRegistrations: number | null;
}

/** Start a pairing: partners chosen by name; the warnings are shown before the start is confirmed. */
function StartPairing({ api, actions, today, partners, onStarted }: SettingsTabProps & { partners: PartnerList['partners']; onStarted: () => void }) {
  const [form, setForm] = useState<StartForm>({ partnerIds: [], model: 'sell_with', startDate: today, targetRegistrations: DEFAULT_TARGET_REGISTRATIONS });
  const [checked, setChecked] = useState<CheckPairingResponse | null>(null);
  const action = useAction();
  const update = (change: Partial<StartForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setChecked(null); // a changed pairing must be checked again before it starts
  };
  const ready = form.partnerIds.length >= 2 && form.startDate !== '' && form.targetRegistrations !== null && form.targetRegistrations >= 1;
  const check = async () => {
    const result = await action.run(() => api.checkPairing({ partnerIds: form.partnerIds, startDate: form.startDate }));
    if (result) setChecked(result);
  };
  const start = async () => {
    const result = await action.run(() =>
      api.startPairing({ partnerIds: form.partnerIds, startDate: form.startDate, model: form.model, ...(form.targetRegistrations === null ? {} : { targetRegistrations: form.targetRegistrations }) }),
    );
    if (!result) return;
    actions.addAlert({ type: 'success', message: `Pairing started: ${names(result.pairing)}.` });
    setChecked(null);
    setForm((f) => ({ ...f, partnerIds: [] }));
    onStarted();
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>Start a pairing</Heading>
      <Flex direction="row" gap="sm" align="end" wrap>
        <MultiSelect
          label="Partners"
          name="pairing-partners"
          description="Two or more partners whose offers complement each other."
          options={partners.map((c) => ({ label: c.partnerType ? `${c.name} (${PARTNER_TYPE_LABELS[c.partnerType]})` : c.name, value: c.companyId }))}
          value={form.partnerIds}
          onChange={(value) => update({ partnerIds: value.map(String) })}
        />
        <Select
          label="Co-sell model"
          name="pairing-model"
          options={CO_SELL_MODELS.map((m) => ({ label: MODEL_LABELS[m], value: m }))}
          value={form.model}
          onChange={(value) => update({ model: String(value) as PairingModel })}
        />
        <DateInput label="Start date" name="pairing-start" value={toDateValue(form.startDate)} onChange={(v) => update({ startDate: v ? fromDateValue(v) : '' })} />
        <NumberInput
          label="Registrations in 90 days"
          name="pairing-target"
          min={1}
          value={form.targetRegistrations ?? undefined}
          onChange={(v) => update({ targetRegistrations: typeof v === 'number' && Number.isFinite(v) ? v : null })}
        />
      </Flex>
      {checked ? (
        <Flex direction="column" gap="xs">
          {checked.warnings.length === 0 ? (
            <Alert title="No warnings" variant="success" testId="pairing-no-warnings">
              <Text>{`${checked.partners.map((p) => p.name).join(' + ')} look complementary.`}</Text>
            </Alert>
          ) : (
            checked.warnings.map((w) => (
              <Alert key={w.code} title="Before you start this pairing" variant="warning" testId={`pairing-warning-${w.code}`}>
                <Text>{w.message}</Text>
              </Alert>
            ))
          )}
          <Flex direction="row" gap="sm">
            <Button variant="primary" testId="pairing-confirm" disabled={action.pending} onClick={() => void start()}>
              {checked.warnings.length === 0 ? 'Start pairing' : 'Start anyway'}
            </Button>
            <Button variant="secondary" testId="pairing-cancel" onClick={() => setChecked(null)}>
              Cancel
            </Button>
          </Flex>
        </Flex>
      ) : (
        <Button testId="pairing-check" disabled={!ready || action.pending} onClick={() => void check()}>
          Check and start…
        </Button>
      )}
      {action.error ? <ApiErrorAlert title="The pairing was not started" error={action.error} /> : null}
    </Flex>
  );
}

/** The day-90 review of one pairing: the suggestion, a note, and the decision. */
function ReviewRow({ pairing, api, actions, onDecided }: Pick<SettingsTabProps, 'api' | 'actions'> & { pairing: PairingView; onDecided: () => void }) {
  const [note, setNote] = useState('');
  const action = useAction();
  const decide = async (status: 'scaled' | 'ended') => {
    const result = await action.run(() => api.decidePairing(pairing.id, { status, note }));
    if (!result) return;
    actions.addAlert({ type: 'success', message: `${names(result)}: ${status === 'scaled' ? 'scaled' : 'ended'}.` });
    onDecided();
  };
  const suggestion = pairing.suggestion;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="sm" align="center">
        <Text format={{ fontWeight: 'demibold' }}>{`${names(pairing)} — day ${pairing.progress.day}`}</Text>
        {suggestion ? (
          <Tag variant={SUGGESTION_VARIANTS[suggestion.suggestion]} testId={`suggestion-${pairing.id}`}>
            {SUGGESTION_LABELS[suggestion.suggestion]}
          </Tag>
        ) : null}
      </Flex>
      {suggestion ? <Text testId={`reason-${pairing.id}`}>{suggestion.reason}</Text> : null}
      <TextArea label="Decision note" name={`note-${pairing.id}`} value={note} onChange={(v) => setNote(String(v))} />
      <Flex direction="row" gap="sm">
        <Button testId={`scale-${pairing.id}`} disabled={note.trim() === '' || action.pending} onClick={() => void decide('scaled')}>
          Scale
        </Button>
        <Button testId={`end-${pairing.id}`} variant="destructive" disabled={note.trim() === '' || action.pending} onClick={() => void decide('ended')}>
          End
        </Button>
      </Flex>
      {action.error ? <ApiErrorAlert title="The decision was not recorded" error={action.error} /> : null}
    </Flex>
  );
}

/** The "Pairings" tab: start a pairing, each pairing's progress against target, and the day-90 review. */
export function PairingsTab(props: SettingsTabProps) {
  const { api } = props;
  const pairings = useResource<PairingList>('pairings', () => api.listPairings());
  const partners = useResource<PartnerList>('partners', () => api.listPartners());
  const state = pairings.state;
  if (state.status === 'loading') return <LoadingSpinner label="Loading pairings…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the pairings" error={state.error} onRetry={pairings.reload} />;
  }
  const list = state.data.pairings;
  const due = list.filter((p) => p.status === 'active' && p.suggestion !== null);
  const partnerList = partners.state.status === 'ready' || partners.state.status === 'stale' ? partners.state.data.partners : [];
  return (
    <Flex direction="column" gap="md">
      {partners.state.status === 'error' ? (
        <Alert title="Couldn't load the partner companies" variant="warning">
          <Text>{partners.state.error.message}</Text>
        </Alert>
      ) : null}
      <StartPairing {...props} partners={partnerList} onStarted={pairings.reload} />
      <Divider />
      <Heading>Pairings</Heading>
      {list.length === 0 ? (
        <Text testId="no-pairings">No pairings yet. The playbook starts with two or three complementary pairings.</Text>
      ) : (
        <Table bordered testId="pairings-table">
          <TableHead>
            <TableRow>
              <TableHeader>Partners</TableHeader>
              <TableHeader>Model</TableHeader>
              <TableHeader>Started</TableHeader>
              <TableHeader>Registrations</TableHeader>
              <TableHeader>Active deals</TableHeader>
              <TableHeader>Pipeline</TableHeader>
              <TableHeader>Closed</TableHeader>
              <TableHeader>Status</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Text format={{ fontWeight: 'demibold' }}>{names(p)}</Text>
                  {p.progress.behind.map((b) => (
                    <Text key={b} variant="microcopy">{`Behind: ${b}`}</Text>
                  ))}
                </TableCell>
                <TableCell>{MODEL_LABELS[p.model]}</TableCell>
                <TableCell>{`${p.startDate} (day ${p.progress.day})`}</TableCell>
                <TableCell>{`${p.progress.registrations} of ${p.progress.registrationsTarget}`}</TableCell>
                <TableCell>{`${p.progress.activeDeals} (target ${p.progress.activeDealsTarget.min}–${p.progress.activeDealsTarget.max} by day ${p.progress.activeDealsTarget.byDay})`}</TableCell>
                <TableCell>{money(p.progress.pipeline)}</TableCell>
                <TableCell>{money(p.progress.closedRevenue)}</TableCell>
                <TableCell>
                  <Tag variant={STATUS_VARIANTS[p.status]} testId={`status-${p.id}`}>
                    {p.status}
                  </Tag>
                  {p.decision ? <Text variant="microcopy">{`${p.decision.decidedByName ?? `user ${p.decision.decidedBy}`}, ${p.decision.decidedAt.slice(0, 10)}: ${p.decision.note}`}</Text> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Divider />
      <Heading>Day-90 review</Heading>
      {due.length === 0 ? (
        <Text testId="no-review">No active pairing has reached day 90.</Text>
      ) : (
        due.map((p) => <ReviewRow key={p.id} pairing={p} api={props.api} actions={props.actions} onDecided={pairings.reload} />)
      )}
    </Flex>
  );
}
