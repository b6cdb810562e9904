/**
 * Stage labels reach a person exactly as HubSpot gives them: the card's stage, the stages still
 * ahead (stage leads) and the plan's "still unassigned" list repeat the pipeline's own labels,
 * whatever their capitalisation, never re-cased by the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DealCoSellState } from '../../src/contract/card-api';
import { startStack, type Stack } from '../e2e/start-stack';

/** Labels a portal admin might really type: mixed case, acronyms, a lower-case brand, punctuation. */
const LABELS = ['Discovery call', 'QBR with CFO', 'eSign sent — Legal', 'closed (WON)', 'Closed Lost'];

let s: Stack;
let deal: string;

beforeAll(async () => {
  s = await startStack({
    pipelines: [
      {
        id: 'partner-pipeline',
        label: 'Partner pipeline',
        stages: [
          { id: 'discovery', label: LABELS[0]!, probability: 0.1, isClosed: false },
          { id: 'qbr', label: LABELS[1]!, probability: 0.5, isClosed: false },
          { id: 'esign', label: LABELS[2]!, probability: 0.9, isClosed: false },
          { id: 'won', label: LABELS[3]!, probability: 1, isClosed: true },
          { id: 'lost', label: LABELS[4]!, probability: 0, isClosed: true },
        ],
      },
    ],
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', properties: { cosell_partner_type: 'reseller' } },
    ],
    deals: [
      {
        key: 'd1',
        properties: { dealname: 'Acme platform', pipeline: 'partner-pipeline', dealstage: 'qbr', amount: '1000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }, { companyKey: 'p1', labels: ['Selling partner'] }],
      },
    ],
  });
  deal = s.seed.deals.d1!;
}, 60_000);

afterAll(async () => {
  await s?.close();
});

describe('stage labels', () => {
  it("show HubSpot's label exactly, in the card's stage, the stages ahead and the unassigned list", async () => {
    const res = await s.card('GET', `/api/v1/deals/${deal}/cosell`);
    expect(res.status).toBe(200);
    const state = DealCoSellState.parse(res.json);
    expect(state.deal.stageLabel).toBe('QBR with CFO');
    expect(state.stagesAhead).toEqual([
      { stageId: 'qbr', label: 'QBR with CFO' },
      { stageId: 'esign', label: 'eSign sent — Legal' },
    ]);
    expect(state.unassigned.filter((u) => u.startsWith('Stage lead: '))).toEqual(['Stage lead: QBR with CFO', 'Stage lead: eSign sent — Legal']);
    // Nothing a person reads carries a re-cased variant of a label.
    const text = JSON.stringify(state);
    for (const label of LABELS) {
      for (const variant of [label.toLowerCase(), label.toUpperCase()]) {
        if (variant !== label) expect(text).not.toContain(variant);
      }
    }
  });

  it('a closed deal shows its closed stage as HubSpot labels it', async () => {
    await s.hs.admin.actAsUser('deals', deal, { dealstage: 'won' });
    await s.settle();
    const state = DealCoSellState.parse((await s.card('GET', `/api/v1/deals/${deal}/cosell`)).json);
    expect(state.deal).toMatchObject({ stageLabel: 'closed (WON)', isClosedWon: true });
    expect(state.stagesAhead).toEqual([]);
  });
});
