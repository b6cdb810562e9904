import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, ROLES } from '../../domain';
import type { CrmCompany, CrmDeal, DealPartnerLink, StageInfo } from '../../hubspot/crm-gateway';
import { buildContext, computeDealPlan } from '../../app/deal-context';
import { dealOutputProperties } from './deal-outputs';
import { toDealSettings } from '../../app/deal-settings';

const deal = (stageId: string): CrmDeal => ({
  id: '42',
  name: 'Acme platform',
  amount: '10000',
  currency: 'USD',
  closeDate: '2026-03-31',
  stageId,
  pipelineId: 'default',
  ownerId: null,
  updatedAt: '2026-03-31T00:00:00.000Z',
  outputs: {},
});
const stages = new Map<string, StageInfo>([
  ['open', { stageId: 'open', label: 'Qualified', pipelineId: 'default', isClosed: false, isWon: false, probability: 0.2 }],
  ['won', { stageId: 'won', label: 'Closed won', pipelineId: 'default', isClosed: true, isWon: true, probability: 1 }],
  ['lost', { stageId: 'lost', label: 'Closed lost', pipelineId: 'default', isClosed: true, isWon: false, probability: 0 }],
]);
const companies = new Map<string, CrmCompany>([
  ['11', { id: '11', name: 'Northwind', partnerType: 'reseller', domain: null, parentCompanyId: null }],
  ['12', { id: '12', name: 'Bluepeak', partnerType: 'services', domain: null, parentCompanyId: null }],
]);
const links: DealPartnerLink[] = [
  { companyId: '11', roles: ['sourcing', 'selling'], otherLabels: [] },
  { companyId: '12', roles: ['technical_validation'], otherLabels: [] },
];

function outputs(stageId: string) {
  const ctx = buildContext(deal(stageId), links, companies, stages, toDealSettings(null).settings);
  const plan = computeDealPlan(ctx, [DEFAULT_RULE_SET]);
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  return dealOutputProperties(ctx, plan.value, [], [DEFAULT_RULE_SET]);
}

describe('dealOutputProperties: the deal stage decides cosell_status', () => {
  it('a closed-lost deal is "lost" with every amount 0, partners still named', () => {
    const out = outputs('lost');
    expect(out['cosell_status']).toBe('lost');
    expect(out['cosell_pool_amount']).toBe('0.00');
    for (const role of ROLES) expect(['', '0.00']).toContain(out[`cosell_${role}_amount`]);
    expect(out['cosell_sourcing_partner']).toBe('Northwind');
  });

  it('won and open deals carry their amounts', () => {
    expect(outputs('won')).toMatchObject({ cosell_status: 'won', cosell_pool_amount: '2500.00' });
    expect(outputs('open')).toMatchObject({ cosell_status: 'open', cosell_pool_amount: '2500.00' });
  });
});
