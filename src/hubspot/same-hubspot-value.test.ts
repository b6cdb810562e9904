import { describe, expect, it } from 'vitest';
import { sameHubSpotValue } from './same-hubspot-value';

describe('sameHubSpotValue', () => {
  it('text: numeric-looking strings are compared exactly (a changed version is a change)', () => {
    expect(sameHubSpotValue('2026.1', '2026.10', 'string')).toBe(false);
    expect(sameHubSpotValue('2026.10', '2026.1', 'string')).toBe(false);
    expect(sameHubSpotValue('007', '7', 'string')).toBe(false);
    expect(sameHubSpotValue('2026.1', '2026.1', 'string')).toBe(true);
  });

  it('an unknown property type is compared exactly', () => {
    expect(sameHubSpotValue('2026.1', '2026.10', undefined)).toBe(false);
    expect(sameHubSpotValue('5.0', '5', undefined)).toBe(false);
  });

  it('number: compared as decimals, the way HubSpot normalises them', () => {
    expect(sameHubSpotValue('5', '5.0', 'number')).toBe(true);
    expect(sameHubSpotValue('5.0', '5', 'number')).toBe(true);
    expect(sameHubSpotValue('250', '250.00', 'number')).toBe(true);
    expect(sameHubSpotValue('0', '-0.00', 'number')).toBe(true);
    expect(sameHubSpotValue('2026.1', '2026.10', 'number')).toBe(true);
    expect(sameHubSpotValue('588.24', '588.25', 'number')).toBe(false);
    expect(sameHubSpotValue('5', '-5', 'number')).toBe(false);
    expect(sameHubSpotValue('5', 'five', 'number')).toBe(false);
  });

  it('a missing value equals the empty string, for any type', () => {
    expect(sameHubSpotValue(null, '', 'string')).toBe(true);
    expect(sameHubSpotValue(undefined, '', 'number')).toBe(true);
    expect(sameHubSpotValue(null, '0', 'number')).toBe(false);
  });
});
