import { Select, Table, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { createFakeHubspotFetch, dealStateFixture, deepText } from '@cosell/card-test-support';
import { createHubspotFetcher } from '@cosell/card-kit';
import { DealCoSellCard } from './deal-cosell-card';

const context = { crm: { objectId: 101, objectTypeId: '0-3' }, user: { id: 7, teams: [] }, portal: { id: 555 } };

/** Stage labels as a portal admin typed them in HubSpot: the card repeats them as they are, never re-cased. */
describe('DealCoSellCard stage labels', () => {
  it("shows the deal's stage, the stage leads and the unassigned list with HubSpot's labels exactly", async () => {
    const state = dealStateFixture({
      deal: { ...dealStateFixture().deal, stageId: 'qbr', stageLabel: 'QBR with CFO' },
      stagesAhead: [
        { stageId: 'qbr', label: 'QBR with CFO' },
        { stageId: 'esign', label: 'eSign sent — Legal' },
      ],
      unassigned: ['Relationship owner', 'Stage lead: QBR with CFO', 'Stage lead: eSign sent — Legal'],
    });
    const backend = createFakeHubspotFetch(() => ({ status: 200, body: state }));
    const r = createRenderer('crm.record.tab');
    r.render(<DealCoSellCard context={context} actions={r.mocks.actions} fetcher={createHubspotFetcher(backend.fetch, 'https://cosell.example.com', context)} now={() => new Date('2026-11-26T09:30:00Z')} />);
    await r.waitFor(() => expect(r.findByTestId(Table, 'stage-leads')).toBeTruthy());

    const leads = r.findAll(Select, (n) => String(n.props.name).startsWith('stage-lead-')).map((n) => n.props.label);
    expect(leads).toEqual(['Lead for QBR with CFO', 'Lead for eSign sent — Legal']);
    const rows = r.findByTestId(Table, 'stage-leads').findAll(Tag).map((t) => t.text);
    expect(rows).toEqual(['Current']);
    const unassigned = r.findAll(Tag, (n) => String(deepText(n)).startsWith('Stage lead: ')).map((t) => deepText(t));
    expect(unassigned).toEqual(['Stage lead: QBR with CFO', 'Stage lead: eSign sent — Legal']);
    const all = deepText(r.getRootNode());
    expect(all).toContain('QBR with CFO');
    for (const recased of ['Qbr with cfo', 'QBR With CFO', 'qbr with cfo', 'ESign sent', 'Esign sent', 'esign sent']) expect(all).not.toContain(recased);
  });
});
