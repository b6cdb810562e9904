import { useState } from 'react';
import {
  Alert,
  Button,
  ButtonRow,
  DateInput,
  Flex,
  Heading,
  Input,
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
} from '@hubspot/ui-extensions';
import type { CoSellModel, DealPipelineList, MoneyChange, Role, RuleSetDryRunResponse, ValidateRuleSetResponse } from '@cosell/contract';
import { ApiErrorAlert, CO_SELL_MODELS, MODEL_LABELS, ROLE_LABELS, ROLES } from '@cosell/card-kit';
import type { ApiError, ResourceState } from '@cosell/card-kit';
import { RuleOverridesEditor } from './rule-overrides-editor';
import { RuleIncentivesEditor } from './rule-incentives-editor';
import { IncentivesSimulationPanel } from './incentives-simulation-panel';
import type { SimulationState } from './incentives-simulation-panel';
import { documentFromForm, fieldLabel, formErrors, formatHundredths, isEqualSplit, weightSumHundredths } from './rule-set-form';
import type { FieldNumber, RuleSetForm, Taken } from './rule-set-form';

const toDateValue = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? { year: y, month: m - 1, date: d } : undefined;
};
const fromDateValue = (v: { year: number; month: number; date: number }) =>
  `${v.year}-${String(v.month + 1).padStart(2, '0')}-${String(v.date).padStart(2, '0')}`;

/** A number input's value: a cleared field arrives as undefined/NaN and stays empty (an error), never 0. */
const fieldNumber = (value: unknown): FieldNumber => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Publish preview: idle until Publish… is pressed, then the backend's dry run. */
export type PublishPreview = { status: 'loading' } | { status: 'ready'; dryRun: RuleSetDryRunResponse } | { status: 'failed' } | null;

const signed = (c: MoneyChange) => `${c.amount.startsWith('-') ? '' : '+'}${c.amount} ${c.currency}`;
const changeText = (changes: MoneyChange[]) => (changes.length === 0 ? 'no change' : changes.map(signed).join(', '));

/**
 * Edits one rule set: role weights per model with a live sum-to-100 check and the equal-split warning,
 * pool rates, missing-role policy and effective date. Every field is checked as the API checks it
 * (required, 0–100, at most 2 decimals, the version pattern, labels and dates already taken) before
 * anything is sent. Validate asks the backend (the domain's full rules); publish shows the backend's
 * dry run (deals and amounts that change) and needs an explicit confirmation.
 */
export function RuleSetEditor(props: {
  initial: RuleSetForm;
  taken?: Taken;
  busy: boolean;
  validation: ValidateRuleSetResponse | null;
  error: ApiError | null;
  preview?: PublishPreview;
  /** The portal's deal pipelines, for overrides to choose by name. */
  pipelines?: ResourceState<DealPipelineList>;
  /** "Try on last quarter": the backend's simulation of the incentives, and how to ask for it. */
  simulation?: SimulationState;
  onSimulate?: (form: RuleSetForm) => void;
  onValidate: (form: RuleSetForm) => void;
  onSaveDraft: (form: RuleSetForm) => void;
  onPreview?: (form: RuleSetForm) => void;
  onPublish: (form: RuleSetForm) => void;
}) {
  const [form, setForm] = useState<RuleSetForm>(props.initial);
  const [confirming, setConfirming] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const errors = formErrors(form, props.taken);
  const hasErrors = Object.keys(errors).length > 0;
  const sums = Object.fromEntries(CO_SELL_MODELS.map((m) => [m, weightSumHundredths(form.models[m])])) as Record<CoSellModel, number>;
  const columnOk = (m: CoSellModel) => sums[m] === 10_000 && ROLES.every((r) => !errors[`${m}.${r}`]);
  const sumsOk = CO_SELL_MODELS.every(columnOk);
  const update = (change: (f: RuleSetForm) => RuleSetForm) => {
    setConfirming(false); // a preview belongs to the rules it was computed for
    setForm(change);
  };
  const setWeight = (model: CoSellModel, role: Role, value: unknown) =>
    update((f) => ({ ...f, models: { ...f.models, [model]: { ...f.models[model], [role]: fieldNumber(value) } } }));
  const fieldError = (name: string) => (errors[name] ? { error: true, validationMessage: errors[name] } : {});
  const preview = props.preview ?? null;
  const overrideNames = form.overrides.map((o) => o.name);
  const tierNames = form.incentives.tiers.map((t) => t.name);

  return (
    <Flex direction="column" gap="md">
      <Heading>Edit rule set</Heading>
      <Flex direction="row" gap="sm" wrap>
        <Input
          label="Version"
          name="version"
          description="The year, a dot and a number: 2026.3"
          value={form.version}
          {...fieldError('version')}
          onChange={(version) => update((f) => ({ ...f, version: String(version ?? '') }))}
        />
        <DateInput
          label="Effective from"
          name="effectiveFrom"
          value={toDateValue(form.effectiveFrom)}
          {...fieldError('effectiveFrom')}
          onChange={(v) => update((f) => ({ ...f, effectiveFrom: v ? fromDateValue(v) : '' }))}
        />
        <NumberInput
          label="Solo pool rate (%)"
          name="soloRate"
          min={0}
          max={100}
          precision={2}
          value={form.soloRate ?? undefined}
          {...fieldError('soloRate')}
          onChange={(soloRate) => update((f) => ({ ...f, soloRate: fieldNumber(soloRate) }))}
        />
        <NumberInput
          label="Co-sell pool rate (%)"
          name="coSellRate"
          min={0}
          max={100}
          precision={2}
          value={form.coSellRate ?? undefined}
          {...fieldError('coSellRate')}
          onChange={(coSellRate) => update((f) => ({ ...f, coSellRate: fieldNumber(coSellRate) }))}
        />
        <Select
          label="Default model"
          name="defaultModel"
          options={CO_SELL_MODELS.map((m) => ({ label: MODEL_LABELS[m], value: m }))}
          value={form.defaultModel}
          onChange={(v) => update((f) => ({ ...f, defaultModel: String(v) as CoSellModel }))}
        />
        <Select
          label="When a role is missing"
          name="missingRoles"
          options={[
            { label: 'Renormalise the partners present', value: 'renormalize' },
            { label: 'Keep the missing share unallocated', value: 'retain' },
          ]}
          value={form.missingRoles}
          onChange={(v) => update((f) => ({ ...f, missingRoles: v === 'retain' ? 'retain' : 'renormalize' }))}
        />
      </Flex>
      {form.coSellRate !== null && form.soloRate !== null && form.coSellRate < form.soloRate ? (
        <Alert title="Co-selling would pay less" variant="warning">
          <Text>The co-sell pool rate is below the solo rate; the program pays more for co-selling when it is higher.</Text>
        </Alert>
      ) : null}
      <Table bordered testId="weights-table">
        <TableHead>
          <TableRow>
            <TableHeader>Role</TableHeader>
            {CO_SELL_MODELS.map((m) => (
              <TableHeader key={m}>{MODEL_LABELS[m]}</TableHeader>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {ROLES.map((role) => (
            <TableRow key={role}>
              <TableCell>{ROLE_LABELS[role]}</TableCell>
              {CO_SELL_MODELS.map((m) => (
                <TableCell key={m}>
                  <NumberInput
                    label={`${MODEL_LABELS[m]} · ${ROLE_LABELS[role]}`}
                    name={`${m}.${role}`}
                    min={0}
                    max={100}
                    precision={2}
                    value={form.models[m][role] ?? undefined}
                    {...fieldError(`${m}.${role}`)}
                    onChange={(value) => setWeight(m, role, value)}
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
          <TableRow>
            <TableCell>Sum</TableCell>
            {CO_SELL_MODELS.map((m) => (
              <TableCell key={m}>
                <Tag variant={columnOk(m) ? 'success' : 'error'} testId={`sum-${m}`}>
                  {columnOk(m)
                    ? 'Sum 100 ✓'
                    : sums[m] === 10_000
                      ? 'Sum 100, but a weight above is not valid'
                      : `Sum ${formatHundredths(sums[m])}, must be 100`}
                </Tag>
              </TableCell>
            ))}
          </TableRow>
        </TableBody>
      </Table>
      {CO_SELL_MODELS.filter((m) => isEqualSplit(form.models[m])).map((m) => (
        <Alert key={m} title={`${MODEL_LABELS[m]} splits equally`} variant="warning" testId={`equal-split-${m}`}>
          <Text>
            Every paid role gets the same weight. Equal splits by default are a classic co-sell mistake: weight the roles by the work they
            represent.
          </Text>
        </Alert>
      ))}
      <RuleOverridesEditor
        overrides={form.overrides}
        dealProperties={form.dealProperties}
        pipelines={props.pipelines ?? { status: 'loading' }}
        errors={errors}
        baseModels={form.models}
        onChange={(overrides) => update((f) => ({ ...f, overrides }))}
        onDealPropertiesChange={(dealProperties) => update((f) => ({ ...f, dealProperties }))}
      />
      <RuleIncentivesEditor incentives={form.incentives} errors={errors} onChange={(change) => update((f) => ({ ...f, incentives: change(f.incentives) }))} />
      {props.onSimulate ? (
        <IncentivesSimulationPanel
          state={props.simulation ?? null}
          rules={JSON.stringify(documentFromForm(form))}
          busy={props.busy}
          disabled={hasErrors}
          onTry={() => props.onSimulate?.(form)}
          label={(path) => fieldLabel(path, overrideNames, tierNames)}
        />
      ) : null}
      {showErrors && hasErrors ? (
        <Alert title="Fix these before validating or publishing" variant="danger" testId="form-errors">
          {Object.entries(errors).map(([name, message]) => (
            <Text key={name}>
              {fieldLabel(name, overrideNames, tierNames)}: {message}
            </Text>
          ))}
        </Alert>
      ) : null}
      {props.validation ? <ValidationResult validation={props.validation} overrideNames={overrideNames} tierNames={tierNames} /> : null}
      {props.error ? <ApiErrorAlert title="The request failed" error={props.error} /> : null}
      {confirming ? (
        <Alert title={`Publish version ${form.version}?`} variant="warning" testId="publish-confirmation">
          <Text>
            It takes effect on {form.effectiveFrom}. Published versions are never edited, and every open deal is recomputed under the new rules.
          </Text>
          <PreviewText preview={preview} version={form.version} overrideNames={overrideNames} tierNames={tierNames} />
          <ButtonRow>
            <Button
              variant="primary"
              testId="confirm-publish"
              disabled={props.busy || preview?.status === 'loading' || (preview?.status === 'ready' && preview.dryRun.errors.length > 0)}
              onClick={() => {
                setConfirming(false);
                props.onPublish(form);
              }}
            >
              Confirm publish
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </ButtonRow>
        </Alert>
      ) : null}
      <ButtonRow>
        <Button
          testId="validate"
          disabled={props.busy}
          onClick={() => {
            setShowErrors(true);
            if (!hasErrors) props.onValidate(form);
          }}
        >
          Validate
        </Button>
        <Button testId="save-draft" disabled={props.busy} onClick={() => props.onSaveDraft(form)}>
          Save draft
        </Button>
        <Button
          variant="primary"
          testId="publish"
          disabled={props.busy || !sumsOk || hasErrors || confirming}
          onClick={() => {
            setConfirming(true);
            props.onPreview?.(form);
          }}
        >
          Publish…
        </Button>
      </ButtonRow>
    </Flex>
  );
}

/** The dry run in words: deals that change, the pool, and each partner by name. */
function PreviewText({ preview, version, overrideNames, tierNames }: { preview: PublishPreview; version: string; overrideNames: readonly string[]; tierNames: readonly string[] }) {
  if (!preview) return null;
  if (preview.status === 'loading') return <Text testId="publish-preview">Working out what {version} changes on open deals…</Text>;
  if (preview.status === 'failed') return <Text testId="publish-preview">The preview could not be computed; you can still publish.</Text>;
  const d = preview.dryRun;
  if (d.errors.length > 0) {
    return (
      <Flex direction="column" testId="publish-preview">
        {d.errors.map((e) => (
          <Text key={`${e.path}:${e.message}`}>
            {fieldLabel(e.path, overrideNames, tierNames)}: {e.message}
          </Text>
        ))}
      </Flex>
    );
  }
  const catches = d.overrideCatches;
  return (
    <Flex direction="column" testId="publish-preview">
      <Text format={{ fontWeight: 'demibold' }}>
        {d.changedDeals} of {d.openDeals} open partner deal{d.openDeals === 1 ? '' : 's'} change{d.changedDeals === 1 ? 's' : ''}.
      </Text>
      <Text>Commission pool: {changeText(d.poolChange)}.</Text>
      {d.partners.map((p) => (
        <Text key={p.companyId}>
          {p.name}: {changeText(p.change)}
        </Text>
      ))}
      {catches && catches.overrides.length > 0 ? (
        <Flex direction="column" testId="override-catches">
          <Text format={{ fontWeight: 'demibold' }}>Which rules the open deals fall under (the first override that matches):</Text>
          {catches.overrides.map((o, index) => (
            <Text key={`${index}:${o.name}`}>
              {`Override '${o.name}': ${o.deals} deal${o.deals === 1 ? '' : 's'}`}
            </Text>
          ))}
          <Text>{`No override (the rule set's own rates and weights): ${catches.baseDeals} deal${catches.baseDeals === 1 ? '' : 's'}`}</Text>
        </Flex>
      ) : null}
      {d.skippedDeals > 0 ? <Text variant="microcopy">{d.skippedDeals} deal(s) without a computable split (e.g. no amount) are not counted.</Text> : null}
    </Flex>
  );
}

function ValidationResult({ validation, overrideNames, tierNames }: { validation: ValidateRuleSetResponse; overrideNames: readonly string[]; tierNames: readonly string[] }) {
  return (
    <Alert title={validation.valid ? 'Valid rule set' : 'Not valid yet'} variant={validation.valid ? 'success' : 'danger'} testId="validation-result">
      {validation.errors.map((e) => (
        <Text key={`e:${e.path}:${e.message}`}>
          {fieldLabel(e.path, overrideNames, tierNames)}: {e.message}
        </Text>
      ))}
      {validation.warnings.map((w) => (
        <Text key={`w:${w.code}:${w.message}`}>Warning: {w.message}</Text>
      ))}
      {validation.changes.length > 0 ? <Text format={{ fontWeight: 'demibold' }}>Changes versus the published version:</Text> : null}
      {validation.changes.map((c) => (
        <Text key={`c:${c}`}>{c}</Text>
      ))}
    </Alert>
  );
}
