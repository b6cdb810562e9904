import { fiscalQuarterOf, fiscalQuarter } from '../incentives/fiscal-quarters';

/** A partner's ledger line as the company figures read it (home-currency amount, when it had a rate). */
export interface PartnerFigureLine {
  homeAmountMinor: bigint | null;
  homeCurrency: string | null;
  /** When the line was recorded (ISO). */
  createdAt: string;
  /** When the run paying it was marked paid (ISO), else null. */
  paidAt: string | null;
}

/**
 * The partner company's ledger figures in the home currency: what it earned this fiscal quarter
 * (lines recorded in the quarter, reversals and adjustments included) and what was paid to it this
 * fiscal year (lines in runs marked paid in the year). Lines without a home amount are left out.
 *
 * @example partnerLedgerFigures(lines, 'USD', '2026-11-20', 1) // { earnedQtdMinor: …, paidYtdMinor: … }
 */
export function partnerLedgerFigures(lines: readonly PartnerFigureLine[], homeCurrency: string, today: string, fiscalYearStartMonth: number): { earnedQtdMinor: bigint; paidYtdMinor: bigint } {
  const quarter = fiscalQuarterOf(today, fiscalYearStartMonth);
  if (!quarter) throw new Error(`partnerLedgerFigures: ${today} is not a date`);
  const yearFirst = fiscalQuarter(quarter.fiscalYear, 1, fiscalYearStartMonth).firstDay;
  const yearLast = fiscalQuarter(quarter.fiscalYear, 4, fiscalYearStartMonth).lastDay;
  let earnedQtdMinor = 0n;
  let paidYtdMinor = 0n;
  for (const l of lines) {
    if (l.homeAmountMinor === null || l.homeCurrency !== homeCurrency) continue;
    const created = l.createdAt.slice(0, 10);
    if (created >= quarter.firstDay && created <= quarter.lastDay) earnedQtdMinor += l.homeAmountMinor;
    const paid = l.paidAt?.slice(0, 10);
    if (paid !== undefined && paid >= yearFirst && paid <= yearLast) paidYtdMinor += l.homeAmountMinor;
  }
  return { earnedQtdMinor, paidYtdMinor };
}
