import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { overrideWarnings, parseRuleSet } from '../../src/domain';
import { newOverride, overrideShadowWarnings } from '../../extensions/app/settings/components/rule-overrides-form';
import type { OverrideForm } from '../../extensions/app/settings/components/rule-overrides-form';
import { documentFromForm, formErrors, formFromDocument } from '../../extensions/app/settings/components/rule-set-form';

/*
 * The settings editor checks overrides in the browser before anything is sent; these properties
 * hold it to the server's rules (src/domain/rule-overrides.ts): it refuses exactly what
 * parseRuleSet refuses and flags exactly the overrides the server calls shadowed.
 */

const base = {
  version: '2026.3',
  effectiveFrom: '2026-07-01',
  pool: { soloRate: 20, coSellRate: 25 },
  defaultModel: 'sell_with' as const,
  models: {
    sell_with: { sourcing: 20, selling: 40, technical_validation: 25, influence: 15 },
    sell_through: { selling: 70, influence: 30 },
    sell_to: { sourcing: 20, selling: 80 },
  },
  missingRoles: 'renormalize' as const,
  dealProperties: ['territory', 'product_line'],
};

/** Random overrides over a small vocabulary, so equal and nested conditions come up often. */
const arbOverride = fc.record({
  name: fc.constantFrom('A', 'B', 'C', 'a', ' '),
  minAmount: fc.constantFrom('', '0', '100', '100.00', '5000', 'x'),
  maxAmount: fc.constantFrom('', '100', '5000', '1000000'),
  currencies: fc.constantFrom('', 'USD', 'USD, EUR', 'EUR', 'usd'),
  pipelines: fc.constantFrom([], ['default'], ['default', 'enterprise']),
  properties: fc.constantFrom<Record<string, string>>({}, { territory: 'EMEA' }, { territory: 'emea, APAC' }, { region: 'EMEA' }, { territory: 'A;B' }),
  soloRate: fc.constantFrom(null, 10, 100.5, 12.345),
  coSellRate: fc.constantFrom(null, 30),
  models: fc.constantFrom({}, { sell_to: { sourcing: 20, selling: 80, technical_validation: 0, implementation: 0, influence: 0 } }, { sell_to: { sourcing: 20, selling: 70, technical_validation: 0, implementation: 0, influence: 0 } }),
  defaultModel: fc.constantFrom('' as const, 'sell_to' as const),
  missingRoles: fc.constantFrom('' as const, 'retain' as const),
}).map((r) => ({ ...r, pipelines: [...r.pipelines], properties: { ...r.properties } }) as OverrideForm);

describe('override form: agrees with the server', () => {
  it('refuses exactly what parseRuleSet refuses, and warns exactly where the server warns', () => {
    fc.assert(
      fc.property(fc.array(arbOverride, { maxLength: 4 }), (overrides) => {
        const f = { ...formFromDocument(base), overrides };
        const doc = documentFromForm(f);
        const server = parseRuleSet(doc);
        const client = formErrors(f);
        expect(Object.keys(client).length > 0).toBe(!server.ok);
        if (server.ok) {
          const serverShadowed = overrideWarnings(server.value).length;
          expect(Object.keys(overrideShadowWarnings(overrides)).length).toBe(serverShadowed);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Only valid conditions, so most generated lists pass and the shadowing comparison is exercised. */
const arbValidWhen = fc.record({
  minAmount: fc.constantFrom('', '0', '100', '100.00', '5000'),
  maxAmount: fc.constantFrom('', '5000.01', '1000000'),
  currencies: fc.constantFrom('', 'USD', 'USD, EUR', 'EUR'),
  pipelines: fc.constantFrom([], ['default'], ['default', 'enterprise']),
  properties: fc.constantFrom<Record<string, string>>({}, { territory: 'EMEA' }, { territory: 'emea, APAC' }, { TERRITORY: 'apac' }, { territory: 'EMEA', product_line: 'Services' }),
});

describe('override form: shadowing agrees with the server', () => {
  it('flags the same overrides as the server, on valid rule sets', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.array(arbValidWhen, { minLength: 2, maxLength: 4 }), (whens) => {
        const overrides: OverrideForm[] = whens.map((when, i) => ({ ...newOverride([]), ...when, pipelines: [...when.pipelines], name: `Override ${i}` }));
        const doc = documentFromForm({ ...formFromDocument(base), overrides });
        const server = parseRuleSet(doc);
        if (!server.ok) return;
        valid += 1;
        const serverShadowed = overrideWarnings(server.value).map((w) => w.message.match(/override '([^']+)'/)?.[1]);
        const clientShadowed = Object.keys(overrideShadowWarnings(overrides)).map((i) => overrides[Number(i)]?.name);
        expect(clientShadowed).toEqual(serverShadowed);
      }),
      { numRuns: 400 },
    );
    expect(valid).toBeGreaterThan(300);
  });
});

/** Incentive forms over a small vocabulary of valid and invalid entries. */
const arbTier = fc.record({
  name: fc.constantFrom('Silver', 'Gold', 'gold', ' '),
  minCoSellWins: fc.constantFrom<number | null>(1, 2, 5, 0, 2.5, null),
  benefits: fc.constantFrom('', 'Leads', 'Leads\nMDF'),
  commissionUpliftPercent: fc.constantFrom('', '2', '2.5', '0', '100', '100.01', '1.234'),
});
const arbIncentives = fc.record({
  enabled: fc.constant(true),
  fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
  bonus: fc.constantFrom('none' as const, 'fixed' as const, 'uplift' as const),
  bonusMinCoSellWins: fc.constantFrom<number | null>(1, 3, 0, null, 1.5),
  bonusAmount: fc.constantFrom('5000.00', '0', '0.00', '12', 'x', '-5'),
  bonusCurrency: fc.constantFrom('USD', 'EUR', 'usd'),
  bonusPercent: fc.constantFrom('5', '2.5', '0', '100', '101', '1.999'),
  tiers: fc.array(arbTier, { maxLength: 3 }),
});

describe('incentives form: agrees with the server', () => {
  it('refuses exactly what parseRuleSet refuses', () => {
    fc.assert(
      fc.property(arbIncentives, (incentives) => {
        const f = { ...formFromDocument(base), incentives };
        const server = parseRuleSet(documentFromForm(f));
        expect(Object.keys(formErrors(f)).length > 0).toBe(!server.ok);
      }),
      { numRuns: 500 },
    );
  });
});
