import {
  Alert,
  Button,
  ButtonRow,
  Checkbox,
  Divider,
  Flex,
  Heading,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CoSellModel, DealPipelineList, Role } from '@cosell/contract';
import { CO_SELL_MODELS, MODEL_LABELS, ROLE_LABELS, ROLES } from '@cosell/card-kit';
import type { ResourceState } from '@cosell/card-kit';
import { moveOverride, newOverride, overrideShadowWarnings, splitList, tableSumHundredths } from './rule-overrides-form';
import type { OverrideErrors, OverrideForm, OverrideNumber } from './rule-overrides-form';

/** A number input's value; empty (undefined/NaN) is null: "from the rule set" for rates, an error for weights. */
const numberOrNull = (value: unknown): OverrideNumber => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const sumText = (hundredths: number) => (hundredths % 100 === 0 ? String(hundredths / 100) : (hundredths / 100).toFixed(2));

export interface RuleOverridesEditorProps {
  overrides: OverrideForm[];
  /** The deal properties overrides may test, as typed ("territory, product_line"). */
  dealProperties: string;
  /** The portal's deal pipelines, for choosing by label. */
  pipelines: ResourceState<DealPipelineList>;
  /** The whole form's errors; the keys under `overrides.` and `dealProperties` are shown here. */
  errors: OverrideErrors;
  /** The base rule set's weight tables, copied when an override starts replacing one. */
  baseModels: Record<CoSellModel, Record<Role, number | null>>;
  onChange: (overrides: OverrideForm[]) => void;
  onDealPropertiesChange: (text: string) => void;
}

/**
 * The rule set's overrides, in order (the first whose conditions a deal meets is used): add, move
 * up or down, remove; each one's conditions (amount range, currencies, pipelines by name, the listed
 * deal properties) and what it replaces (pool rates, whole weight tables, default model, missing-role
 * policy). Problems show next to their input, and an override an earlier one always catches first
 * is flagged by name.
 */
export function RuleOverridesEditor(props: RuleOverridesEditorProps) {
  const { overrides, errors } = props;
  const shadowed = overrideShadowWarnings(overrides);
  const listed = splitList(props.dealProperties);
  const replace = (index: number, change: (o: OverrideForm) => OverrideForm) =>
    props.onChange(overrides.map((o, i) => (i === index ? change(o) : o)));
  const fieldError = (key: string) => (errors[key] ? { error: true, validationMessage: errors[key] } : {});

  return (
    <Flex direction="column" gap="sm" testId="overrides-editor">
      <Heading>Overrides</Heading>
      <Text>
        Rules for some deals: the first override whose conditions a deal meets replaces what it sets; deals no override matches use the rules
        above. Order matters.
      </Text>
      <Input
        label="Deal properties overrides may test"
        name="dealProperties"
        description="Internal names separated by commas, like territory, product_line; the worker reads them with each deal."
        value={props.dealProperties}
        {...fieldError('dealProperties')}
        onChange={(text) => props.onDealPropertiesChange(String(text ?? ''))}
      />
      {overrides.length === 0 ? <Text testId="no-overrides">No overrides: every deal uses the rules above.</Text> : null}
      {overrides.map((o, index) => (
        <OverrideSection
          key={index}
          index={index}
          count={overrides.length}
          override={o}
          listed={listed}
          pipelines={props.pipelines}
          fieldError={fieldError}
          errors={errors}
          shadowed={shadowed[index] ?? null}
          baseModels={props.baseModels}
          onChange={(change) => replace(index, change)}
          onMove={(step) => props.onChange(moveOverride(overrides, index, step))}
          onRemove={() => props.onChange(overrides.filter((_, i) => i !== index))}
        />
      ))}
      <ButtonRow>
        <Button testId="add-override" onClick={() => props.onChange([...overrides, newOverride(overrides.map((o) => o.name))])}>
          Add override
        </Button>
      </ButtonRow>
    </Flex>
  );
}

type FieldErrorProps = (key: string) => { error?: boolean; validationMessage?: string };

function OverrideSection(props: {
  index: number;
  count: number;
  override: OverrideForm;
  listed: string[];
  pipelines: ResourceState<DealPipelineList>;
  fieldError: FieldErrorProps;
  errors: OverrideErrors;
  shadowed: string | null;
  baseModels: Record<CoSellModel, Record<Role, number | null>>;
  onChange: (change: (o: OverrideForm) => OverrideForm) => void;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { index, override: o, onChange } = props;
  const key = (field: string) => `overrides.${index}.${field}`;
  const err = (field: string) => props.fieldError(key(field));
  const title = o.name.trim() === '' ? `Override ${index + 1}` : `${index + 1}. ${o.name.trim()}`;
  // The listed properties, then any the override still tests though they are no longer listed (shown with their error).
  const propertyNames = [...props.listed, ...Object.keys(o.properties).filter((p) => !props.listed.some((l) => l.toLowerCase() === p.toLowerCase()) && o.properties[p]?.trim())];

  return (
    <Flex direction="column" gap="xs" testId={`override-${index}`}>
      <Divider />
      <Flex direction="row" gap="sm" align="center">
        <Text format={{ fontWeight: 'bold' }}>{title}</Text>
        <ButtonRow>
          <Button size="sm" testId={`override-${index}-up`} disabled={index === 0} onClick={() => props.onMove(-1)}>
            Move up
          </Button>
          <Button size="sm" testId={`override-${index}-down`} disabled={index === props.count - 1} onClick={() => props.onMove(1)}>
            Move down
          </Button>
          <Button size="sm" variant="destructive" testId={`override-${index}-remove`} onClick={props.onRemove}>
            Remove
          </Button>
        </ButtonRow>
      </Flex>
      {props.shadowed ? (
        <Alert title="This override never applies" variant="warning" testId={`override-${index}-shadowed`}>
          <Text>{props.shadowed}</Text>
        </Alert>
      ) : null}
      <Input label="Name" name={key('name')} description="Shown on the card, the ledger and statements" value={o.name} {...err('name')} onChange={(v) => onChange((x) => ({ ...x, name: String(v ?? '') }))} />
      <Text format={{ fontWeight: 'demibold' }}>When (every condition given must hold; leave empty for any)</Text>
      <Flex direction="row" gap="sm" wrap>
        <Input
          label="Amount at least"
          name={key('minAmount')}
          description="In the deal's currency, like 100000.00"
          value={o.minAmount}
          {...err('minAmount')}
          onChange={(v) => onChange((x) => ({ ...x, minAmount: String(v ?? '') }))}
        />
        <Input
          label="Amount below"
          name={key('maxAmount')}
          description="In the deal's currency"
          value={o.maxAmount}
          {...err('maxAmount')}
          onChange={(v) => onChange((x) => ({ ...x, maxAmount: String(v ?? '') }))}
        />
        <Input
          label="Currencies"
          name={key('currencies')}
          description="ISO codes separated by commas, like USD, EUR"
          value={o.currencies}
          {...err('currencies')}
          onChange={(v) => onChange((x) => ({ ...x, currencies: String(v ?? '') }))}
        />
        <PipelinePicker name={key('pipelines')} chosen={o.pipelines} pipelines={props.pipelines} onChange={(pipelines) => onChange((x) => ({ ...x, pipelines }))} />
      </Flex>
      {propertyNames.length > 0 ? (
        <Flex direction="row" gap="sm" wrap>
          {propertyNames.map((property) => (
            <Input
              key={property}
              label={`Deal property ${property}`}
              name={key(`properties.${property}`)}
              description="Allowed values separated by commas (any case)"
              value={o.properties[property] ?? ''}
              {...err(`properties.${property}`)}
              onChange={(v) => onChange((x) => ({ ...x, properties: { ...x.properties, [property]: String(v ?? '') } }))}
            />
          ))}
        </Flex>
      ) : null}
      <Text format={{ fontWeight: 'demibold' }}>Then (leave empty to keep the rule set's)</Text>
      <Flex direction="row" gap="sm" wrap>
        <NumberInput
          label="Solo pool rate (%)"
          name={key('soloRate')}
          placeholder="From the rule set"
          min={0}
          max={100}
          precision={2}
          value={o.soloRate ?? undefined}
          {...err('soloRate')}
          onChange={(v) => onChange((x) => ({ ...x, soloRate: numberOrNull(v) }))}
        />
        <NumberInput
          label="Co-sell pool rate (%)"
          name={key('coSellRate')}
          placeholder="From the rule set"
          min={0}
          max={100}
          precision={2}
          value={o.coSellRate ?? undefined}
          {...err('coSellRate')}
          onChange={(v) => onChange((x) => ({ ...x, coSellRate: numberOrNull(v) }))}
        />
        <Select
          label="Default model"
          name={key('defaultModel')}
          options={[{ label: "The rule set's", value: '' }, ...CO_SELL_MODELS.map((m) => ({ label: MODEL_LABELS[m], value: m }))]}
          value={o.defaultModel}
          onChange={(v) => onChange((x) => ({ ...x, defaultModel: (CO_SELL_MODELS as readonly string[]).includes(String(v)) ? (String(v) as CoSellModel) : '' }))}
        />
        <Select
          label="When a role is missing"
          name={key('missingRoles')}
          options={[
            { label: "The rule set's", value: '' },
            { label: 'Renormalise the partners present', value: 'renormalize' },
            { label: 'Keep the missing share unallocated', value: 'retain' },
          ]}
          value={o.missingRoles}
          onChange={(v) => onChange((x) => ({ ...x, missingRoles: v === 'retain' || v === 'renormalize' ? v : '' }))}
        />
      </Flex>
      {CO_SELL_MODELS.map((model) => (
        <OverrideWeights
          key={model}
          model={model}
          name={key(model)}
          table={o.models[model]}
          error={props.errors[key(model)]}
          fieldError={(role) => err(`${model}.${role}`)}
          onToggle={(on) =>
            onChange((x) => {
              const models = { ...x.models };
              if (on) models[model] = { ...props.baseModels[model] };
              else delete models[model];
              return { ...x, models };
            })
          }
          onWeight={(role, value) =>
            onChange((x) => ({ ...x, models: { ...x.models, [model]: { ...(x.models[model] ?? props.baseModels[model]), [role]: numberOrNull(value) } } }))
          }
        />
      ))}
    </Flex>
  );
}

/** Pipelines by label; an id HubSpot no longer lists stays chosen and is shown as such. */
function PipelinePicker(props: { name: string; chosen: string[]; pipelines: ResourceState<DealPipelineList>; onChange: (ids: string[]) => void }) {
  const state = props.pipelines;
  const known = state.status === 'ready' || state.status === 'stale' ? state.data.pipelines : [];
  const options = [
    ...known.map((p) => ({ label: p.label, value: p.id })),
    ...props.chosen.filter((id) => !known.some((p) => p.id === id)).map((id) => ({ label: `A pipeline HubSpot no longer lists (${id})`, value: id })),
  ];
  const description =
    state.status === 'loading' ? 'Loading the portal\'s pipelines…' : state.status === 'error' ? `Couldn't load the pipelines: ${state.error.message}` : 'Any pipeline when none is chosen';
  return (
    <MultiSelect
      label="Pipelines"
      name={props.name}
      description={description}
      options={options}
      value={props.chosen}
      onChange={(values) => props.onChange(values.map(String))}
    />
  );
}

function OverrideWeights(props: {
  model: CoSellModel;
  name: string;
  table: Record<Role, OverrideNumber> | undefined;
  error: string | undefined;
  fieldError: (role: Role) => { error?: boolean; validationMessage?: string };
  onToggle: (on: boolean) => void;
  onWeight: (role: Role, value: unknown) => void;
}) {
  const { model, table } = props;
  return (
    <Flex direction="column" gap="xs">
      <Checkbox name={`${props.name}.replace`} checked={table !== undefined} onChange={(checked) => props.onToggle(checked)}>
        {`Replace the ${MODEL_LABELS[model]} weights`}
      </Checkbox>
      {table ? (
        <Flex direction="row" gap="xs" wrap align="end">
          {ROLES.map((role) => (
            <NumberInput
              key={role}
              label={`${MODEL_LABELS[model]} · ${ROLE_LABELS[role]}`}
              name={`${props.name}.${role}`}
              min={0}
              max={100}
              precision={2}
              value={table[role] ?? undefined}
              {...props.fieldError(role)}
              onChange={(v) => props.onWeight(role, v)}
            />
          ))}
          <Tag variant={props.error ? 'error' : 'success'} testId={`${props.name}.sum`}>
            {props.error ?? `Sum ${sumText(tableSumHundredths(table))} ✓`}
          </Tag>
        </Flex>
      ) : null}
    </Flex>
  );
}
