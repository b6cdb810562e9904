import { Button, ButtonRow, Checkbox, Divider, Flex, Heading, Input, NumberInput, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { MAX_TIERS, newTier } from './rule-incentives-form';
import type { IncentiveErrors, IncentivesForm, TierForm, WholeNumber } from './rule-incentives-form';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const whole = (value: unknown): WholeNumber => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The rule set's incentives (docs/decisions/0012-incentives.md): fiscal year start, the co-sell
 * bonus (fixed amount and currency, or uplift percent on the next quarter's allocations, from a
 * number of co-sell wins) and the tiers (name, wins, benefits, commission uplift while held).
 * Problems show next to the input, with the API's words.
 */
export function RuleIncentivesEditor(props: { incentives: IncentivesForm; errors: IncentiveErrors; onChange: (change: (i: IncentivesForm) => IncentivesForm) => void }) {
  const { incentives: form, onChange } = props;
  const err = (key: string) => {
    const message = props.errors[`incentives.${key}`];
    return message ? { error: true, validationMessage: message } : {};
  };
  const setTier = (index: number, change: (t: TierForm) => TierForm) =>
    onChange((f) => ({ ...f, tiers: f.tiers.map((t, i) => (i === index ? change(t) : t)) }));

  return (
    <Flex direction="column" gap="sm" testId="incentives-editor">
      <Divider />
      <Heading>Incentives</Heading>
      <Checkbox name="incentives.enabled" checked={form.enabled} onChange={(enabled) => onChange((f) => ({ ...f, enabled }))}>
        This rule set pays co-sell incentives
      </Checkbox>
      {form.enabled ? (
        <>
          <Flex direction="row" gap="sm" wrap>
            <Select
              label="Fiscal year starts in"
              name="incentives.fiscalYearStartMonth"
              description="Quarters are counted from this month; January means calendar quarters"
              options={MONTHS.map((label, i) => ({ label, value: i + 1 }))}
              value={form.fiscalYearStartMonth}
              onChange={(v) => onChange((f) => ({ ...f, fiscalYearStartMonth: Number(v) >= 1 && Number(v) <= 12 ? Number(v) : f.fiscalYearStartMonth }))}
            />
            <Select
              label="Co-sell bonus"
              name="incentives.bonus"
              options={[
                { label: 'None', value: 'none' },
                { label: 'A fixed amount for the quarter', value: 'fixed' },
                { label: 'An uplift on next quarter’s commission', value: 'uplift' },
              ]}
              value={form.bonus}
              onChange={(v) => onChange((f) => ({ ...f, bonus: v === 'fixed' || v === 'uplift' ? v : 'none' }))}
            />
            {form.bonus !== 'none' ? (
              <NumberInput
                label="Co-sell wins needed in a quarter"
                name="incentives.coSellBonus.minCoSellWins"
                min={1}
                precision={0}
                value={form.bonusMinCoSellWins ?? undefined}
                {...err('coSellBonus.minCoSellWins')}
                onChange={(v) => onChange((f) => ({ ...f, bonusMinCoSellWins: whole(v) }))}
              />
            ) : null}
            {form.bonus === 'fixed' ? (
              <>
                <Input
                  label="Bonus amount"
                  name="incentives.coSellBonus.reward.amount"
                  description="Earned for the quarter that reaches the wins, like 5000.00"
                  value={form.bonusAmount}
                  {...err('coSellBonus.reward.amount')}
                  onChange={(v) => onChange((f) => ({ ...f, bonusAmount: String(v ?? '') }))}
                />
                <Input
                  label="Currency"
                  name="incentives.coSellBonus.reward.currency"
                  value={form.bonusCurrency}
                  {...err('coSellBonus.reward.currency')}
                  onChange={(v) => onChange((f) => ({ ...f, bonusCurrency: String(v ?? '').toUpperCase() }))}
                />
              </>
            ) : null}
            {form.bonus === 'uplift' ? (
              <Input
                label="Uplift (%)"
                name="incentives.coSellBonus.reward.percent"
                description="Extra on each won-deal allocation of the next quarter, like 5 or 2.5"
                value={form.bonusPercent}
                {...err('coSellBonus.reward.percent')}
                onChange={(v) => onChange((f) => ({ ...f, bonusPercent: String(v ?? '') }))}
              />
            ) : null}
          </Flex>
          <Text format={{ fontWeight: 'demibold' }}>Tiers (earned by a quarter’s co-sell wins, held the next quarter; lowest first)</Text>
          {form.tiers.length === 0 ? <Text testId="no-tiers">No tiers.</Text> : null}
          {form.tiers.map((tier, index) => (
            <Flex key={index} direction="row" gap="sm" wrap align="start" testId={`tier-${index}`}>
              <Input label="Tier name" name={`incentives.tiers.${index}.name`} value={tier.name} {...err(`tiers.${index}.name`)} onChange={(v) => setTier(index, (t) => ({ ...t, name: String(v ?? '') }))} />
              <NumberInput
                label="Co-sell wins from"
                name={`incentives.tiers.${index}.minCoSellWins`}
                min={1}
                precision={0}
                value={tier.minCoSellWins ?? undefined}
                {...err(`tiers.${index}.minCoSellWins`)}
                onChange={(v) => setTier(index, (t) => ({ ...t, minCoSellWins: whole(v) }))}
              />
              <Input
                label="Commission uplift (%)"
                name={`incentives.tiers.${index}.commissionUpliftPercent`}
                description="Extra on each won-deal allocation while held, outside the pool; empty for none"
                value={tier.commissionUpliftPercent}
                {...err(`tiers.${index}.commissionUpliftPercent`)}
                onChange={(v) => setTier(index, (t) => ({ ...t, commissionUpliftPercent: String(v ?? '') }))}
              />
              <TextArea
                label="Benefits (one per line)"
                name={`incentives.tiers.${index}.benefits`}
                value={tier.benefits}
                {...err(`tiers.${index}.benefits`)}
                onChange={(v) => setTier(index, (t) => ({ ...t, benefits: String(v ?? '') }))}
              />
              <Button size="sm" variant="destructive" testId={`tier-${index}-remove`} onClick={() => onChange((f) => ({ ...f, tiers: f.tiers.filter((_, i) => i !== index) }))}>
                Remove
              </Button>
            </Flex>
          ))}
          <ButtonRow>
            <Button testId="add-tier" disabled={form.tiers.length >= MAX_TIERS} onClick={() => onChange((f) => ({ ...f, tiers: [...f.tiers, newTier(f.tiers)] }))}>
              Add tier
            </Button>
          </ButtonRow>
        </>
      ) : (
        <Text>No co-sell bonus and no tiers.</Text>
      )}
    </Flex>
  );
}
