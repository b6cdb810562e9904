import { Alert, Button, Checkbox, Flex, Input, MultiSelect, NumberInput, Select, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { DealPipelineList, PublishedRuleSet, RuleOverrideDocument, RuleSetDocument, RuleSetDryRunResponse, RuleSetList } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { SettingsPage } from './settings-page';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const enterprise: RuleOverrideDocument = { name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['p-ent'] }, pool: { coSellRate: 30 } };
const emea: RuleOverrideDocument = {
  name: 'EMEA services',
  when: { properties: { territory: ['EMEA'] } },
  models: { sell_with: { sourcing: 15, selling: 35, technical_validation: 20, implementation: 30 } },
};

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
  dealProperties: ['territory'],
  overrides: [enterprise, emea],
};
const v2: PublishedRuleSet = {
  id: 'rs-2',
  version: '2026.2',
  effectiveFrom: '2026-07-01',
  publishedAt: '2026-07-01T08:00:00.000Z',
  publishedBy: '7',
  publishedByName: 'Ana Ruiz',
  ruleSet,
  changes: [],
  warnings: [],
};
const list: RuleSetList = { published: [v2], drafts: [], inForce: '2026.2' };
const pipelines: DealPipelineList = { pipelines: [{ id: 'default', label: 'Sales Pipeline' }, { id: 'p-ent', label: 'Enterprise' }] };

function setup(extra: (req: FakeRequest) => FakeAnswer | null = () => null) {
  const backend = createFakeHubspotFetch((req) => {
    const answer = extra(req);
    if (answer) return answer;
    if (req.path === '/api/v1/settings/deal-pipelines') return { status: 200, body: pipelines };
    return { status: 200, body: list };
  });
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage actions={renderer.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} today="2026-12-02" />);
  return { ...renderer, backend };
}
type R = ReturnType<typeof setup>;

const input = (r: R, name: string) => r.find(Input, { name });
const number = (r: R, name: string) => r.find(NumberInput, { name });
const names = (r: R) => [0, 1, 2, 3].flatMap((i) => (r.maybeFind(Input, { name: `overrides.${i}.name` }) ? [String(r.find(Input, { name: `overrides.${i}.name` }).props.value)] : []));
const sent = (r: R, suffix: string) => (r.backend.calls.filter((c) => c.path.endsWith(suffix)).at(-1)?.body as { ruleSet: RuleSetDocument }).ruleSet;
const ready = (r: R) => r.waitFor(() => expect(r.maybeFind(Input, { name: 'overrides.0.name' })).toBeTruthy());

describe('Split rules: the overrides editor', () => {
  it('shows the overrides in order, pipelines by their label, and the deal properties they may test', async () => {
    const r = setup();
    await ready(r);
    expect(names(r)).toEqual(['Enterprise deals', 'EMEA services']);
    expect(input(r, 'dealProperties').props.value).toBe('territory');
    expect(input(r, 'overrides.0.minAmount').props.value).toBe('100000.00');
    expect(number(r, 'overrides.0.coSellRate').props.value).toBe(30);
    expect(number(r, 'overrides.0.soloRate').props.value).toBeUndefined();
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'overrides.0.pipelines' }).props.options).toEqual([
      { label: 'Sales Pipeline', value: 'default' },
      { label: 'Enterprise', value: 'p-ent' },
    ]));
    expect(r.find(MultiSelect, { name: 'overrides.0.pipelines' }).props.value).toEqual(['p-ent']);
    expect(input(r, 'overrides.1.properties.territory').props.value).toBe('EMEA');
    expect(r.find(Checkbox, { name: 'overrides.1.sell_with.replace' }).props.checked).toBe(true);
    expect(number(r, 'overrides.1.sell_with.implementation').props.value).toBe(30);
    expect(r.maybeFind(NumberInput, { name: 'overrides.0.sell_with.selling' })).toBeNull();
  });

  it('adds, moves and removes overrides, and sends them in the order shown', async () => {
    const r = setup((req) => (req.path.endsWith('/validate') ? { status: 200, body: { valid: true, errors: [], warnings: [], changes: [] } } : null));
    await ready(r);
    r.findByTestId(Button, 'add-override').trigger('onClick');
    expect(names(r)).toEqual(['Enterprise deals', 'EMEA services', 'New override']);
    fire(input(r, 'overrides.2.name'), 'onChange', 'Small deals');
    fire(input(r, 'overrides.2.maxAmount'), 'onChange', '5000');
    r.findByTestId(Button, 'override-2-up').trigger('onClick');
    r.findByTestId(Button, 'override-1-up').trigger('onClick');
    expect(names(r)).toEqual(['Small deals', 'Enterprise deals', 'EMEA services']);
    expect(r.findByTestId(Button, 'override-0-up').props.disabled).toBe(true);
    expect(r.findByTestId(Button, 'override-2-down').props.disabled).toBe(true);
    r.findByTestId(Button, 'override-1-remove').trigger('onClick');
    expect(names(r)).toEqual(['Small deals', 'EMEA services']);
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'validation-result')).toBeTruthy());
    expect(sent(r, '/validate').overrides).toEqual([{ name: 'Small deals', when: { maxAmount: '5000' } }, emea]);
  });

  it('edits conditions and what an override replaces: pipelines by label, a deal property, rates, a weight table, model and policy', async () => {
    const r = setup((req) => (req.path.endsWith('/validate') ? { status: 200, body: { valid: true, errors: [], warnings: [], changes: [] } } : null));
    await ready(r);
    fire(input(r, 'dealProperties'), 'onChange', 'territory, product_line');
    fire(input(r, 'overrides.0.properties.product_line'), 'onChange', 'Software, Services');
    fire(r.find(MultiSelect, { name: 'overrides.0.pipelines' }), 'onChange', ['p-ent', 'default']);
    fire(input(r, 'overrides.0.currencies'), 'onChange', 'USD, EUR');
    fire(number(r, 'overrides.0.coSellRate'), 'onChange', undefined);
    fire(number(r, 'overrides.0.soloRate'), 'onChange', 22.5);
    fire(r.find(Checkbox, { name: 'overrides.0.sell_to.replace' }), 'onChange', true);
    // A replaced table starts as the rule set's own.
    expect(number(r, 'overrides.0.sell_to.selling').props.value).toBe(80);
    fire(number(r, 'overrides.0.sell_to.sourcing'), 'onChange', 40);
    fire(number(r, 'overrides.0.sell_to.selling'), 'onChange', 60);
    fire(r.find(Select, { name: 'overrides.0.defaultModel' }), 'onChange', 'sell_to');
    fire(r.find(Select, { name: 'overrides.0.missingRoles' }), 'onChange', 'retain');
    fire(r.find(Checkbox, { name: 'overrides.1.sell_with.replace' }), 'onChange', false);
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'validation-result')).toBeTruthy());
    const doc = sent(r, '/validate');
    expect(doc.dealProperties).toEqual(['territory', 'product_line']);
    expect(doc.overrides).toEqual([
      {
        name: 'Enterprise deals',
        when: { minAmount: '100000.00', currencies: ['USD', 'EUR'], pipelines: ['p-ent', 'default'], properties: { product_line: ['Software', 'Services'] } },
        pool: { soloRate: 22.5 },
        models: { sell_to: { sourcing: 40, selling: 60 } },
        defaultModel: 'sell_to',
        missingRoles: 'retain',
      },
      { name: 'EMEA services', when: { properties: { territory: ['EMEA'] } } },
    ]);
  });

  it('shows each problem next to its input and blocks publishing; the summary names the override', async () => {
    const r = setup();
    await ready(r);
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(false);
    fire(input(r, 'overrides.0.maxAmount'), 'onChange', '50000');
    expect(input(r, 'overrides.0.maxAmount').props).toMatchObject({
      error: true,
      validationMessage: 'must be above the minimum (100000.00): no amount is at least 100000.00 and below 50000, so this override could never apply',
    });
    fire(number(r, 'overrides.1.sell_with.selling'), 'onChange', 30);
    expect(r.findByTestId(Tag, 'overrides.1.sell_with.sum').text).toBe('Sell with weights sum to 95, must be 100');
    fire(input(r, 'overrides.1.name'), 'onChange', 'enterprise deals');
    expect(input(r, 'overrides.1.name').props.validationMessage).toBe('another override above is also named "Enterprise deals"');
    fire(input(r, 'dealProperties'), 'onChange', '');
    expect(input(r, 'overrides.1.properties.territory').props.validationMessage).toMatch(/"territory" is not listed/);
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
    r.findByTestId(Button, 'validate').trigger('onClick');
    const summary = deepText(r.findByTestId(Alert, 'form-errors'));
    expect(summary).toContain("Override 'Enterprise deals' · Amount below: must be above the minimum");
    expect(summary).toContain("Override 'enterprise deals' · Sell with weights: Sell with weights sum to 95, must be 100");
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('warns, by name, about an override an earlier one always catches first, without blocking', async () => {
    const r = setup();
    await ready(r);
    expect(r.maybeFindByTestId(Alert, 'override-1-shadowed')).toBeNull();
    // Enterprise deals now catches every deal in EMEA too.
    fire(input(r, 'overrides.0.minAmount'), 'onChange', '');
    fire(r.find(MultiSelect, { name: 'overrides.0.pipelines' }), 'onChange', []);
    expect(deepText(r.findByTestId(Alert, 'override-1-shadowed'))).toContain(
      "'EMEA services' never applies: every deal it matches is caught first by 'Enterprise deals' above it",
    );
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(false);
    r.findByTestId(Button, 'override-1-up').trigger('onClick');
    expect(r.maybeFindByTestId(Alert, 'override-0-shadowed')).toBeNull();
    expect(r.maybeFindByTestId(Alert, 'override-1-shadowed')).toBeNull();
  });

  it('names the override in the API\'s field errors', async () => {
    const r = setup((req) =>
      req.path.endsWith('/validate')
        ? { status: 200, body: { valid: false, errors: [{ path: 'ruleSet.overrides[1].when.currencies[0]', message: 'unknown currency "XXY"' }], warnings: [], changes: [] } }
        : null,
    );
    await ready(r);
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'validation-result'))).toContain("Override 'EMEA services' · Currencies: unknown currency \"XXY\""));
  });

  it('the publish preview says how many open deals each override catches, by name', async () => {
    const dryRun: RuleSetDryRunResponse = {
      version: '2026.3',
      errors: [],
      openDeals: 5,
      changedDeals: 2,
      poolChange: [],
      partners: [],
      skippedDeals: 0,
      overrideCatches: { overrides: [{ name: 'Enterprise deals', deals: 2 }, { name: 'EMEA services', deals: 0 }], baseDeals: 3 },
    };
    const r = setup((req) => (req.path.endsWith('/dry-run') ? { status: 200, body: dryRun } : null));
    await ready(r);
    r.findByTestId(Button, 'publish').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Flex, 'override-catches')).toBeTruthy());
    const text = deepText(r.findByTestId(Flex, 'override-catches'));
    expect(text).toContain("Override 'Enterprise deals': 2 deals");
    expect(text).toContain("Override 'EMEA services': 0 deals");
    expect(text).toContain("No override (the rule set's own rates and weights): 3 deals");
    expect(sent(r, '/dry-run').overrides?.map((o) => o.name)).toEqual(['Enterprise deals', 'EMEA services']);
  });

  it('still edits when the pipelines cannot be loaded, keeping the chosen ids', async () => {
    const r = setup((req) => (req.path === '/api/v1/settings/deal-pipelines' ? { status: 502, body: { error: { code: 'hubspot_unavailable', message: 'HubSpot did not answer' } } } : null));
    await ready(r);
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'overrides.0.pipelines' }).props.description).toContain("Couldn't load the pipelines"));
    expect(r.find(MultiSelect, { name: 'overrides.0.pipelines' }).props.options).toEqual([{ label: 'A pipeline HubSpot no longer lists (p-ent)', value: 'p-ent' }]);
  });
});

describe('Split rules: a published version shows its overrides and incentives', () => {
  it('lists the overrides in order, pipelines by label, and the tiers with their uplift', async () => {
    const withIncentives: RuleSetList = {
      ...list,
      published: [{ ...v2, ruleSet: { ...ruleSet, incentives: { fiscalYearStartMonth: 4, coSellBonus: { minCoSellWins: 3, reward: { kind: 'uplift', percent: '5' } }, tiers: [{ name: 'Gold', minCoSellWins: 10, benefits: ['MDF'], commissionUpliftPercent: '2' }] } } }],
    };
    const r = setup((req) => (req.path === '/api/v1/rule-sets' ? { status: 200, body: withIncentives } : null));
    await ready(r);
    await r.waitFor(() => expect(r.find(MultiSelect, { name: 'overrides.0.pipelines' }).props.options).toHaveLength(2));
    r.findByTestId(Button, 'view-2026.2').trigger('onClick');
    const overrides = deepText(r.findByTestId(Flex, 'version-overrides'));
    expect(overrides).toContain('1. Enterprise deals: amount at least 100000.00, pipeline Enterprise → co-sell rate 30%');
    expect(overrides).toContain('2. EMEA services: territory EMEA → Sell with weights Sourcing 15, Selling 35, Technical validation 20, Implementation 30');
    const incentives = deepText(r.findByTestId(Flex, 'version-incentives'));
    expect(incentives).toContain('Fiscal year starts in April.');
    expect(incentives).toContain("Co-sell bonus: 5% uplift on the next quarter's commission, from 3 co-sell wins in a quarter.");
    expect(incentives).toContain('Tier Gold: from 10 co-sell wins; +2% on each won-deal allocation while held; MDF.');
  });
});
