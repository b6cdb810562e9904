import { describe, expect, it } from 'vitest';
import { EmulatorState, multiplyDecimals } from './emulator-state';

describe('emulator amount_in_home_currency', () => {
  const deal = (state: EmulatorState, props: Record<string, string>) => state.propertyValue('deals', state.createRecord('deals', props, { changeSource: 'INTEGRATION', sourceId: 'test', emit: false }), 'amount_in_home_currency');

  it('converts the amount at the rate from the deal currency into the company currency, exactly', () => {
    const state = new EmulatorState(() => Date.parse('2026-11-02T00:00:00Z'));
    state.setExchangeRate('EUR', 1.085);
    expect(deal(state, { dealname: 'A', amount: '1000.10', deal_currency_code: 'EUR' })).toBe('1085.1085');
    expect(deal(state, { dealname: 'B', amount: '250', deal_currency_code: 'USD' })).toBe('250');
    expect(deal(state, { dealname: 'C', amount: '250' })).toBe('250');
  });

  it('has no value without an amount or without a rate for the deal currency', () => {
    const state = new EmulatorState();
    expect(deal(state, { dealname: 'A', amount: '10', deal_currency_code: 'GBP' })).toBeUndefined();
    expect(deal(state, { dealname: 'B', deal_currency_code: 'USD' })).toBeUndefined();
  });

  it('multiplies decimals without floats', () => {
    expect(multiplyDecimals('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimals('-12.50', '2')).toBe('-25');
    expect(multiplyDecimals('99999999999999999.99', '1.000001')).toBe('100000099999999999.98999999');
    expect(multiplyDecimals('abc', '1')).toBeUndefined();
  });
});
