import { Alert, Button, Input, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { DealCoSellState, Registration } from '@cosell/contract';
import { createFakeHubspotFetch, dealStateFixture, deepText, fire, splitFixture } from '@cosell/card-test-support';
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

const northwind = { companyId: '11', name: 'Northwind Resellers', partnerType: 'reseller' as const, isPartner: true, roles: ['sourcing' as const] };

function registrationFixture(overrides: Partial<Registration> = {}): Registration {
  return {
    id: 'reg-1',
    dealId: '101',
    registeredAt: '2026-09-01T12:00:00.000Z',
    registeredBy: '7',
    model: 'sell_with',
    partners: [
      { companyId: '11', name: 'Northwind Resellers', roles: ['sourcing'], expectedContribution: 'Warm intro' },
      { companyId: '12', name: 'Techlink', roles: ['selling'], expectedContribution: '' },
    ],
    split: splitFixture(),
    status: 'open',
    expiresAt: '2026-11-30T12:00:00.000Z',
    renewedAt: null,
    withdrawal: null,
    registeredWith: 'Registered with Northwind Resellers (sourcing) and Techlink (selling)',
    changes: [],
    confirmedConflicts: [],
    ...overrides,
  };
}

const withRegistration = (registration: Registration | null): DealCoSellState => dealStateFixture({ partners: [northwind], registration });

describe('RegistrationSection', () => {
  it('names who registered and who withdrew by their HubSpot names, and shows the id only when no name is known', async () => {
    const named = registrationFixture({ registeredByName: 'Ann Lee' });
    const r = setup(() => ({ status: 200, body: withRegistration(named) }));
    await r.waitFor(() => expect(r.findByTestId(Text, 'registered-by').text).toBe('Ann Lee'));

    const withdrawn = registrationFixture({ status: 'withdrawn', registeredByName: null, withdrawal: { at: '2026-10-02T08:00:00.000Z', by: '8', byName: 'Bo Chen', reason: 'Duplicate' } });
    const r2 = setup(() => ({ status: 200, body: withRegistration(withdrawn) }));
    await r2.waitFor(() => expect(r2.findByTestId(Text, 'registered-by').text).toBe('User 7'));
    expect(r2.findByTestId(Text, 'registration-status-line').text).toBe('Withdrawn on 2026-10-02 by Bo Chen: Duplicate.');
  });

  it('says when a registration is stale, naming the partners that changed, and until when it protects them', async () => {
    const stale = registrationFixture({ changes: ['Techlink no longer on the deal'] });
    const r = setup(() => ({ status: 200, body: withRegistration(stale) }));
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Registered'));
    expect(r.findByTestId(Text, 'registration-status-line').text).toBe('Protects its partners until 2026-11-30.');
    expect(deepText(r.findByTestId(Alert, 'registration-stale'))).toContain(
      'Registered with Northwind Resellers (sourcing) and Techlink (selling); Techlink no longer on the deal.',
    );
  });

  it('shows an expired registration with its date and renews it', async () => {
    const expired = registrationFixture({ status: 'expired', expiresAt: '2026-11-01T12:00:00.000Z' });
    const renewed = registrationFixture({ status: 'open', expiresAt: '2027-02-24T09:30:00.000Z', renewedAt: '2026-11-26T09:30:00.000Z' });
    let current = expired;
    const r = setup((req) => {
      if (req.method === 'POST') current = renewed;
      return req.method === 'POST' ? { status: 200, body: renewed } : { status: 200, body: withRegistration(current) };
    });
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Expired'));
    expect(r.findByTestId(Text, 'registration-status-line').text).toContain('Expired on 2026-11-01');
    r.findByTestId(Button, 'renew-registration').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Registered'));
    expect(r.backend.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/v1/deals/101/registration/renew' });
    expect(r.findByTestId(Text, 'registration-status-line').text).toBe('Protects its partners until 2027-02-24 (renewed on 2026-11-26).');
    expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toMatchObject({ type: 'success', message: 'Registration renewed until 2027-02-24.' });
  });

  it('withdraws with a reason (required), then offers to register again', async () => {
    const open = registrationFixture();
    const withdrawn = registrationFixture({ status: 'withdrawn', withdrawal: { at: '2026-11-26T09:31:00.000Z', by: '7', reason: 'Techlink left' } });
    let current = open;
    const r = setup((req) => {
      if (req.method === 'POST') {
        current = withdrawn;
        return { status: 200, body: withdrawn };
      }
      return { status: 200, body: withRegistration(current) };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'withdraw-registration').props.disabled).toBe(true));
    fire(r.find(Input, { name: 'withdraw-reason' }), 'onChange', 'Techlink left');
    await r.waitFor(() => expect(r.findByTestId(Button, 'withdraw-registration').props.disabled).toBe(false));
    r.findByTestId(Button, 'withdraw-registration').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Withdrawn'));
    expect(r.backend.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/v1/deals/101/registration/withdraw', body: { reason: 'Techlink left' } });
    expect(r.findByTestId(Text, 'registration-status-line').text).toBe('Withdrawn on 2026-11-26 by User 7: Techlink left.');
    expect(r.findByTestId(Button, 'register')).toBeTruthy();
    expect(r.maybeFindByTestId(Button, 'withdraw-registration')).toBeNull();
  });

  it('a registration after a withdrawal is a new action with a new idempotency key', async () => {
    let current: Registration | null = null;
    const r = setup((req) => {
      if (req.method === 'GET') return { status: 200, body: withRegistration(current) };
      if (req.path.endsWith('/withdraw')) {
        current = registrationFixture({ status: 'withdrawn', withdrawal: { at: '2026-11-26T09:31:00.000Z', by: '7', reason: 'wrong partners' } });
        return { status: 200, body: current };
      }
      current = registrationFixture({ id: `reg-${r.backend.calls.length}` });
      return { status: 201, body: current };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'register')).toBeTruthy());
    r.findByTestId(Button, 'register').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Registered'));
    fire(r.find(Input, { name: 'withdraw-reason' }), 'onChange', 'wrong partners');
    await r.waitFor(() => expect(r.findByTestId(Button, 'withdraw-registration').props.disabled).toBe(false));
    r.findByTestId(Button, 'withdraw-registration').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Withdrawn'));
    r.findByTestId(Button, 'register').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Registered'));
    const keys = r.backend.calls.filter((c) => c.path === '/api/v1/deals/101/registration').map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('asks for a confirmation when the deal is in conflict, and confirms with the same idempotency key', async () => {
    const created = registrationFixture({ confirmedConflicts: ['It shares the same customer company with deal "Acme add-on", with other partners.'] });
    const r = setup((req) => {
      if (req.method !== 'POST') return { status: 200, body: withRegistration(null) };
      if ((req.body as { confirmConflict?: boolean }).confirmConflict) return { status: 201, body: created };
      return {
        status: 409,
        body: {
          error: {
            code: 'conflict',
            message: 'Deal "Acme rollout" is in an account conflict: It shares the same customer company with deal "Acme add-on", with other partners.',
            fields: [{ path: 'confirmConflict', message: 'It shares the same customer company with deal "Acme add-on", with other partners.' }],
          },
        },
      };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'register')).toBeTruthy());
    r.findByTestId(Button, 'register').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'confirm-conflict'))).toContain('deal "Acme add-on"'));
    r.findByTestId(Button, 'register-anyway').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Tag, 'registration-status').text).toBe('Registered'));
    const posts = r.backend.calls.filter((c) => c.method === 'POST').map((c) => c.body as { confirmConflict: boolean; idempotencyKey: string });
    expect(posts.map((p) => p.confirmConflict)).toEqual([false, true]);
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    expect(deepText(r.findByTestId(Text, 'registration-confirmed-conflicts'))).toContain('Registered despite an account conflict');
  });
});
