import { Alert, Button, Input, NumberInput, Table, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PublishedRuleSet, RuleSetList } from '../shared/card-api';
import { createFakeHubspotFetch, deepText, fire } from '../shared/fake-hubspot-fetch';
import type { FakeAnswer, FakeRequest } from '../shared/fake-hubspot-fetch';
import { createHubspotFetcher } from '../shared/hubspot-fetcher';
import { SettingsPage } from './settings-page';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const v1: PublishedRuleSet = {
  id: 'rs-1',
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  publishedAt: '2026-01-01T08:00:00.000Z',
  publishedBy: '7',
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
  ruleSet: { ...v1.ruleSet, version: '2026.2', effectiveFrom: '2026-07-01', pool: { soloRate: 20, coSellRate: 30 } },
  changes: ['pool.coSellRate: 25 → 30'],
};
const list: RuleSetList = { published: [v2, v1], drafts: [], inForce: '2026.2' };

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage actions={renderer.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} />);
  return { ...renderer, backend };
}

const weight = (r: ReturnType<typeof setup>, name: string) => r.find(NumberInput, { name });

describe('SettingsPage', () => {
  it('starts a new version from the rules in force', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'in-force').text).toBe('2026.2'));
    expect(r.find(Input, { name: 'version' }).props.value).toBe('2026.3');
    expect(weight(r, 'sell_with.selling').props.value).toBe(40);
    expect(r.find(NumberInput, { name: 'coSellRate' }).props.value).toBe(30);
    expect(r.backend.calls[0]).toMatchObject({ path: '/api/v1/rule-sets', query: { portalId: '555', userId: '7', teamIds: '3' } });
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
      if (req.method === 'POST' && req.path === '/api/v1/rule-sets/drafts') {
        return { status: 201, body: { id: 'd-9', ruleSet: (req.body as { ruleSet: Record<string, unknown> }).ruleSet, updatedAt: '2026-11-26T12:00:00.000Z', updatedBy: '7', problems: [] } };
      }
      if (req.path === '/api/v1/rule-sets/drafts/d-9/publish') {
        published = true;
        return { status: 200, body: { published: { ...v2, id: 'rs-3', version: '2026.3', changes: ['sell_with.selling: 40 → 45'] }, recomputeEnqueued: 12 } };
      }
      return { status: 200, body: published ? { ...list, published: [{ ...v2, id: 'rs-3', version: '2026.3', changes: ['sell_with.selling: 40 → 45'] }, v2, v1], inForce: '2026.3' } : list };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'publish')).toBeTruthy());
    r.findByTestId(Button, 'publish').trigger('onClick');
    expect(r.findByTestId(Alert, 'publish-confirmation').props.title).toBe('Publish version 2026.3?');
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    r.findByTestId(Button, 'confirm-publish').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'in-force').text).toBe('2026.3'));
    expect(r.backend.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/rule-sets/drafts',
      'POST /api/v1/rule-sets/drafts/d-9/publish',
    ]);
    expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toMatchObject({ type: 'success', message: '12 open deal(s) queued for recomputation.' });
  });

  it('cancelling the confirmation publishes nothing', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'publish')).toBeTruthy());
    r.findByTestId(Button, 'publish').trigger('onClick');
    r.findByTestId(Alert, 'publish-confirmation').findAll(Button)[1]!.trigger('onClick');
    expect(r.maybeFindByTestId(Alert, 'publish-confirmation')).toBeNull();
    expect(r.backend.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('shows a refusal (not allowed to change settings) with its message', async () => {
    const r = setup((req) =>
      req.method === 'POST' ? { status: 403, body: { error: { code: 'forbidden', message: 'user 7 may not change split rules' } } } : { status: 200, body: list },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-draft')).toBeTruthy());
    r.findByTestId(Button, 'save-draft').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.find(Alert, { title: 'The request failed' }))).toContain('may not change split rules'));
  });

  it('browses earlier versions with what changed', async () => {
    const r = setup(() => ({ status: 200, body: list }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'history-table')).toBeTruthy());
    const history = deepText(r.findByTestId(Table, 'history-table'));
    expect(history).toContain('pool.coSellRate: 25 → 30');
    expect(history).toContain('First version');
    r.findByTestId(Button, 'view-2026.1').trigger('onClick');
    expect(deepText(r.getRootNode())).toContain('Version 2026.1');
    expect(deepText(r.getRootNode())).toContain('25%');
  });
});
