import { Alert, Button, DateInput, Input, NumberInput, Table, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PublishedRuleSet, RuleSetDryRunResponse, RuleSetList } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { SettingsPage } from './settings-page';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const v1: PublishedRuleSet = {
  id: 'rs-1',
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  publishedAt: '2026-01-01T08:00:00.000Z',
  publishedBy: '7',
  publishedByName: 'Ana Ruiz',
  ruleSet: {
    version: '2026.1',
    effectiveFrom: '2026-01-01',
    pool: { soloRate: 20, coSellRate: 25 },
    defaultModel: 'sell_with',
    models: {
      sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15 },
      sell_through: { selling: 70, influence: 30 },
      sell_to: { sourcing: 20, selling: 80 },
    },
    missingRoles: 'renormalize',
  },
  changes: [],
  warnings: [],
};
const v2: PublishedRuleSet = {
  ...v1,
  id: 'rs-2',
  version: '2026.2',
  effectiveFrom: '2026-07-01',
  publishedAt: '2026-07-01T08:00:00.000Z',
  publishedBy: '9',
  publishedByName: null,
  ruleSet: { ...v1.ruleSet, version: '2026.2', effectiveFrom: '2026-07-01', pool: { soloRate: 20, coSellRate: 30 } },
  changes: ['pool.coSellRate: 25 → 30'],
};
const list: RuleSetList = { published: [v2, v1], drafts: [], inForce: '2026.2' };

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage actions={renderer.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} today="2026-12-02" />);
  return { ...renderer, backend };
}

const weight = (r: ReturnType<typeof setup>, name: string) => r.find(NumberInput, { name });
const writes = (r: ReturnType<typeof setup>) => r.backend.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/dry-run'));
const dryRun: RuleSetDryRunResponse = {
  version: '2026.3',
  errors: [],
  openDeals: 3,
  changedDeals: 1,
  poolChange: [{ currency: 'USD', amount: '500.00' }],
  partners: [
    { companyId: '12', name: 'Stackly', change: [{ currency: 'USD', amount: '333.33' }] },
    { companyId: '11', name: 'Northwind', change: [{ currency: 'USD', amount: '-166.67' }] },
  ],
  skippedDeals: 0,
};

describe('SettingsPage', () => {
  it('starts a new version from the rules in force', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'in-force').text).toBe('2026.2'));
    expect(r.find(Input, { name: 'version' }).props.value).toBe('2026.3');
    expect(weight(r, 'sell_with.selling').props.value).toBe(40);
    expect(r.find(NumberInput, { name: 'coSellRate' }).props.value).toBe(30);
    expect(r.backend.calls[0]).toMatchObject({ path: '/api/v1/rule-sets', query: { portalId: '555', userId: '7', teamIds: '3' } });
  });

  it('names who saved the draft, falling back to the user id only when HubSpot names nobody', async () => {
    const draft = (updatedByName: string | null) => ({
      id: 'd-1',
      ruleSet: { ...v2.ruleSet, version: '2026.3', effectiveFrom: '2027-01-01' },
      updatedAt: '2026-11-30T09:00:00.000Z',
      updatedBy: '42',
      updatedByName,
      problems: [],
    });
    const named = setup(() => ({ status: 200, body: { ...list, drafts: [draft('Bo Chen')] } }));
    await named.waitFor(() => expect(named.findByTestId(Tag, 'draft-saved').text).toBe('Draft saved 2026-11-30 by Bo Chen'));
    const unnamed = setup(() => ({ status: 200, body: { ...list, drafts: [draft(null)] } }));
    await unnamed.waitFor(() => expect(unnamed.findByTestId(Tag, 'draft-saved').text).toBe('Draft saved 2026-11-30 by user 42'));
  });

  it('checks live that each model sums to 100 and blocks publishing until it does', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'sum-sell_with').text).toBe('Sum 100 ✓'));
    fire(weight(r, 'sell_with.selling'), 'onChange', 35);
    expect(r.findByTestId(Tag, 'sum-sell_with').text).toBe('Sum 95, must be 100');
    expect(r.findByTestId(Tag, 'sum-sell_with').props.variant).toBe('error');
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
    fire(weight(r, 'sell_with.implementation'), 'onChange', 5);
    expect(r.findByTestId(Tag, 'sum-sell_with').text).toBe('Sum 100 ✓');
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(false);
  });

  it('warns about an equal split', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(weight(r, 'sell_to.sourcing')).toBeTruthy());
    expect(r.maybeFindByTestId(Alert, 'equal-split-sell_to')).toBeNull();
    fire(weight(r, 'sell_to.sourcing'), 'onChange', 50);
    fire(weight(r, 'sell_to.selling'), 'onChange', 50);
    expect(r.findByTestId(Alert, 'equal-split-sell_to').props.variant).toBe('warning');
  });

  it('validates with the backend and shows errors, warnings and what changed', async () => {
    const r = setup((req) =>
      req.path.endsWith('/validate')
        ? { status: 200, body: { valid: true, errors: [], warnings: [{ code: 'x', message: 'heads up' }], changes: ['pool.soloRate: 20 → 15'] } }
        : { status: 200, body: list },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'validate')).toBeTruthy());
    fire(r.find(NumberInput, { name: 'soloRate' }), 'onChange', 15);
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'validation-result').props.title).toBe('Valid rule set'));
    expect(deepText(r.findByTestId(Alert, 'validation-result'))).toContain('pool.soloRate: 20 → 15');
    expect(deepText(r.findByTestId(Alert, 'validation-result'))).toContain('heads up');
    const sent = r.backend.calls.find((c) => c.path.endsWith('/validate'))?.body as { ruleSet: { pool: unknown; version: string } };
    expect(sent.ruleSet.pool).toEqual({ soloRate: 15, coSellRate: 30 });
    expect(sent.ruleSet.version).toBe('2026.3');
  });

  it('publishes only after confirmation: saves a draft, publishes it, reports the recompute', async () => {
    let published = false;
    const r = setup((req) => {
      if (req.path === '/api/v1/rule-sets/dry-run') return { status: 200, body: dryRun };
      if (req.method === 'POST' && req.path === '/api/v1/rule-sets/drafts') {
        return { status: 201, body: { id: 'd-9', ruleSet: (req.body as { ruleSet: Record<string, unknown> }).ruleSet, updatedAt: '2026-11-26T12:00:00.000Z', updatedBy: '7', updatedByName: 'Ana Ruiz', problems: [] } };
      }
      if (req.path === '/api/v1/rule-sets/drafts/d-9/publish') {
        published = true;
        return { status: 200, body: { published: { ...v2, id: 'rs-3', version: '2026.3', changes: ['sell_with.selling: 40 → 45'] }, recomputeEnqueued: 1, dealsRecomputed: 12, dealsPending: 0 } };
      }
      return { status: 200, body: published ? { ...list, published: [{ ...v2, id: 'rs-3', version: '2026.3', changes: ['sell_with.selling: 40 → 45'] }, v2, v1], inForce: '2026.3' } : list };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'publish')).toBeTruthy());
    r.findByTestId(Button, 'publish').trigger('onClick');
    expect(r.findByTestId(Alert, 'publish-confirmation').props.title).toBe('Publish version 2026.3?');
    expect(writes(r)).toEqual([]);
    // The preview is the backend's dry run of the form as it stands, in words and names.
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'publish-confirmation'))).toContain('1 of 3 open partner deals changes.'));
    const preview = deepText(r.findByTestId(Alert, 'publish-confirmation'));
    expect(preview).toContain('Commission pool: +500.00 USD.');
    expect(preview).toContain('Stackly: +333.33 USD');
    expect(preview).toContain('Northwind: -166.67 USD');
    expect((r.backend.calls.find((c) => c.path.endsWith('/dry-run'))?.body as { ruleSet: { version: string } }).ruleSet.version).toBe('2026.3');
    r.findByTestId(Button, 'confirm-publish').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'in-force').text).toBe('2026.3'));
    expect(writes(r).map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/rule-sets/drafts',
      'POST /api/v1/rule-sets/drafts/d-9/publish',
    ]);
    expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toMatchObject({ type: 'success', message: '12 open partner deals recomputed under 2026.3.' });
  });

  it('cancelling the confirmation publishes nothing', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'publish')).toBeTruthy());
    r.findByTestId(Button, 'publish').trigger('onClick');
    r.findByTestId(Alert, 'publish-confirmation').findAll(Button)[1]!.trigger('onClick');
    expect(r.maybeFindByTestId(Alert, 'publish-confirmation')).toBeNull();
    expect(writes(r)).toEqual([]);
  });

  it('shows a refusal (not allowed to change settings) with its message', async () => {
    const r = setup((req) =>
      req.method === 'POST' ? { status: 403, body: { error: { code: 'forbidden', message: 'user 7 may not change split rules' } } } : { status: 200, body: list },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-draft')).toBeTruthy());
    r.findByTestId(Button, 'save-draft').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.find(Alert, { title: 'The request failed' }))).toContain('may not change split rules'));
  });

  it('a new draft starts valid: the next free label and a free date after the rules in force', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'in-force').text).toBe('2026.2'));
    // In force since 2026-07-01; today (2026-12-02) is later, and free.
    expect(r.find(DateInput, { name: 'effectiveFrom' }).props.value).toEqual({ year: 2026, month: 11, date: 2 });
    expect(r.find(Input, { name: 'version' }).props.error).toBeFalsy();
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(false);
  });

  it('a -10 weight blocks publishing with a message, though the column still sums to 100', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'sum-sell_with').text).toBe('Sum 100 ✓'));
    fire(weight(r, 'sell_with.sourcing'), 'onChange', -10);
    fire(weight(r, 'sell_with.selling'), 'onChange', 70);
    expect(weight(r, 'sell_with.sourcing').props).toMatchObject({ error: true, validationMessage: 'must be between 0 and 100' });
    expect(r.findByTestId(Tag, 'sum-sell_with').text).toBe('Sum 100, but a weight above is not valid');
    expect(r.findByTestId(Tag, 'sum-sell_with').props.variant).toBe('error');
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
    r.findByTestId(Button, 'validate').trigger('onClick');
    expect(deepText(r.findByTestId(Alert, 'form-errors'))).toContain('Sell with · Sourcing: must be between 0 and 100');
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('a cleared rate is an error ("required"), not 0', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.find(NumberInput, { name: 'coSellRate' })).toBeTruthy());
    fire(r.find(NumberInput, { name: 'coSellRate' }), 'onChange', undefined);
    expect(r.find(NumberInput, { name: 'coSellRate' }).props).toMatchObject({ error: true, validationMessage: 'required' });
    expect(r.find(NumberInput, { name: 'coSellRate' }).props.value).toBeUndefined();
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
  });

  it('more than two decimals is refused as the API refuses it', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(weight(r, 'sell_to.selling')).toBeTruthy());
    fire(weight(r, 'sell_to.selling'), 'onChange', 79.995);
    expect(weight(r, 'sell_to.selling').props.validationMessage).toBe('must have at most 2 decimals');
  });

  it('checks the version label pattern and refuses a label already published', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.find(Input, { name: 'version' })).toBeTruthy());
    fire(r.find(Input, { name: 'version' }), 'onChange', 'v3');
    expect(r.find(Input, { name: 'version' }).props.validationMessage).toBe('must look like 2026.3 (the year, a dot, and a number from 1 within that year)');
    fire(r.find(Input, { name: 'version' }), 'onChange', '2026.2');
    expect(r.find(Input, { name: 'version' }).props.validationMessage).toBe('version 2026.2 is already published');
    expect(r.findByTestId(Button, 'publish').props.disabled).toBe(true);
  });

  it('shows API field errors with field names, not paths', async () => {
    const r = setup((req) =>
      req.path.endsWith('/validate')
        ? { status: 200, body: { valid: false, errors: [{ path: 'ruleSet.models.sell_with', message: 'role weights must sum to exactly 100, got 110' }], warnings: [], changes: [] } }
        : { status: 200, body: list },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'validate')).toBeTruthy());
    r.findByTestId(Button, 'validate').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'validation-result'))).toContain('Sell with: role weights must sum to exactly 100, got 110'));
  });

  it('browses earlier versions with what changed', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'history-table')).toBeTruthy());
    const history = deepText(r.findByTestId(Table, 'history-table'));
    expect(history).toContain('pool.coSellRate: 25 → 30');
    expect(history).toContain('First version');
    // Named where HubSpot names the user; the id only where it names nobody.
    expect(history).toContain('2026-01-01 by Ana Ruiz');
    expect(history).not.toContain('user 7');
    expect(history).toContain('2026-07-01 by user 9');
    r.findByTestId(Button, 'view-2026.1').trigger('onClick');
    expect(deepText(r.getRootNode())).toContain('Version 2026.1');
    expect(deepText(r.getRootNode())).toContain('25%');
  });
});
