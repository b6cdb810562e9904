import { Button, Table, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../shared/card-api';
import { createFakeHubspotFetch, deepText, fire } from '../shared/fake-hubspot-fetch';
import type { FakeRequest } from '../shared/fake-hubspot-fetch';
import { createHubspotFetcher } from '../shared/hubspot-fetcher';
import { DealCoSellCard } from './deal-cosell-card';
import { dealStateFixture } from './deal-state-fixture';

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
