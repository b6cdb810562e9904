import { Alert, Button, Checkbox, Input, NumberInput, Select, Table, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { IncentivesSimulation, PublishedRuleSet, RuleSetDocument, RuleSetList } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { SettingsPage } from './settings-page';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };
const ruleSet: RuleSetDocument = {
  version: '2026.2',
  effectiveFrom: '2026-07-01',
  pool: { soloRate: 20, coSellRate: 25 },
  defaultModel: 'sell_with',
  models: {
    sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15 },
    sell_through: { selling: 70, influence: 30 },
    sell_to: { sourcing: 20, selling: 80 },
  },
  missingRoles: 'renormalize',
  incentives: {
    fiscalYearStartMonth: 1,
    coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
    tiers: [{ name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'], commissionUpliftPercent: '2' }],
  },
};
const published: PublishedRuleSet = { id: 'rs-2', version: '2026.2', effectiveFrom: '2026-07-01', publishedAt: '2026-07-01T08:00:00.000Z', publishedBy: '7', publishedByName: 'Ana Ruiz', ruleSet, changes: [], warnings: [] };
const list = (doc: RuleSetDocument = ruleSet): RuleSetList => ({ published: [{ ...published, ruleSet: doc }], drafts: [], inForce: '2026.2' });
const valid = { status: 200, body: { valid: true, errors: [], warnings: [], changes: [] } };

function setup(handler: (req: FakeRequest) => FakeAnswer | null = () => null, doc: RuleSetDocument = ruleSet) {
  const backend = createFakeHubspotFetch((req) => handler(req) ?? (req.path.endsWith('/deal-pipelines') ? { status: 200, body: { pipelines: [] } } : { status: 200, body: list(doc) }));
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage actions={renderer.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} today="2026-12-02" />);
  return { ...renderer, backend };
}
type R = ReturnType<typeof setup>;
const sentIncentives = (r: R) => (r.backend.calls.filter((c) => c.path.endsWith('/validate')).at(-1)?.body as { ruleSet: RuleSetDocument }).ruleSet.incentives;

describe('Split rules: the incentives editor', () => {
  it('shows the fiscal calendar, the bonus and the tiers with their commission uplift', async () => {
    const r = setup();
    await r.waitFor(() => expect(r.maybeFind(Checkbox, { name: 'incentives.enabled' })).toBeTruthy());
    expect(r.find(Checkbox, { name: 'incentives.enabled' }).props.checked).toBe(true);
    expect(r.find(Select, { name: 'incentives.fiscalYearStartMonth' }).props.value).toBe(1);
    expect(r.find(Select, { name: 'incentives.bonus' }).props.value).toBe('fixed');
    expect(r.find(Input, { name: 'incentives.coSellBonus.reward.amount' }).props.value).toBe('5000.00');
    expect(r.find(Input, { name: 'incentives.tiers.0.name' }).props.value).toBe('Co-sell Silver');
    expect(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }).props.value).toBe('2');
    expect(r.find(TextArea, { name: 'incentives.tiers.0.benefits' }).props.value).toBe('Exclusive leads');
  });

  it('edits them and sends what was typed: an uplift bonus, a fiscal year from April, a second tier', async () => {
    const r = setup((req) => (req.path.endsWith('/validate') ? valid : null));
    await r.waitFor(() => expect(r.maybeFind(Select, { name: 'incentives.bonus' })).toBeTruthy());
    fire(r.find(Select, { name: 'incentives.fiscalYearStartMonth' }), 'onChange', 4);
    fire(r.find(Select, { name: 'incentives.bonus' }), 'onChange', 'uplift');
    fire(r.find(Input, { name: 'incentives.coSellBonus.reward.percent' }), 'onChange', '2.5');
    fire(r.find(NumberInput, { name: 'incentives.coSellBonus.minCoSellWins' }), 'onChange', 2);
    r.findByTestId(Button, 'add-tier').trigger('onClick');
    fire(r.find(Input, { name: 'incentives.tiers.1.name' }), 'onChange', 'Co-sell Gold');
    fire(r.find(Input, { name: 'incentives.tiers.1.commissionUpliftPercent' }), 'onChange', '3.5');
    fire(r.find(TextArea, { name: 'incentives.tiers.1.benefits' }), 'onChange', 'Priority deal registration\nFaster payout cycle');
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'validation-result')).toBeTruthy());
    expect(sentIncentives(r)).toEqual({
      fiscalYearStartMonth: 4,
      coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '2.5' } },
      tiers: [
        { name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'], commissionUpliftPercent: '2' },
        { name: 'Co-sell Gold', minCoSellWins: 6, benefits: ['Priority deal registration', 'Faster payout cycle'], commissionUpliftPercent: '3.5' },
      ],
    });
  });

  it('shows problems next to the input, blocks publishing, and names the tier in the summary', async () => {
    const r = setup();
    await r.waitFor(() => expect(r.maybeFind(Input, { name: 'incentives.tiers.0.name' })).toBeTruthy());
    r.findByTestId(Button, 'add-tier').trigger('onClick');
    fire(r.find(NumberInput, { name: 'incentives.tiers.1.minCoSellWins' }), 'onChange', 4);
    expect(r.find(NumberInput, { name: 'incentives.tiers.1.minCoSellWins' }).props).toMatchObject({ error: true, validationMessage: "must be greater than the previous tier's (Co-sell Silver: 5)" });
    fire(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }), 'onChange', '0');
    expect(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }).props.validationMessage).toBe('must be more than 0 and at most 100');
    fire(r.find(Input, { name: 'incentives.coSellBonus.reward.amount' }), 'onChange', '0');
    expect(r.find(Input, { name: 'incentives.coSellBonus.reward.amount' }).props.validationMessage).toBe('must be more than 0, got "0"');
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
    r.findByTestId(Button, 'validate').trigger('onClick');
    const summary = deepText(r.findByTestId(Alert, 'form-errors'));
    expect(summary).toContain("Tier 'Tier 2' · Co-sell wins from: must be greater than the previous tier's (Co-sell Silver: 5)");
    expect(summary).toContain("Tier 'Co-sell Silver' · Commission uplift (%): must be more than 0 and at most 100");
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('switching incentives off sends none; switching them on for a rule set without any starts empty', async () => {
    const r = setup((req) => (req.path.endsWith('/validate') ? valid : null));
    await r.waitFor(() => expect(r.maybeFind(Checkbox, { name: 'incentives.enabled' })).toBeTruthy());
    fire(r.find(Checkbox, { name: 'incentives.enabled' }), 'onChange', false);
    expect(r.maybeFind(Select, { name: 'incentives.bonus' })).toBeNull();
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'validation-result')).toBeTruthy());
    expect(sentIncentives(r)).toBeUndefined();

    const { incentives: _none, ...plain } = ruleSet;
    const fresh = setup((req) => (req.path.endsWith('/validate') ? valid : null), plain);
    await fresh.waitFor(() => expect(fresh.maybeFind(Checkbox, { name: 'incentives.enabled' })).toBeTruthy());
    expect(fresh.find(Checkbox, { name: 'incentives.enabled' }).props.checked).toBe(false);
    fire(fresh.find(Checkbox, { name: 'incentives.enabled' }), 'onChange', true);
    fresh.findByTestId(Button, 'validate').trigger('onClick');
    await fresh.waitFor(() => expect(fresh.findByTestId(Alert, 'validation-result')).toBeTruthy());
    expect(sentIncentives(fresh)).toEqual({ fiscalYearStartMonth: 1, tiers: [] });
  });

  it('"Try on last quarter" shows what partners would earn under the rules on the page, by name, beside the published rules', async () => {
    const result: IncentivesSimulation = {
      errors: [],
      quarter: { label: '2026-Q3', firstDay: '2026-07-01', lastDay: '2026-09-30' },
      wonDeals: 4,
      skippedDeals: 1,
      partners: [
        { companyId: '11', name: 'Northwind', currency: 'USD', coSellWins: 3, heldTier: 'Co-sell Silver', tier: 'Co-sell Silver', commission: '2000.00', bonus: '5000.00', uplift: '0.00', tierUplift: '40.00', total: '7040.00', publishedTotal: '2000.00' },
      ],
    };
    let answer: { status: number; body: unknown } = { status: 200, body: result };
    const r = setup((req) => (req.path === '/api/v1/settings/incentives-simulation' ? answer : null));
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'try-last-quarter')).toBeTruthy());
    fire(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }), 'onChange', '3');
    r.findByTestId(Button, 'try-last-quarter').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Table, 'simulation-table')).toBeTruthy());
    const table = deepText(r.findByTestId(Table, 'simulation-table'));
    expect(table).toContain('Northwind');
    expect(table).toContain('40.00 USD');
    expect(table).toContain('7040.00 USD');
    expect(r.findByTestId(Text, 'simulation-summary').text).toBe('2026-Q3 (2026-07-01 to 2026-09-30): 4 won partner deals in it and the quarter before. 1 won deal without a computable split (no amount, unknown currency) left out.');
    // What was simulated is the rules as edited, not as published.
    const sent = r.backend.calls.find((c) => c.path === '/api/v1/settings/incentives-simulation')?.body as { ruleSet: RuleSetDocument; quarter?: string };
    expect(sent.ruleSet.incentives?.tiers[0]?.commissionUpliftPercent).toBe('3');
    expect(sent.quarter).toBeUndefined();
    expect(r.maybeFindByTestId(Text, 'simulation-stale')).toBeNull();
    fire(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }), 'onChange', '4');
    expect(r.findByTestId(Text, 'simulation-stale')).toBeTruthy();
    // A refusal is shown with its message.
    answer = { status: 403, body: { error: { code: 'forbidden', message: 'user 7 may not change settings' } } };
    r.findByTestId(Button, 'try-last-quarter').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'simulation-status'))).toContain('may not change settings'));
    // The API's field errors read with the tier's name.
    answer = { status: 200, body: { ...result, errors: [{ path: 'ruleSet.incentives.tiers[0].commissionUpliftPercent', message: 'must be more than 0 and at most 100' }], partners: [] } };
    r.findByTestId(Button, 'try-last-quarter').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'simulation-errors'))).toContain("Tier 'Co-sell Silver' · Commission uplift (%): must be more than 0 and at most 100"));
    // Not offered while the form has errors.
    fire(r.find(Input, { name: 'incentives.tiers.0.commissionUpliftPercent' }), 'onChange', '0');
    expect(r.findByTestId(Button, 'try-last-quarter').props.disabled).toBe(true);
  });
});
