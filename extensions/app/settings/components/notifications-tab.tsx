import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  Input,
  LoadingSpinner,
  MultiSelect,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { NotificationKind, NotificationSettingsResponse, SaveNotificationSettingsRequest } from '@cosell/contract';
import { ApiErrorAlert, LoadError, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';

/** A webhook row being edited: the secret is only sent for a new partner or when replaced. */
interface WebhookDraft {
  partnerId: string;
  url: string;
  secret?: string;
}

/** The "Notifications" tab: task or note, which stages notify, who is partner ops, partner webhooks, all by name. */
export function NotificationsTab(props: SettingsTabProps) {
  const resource = useResource<NotificationSettingsResponse>('notification-settings', () => props.api.getNotificationSettings());
  const { state } = resource;
  if (state.status === 'loading') return <LoadingSpinner label="Loading notification settings…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the notification settings" error={state.error} onRetry={resource.reload} />;
  }
  return <NotificationsForm key={state.data.settings.updatedAt ?? 'defaults'} data={state.data} {...props} onSaved={resource.reload} />;
}

function NotificationsForm({ data, api, actions, onSaved }: SettingsTabProps & { data: NotificationSettingsResponse; onSaved: () => void }) {
  const action = useAction();
  const s = data.settings;
  const [kind, setKind] = useState<NotificationKind>(s.kind);
  const [allStages, setAllStages] = useState(s.stages === 'all');
  const [stages, setStages] = useState<string[]>(s.stages === 'all' ? [] : s.stages);
  const [partnerOps, setPartnerOps] = useState<string>(s.partnerOps.ownerId ?? '');
  const [webhooks, setWebhooks] = useState<WebhookDraft[]>(s.webhooks.map((w) => ({ partnerId: w.partnerId, url: w.url })));
  const [newPartner, setNewPartner] = useState('');
  const [newUrl, setNewUrl] = useState('');
  const [newSecret, setNewSecret] = useState('');

  const partnerName = (id: string) => data.partners.find((p) => p.companyId === id)?.name ?? s.webhooks.find((w) => w.partnerId === id)?.partnerName ?? 'a partner HubSpot no longer lists';
  const stageOptions = data.stages.map((st) => ({ label: st.label, value: st.stageId }));
  const free = data.partners.filter((p) => !webhooks.some((w) => w.partnerId === p.companyId));
  const canAdd = newPartner !== '' && newUrl.trim() !== '' && newSecret.length > 0;

  const save = async () => {
    const body: SaveNotificationSettingsRequest = {
      kind,
      stages: allStages ? 'all' : stages,
      partnerOps: { ownerId: partnerOps === '' ? null : partnerOps },
      webhooks: webhooks.map((w) => ({ partnerId: w.partnerId, url: w.url, ...(w.secret ? { secret: w.secret } : {}) })),
    };
    const saved = await action.run(() => api.saveNotificationSettings(body));
    if (saved) {
      actions.addAlert({ type: 'success', message: 'Notification settings saved' });
      onSaved();
    }
  };

  return (
    <Flex direction="column" gap="md">
      {data.notes.map((note) => (
        <Alert key={note} title="Some choices could not be loaded" variant="warning">
          <Text>{note}</Text>
        </Alert>
      ))}
      <Heading>When a co-sell deal changes stage</Heading>
      <Text variant="microcopy">Each partner's manager (the owner of the partner company in HubSpot) hears about it.</Text>
      <Flex direction="row" gap="sm" wrap>
        <Select
          label="Create"
          name="notification-kind"
          options={[
            { label: 'A task for each partner manager', value: 'task' },
            { label: 'A note on the deal and the partners', value: 'note' },
          ]}
          value={kind}
          onChange={(v) => setKind(String(v) === 'note' ? 'note' : 'task')}
        />
        <Select
          label="For stage changes to"
          name="notification-stage-scope"
          options={[
            { label: 'Every stage', value: 'all' },
            { label: 'The stages chosen', value: 'chosen' },
          ]}
          value={allStages ? 'all' : 'chosen'}
          onChange={(v) => setAllStages(String(v) === 'all')}
        />
        {allStages ? null : <MultiSelect label="Stages" name="notification-stages" options={stageOptions} value={stages} onChange={(v) => setStages(v.map(String))} />}
      </Flex>

      <Heading>Partner ops</Heading>
      <Select
        label="Conflict and dispute alerts go to"
        name="partner-ops-owner"
        options={[{ label: 'Nobody (no alerts)', value: '' }, ...data.owners.map((o) => ({ label: o.name, value: o.id }))]}
        value={partnerOps}
        onChange={(v) => setPartnerOps(String(v))}
      />

      <Heading>Partner webhooks</Heading>
      <Text variant="microcopy">Signed JSON events to a partner's own system: https only, never to private addresses.</Text>
      {webhooks.length > 0 ? (
        <Table bordered>
          <TableHead>
            <TableRow>
              <TableHeader>Partner</TableHeader>
              <TableHeader>URL</TableHeader>
              <TableHeader>Secret</TableHeader>
              <TableHeader> </TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {webhooks.map((w) => (
              <TableRow key={w.partnerId}>
                <TableCell>{partnerName(w.partnerId)}</TableCell>
                <TableCell>{w.url}</TableCell>
                <TableCell>{w.secret ? 'new, saved with the settings' : 'set'}</TableCell>
                <TableCell>
                  <Button variant="destructive" size="xs" testId={`remove-webhook-${w.partnerId}`} onClick={() => setWebhooks((list) => list.filter((x) => x.partnerId !== w.partnerId))}>
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text variant="microcopy">No partner has a webhook.</Text>
      )}
      {free.length > 0 ? (
        <Flex direction="row" gap="sm" align="end" wrap>
          <Select label="Partner" name="webhook-partner" options={free.map((p) => ({ label: p.name, value: p.companyId }))} value={newPartner} onChange={(v) => setNewPartner(String(v))} />
          <Input label="URL" name="webhook-url" placeholder="https://…" value={newUrl} onChange={setNewUrl} />
          <Input label="Secret (16+ characters, shared with the partner)" name="webhook-secret" value={newSecret} onChange={setNewSecret} />
          <Button
            testId="add-webhook"
            disabled={!canAdd}
            onClick={() => {
              setWebhooks((list) => [...list, { partnerId: newPartner, url: newUrl.trim(), secret: newSecret }]);
              setNewPartner('');
              setNewUrl('');
              setNewSecret('');
            }}
          >
            Add webhook
          </Button>
        </Flex>
      ) : null}

      {action.error ? (
        <ApiErrorAlert
          title="The notification settings were not saved"
          error={action.error}
          labeler={(path) => {
            const m = /^webhooks\[(\d+)\]\.(\w+)/.exec(path);
            if (!m) return null;
            const w = webhooks[Number(m[1])];
            return w ? { label: `${partnerName(w.partnerId)}'s webhook ${m[2] === 'url' ? 'URL' : m[2]}` } : null;
          }}
        />
      ) : null}
      <Flex direction="row" gap="sm" align="center">
        <Button variant="primary" testId="save-notifications" disabled={action.pending} onClick={() => void save()}>
          {action.pending ? 'Saving…' : 'Save notification settings'}
        </Button>
        {s.updatedAt ? <Text variant="microcopy">{`Last saved ${s.updatedAt.slice(0, 10)}${s.updatedByName ? ` by ${s.updatedByName}` : ''}`}</Text> : null}
      </Flex>
    </Flex>
  );
}
