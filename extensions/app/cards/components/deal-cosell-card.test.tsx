import {
  Accordion,
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  LoadingSpinner,
  MultiSelect,
  NumberInput,
  Select,
  Tab,
  Table,
  Tabs,
  Tag,
  Text,
  TextArea,
  Input,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { DealCoSellState, Registration, Touchpoint } from '@cosell/contract';
import { createFakeHubspotFetch, dealStateFixture, deepText, fire, splitFixture } from '@cosell/card-test-support';
import type { FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { DealCoSellCard } from './deal-cosell-card';

const context = { crm: { objectId: 101, objectTypeId: '0-3' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

function setup(handler: (req: FakeRequest) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(
    <DealCoSellCard context={context} actions={renderer.mocks.actions} fetcher={fetcher} now={() => new Date('2026-11-26T09:30:00Z')} />,
  );
  return { ...renderer, backend };
}

const allText = (r: { getRootNode: () => Parameters<typeof deepText>[0] }) => deepText(r.getRootNode());

describe('DealCoSellCard', () => {
  it('shows a spinner, then the deal with its amount in the deal currency', async () => {
    const r = setup(() => ({ status: 200, body: dealStateFixture() }));
    expect(r.find(LoadingSpinner).props.label).toContain('Loading');
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
    expect(r.findByTestId(Text, 'deal-amount').text).toBe('€12,345.00');
    expect(r.backend.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/deals/101/cosell', query: { portalId: '555', userId: '7' } });
  });

  it('shows the empty states when the deal has no partners and no split', async () => {
    const r = setup(() => ({ status: 200, body: dealStateFixture() }));
    await r.waitFor(() => expect(r.find(EmptyState, { title: 'No partners on this deal yet' })).toBeTruthy());
    expect(r.findByTestId(Alert, 'no-split').props.title).toBe('No split yet');
    expect(r.find(EmptyState, { title: 'No touchpoints yet' })).toBeTruthy();
  });

  it('says when it shows the stored split because HubSpot is not answering, and loads again on "Try again"', async () => {
    let stale = true;
    const r = setup(() => ({
      status: 200,
      body: { ...dealStateFixture(), computedAt: '2026-11-26T10:05:00.000Z', stale: stale ? { asOf: '2026-11-26T10:05:00.000Z', reason: 'crm_slow' } : null },
    }));
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
    const alert = r.findByTestId(Alert, 'stored-state');
    expect(alert.props.variant).toBe('warning');
    expect(deepText(alert)).toContain('Showing the split as of 2026-11-26 10:05 UTC; HubSpot is not answering right now.');
    stale = false;
    fire(alert.find(Button), 'onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'stored-state')).toBeNull());
  });

  it('shows no stored-state notice on a live answer', async () => {
    const r = setup(() => ({ status: 200, body: dealStateFixture() }));
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
    expect(r.maybeFindByTestId(Alert, 'stored-state')).toBeNull();
  });

  it('shows an error state with the reason and loads again on "Try again"', async () => {
    let fail = true;
    const r = setup(() =>
      fail ? { status: 503, body: { error: { code: 'crm_unavailable', message: 'HubSpot is not answering' } } } : { status: 200, body: dealStateFixture() },
    );
    await r.waitFor(() => expect(deepText(r.find(ErrorState))).toContain('HubSpot is not answering'));
    fail = false;
    r.find(ErrorState).find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'deal-amount').text).toBe('€12,345.00'));
  });

  it('offers only partner companies not yet on the deal, and saves partners with roles', async () => {
    const onDeal = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
    });
    const saved = dealStateFixture({
      partners: [
        { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] },
        { companyId: '12', name: 'Techlink', partnerType: 'technology', isPartner: true, roles: ['selling'] },
      ],
      split: splitFixture(),
      computedAt: '2026-11-26T10:05:00.000Z',
    });
    const r = setup((req) => (req.method === 'PUT' ? { status: 200, body: saved } : { status: 200, body: onDeal }));
    await r.waitFor(() => expect(r.find(Select, { name: 'new-partner' })).toBeTruthy());
    expect(r.find(Select, { name: 'new-partner' }).props.options.map((o) => o.value)).toEqual(['12', '13']);
    expect(r.findByTestId(Button, 'save-partners').props.disabled).toBe(true);

    fire(r.find(Select, { name: 'new-partner' }), 'onChange', '12');
    fire(r.find(MultiSelect, { name: 'new-partner-roles' }), 'onChange', ['selling']);
    r.findByTestId(Button, 'add-partner').trigger('onClick');
    r.findByTestId(Button, 'save-partners').trigger('onClick');

    await r.waitFor(() => expect(deepText(r.findByTestId(Table, 'split-table'))).toContain('€2,057.50'));
    const put = r.backend.calls.find((c) => c.method === 'PUT');
    expect(put).toMatchObject({
      path: '/api/v1/deals/101/partners',
      body: { model: null, partners: [{ companyId: '11', roles: ['sourcing'] }, { companyId: '12', roles: ['selling'] }] },
    });
    expect(r.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'success' });
  });

  it('previews the split of unsaved partner changes from the backend, marked unsaved, and drops the mark when they are discarded', async () => {
    const onDeal = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
    });
    const r = setup((req) =>
      req.method === 'POST' && req.path === '/api/v1/deals/101/split-preview' ? { status: 200, body: { split: splitFixture(), splitErrors: [] } } : { status: 200, body: onDeal },
    );
    await r.waitFor(() => expect(r.findByTestId(Alert, 'no-split')).toBeTruthy());
    expect(r.maybeFindByTestId(Tag, 'split-unsaved')).toBeNull();

    fire(r.find(Select, { name: 'new-partner' }), 'onChange', '12');
    fire(r.find(MultiSelect, { name: 'new-partner-roles' }), 'onChange', ['selling']);
    r.findByTestId(Button, 'add-partner').trigger('onClick');

    await r.waitFor(() => expect(deepText(r.findByTestId(Table, 'split-table'))).toContain('€2,057.50'));
    expect(r.findByTestId(Tag, 'split-unsaved').text).toBe('Unsaved changes');
    expect(r.backend.calls.find((c) => c.path.endsWith('/split-preview'))).toMatchObject({
      method: 'POST',
      body: { model: null, partners: [{ companyId: '11', roles: ['sourcing'] }, { companyId: '12', roles: ['selling'] }] },
    });
    // Nothing was saved: no PUT went out.
    expect(r.backend.calls.some((c) => c.method === 'PUT')).toBe(false);

    r.find(Button, (b) => deepText(b) === 'Discard changes').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Tag, 'split-unsaved')).toBeNull());
    expect(r.findByTestId(Alert, 'no-split').props.title).toBe('No split yet');
  });

  it('changes roles and removes a partner before saving, and shows field errors from the backend', async () => {
    const state = dealStateFixture({
      partners: [
        { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] },
        { companyId: '99', name: 'Not A Partner Inc', partnerType: null, isPartner: false, roles: ['influence'] },
      ],
    });
    const r = setup((req) =>
      req.method === 'PUT'
        ? { status: 400, body: { error: { code: 'invalid_request', message: 'Invalid partners', fields: [{ path: 'partners[0].roles', message: 'roles must name at least one role; leave the partner out to remove it' }] } } }
        : { status: 200, body: state },
    );
    await r.waitFor(() => expect(r.find(Tag, { variant: 'warning' }).text).toBe('Not marked as a partner'));
    fire(r.find(MultiSelect, { name: 'roles-11' }), 'onChange', ['sourcing', 'technical_validation']);
    r.findByTestId(Button, 'remove-partner-99').trigger('onClick');
    fire(r.find(Select, { name: 'model' }), 'onChange', 'sell_through');
    r.findByTestId(Button, 'save-partners').trigger('onClick');
    // In words, naming the partner, once: not the raw path, not the backend's summary repeating it.
    await r.waitFor(() => expect(r.maybeFind(Alert, { title: 'Partners were not saved' })).toBeTruthy());
    expect(deepText(r.find(Alert, { title: 'Partners were not saved' }))).toBe("Northwind Resellers's roles must name at least one role; leave the partner out to remove it.");
    expect(r.backend.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      model: 'sell_through',
      partners: [{ companyId: '11', roles: ['sourcing', 'technical_validation'] }],
    });
  });

  it('never sends a partner without a role: Add partner waits for a role, Save waits until every partner has one', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
    });
    const r = setup(() => ({ status: 200, body: state }));
    await r.waitFor(() => expect(r.find(Select, { name: 'new-partner' })).toBeTruthy());
    fire(r.find(Select, { name: 'new-partner' }), 'onChange', '12');
    expect(r.findByTestId(Button, 'add-partner').props.disabled).toBe(true);
    fire(r.find(MultiSelect, { name: 'new-partner-roles' }), 'onChange', ['selling']);
    expect(r.findByTestId(Button, 'add-partner').props.disabled).toBe(false);

    fire(r.find(MultiSelect, { name: 'roles-11' }), 'onChange', []);
    expect(r.findByTestId(Button, 'save-partners').props.disabled).toBe(true);
    expect(r.findByTestId(Text, 'partners-without-roles').text).toContain('Give Northwind Resellers at least one role, or remove it');
    r.findByTestId(Button, 'remove-partner-11').trigger('onClick');
    expect(r.maybeFindByTestId(Text, 'partners-without-roles')).toBeNull();
    expect(r.findByTestId(Button, 'save-partners').props.disabled).toBe(false);
  });

  it('keeps the split above HubSpot tabs for partners, plan, touchpoints and registration, with the working folded away', async () => {
    const split = splitFixture();
    const r = setup(() => ({ status: 200, body: dealStateFixture({ split }) }));
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
    const tabs = r.find(Tabs);
    expect(tabs.findAll(Tab).map((t) => t.props.title)).toEqual(['Partners & split', 'Plan', 'Touchpoints', 'Registration', 'Disputes']);
    expect(tabs.props.defaultSelected).toBe('partners');
    // The split is not inside any tab, so it shows whichever tab is open.
    expect(tabs.maybeFind(Flex, { testId: 'split-preview' })).toBeNull();
    expect(r.findByTestId(Flex, 'split-preview')).toBeTruthy();
    const explanation = r.findByTestId(Accordion, 'explanation');
    expect(explanation.props.defaultOpen).toBe(false);
    expect(explanation.findAll(Text).map((n) => n.text)).toEqual(split.explanation);
  });

  it('names the rule override the split used next to the rule version', async () => {
    const split = { ...splitFixture(), override: 'Enterprise deals' };
    const r = setup(() => ({ status: 200, body: dealStateFixture({ split }) }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'rule-version').text).toBe('Rules v2026.1 · Enterprise deals'));
  });

  it('shows every line of the split math and the rule version', async () => {
    const split = splitFixture();
    const r = setup(() => ({ status: 200, body: dealStateFixture({ split }) }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'rule-version').text).toBe('Rules v2026.1'));
    const lines = r.findAll(Text, (n) => String(n.props.testId).startsWith('explanation-line-')).map((n) => n.text);
    expect(lines).toEqual(split.explanation);
    expect(deepText(r.findByTestId(Table, 'split-table'))).toContain('33.33%');
    expect(allText(r)).toContain('€3,086.25 (25%)');
  });

  it('shows each conflict in the words the backend chose (names, never ids) and claims no alert was sent', async () => {
    const r = setup(() => ({
      status: 200,
      body: dealStateFixture({
        conflicts: [
          {
            reason: 'different_partners',
            matchedOn: 'domain',
            account: 'acme.example',
            otherDealIds: ['202', '303'],
            otherRegistrationIds: [],
            partnerIds: ['11', '14'],
            message: 'Deal "Acme renewal" and deal "Acme expansion" are on the same account, acme.example, with different partners: Northwind + Bluepeak vs Keystone.',
          },
        ],
      }),
    }));
    await r.waitFor(() => expect(r.findByTestId(Alert, 'conflict-alert').props.variant).toBe('danger'));
    const text = deepText(r.findByTestId(Alert, 'conflict-alert'));
    expect(text).toContain('Deal "Acme renewal" and deal "Acme expansion" are on the same account, acme.example');
    expect(text).not.toMatch(/deal 202|deal 303|has been alerted/);
  });

  it("shows the API's plan errors once, in words naming the partner, and refuses an SLA under 1 hour before sending", async () => {
    const state = dealStateFixture({
      partners: [
        { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] },
        { companyId: '12', name: 'Stackly', partnerType: 'technology', isPartner: true, roles: ['selling'] },
      ],
    });
    const r = setup((req) =>
      req.method === 'PUT'
        ? {
            status: 400,
            body: {
              error: {
                code: 'invalid_request',
                message: 'the request is invalid: commitments[1].responseSlaHours: Too big: expected number to be <=720',
                fields: [{ path: 'commitments[1].responseSlaHours', message: 'Too big: expected number to be <=720' }],
              },
            },
          }
        : { status: 200, body: state },
    );
    await r.waitFor(() => expect(r.find(NumberInput, { name: 'sla-12' })).toBeTruthy());
    fire(r.find(NumberInput, { name: 'sla-12' }), 'onChange', 0);
    expect(r.find(NumberInput, { name: 'sla-12' }).props.validationMessage).toBe("Stackly's response SLA must be at least 1 hour");
    expect(r.find(NumberInput, { name: 'sla-12' }).props.error).toBe(true);
    expect(r.findByTestId(Button, 'save-plan').props.disabled).toBe(true);

    fire(r.find(NumberInput, { name: 'sla-11' }), 'onChange', 12);
    fire(r.find(NumberInput, { name: 'sla-12' }), 'onChange', 48);
    expect(r.find(NumberInput, { name: 'sla-12' }).props.validationMessage).toBeUndefined();
    r.findByTestId(Button, 'save-plan').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert, { title: 'The plan was not saved' })).toBeTruthy());
    const alert = r.find(Alert, { title: 'The plan was not saved' });
    expect(alert.findAll(Text).map((t) => t.text)).toEqual(["Stackly's response SLA must be at most 720 hours."]);
    expect(deepText(alert)).not.toMatch(/commitments|expected number/);
  });

  it('asks for stage leads only for the stages still ahead, in pipeline order, and names partner types in words', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
      stagesAhead: [
        { stageId: 'qualifiedtobuy', label: 'Qualified to buy' },
        { stageId: 'contractsent', label: 'Contract sent' },
      ],
    });
    const r = setup(() => ({ status: 200, body: state }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'stage-leads')).toBeTruthy());
    const leads = r.findAll(Select, (n) => String(n.props.name).startsWith('stage-lead-')).map((n) => n.props.label);
    expect(leads).toEqual(['Lead for Qualified to buy', 'Lead for Contract sent']);
    expect(deepText(r.findByTestId(Table, 'stage-leads'))).toContain('Current');
    expect(deepText(r.findByTestId(Table, 'partners-table'))).toContain('Reseller');
    expect(deepText(r.findByTestId(Table, 'partners-table'))).not.toMatch(/\breseller\b/);
  });

  it('offers internal assignees by name, with the id only when HubSpot names nobody', async () => {
    const plan = { relationshipOwner: { kind: 'internal' as const, ownerId: '8' }, stageLeads: [], postSale: { onboarding: { kind: 'internal' as const, ownerId: '9' }, support: null, renewal: null }, commitments: [] };
    const r = setup(() => ({ status: 200, body: dealStateFixture({ plan, userNames: { '8': 'Bo Chen' } }) }));
    await r.waitFor(() => expect(r.find(Select, { name: 'relationship-owner' })).toBeTruthy());
    expect(r.find(Select, { name: 'relationship-owner' }).props.options.map((o) => o.label)).toEqual(['Unassigned', 'Us (you)', 'Us (Bo Chen)', 'Us (user 9)']);
  });

  it('asks for no stage lead on a closed deal', async () => {
    const state = dealStateFixture({ stagesAhead: [], deal: { ...dealStateFixture().deal, stageId: 'closedwon', stageLabel: 'Closed won', isClosed: true, isClosedWon: true } });
    const r = setup(() => ({ status: 200, body: state }));
    await r.waitFor(() => expect(r.findByTestId(Text, 'no-stages-ahead').text).toBe('The deal is closed: no stages left to lead.'));
    expect(r.maybeFindByTestId(Table, 'stage-leads')).toBeNull();
  });

  it('shows what the plan leaves unassigned and saves the plan', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
    });
    const r = setup((req) => ({ status: 200, body: req.method === 'PUT' ? { ...state, unassigned: [] } : state }));
    await r.waitFor(() => expect(r.findByTestId(Text, 'deal-amount')).toBeTruthy());
    expect(deepText(r.findByTestId(Flex, 'unassigned'))).toBe(
      'Still unassigned: Relationship owner Post-sale: onboarding Post-sale: support Post-sale: renewal',
    );
    fire(r.find(Select, { name: 'relationship-owner' }), 'onChange', 'partner:11');
    fire(r.find(Select, { name: 'post-sale-support' }), 'onChange', 'internal:7');
    fire(r.find(Select, { name: 'stage-lead-qualifiedtobuy' }), 'onChange', 'partner:11');
    fire(r.find(NumberInput, { name: 'sla-11' }), 'onChange', 12);
    r.findByTestId(Button, 'save-plan').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'unassigned').text).toBe('Every responsibility has an owner'));
    expect(r.backend.calls.find((c) => c.method === 'PUT')).toMatchObject({
      path: '/api/v1/deals/101/plan',
      body: {
        relationshipOwner: { kind: 'partner', companyId: '11' },
        stageLeads: [{ stageId: 'qualifiedtobuy', lead: { kind: 'partner', companyId: '11' } }],
        postSale: { onboarding: null, support: { kind: 'internal', ownerId: '7' }, renewal: null },
        commitments: [{ companyId: '11', responseSlaHours: 12, meetingAttendance: false }],
      },
    });
  });

  it('logs a touchpoint and lists it; a failed refresh afterwards leaves the card stale, not broken', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
    });
    const created: Touchpoint = {
      id: 'tp-1',
      dealId: '101',
      companyId: '11',
      kind: 'demo',
      occurredAt: '2026-11-26T12:00:00.000Z',
      summary: 'Ran the POC demo',
      loggedBy: '7',
      noteId: '9001',
      createdAt: '2026-11-26T12:00:01.000Z',
    };
    let gets = 0;
    const r = setup((req) => {
      if (req.method === 'POST') return { status: 201, body: created };
      gets += 1;
      return gets === 1 ? { status: 200, body: state } : { status: 503, body: { error: { code: 'crm_unavailable', message: 'try later' } } };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(true));
    fire(r.find(Select, { name: 'touchpoint-kind' }), 'onChange', 'demo');
    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'Ran the POC demo');
    r.findByTestId(Button, 'log-touchpoint').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Table, 'touchpoints-table'))).toContain('Ran the POC demo'));
    expect(r.backend.calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/api/v1/deals/101/touchpoints',
      body: { companyId: '11', kind: 'demo', occurredAt: '2026-11-26T12:00:00.000Z', summary: 'Ran the POC demo' },
    });
    await r.waitFor(() => expect(r.findByTestId(Alert, 'stale').props.title).toBe('Showing the last loaded details'));
    expect(deepText(r.findByTestId(Table, 'touchpoints-table'))).toContain('Ran the POC demo');
  });

  it('registers the co-sell with expected contributions and shows the registration', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
      split: splitFixture(),
    });
    const registration: Registration = {
      id: 'reg-1',
      dealId: '101',
      registeredAt: '2026-11-26T12:00:00.000Z',
      registeredBy: '7',
      model: 'sell_with',
      partners: [{ companyId: '11', name: 'Northwind Resellers', roles: ['sourcing'], expectedContribution: 'Warm intro to the CFO' }],
      split: splitFixture(),
      status: 'open',
      expiresAt: '2027-02-24T12:00:00.000Z',
      renewedAt: null,
      withdrawal: null,
      registeredWith: 'Registered with Northwind Resellers (sourcing)',
      changes: [],
      confirmedConflicts: [],
    };
    const r = setup((req) => (req.method === 'POST' ? { status: 201, body: registration } : { status: 200, body: state }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'register')).toBeTruthy());
    fire(r.find(Input, { name: 'contribution-11' }), 'onChange', 'Warm intro to the CFO');
    r.findByTestId(Button, 'register').trigger('onClick');
    await r.waitFor(() => expect(r.find(Tag, { variant: 'success' }).text).toBe('Registered'));
    expect(r.backend.calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/api/v1/deals/101/registration',
      body: { expectedContributions: [{ companyId: '11', contribution: 'Warm intro to the CFO' }] },
    });
    expect(allText(r)).toContain('€3,086.25 pool, rules v2026.1');
  });

  it('rejects an answer that breaks the contract instead of rendering it', async () => {
    const broken = { ...dealStateFixture(), deal: { ...dealStateFixture().deal, amount: 12345 } } as unknown as DealCoSellState;
    const r = setup(() => ({ status: 200, body: broken }));
    await r.waitFor(() => expect(deepText(r.find(ErrorState))).toContain('deal.amount'));
  });

  it('reloads when the deal amount changes on the record, showing the old details as stale meanwhile', async () => {
    let amount = '12345.00';
    let release: () => void = () => undefined;
    const r = setup(async () => {
      if (amount !== '12345.00') await new Promise<void>((resolve) => (release = resolve));
      return { status: 200, body: dealStateFixture({ deal: { ...dealStateFixture().deal, amount } }) };
    });
    await r.waitFor(() => expect(r.findByTestId(Text, 'deal-amount').text).toBe('€12,345.00'));
    const subscription = r.mocks.actions.onCrmPropertiesUpdate.calls[0]!;
    expect(subscription[0]).toEqual(expect.arrayContaining(['amount', 'dealstage', 'closedate', 'deal_currency_code']));
    amount = '20000.00';
    subscription[1]({ amount: '20000.00' });
    await r.waitFor(() => expect(r.findByTestId(Alert, 'stale').props.title).toBe('Refreshing…'));
    expect(r.findByTestId(Text, 'deal-amount').text).toBe('€12,345.00');
    release();
    await r.waitFor(() => expect(r.findByTestId(Text, 'deal-amount').text).toBe('€20,000.00'));
    expect(r.maybeFindByTestId(Alert, 'stale')).toBeNull();
  });
});
