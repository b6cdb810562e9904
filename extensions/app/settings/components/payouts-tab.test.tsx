import { Button, Table } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { PayoutLine, PayoutLineList } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { SettingsPage } from './settings-page';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const line = (id: string, partnerId: string, partnerName: string, amount: string, over: Partial<PayoutLine> = {}): PayoutLine => ({
  id,
  dealId: '301',
  dealName: 'Acme platform',
  partnerId,
  partnerName,
  kind: 'earned',
  amount,
  currency: 'USD',
  status: 'open',
  ruleVersion: '2026.1',
  createdAt: '2026-12-02T10:00:00.000Z',
  explanation: 'Acme platform closed won.',
  math: { dealAmount: '10000.00', poolRate: '25', poolAmount: '2500.00', roles: ['sourcing'], weight: '33.3333', share: '0.333333', commission: amount, model: 'sell_with' },
  ...over,
});

const open: PayoutLineList = {
  lines: [line('1', '11', 'Northwind', '833.33'), line('2', '12', 'Stackly', '1666.67', { kind: 'reversal', amount: '-1666.67', explanation: 'Acme platform was reopened or lost after it was won.', math: null })],
  totals: [
    { partnerId: '11', partnerName: 'Northwind', currency: 'USD', amount: '833.33' },
    { partnerId: '12', partnerName: 'Stackly', currency: 'USD', amount: '-1666.67' },
  ],
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage actions={renderer.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} today="2026-12-02" initialTab="payouts" />);
  return { ...renderer, backend };
}

describe('PayoutsTab', () => {
  it('lists open lines by name with the math behind each', async () => {
    const r = setup((req) => (req.path === '/api/v1/payouts/open-lines' ? { status: 200, body: open } : { status: 200, body: { published: [], drafts: [], inForce: null } }));
    await r.waitFor(() => expect(r.findByTestId(Table, 'payout-lines')).toBeTruthy());
    const text = deepText(r.findByTestId(Table, 'payout-lines') as never);
    expect(text).toContain('Northwind');
    expect(text).toContain('$10,000.00 × pool 25% = $2,500.00 → sourcing 33.3333% of the pool → share 0.333333 → $833.33');
    expect(text).toContain('Reversal');
    expect(text).toContain('-$1,666.67');
    expect(text).toContain('reopened or lost');
    expect(deepText(r.findByTestId(Button, 'approve-all') as never)).toBe('Approve all 2 open lines');
  });

  it('approves all open lines in one request and reloads', async () => {
    let approvedBody: unknown = null;
    let served = 0;
    const r = setup((req) => {
      if (req.path === '/api/v1/payouts/approve') {
        approvedBody = req.body;
        return { status: 200, body: { approved: 2 } };
      }
      if (req.path === '/api/v1/payouts/open-lines') return { status: 200, body: served++ === 0 ? open : { lines: [], totals: [] } };
      return { status: 200, body: { published: [], drafts: [], inForce: null } };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'approve-all')).toBeTruthy());
    fire(r.findByTestId(Button, 'approve-all'), 'onClick');
    await r.waitFor(() => expect(approvedBody).toEqual({ lineIds: ['1', '2'] }));
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({ type: 'success', message: 'Approved 2 lines (all open lines).' }));
    await r.waitFor(() => expect(served).toBe(2));
  });

  it("approves one partner's lines only", async () => {
    const bodies: unknown[] = [];
    const r = setup((req) => {
      if (req.path === '/api/v1/payouts/approve') {
        bodies.push(req.body);
        return { status: 200, body: { approved: 1 } };
      }
      if (req.path === '/api/v1/payouts/open-lines') return { status: 200, body: open };
      return { status: 200, body: { published: [], drafts: [], inForce: null } };
    });
    await r.waitFor(() => expect(r.findByTestId(Button, 'approve-partner-12-USD')).toBeTruthy());
    fire(r.findByTestId(Button, 'approve-partner-12-USD'), 'onClick');
    await r.waitFor(() => expect(bodies).toEqual([{ lineIds: ['2'] }]));
  });
});
