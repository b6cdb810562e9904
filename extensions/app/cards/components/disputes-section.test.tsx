import { Alert, Button, Checkbox, NumberInput, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { Dispute } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { DisputesSection } from './disputes-section';

const context = { crm: { objectId: 101, objectTypeId: '0-3' }, user: { id: 7, teams: [] }, portal: { id: 555 } };
const partners = [
  { companyId: '11', name: 'Northwind' },
  { companyId: '12', name: 'Contoso' },
];

const dispute = (over: Partial<Dispute> = {}): Dispute => ({
  id: '3',
  dealId: '101',
  dealName: 'Acme platform',
  status: 'upheld',
  reason: 'Northwind introduced the customer',
  openedBy: { userId: '7', name: 'Riley Rep' },
  openedAt: '2026-11-20T09:00:00.000Z',
  claim: [
    { partnerId: '11', partnerName: 'Northwind', percent: 70 },
    { partnerId: '12', partnerName: 'Contoso', percent: 30 },
  ],
  claimText: 'Northwind 70 %, Contoso 30 %',
  decision: { status: 'upheld', note: 'the intro email proves it', decidedBy: { userId: '9', name: 'Pat Ops' }, decidedAt: '2026-11-22T09:00:00.000Z', adjustmentApplied: true },
  overdue: false,
  ...over,
});

function setup(handler: (req: FakeRequest) => { status: number; body: unknown }) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('crm.record.tab');
  const api = createCardApiClient(createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context));
  renderer.render(<DisputesSection dealId="101" api={api} partners={partners} addAlert={renderer.mocks.actions.addAlert} />);
  return { ...renderer, backend };
}

describe('DisputesSection', () => {
  it("shows the deal's disputes with their status, claim and decision, people by name", async () => {
    const r = setup(() => ({ status: 200, body: { disputes: [dispute()] } }));
    await r.waitFor(() => expect(r.findByTestId(Button, 'open-dispute')).toBeTruthy());
    const text = deepText(r.getRootNode());
    expect(text).toContain('Upheld');
    expect(text).toContain('Opened by Riley Rep on 2026-11-20');
    expect(text).toContain('Claimed split: Northwind 70 %, Contoso 30 %');
    expect(text).toContain('Upheld by Pat Ops on 2026-11-22: the intro email proves it');
    expect(text).toContain('the claimed split now applies to this deal');
  });

  it('opens a dispute with a claimed split only once the shares add up to 100, with an idempotency key', async () => {
    let posted: unknown = null;
    const r = setup((req) => {
      if (req.method === 'POST') {
        posted = req.body;
        return { status: 201, body: dispute({ status: 'open', decision: null }) };
      }
      return { status: 200, body: { disputes: posted ? [dispute({ status: 'open', decision: null })] : [] } };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'open-dispute')).toBeTruthy());
    expect(r.findByTestId(Button, 'open-dispute').props.disabled).toBe(true);
    fire(r.find(TextArea, { name: 'dispute-reason' }), 'onChange', 'Northwind sourced it');
    fire(r.find(Checkbox, { name: 'dispute-claim' }), 'onChange', true);
    await r.waitFor(() => expect(r.maybeFind(NumberInput, { name: 'claim-12' })).toBeTruthy());
    fire(r.find(NumberInput, { name: 'claim-11' }), 'onChange', 66.67);
    fire(r.find(NumberInput, { name: 'claim-12' }), 'onChange', 23.33);
    await r.waitFor(() => expect(deepText(r.getRootNode())).toContain('The shares add up to 90 %; they must add up to 100 %.'));
    expect(r.findByTestId(Button, 'open-dispute').props.disabled).toBe(true);
    fire(r.find(NumberInput, { name: 'claim-12' }), 'onChange', 33.33);
    await r.waitFor(() => expect(r.findByTestId(Button, 'open-dispute').props.disabled).toBe(false));
    r.findByTestId(Button, 'open-dispute').trigger('onClick');
    await r.waitFor(() => expect(posted).not.toBeNull());
    expect(posted).toMatchObject({
      reason: 'Northwind sourced it',
      claim: [
        { partnerId: '11', percent: 66.67 },
        { partnerId: '12', percent: 33.33 },
      ],
    });
    expect((posted as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({ type: 'success', message: 'Dispute opened; partner ops will decide it.' }));
    await r.waitFor(() => expect(deepText(r.getRootNode())).toContain('Opened by Riley Rep'));
  });

  it("shows the backend's field error when the dispute is refused", async () => {
    const r = setup((req) =>
      req.method === 'POST'
        ? { status: 400, body: { error: { code: 'invalid', message: 'claim[0].partnerId: company 11 is not a partner on this deal', fields: [{ path: 'claim[0].partnerId', message: 'company 11 is not a partner on this deal' }] } } }
        : { status: 200, body: { disputes: [] } },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'open-dispute')).toBeTruthy());
    fire(r.find(TextArea, { name: 'dispute-reason' }), 'onChange', 'wrong split');
    await r.waitFor(() => expect(r.findByTestId(Button, 'open-dispute').props.disabled).toBe(false));
    r.findByTestId(Button, 'open-dispute').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert).props.title).toBe('The dispute was not opened'));
    expect(deepText(r.find(Alert))).toContain('not a partner on this deal');
  });
});
