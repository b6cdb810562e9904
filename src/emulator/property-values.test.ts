import { describe, expect, it } from 'vitest';
import { defaultProperties } from './default-schema';
import type { PropertyDefinition } from './default-schema';
import { normalizePropertyValue } from './property-values';

const deal = new Map(defaultProperties('deals').map((p) => [p.name, p]));
const prop = (name: string) => deal.get(name)!;
const checkbox: PropertyDefinition = { ...prop('deal_currency_code'), name: 'multi', fieldType: 'checkbox' };

describe('normalizePropertyValue', () => {
  it.each([
    ['amount', 1234.5, '1234.5'],
    ['amount', ' 10 ', '10'],
    ['amount', '-0.25', '-0.25'],
    ['amount', null, ''],
    ['dealname', 42, '42'],
    ['closedate', '2026-03-31', '2026-03-31T00:00:00.000Z'],
    ['closedate', String(Date.UTC(2026, 2, 31, 12)), '2026-03-31T12:00:00.000Z'],
    ['deal_currency_code', 'EUR', 'EUR'],
    ['hs_is_closed', 'TRUE', 'true'],
  ])('%s: %j → %j', (name, raw, expected) => {
    expect(normalizePropertyValue(prop(name), raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['amount', '12,5', 'INVALID_DECIMAL'],
    ['amount', 'abc', 'INVALID_DECIMAL'],
    ['closedate', 'next tuesday', 'INVALID_DATE'],
    ['deal_currency_code', 'eur', 'INVALID_OPTION'],
    ['hs_is_closed', 'yes', 'INVALID_BOOLEAN'],
    ['dealname', { nested: true }, 'INVALID_PROPERTY_VALUE'],
  ])('%s: %j is rejected with %s naming the property', (name, raw, code) => {
    expect(normalizePropertyValue(prop(name), raw)).toEqual({ ok: false, error: expect.objectContaining({ code, context: { propertyName: [name] } }) });
  });

  it('checks each value of a multi-checkbox enumeration', () => {
    expect(normalizePropertyValue(checkbox, 'USD;EUR')).toEqual({ ok: true, value: 'USD;EUR' });
    expect(normalizePropertyValue(checkbox, 'USD;XXX')).toMatchObject({ ok: false, error: { code: 'INVALID_OPTION' } });
  });

  it('uses dynamic options when given (stages, owners)', () => {
    expect(normalizePropertyValue(prop('dealstage'), 'closedwon', ['closedwon'])).toEqual({ ok: true, value: 'closedwon' });
    expect(normalizePropertyValue(prop('dealstage'), 'x', ['closedwon'])).toMatchObject({ ok: false });
  });
});
