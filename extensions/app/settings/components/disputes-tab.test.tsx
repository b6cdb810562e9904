import { Alert, Button, Checkbox, Select, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { Dispute, DisputeEvidence, DisputesOverview } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { DisputesTab } from './disputes-tab';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const open: Dispute = {
  id: '3',
  dealId: '101',
  dealName: 'Acme platform',
  status: 'open',
  reason: 'Northwind introduced the customer',
  openedBy: { userId: '5', name: 'Riley Rep' },
  openedAt: '2026-11-20T09:00:00.000Z',
  claim: [
    { partnerId: '11', partnerName: 'Northwind', percent: 70 },
    { partnerId: '12', partnerName: 'Contoso', percent: 30 },
  ],
  claimText: 'Northwind 70 %, Contoso 30 %',
  decision: null,
  overdue: true,
};
const rejected: Dispute = {
  ...open,
  id: '2',
  dealName: 'Globex pilot',
  status: 'rejected',
  claim: null,
  claimText: null,
  overdue: false,
  decision: { status: 'rejected', note: 'the roles are right', decidedBy: { userId: '7', name: 'Pat Ops' }, decidedAt: '2026-11-21T09:00:00.000Z', adjustmentApplied: false },
};
const overview = (over: Partial<DisputesOverview> = {}): DisputesOverview => ({
  disputes: [rejected, open],
  rates: [
    { quarter: '2026-Q4', coSellClosed: 8, disputed: 1, rate: '0.1250', verdict: 'rules_unclear', message: 'attribution dispute rate 12.5 % of 8 closed co-sell deals — above 10 %: the role definitions and split rules are not clear enough' },
    { quarter: '2026-Q3', coSellClosed: 12, disputed: 0, rate: '0.0000', verdict: 'suspicious', message: 'attribution dispute rate 0 % of 12 closed co-sell deals — suspicious: 0 % usually means nobody is checking the splits' },
  ],
  alertAfterDays: 7,
  partnerOpsOwnerSet: false,
  ...over,
});
const evidence: DisputeEvidence = {
  dispute: open,
  touchpoints: [{ id: 't1', kind: 'intro', partnerName: 'Northwind', occurredAt: '2026-10-02T12:00:00.000Z', summary: 'Warm intro to the CIO' }],
  registration: { registeredAt: '2026-10-05T09:00:00.000Z', registeredByName: 'Riley Rep', status: 'open', lines: ['Northwind (sourcing): 833.33 USD — intro', 'Contoso (selling): 1666.67 USD'] },
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const r = createRenderer('settings');
  const api = createCardApiClient(createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context));
  r.render(<DisputesTab actions={r.mocks.actions} api={api} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} today="2026-12-02" />);
  return { ...r, backend };
}

describe('DisputesTab', () => {
  it('shows the dispute rate with its reading, that nobody is alerted without partner ops, and each dispute by name', async () => {
    const r = setup(() => ({ status: 200, body: overview() }));
    await r.waitFor(() => expect(r.maybeFind(Button, { testId: 'review-3' })).toBeTruthy());
    const text = deepText(r.getRootNode());
    expect(text).toContain('1 of 8 closed co-sell deals disputed. Attribution dispute rate 12.5 % of 8 closed co-sell deals — above 10 %: the role definitions and split rules are not clear enough');
    expect(text).toContain('0 % usually means nobody is checking the splits');
    expect(r.findByTestId(Alert, 'no-partner-ops').props.title).toBe('Nobody is alerted about overdue disputes');
    expect(text).toContain('Acme platform');
    expect(text).toContain('opened by Riley Rep on 2026-11-20 — overdue');
    expect(text).toContain('Rejected by Pat Ops on 2026-11-21: the roles are right');
    expect(text).not.toContain('101');
  });

  it('says overdue disputes alert partner ops when an owner is set', async () => {
    const r = setup(() => ({ status: 200, body: overview({ partnerOpsOwnerSet: true }) }));
    await r.waitFor(() => expect(deepText(r.getRootNode())).toContain('Disputes open longer than 7 days raise a task for partner ops'));
    expect(r.maybeFind(Alert, { testId: 'no-partner-ops' })).toBeNull();
  });

  it('reviews a dispute beside its evidence and upholds it applying the claimed split', async () => {
    let decided: unknown = null;
    const r = setup((req) => {
      if (req.path.endsWith('/evidence')) return { status: 200, body: evidence };
      if (req.method === 'POST') {
        decided = req.body;
        return { status: 200, body: { ...open, status: 'upheld', decision: { status: 'upheld', note: 'intro proves it', decidedBy: { userId: '7', name: 'Pat Ops' }, decidedAt: '2026-12-02T09:00:00.000Z', adjustmentApplied: true } } };
      }
      return { status: 200, body: overview() };
    });
    await r.waitFor(() => expect(r.maybeFind(Button, { testId: 'review-3' })).toBeTruthy());
    r.findByTestId(Button, 'review-3').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.getRootNode())).toContain('Warm intro to the CIO'));
    const text = deepText(r.getRootNode());
    expect(text).toContain('Northwind');
    expect(text).toContain('Registered by Riley Rep on 2026-10-05 (open)');
    expect(text).toContain('Northwind (sourcing): 833.33 USD — intro');
    // Deciding needs a note; the claim can be applied only when upholding.
    expect(r.findByTestId(Button, 'decide-3').props.disabled).toBe(true);
    expect(r.maybeFind(Checkbox, { name: 'apply-claim-3' })).toBeNull();
    fire(r.find(Select, { name: 'decision-3' }), 'onChange', 'upheld');
    await r.waitFor(() => expect(r.maybeFind(Checkbox, { name: 'apply-claim-3' })).toBeTruthy());
    fire(r.find(Checkbox, { name: 'apply-claim-3' }), 'onChange', true);
    fire(r.find(TextArea, { name: 'note-3' }), 'onChange', 'intro proves it');
    await r.waitFor(() => expect(r.findByTestId(Button, 'decide-3').props.disabled).toBe(false));
    r.findByTestId(Button, 'decide-3').trigger('onClick');
    await r.waitFor(() => expect(decided).toEqual({ decision: 'upheld', note: 'intro proves it', applyClaim: true }));
    await r.waitFor(() =>
      expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({ type: 'success', message: 'Dispute on "Acme platform" upheld. The deal is being recomputed with the claimed split.' }),
    );
    expect(r.backend.calls.find((c) => c.method === 'POST')?.path).toBe('/api/v1/disputes/3/decision');
  });
});
