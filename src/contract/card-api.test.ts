import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_RULE_SET, VERSION_LABEL_HINT, VERSION_LABEL_PATTERN, computeAttribution, parseRuleSet } from '../domain';
import { AttributionPlan, RuleSetDocument, cardApi, CreateTouchpointRequest, endpointPath, Percent, RULE_SET_VERSION_HINT, RULE_SET_VERSION_PATTERN, SetPartnersRequest, SetPlanRequest } from './card-api';

describe('card-api contract', () => {
  it('imports nothing but zod (the package is built by HubSpot from extensions/ alone)', () => {
    const source = readFileSync(new URL('../../extensions/app/packages/contract/src/card-api.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    // Besides zod, only the package's own feature files (e.g. account-mapping-api.ts), which import nothing but zod themselves.
    const siblings = imports.filter((i): i is string => !!i && i.startsWith('./'));
    expect(imports.filter((i) => !siblings.includes(i!))).toEqual(['zod']);
    for (const sibling of siblings) {
      const text = readFileSync(new URL(`../../extensions/app/packages/contract/src/${sibling.slice(2)}.ts`, import.meta.url), 'utf8');
      expect([...text.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['zod']);
    }
  });

  it('every endpoint has a unique method + path and JSON-Schema-convertible schemas', () => {
    const keys = Object.values(cardApi).map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of Object.values(cardApi)) {
      expect(() => z.toJSONSchema(e.response, { io: 'output' })).not.toThrow();
      if (e.body) expect(() => z.toJSONSchema(e.body, { io: 'input' })).not.toThrow();
    }
  });

  it('fills path params', () => {
    expect(endpointPath('getDealCoSell', { dealId: '42' })).toBe('/api/v1/deals/42/cosell');
    expect(() => endpointPath('getPartnerScorecard')).toThrow(/companyId/);
  });

  it('names the invalid field', () => {
    const r = SetPartnersRequest.safeParse({ partners: [{ companyId: '1', roles: ['selling'] }, { companyId: '2', roles: ['sales'] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['partners', 1, 'roles', 0]);
    const t = CreateTouchpointRequest.safeParse({ companyId: '1', kind: 'demo', occurredAt: 'yesterday', summary: 'x' });
    expect(t.error?.issues[0]?.path).toEqual(['occurredAt']);
  });

  it('applies the 24 h default response SLA', () => {
    const plan = SetPlanRequest.parse({
      relationshipOwner: { kind: 'partner', companyId: '5' },
      stageLeads: [],
      postSale: { onboarding: null, support: null, renewal: null },
      commitments: [{ companyId: '5' }],
    });
    expect(plan.commitments[0]).toEqual({ companyId: '5', responseSlaHours: 24, meetingAttendance: false });
  });
});

describe('rule-set rules shared with the settings form', () => {
  it('the version label pattern is the domain\'s', () => {
    expect(RULE_SET_VERSION_PATTERN.source).toBe(VERSION_LABEL_PATTERN.source);
    expect(RULE_SET_VERSION_HINT).toBe(VERSION_LABEL_HINT);
  });

  it.each([-10, 12.345, 100.01, 0, 33.33, 100, Number.NaN])('Percent refuses exactly what the domain refuses, in the same words: %s', (value) => {
    const contract = Percent.safeParse(value);
    const domain = parseRuleSet({ ...DEFAULT_RULE_SET, pool: { soloRate: value, coSellRate: 25 } });
    expect(contract.success).toBe(domain.ok);
    if (!contract.success && !domain.ok) expect(domain.errors.map((e) => e.message)).toContain(contract.error.issues[0]?.message);
  });
});

describe('rule overrides in the contract', () => {
  const withOverrides = {
    ...structuredClone(DEFAULT_RULE_SET),
    dealProperties: ['territory'],
    overrides: [
      { name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] }, pool: { coSellRate: 30 } },
      { name: 'EMEA', when: { properties: { territory: ['EMEA'] } }, models: { sell_with: { sourcing: 50, selling: 50 } }, missingRoles: 'retain' as const },
    ],
  };

  it('keeps a published rule set\'s overrides and dealProperties (they are not stripped)', () => {
    expect(parseRuleSet(withOverrides).ok).toBe(true);
    const parsed = RuleSetDocument.safeParse(withOverrides);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.overrides).toEqual(withOverrides.overrides);
    expect(parsed.data?.dealProperties).toEqual(['territory']);
  });

  it('accepts a plan naming its override, null, or none (plans made before overrides)', () => {
    const result = computeAttribution({
      deal: { id: '1', amount: '200000', currency: 'USD', pipeline: 'enterprise' },
      partners: [{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['sourcing'] }],
      rules: withOverrides,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const plan = { ...result.value, allocations: result.value.allocations.map((a) => ({ ...a, partnerName: null })) };
    expect(AttributionPlan.parse(plan).override).toBe('Enterprise deals');
    expect(AttributionPlan.parse({ ...plan, override: null }).override).toBeNull();
    const { override: _omit, ...old } = plan;
    expect(AttributionPlan.safeParse(old).success).toBe(true);
    expect(AttributionPlan.safeParse({ ...plan, override: 7 }).success).toBe(false);
  });
});

describe('rule-set incentives in the contract', () => {
  const incentives = {
    fiscalYearStartMonth: 4,
    coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
    tiers: [{ name: 'Co-sell Silver', minCoSellWins: 5, benefits: ['Exclusive leads'] }],
  };

  it.each([
    ['a fixed reward', incentives],
    ['an uplift reward', { ...incentives, coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '2.5' } } }],
    ['no bonus and no tiers', { fiscalYearStartMonth: 1, tiers: [] }],
  ])('a published rule set with %s reads through the contract unchanged', (_name, given) => {
    const domain = parseRuleSet({ ...DEFAULT_RULE_SET, incentives: given });
    expect(domain.ok).toBe(true);
    if (!domain.ok) return;
    expect(RuleSetDocument.parse(domain.value)).toEqual(domain.value);
    expect(RuleSetDocument.parse(domain.value).incentives).toEqual(given);
  });

  it('refuses a reward of an unknown kind, naming the field', () => {
    const parsed = RuleSetDocument.safeParse({ ...DEFAULT_RULE_SET, incentives: { ...incentives, coSellBonus: { minCoSellWins: 3, reward: { kind: 'gift' } } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe('incentives.coSellBonus.reward.kind');
  });
});
