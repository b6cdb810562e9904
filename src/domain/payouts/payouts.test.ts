import { describe, expect, it } from 'vitest';
import { assembleRun, commissionStatusOf, homeAmountOf, lineMathOf, parsePayoutPeriod, statementCsv, statementHtml } from '.';
import type { Statement } from '.';

describe('parsePayoutPeriod', () => {
  it('reads fiscal quarters and calendar months, end exclusive', () => {
    expect(parsePayoutPeriod('2026-Q4', 1, 'period')).toEqual({ ok: true, value: { label: '2026-Q4', from: '2026-10-01', to: '2027-01-01' } });
    expect(parsePayoutPeriod('2027-Q1', 4, 'period')).toEqual({ ok: true, value: { label: '2027-Q1', from: '2026-04-01', to: '2026-07-01' } });
    expect(parsePayoutPeriod('2026-12', 1, 'period')).toEqual({ ok: true, value: { label: '2026-12', from: '2026-12-01', to: '2027-01-01' } });
    expect(parsePayoutPeriod('2026-13', 1, 'period')).toMatchObject({ ok: false, errors: [{ path: 'period' }] });
  });
});

describe('assembleRun', () => {
  const l = (id: string, partnerId: string, amountMinor: bigint, currency = 'USD') => ({ id, dealId: 'd', partnerId, kind: 'earned', currency, amountMinor });
  it('pays partners whose net is 0 or more, carries a negative net forward, per currency', () => {
    const run = assembleRun([l('1', 'p2', 500n), l('2', 'p1', 100n), l('3', 'p1', -300n), l('4', 'p1', 50n, 'EUR'), l('5', 'p3', -10n), l('6', 'p3', 10n)]);
    expect(run.statements.map((s) => [s.partnerId, s.currency, s.totalMinor, s.carriedForward])).toEqual([
      ['p1', 'EUR', 50n, false],
      ['p1', 'USD', -200n, true],
      ['p2', 'USD', 500n, false],
      ['p3', 'USD', 0n, false],
    ]);
    expect(run.paidLineIds).toEqual(['1', '4', '5', '6']);
  });
});

describe('homeAmountOf', () => {
  it("converts a line at the deal's own rate, rounding half away from zero", () => {
    expect(homeAmountOf(20000n, { amount: '1000.00', currency: 'EUR', amountInHomeCurrency: '1100' }, 'USD')).toBe(22000n);
    expect(homeAmountOf(-1n, { amount: '3', currency: 'EUR', amountInHomeCurrency: '4.5' }, 'USD')).toBe(-2n);
    expect(homeAmountOf(1000n, { amount: '10', currency: 'USD', amountInHomeCurrency: null }, 'USD')).toBe(1000n);
    expect(homeAmountOf(100n, { amount: '1000', currency: 'EUR', amountInHomeCurrency: '150000' }, 'JPY')).toBe(150n);
    expect(homeAmountOf(100n, { amount: '0', currency: 'EUR', amountInHomeCurrency: '0' }, 'USD')).toBeNull();
    expect(homeAmountOf(100n, { amount: '10', currency: 'EUR', amountInHomeCurrency: null }, 'USD')).toBeNull();
  });
});

describe('commissionStatusOf', () => {
  const line = (kind: string, status: 'open' | 'approved' | 'paid') => ({ kind, status });
  it('follows the deal through projected, earned, approved, paid and reversed', () => {
    expect(commissionStatusOf('open', true, [])).toBe('projected');
    expect(commissionStatusOf('won', true, [line('earned', 'open')])).toBe('earned');
    expect(commissionStatusOf('won', true, [line('earned', 'approved'), line('earned', 'paid')])).toBe('approved');
    expect(commissionStatusOf('won', true, [line('earned', 'paid')])).toBe('paid');
    expect(commissionStatusOf('open', true, [line('earned', 'paid'), line('reversal', 'open')])).toBe('reversed');
    expect(commissionStatusOf('won', true, [line('earned', 'paid'), line('reversal', 'paid'), line('earned', 'open')])).toBe('earned');
    expect(commissionStatusOf('lost', true, [])).toBeNull();
  });
});

describe('statements', () => {
  const statement: Statement = {
    runId: '7',
    period: '2026-Q4',
    createdAt: '2026-12-02T10:00:00.000Z',
    paidAt: null,
    partnerId: 'p1',
    partnerName: 'Northwind <Ltd>',
    currency: 'USD',
    lines: [
      {
        lineId: '1',
        dealId: 'd1',
        dealName: '=HYPERLINK("x"), "Acme"',
        kind: 'earned',
        amount: '833.33',
        currency: 'USD',
        homeAmount: '833.33',
        homeCurrency: 'USD',
        ruleVersion: '2026.1',
        status: 'approved',
        explanation: 'closed won',
        math: { dealAmount: '10000.00', poolRate: '25', poolAmount: '2500.00', roles: ['sourcing'], weight: '33.3333', share: '0.333333', commission: '833.33', model: 'sell_with' },
      },
    ],
    total: '833.33',
    carriedForward: false,
    summary: 'Paid in this run: 833.33 USD.',
  };
  it('CSV quotes cells and defuses formulas', () => {
    const rows = statementCsv(statement).split('\r\n');
    expect(rows[0]).toBe('line_id,deal,kind,amount,currency,home_amount,home_currency,deal_amount,pool_rate,pool_amount,roles,weight,share,commission,rule_version,explanation');
    expect(rows[1]).toBe(`1,"'=HYPERLINK(""x""), ""Acme""",earned,833.33,USD,833.33,USD,10000.00,25,2500.00,sourcing,33.3333,0.333333,833.33,2026.1,closed won`);
    expect(rows[2]).toContain('Total');
  });
  it('HTML escapes names and carries print styles', () => {
    const html = statementHtml(statement);
    expect(html).toContain('Northwind &lt;Ltd&gt;');
    expect(html).not.toContain('<Ltd>');
    expect(html).toContain('@page');
    expect(html).toContain('Total: 833.33 USD');
  });
});

describe('lineMathOf', () => {
  it('names the roles as people read them, never the stored key', () => {
    const plan = { dealAmount: '10000.00', currency: 'USD', pool: { rate: '25', amount: '2500.00' }, allocations: [{ partnerId: 'p1', roles: ['technical_validation', 'selling'], weight: '60', share: '0.6', amount: '1500.00' }] };
    expect(lineMathOf(plan, 'p1')?.roles).toEqual(['technical validation', 'selling']);
    expect(lineMathOf(plan, 'p2')).toBeNull();
  });
});
