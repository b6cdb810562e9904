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
import type { CoSellModel, Role, ValidateRuleSetResponse } from '../shared/card-api';
import { ApiErrorAlert } from '../shared/api-error-alert';
import type { ApiError } from '../shared/hubspot-fetcher';
import { CO_SELL_MODELS, MODEL_LABELS, ROLES, ROLE_LABELS } from '../shared/labels';
import { formatHundredths, isEqualSplit, weightSumHundredths } from './rule-set-form';
import type { RuleSetForm } from './rule-set-form';

const toDateValue = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? { year: y, month: m - 1, date: d } : undefined;
};
const fromDateValue = (v: { year: number; month: number; date: number }) =>
  `${v.year}-${String(v.month + 1).padStart(2, '0')}-${String(v.date).padStart(2, '0')}`;

/**
 * Edits one rule set: role weights per model with a live sum-to-100 check and the equal-split warning,
 * pool rates, missing-role policy and effective date. Validate asks the backend (the domain's full
 * rules); publish needs a second, explicit confirmation because it recomputes every open deal.
 */
export function RuleSetEditor(props: {
  initial: RuleSetForm;
  busy: boolean;
  validation: ValidateRuleSetResponse | null;
  error: ApiError | null;
  onValidate: (form: RuleSetForm) => void;
  onSaveDraft: (form: RuleSetForm) => void;
  onPublish: (form: RuleSetForm) => void;
}) {
  const [form, setForm] = useState<RuleSetForm>(props.initial);
  const [confirming, setConfirming] = useState(false);
  const sums = Object.fromEntries(CO_SELL_MODELS.map((m) => [m, weightSumHundredths(form.models[m])])) as Record<CoSellModel, number>;
  const sumsOk = CO_SELL_MODELS.every((m) => sums[m] === 10_000);
  const setWeight = (model: CoSellModel, role: Role, value: number) =>
    setForm((f) => ({ ...f, models: { ...f.models, [model]: { ...f.models[model], [role]: Number.isFinite(value) ? value : 0 } } }));

  return (
    <Flex direction="column" gap="md">
      <Heading>Edit rule set</Heading>
      <Flex direction="row" gap="sm" wrap>
        <Input label="Version" name="version" value={form.version} onChange={(version) => setForm((f) => ({ ...f, version }))} />
        <DateInput
          label="Effective from"
          name="effectiveFrom"
          value={toDateValue(form.effectiveFrom)}
          onChange={(v) => setForm((f) => ({ ...f, effectiveFrom: fromDateValue(v) }))}
        />
        <NumberInput
          label="Solo pool rate (%)"
          name="soloRate"
          min={0}
          max={100}
          precision={2}
          value={form.soloRate}
          onChange={(soloRate) => setForm((f) => ({ ...f, soloRate: Number.isFinite(soloRate) ? soloRate : 0 }))}
        />
        <NumberInput
          label="Co-sell pool rate (%)"
          name="coSellRate"
          min={0}
          max={100}
          precision={2}
          value={form.coSellRate}
          onChange={(coSellRate) => setForm((f) => ({ ...f, coSellRate: Number.isFinite(coSellRate) ? coSellRate : 0 }))}
        />
        <Select
          label="Default model"
          name="defaultModel"
          options={CO_SELL_MODELS.map((m) => ({ label: MODEL_LABELS[m], value: m }))}
          value={form.defaultModel}
          onChange={(v) => setForm((f) => ({ ...f, defaultModel: String(v) as CoSellModel }))}
        />
        <Select
          label="When a role is missing"
          name="missingRoles"
          options={[
            { label: 'Renormalise the partners present', value: 'renormalize' },
            { label: 'Keep the missing share unallocated', value: 'retain' },
          ]}
          value={form.missingRoles}
          onChange={(v) => setForm((f) => ({ ...f, missingRoles: v === 'retain' ? 'retain' : 'renormalize' }))}
        />
      </Flex>
      {form.coSellRate < form.soloRate ? (
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
                    value={form.models[m][role]}
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
                <Tag variant={sums[m] === 10_000 ? 'success' : 'error'} testId={`sum-${m}`}>
                  {sums[m] === 10_000 ? 'Sum 100 ✓' : `Sum ${formatHundredths(sums[m])}, must be 100`}
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
      {props.validation ? <ValidationResult validation={props.validation} /> : null}
      {props.error ? <ApiErrorAlert title="The request failed" error={props.error} /> : null}
      {confirming ? (
        <Alert title={`Publish version ${form.version}?`} variant="warning" testId="publish-confirmation">
          <Text>
            It takes effect on {form.effectiveFrom}. Published versions are never edited, and every open deal is recomputed under the new rules.
          </Text>
          <ButtonRow>
            <Button
              variant="primary"
              testId="confirm-publish"
              disabled={props.busy}
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
        <Button testId="validate" disabled={props.busy} onClick={() => props.onValidate(form)}>
          Validate
        </Button>
        <Button testId="save-draft" disabled={props.busy} onClick={() => props.onSaveDraft(form)}>
          Save draft
        </Button>
        <Button variant="primary" testId="publish" disabled={props.busy || !sumsOk || confirming} onClick={() => setConfirming(true)}>
          Publish…
        </Button>
      </ButtonRow>
    </Flex>
  );
}

function ValidationResult({ validation }: { validation: ValidateRuleSetResponse }) {
  return (
    <Alert title={validation.valid ? 'Valid rule set' : 'Not valid yet'} variant={validation.valid ? 'success' : 'danger'} testId="validation-result">
      {validation.errors.map((e) => (
        <Text key={`e:${e.path}:${e.message}`}>
          {e.path}: {e.message}
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
