// Pure payouts logic: periods, run assembly with carry-forward, home-currency amounts, statuses, statements.
export type { PayoutPeriod } from './payout-period';
export { parsePayoutPeriod } from './payout-period';
export type { PayableLine, RunStatement, AssembledRun } from './payout-run';
export { assembleRun } from './payout-run';
export { homeAmountOf } from './home-amount';
export type { CommissionStatus } from './commission-status';
export { COMMISSION_STATUSES, commissionStatusOf } from './commission-status';
export type { Statement, StatementLine, LineMath, QuarterLineFacts } from './statement';
export { lineMathOf, explainLine, explainQuarterLine, statementSummary, statementCsv, statementHtml } from './statement';
export type { PartnerFigureLine } from './partner-commission';
export { partnerLedgerFigures } from './partner-commission';
export type { QuarterLine, QuarterLineKind, ExistingLine } from './quarter-lines';
export { QUARTER_LINE_KINDS, quarterLinesFor, quarterDealId, quarterOfKey } from './quarter-lines';
