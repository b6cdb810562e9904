import { describe, expect, it } from 'vitest';
import { CorruptRowError } from '../store/store-error';
import { registrationChanges } from '../features/registrations/registrations-service';
import { EMPTY_PLAN, toDealSettings, toStoredDealSettings } from './deal-settings';
import { parseRegistrationSnapshot, registrationKeys, toStoredSnapshot } from './registration-snapshot';

const row = (plan: unknown) => ({ dealId: '42', plan, revision: 3, updatedBy: 'u', updatedAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
const caught = (fn: () => unknown): CorruptRowError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CorruptRowError) return error;
    throw error;
  }
  throw new Error('expected a CorruptRowError');
};

describe('stored deal settings', () => {
  it('round-trips through the v1 row, and reads v0 rows (no v) with the old defaults', () => {
    const settings = { model: 'sell_with' as const, plan: { ...EMPTY_PLAN, commitments: [{ companyId: '7', responseSlaHours: 12, meetingAttendance: true }] } };
    const stored = toStoredDealSettings(settings);
    expect(stored.v).toBe(1);
    expect(toDealSettings(row(JSON.parse(JSON.stringify(stored))))).toEqual({ settings, revision: 3 });
    const v0 = toDealSettings(row({ model: null, plan: { ...EMPTY_PLAN, commitments: [{ companyId: '7' }] } }));
    expect(v0.settings.plan.commitments).toEqual([{ companyId: '7', responseSlaHours: 24, meetingAttendance: false }]);
    expect(toDealSettings(null)).toEqual({ settings: { model: null, plan: EMPTY_PLAN }, revision: 0 });
  });

  it('a row that does not parse is an error naming table, row and field, never the empty plan', () => {
    const bad = caught(() => toDealSettings(row({ v: 1, model: 'sell_sideways', plan: EMPTY_PLAN })));
    expect(bad).toMatchObject({ table: 'deal_plans', rowId: '42', field: 'model', code: 'corrupt_row', retryable: false });
    expect(bad.message).toMatch(/^stored plan for deal 42 is unreadable: field model is invalid/);
    expect(caught(() => toDealSettings(row('text'))).field).toBe('(root)');
    expect(caught(() => toDealSettings(row({ v: 2 }))).message).toMatch(/field v holds unknown version 2/);
    expect(caught(() => toDealSettings(row({ model: null, plan: { ...EMPTY_PLAN, stageLeads: [{ stageId: 's', lead: { kind: 'x' } }] } }))).field).toBe('plan.stageLeads[0].lead.kind');
  });
});

describe('stored registration snapshots', () => {
  const snapshot = {
    model: 'sell_with' as const,
    partners: [{ companyId: '1', name: 'Northwind', roles: ['sourcing' as const], expectedContribution: '' }],
    split: null,
    account: { companyId: '9', domain: 'acme.example', parentCompanyId: null },
    partnerIds: ['1'],
  };

  it('reads v1 and v0 (nothing confirmed) snapshots', () => {
    const v1 = toStoredSnapshot({ ...snapshot, confirmedConflicts: [{ message: 'm', otherDealIds: ['2'], otherRegistrationIds: [] }] });
    expect(parseRegistrationSnapshot({ id: '5', dealId: '42', snapshot: v1 }).confirmedConflicts).toHaveLength(1);
    expect(parseRegistrationSnapshot({ id: '5', dealId: '42', snapshot })).toEqual({ ...snapshot, confirmedConflicts: [] });
  });

  it('keeps the account\'s company and parent names for conflict text', () => {
    const named = { ...snapshot, account: { companyId: '9', domain: null, parentCompanyId: '8', companyName: 'Acme Europe', parentCompanyName: 'Acme Corp' } };
    expect(registrationKeys(toStoredSnapshot({ ...named, confirmedConflicts: [] })).account).toEqual(named.account);
    expect(registrationKeys(snapshot).account).toEqual(snapshot.account);
  });

  it('an unreadable snapshot names the registration and field instead of dropping out of conflict checks', () => {
    const bad = caught(() => registrationKeys({ ...snapshot, partnerIds: 'all' }, { id: '5', dealId: '42' }));
    expect(bad.message).toMatch(/^stored registration 5 of deal 42 is unreadable: field partnerIds/);
    expect(bad).toMatchObject({ table: 'registrations', rowId: '5' });
  });
});

describe('registrationChanges', () => {
  const registered = {
    partners: [
      { companyId: '1', name: 'Northwind', roles: ['sourcing' as const], expectedContribution: '' },
      { companyId: '2', name: 'Bluepeak', roles: ['selling' as const], expectedContribution: '' },
    ],
  };
  it('names partners that left, changed roles or joined; nothing when they match', () => {
    expect(registrationChanges(registered, [{ companyId: '2', name: 'Bluepeak', roles: ['selling'] }, { companyId: '1', name: 'Northwind', roles: ['sourcing'] }])).toEqual([]);
    expect(
      registrationChanges(registered, [
        { companyId: '1', name: 'Northwind', roles: ['sourcing', 'technical_validation'] },
        { companyId: '3', name: 'Contoso', roles: ['implementation'] },
      ]),
    ).toEqual(['Northwind is now sourcing, technical validation (registered as sourcing)', 'Bluepeak no longer on the deal', 'Contoso (implementation) joined the deal after the registration']);
  });
});
