import { Alert, Button, Input, MultiSelect, Select, TableCell } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { NotificationSettingsResponse } from '@cosell/contract';
import { createFakeHubspotFetch, deepText, fire } from '@cosell/card-test-support';
import type { FakeAnswer, FakeRequest } from '@cosell/card-test-support';
import { createCardApiClient, createHubspotFetcher } from '@cosell/card-kit';
import { NotificationsTab } from './notifications-tab';

const context = { user: { id: 7, teams: [{ id: 3 }] }, portal: { id: 555 } };

const loaded: NotificationSettingsResponse = {
  settings: {
    kind: 'task',
    stages: 'all',
    partnerOps: { ownerId: null, name: null },
    webhooks: [{ partnerId: '11', partnerName: 'Northwind', url: 'https://hooks.northwind.example/cosell', secretSet: true }],
    updatedAt: '2026-11-30T09:00:00.000Z',
    updatedByName: 'Ana Ruiz',
  },
  owners: [
    { id: '501', name: 'Ana Ruiz' },
    { id: '502', name: 'Pat Ops' },
  ],
  stages: [
    { stageId: 'appointmentscheduled', label: 'Appointment Scheduled', pipelineId: 'default' },
    { stageId: 'contractsent', label: 'Contract Sent', pipelineId: 'default' },
  ],
  partners: [
    { companyId: '11', name: 'Northwind' },
    { companyId: '12', name: 'Stackly' },
  ],
  notes: [],
};

function setup(handler: (req: FakeRequest) => FakeAnswer) {
  const backend = createFakeHubspotFetch(handler);
  const renderer = createRenderer('settings');
  const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context);
  renderer.render(<NotificationsTab actions={renderer.mocks.actions} api={createCardApiClient(fetcher)} fetcher={fetcher} today="2026-12-02" />);
  return { ...renderer, backend };
}

describe('NotificationsTab', () => {
  it('offers people and stages by name and shows webhooks by partner name', async () => {
    const r = setup(() => ({ status: 200, body: loaded }));
    await r.waitFor(() => expect(r.find(Select, { name: 'partner-ops-owner' })).toBeTruthy());
    expect(r.find(Select, { name: 'partner-ops-owner' }).props.options.map((o: { label: string }) => o.label)).toEqual(['Nobody (no alerts)', 'Ana Ruiz', 'Pat Ops']);
    expect(r.maybeFind(MultiSelect, { name: 'notification-stages' })).toBeNull();
    fire(r.find(Select, { name: 'notification-stage-scope' }), 'onChange', 'chosen');
    expect(r.find(MultiSelect, { name: 'notification-stages' }).props.options.map((o: { label: string }) => o.label)).toEqual(['Appointment Scheduled', 'Contract Sent']);
    expect(r.findAll(TableCell).map((c) => deepText(c))).toContain('Northwind');
    // Only partners without a webhook can get one.
    expect(r.find(Select, { name: 'webhook-partner' }).props.options.map((o: { label: string }) => o.label)).toEqual(['Stackly']);
  });

  it('saves the choices, keeping stored secrets and sending a new partner secret once', async () => {
    const r = setup((req) => ({ status: 200, body: req.method === 'PUT' ? { ...loaded, settings: { ...loaded.settings, updatedAt: '2026-12-02T10:00:00.000Z' } } : loaded }));
    await r.waitFor(() => expect(r.find(Select, { name: 'partner-ops-owner' })).toBeTruthy());
    fire(r.find(Select, { name: 'notification-kind' }), 'onChange', 'note');
    fire(r.find(Select, { name: 'notification-stage-scope' }), 'onChange', 'chosen');
    fire(r.find(MultiSelect, { name: 'notification-stages' }), 'onChange', ['contractsent']);
    fire(r.find(Select, { name: 'partner-ops-owner' }), 'onChange', '502');
    fire(r.find(Select, { name: 'webhook-partner' }), 'onChange', '12');
    fire(r.find(Input, { name: 'webhook-url' }), 'onChange', 'https://hooks.stackly.example/in');
    fire(r.find(Input, { name: 'webhook-secret' }), 'onChange', 'stackly-secret-0123456789');
    r.findByTestId(Button, 'add-webhook').trigger('onClick');
    r.findByTestId(Button, 'save-notifications').trigger('onClick');
    await r.waitFor(() => expect(r.backend.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = r.backend.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/notifications/settings');
    expect(put.body).toEqual({
      kind: 'note',
      stages: ['contractsent'],
      partnerOps: { ownerId: '502' },
      webhooks: [
        { partnerId: '11', url: 'https://hooks.northwind.example/cosell' },
        { partnerId: '12', url: 'https://hooks.stackly.example/in', secret: 'stackly-secret-0123456789' },
      ],
    });
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({ type: 'success', message: 'Notification settings saved' }));
  });

  it("says which partner's webhook the backend refused, by name", async () => {
    const r = setup((req) =>
      req.method === 'PUT'
        ? { status: 400, body: { error: { code: 'invalid_request', message: 'the notification settings are invalid', fields: [{ path: 'webhooks[0].url', message: 'must start with https://' }] } } }
        : { status: 200, body: loaded },
    );
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-notifications')).toBeTruthy());
    r.findByTestId(Button, 'save-notifications').trigger('onClick');
    await r.waitFor(() => expect(deepText(r.findByTestId(Alert, 'api-error'))).toContain("Northwind's webhook URL must start with https://"));
  });
});
