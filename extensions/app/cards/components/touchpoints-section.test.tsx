import { Alert, Button, DateInput, Table, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '@cosell/contract';
import { createFakeHubspotFetch, dealStateFixture, deepText, fire } from '@cosell/card-test-support';
import type { FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { DealCoSellCard } from './deal-cosell-card';

const context = { crm: { objectId: 101, objectTypeId: '0-3' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

function setup(handler: (req: FakeRequest) => { status: number; body: unknown }) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(<DealCoSellCard context={context} actions={renderer.mocks.actions} fetcher={fetcher} now={() => new Date('2026-11-26T09:30:00Z')} />);
  return { ...renderer, backend };
}

const touchpoint = (summary: string): Touchpoint => ({
  id: `tp-${summary.length}`,
  dealId: '101',
  companyId: '11',
  kind: 'meeting',
  occurredAt: '2026-11-26T12:00:00.000Z',
  summary,
  loggedBy: '7',
  noteId: null,
  createdAt: '2026-11-26T12:00:01.000Z',
});

describe('TouchpointsSection: idempotency keys', () => {
  it('retrying a failed log sends the same key; the next touchpoint gets a new one', async () => {
    const state = dealStateFixture({ partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }] });
    let posts = 0;
    const r = setup((req) => {
      if (req.method !== 'POST') return { status: 200, body: state };
      posts += 1;
      // The first answer is lost (a 503 after the backend may have saved it); the second succeeds.
      if (posts === 1) return { status: 503, body: { error: { code: 'crm_unavailable', message: 'HubSpot is slow' } } };
      return { status: 201, body: touchpoint((req.body as { summary: string }).summary) };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint')).toBeTruthy());
    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'Kick-off call');
    r.findByTestId(Button, 'log-touchpoint').trigger('onClick');
    await r.waitFor(() => expect(posts).toBe(1));
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(false));
    r.findByTestId(Button, 'log-touchpoint').trigger('onClick');
    await r.waitFor(() => expect(posts).toBe(2));

    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'Second call');
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(false));
    r.findByTestId(Button, 'log-touchpoint').trigger('onClick');
    await r.waitFor(() => expect(posts).toBe(3));

    const keys = r.backend.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { idempotencyKey?: string }).idempotencyKey);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[2]).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });
});

describe('TouchpointsSection: who logged it', () => {
  it('shows the HubSpot user who logged each touchpoint by name, and the id only when no name is known', async () => {
    const state = dealStateFixture({
      partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }],
      touchpoints: [
        { ...touchpoint('Kick-off call'), id: 'tp-a', loggedByName: 'Ann Lee' },
        { ...touchpoint('Demo'), id: 'tp-b', loggedBy: '42', loggedByName: null },
      ],
    });
    const r = setup(() => ({ status: 200, body: state }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'touchpoints-table')).toBeTruthy());
    const rows = deepText(r.findByTestId(Table, 'touchpoints-table'));
    expect(rows).toContain('Logged by');
    expect(rows).toContain('Ann Lee');
    expect(rows).toContain('User 42');
    expect(rows).not.toMatch(/\b7\b/);
  });
});

describe('TouchpointsSection: limits and errors', () => {
  const state = dealStateFixture({ partners: [{ companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller', isPartner: true, roles: ['sourcing'] }] });

  it('refuses a date after today and a summary over 2,000 characters before sending, saying why', async () => {
    const r = setup(() => ({ status: 200, body: state }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint')).toBeTruthy());
    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'Kick-off call');
    expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(false);
    expect(r.find(DateInput, { name: 'touchpoint-date' }).props.max).toEqual({ year: 2026, month: 10, date: 26 });

    fire(r.find(DateInput, { name: 'touchpoint-date' }), 'onChange', { year: 2026, month: 10, date: 27 });
    expect(r.find(DateInput, { name: 'touchpoint-date' }).props.validationMessage).toMatch(/cannot be in the future/);
    expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(true);
    fire(r.find(DateInput, { name: 'touchpoint-date' }), 'onChange', { year: 2026, month: 10, date: 26 });
    expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(false);

    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'x'.repeat(2001));
    expect(r.find(TextArea, { name: 'touchpoint-summary' }).props.validationMessage).toBe('What happened must be at most 2000 characters long (now 2001)');
    expect(r.findByTestId(Button, 'log-touchpoint').props.disabled).toBe(true);
  });

  it("shows the API's refusal once, in words, naming the field", async () => {
    const r = setup((req) =>
      req.method === 'POST'
        ? { status: 400, body: { error: { code: 'invalid_request', message: 'the request is invalid: occurredAt: must not be in the future', fields: [{ path: 'occurredAt', message: 'must not be in the future' }] } } }
        : { status: 200, body: state },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'log-touchpoint')).toBeTruthy());
    fire(r.find(TextArea, { name: 'touchpoint-summary' }), 'onChange', 'Kick-off call');
    r.findByTestId(Button, 'log-touchpoint').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert, { title: 'The touchpoint was not logged' })).toBeTruthy());
    expect(r.find(Alert, { title: 'The touchpoint was not logged' }).findAll(Text).map((t) => t.text)).toEqual(['The date must not be in the future.']);
  });
});
