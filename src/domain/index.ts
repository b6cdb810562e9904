// The domain core's public surface: pure functions and types only (docs/conventions.md §1).
export type { FieldError, Result } from './result';
export { ok, fail, failAll, formatPath, joinPath } from './result';
export type { Role, CoSellModel, AttributionModel, PartnerType } from './vocabulary';
export {
  ROLES,
  CO_SELL_MODELS,
  ATTRIBUTION_MODELS,
  PARTNER_TYPES,
  ROLE_LABELS,
  MODEL_NAMES,
  roleName,
  roleTitle,
  isRole,
  isCoSellModel,
  isAttributionModel,
} from './vocabulary';
export {
  CURRENCY_CODES,
  currencyMinorUnits,
  parseMoney,
  formatMoney,
  formatScaled,
  divideRoundHalfAwayFromZero,
  compareDecimals,
} from './money';
export type { ExchangeRate } from './exchange-rate';
export { parseExchangeRate, convertMinorUnits } from './exchange-rate';
export { isIsoDate, toIsoDate } from './iso-date';
export type { RuleSet, RoleWeights, MissingRolesPolicy, Warning, Incentives, CoSellBonus, FixedReward, UpliftReward, Tier } from './rule-set';
export {
  MISSING_ROLES_POLICIES,
  ruleSetSchema,
  incentivesSchema,
  percentStringToHundredths,
  describeBonus,
  DEFAULT_RULE_SET,
  parseRuleSet,
  parseRuleSets,
  modelWarnings,
  ruleSetWarnings,
  diffRuleSets,
  selectRuleSet,
  latestRuleSet,
  ruleSetJsonSchema,
  toHundredths,
  formatHundredths,
  zodIssuesToErrors,
  VERSION_LABEL_PATTERN,
  VERSION_LABEL_HINT,
  isVersionLabel,
  nextVersionLabel,
  ruleSetWithOverride,
} from './rule-set';
export type { RuleOverride, OverrideWhen, DealFacts } from './rule-overrides';
export { OVERRIDE_NAME_MAX_LENGTH, findOverride, matchesWhen, coversWhen, applyOverride, overrideWarnings } from './rule-overrides';
export type { AttributionInput, Allocation, AttributionPlan } from './compute-attribution';
export { computeAttribution } from './compute-attribution';
export type { ConflictEntry, AccountConflict } from './account-conflicts';
export { pairingKey, findAccountConflicts, conflictsFor, CONFLICT_FLAG_MEANING } from './account-conflicts';
export type { AccountKey, AccountMatchKind, AccountRef } from './account-keys';
export { accountDomainKey, accountKeysOf, matchAccounts, sharesAccount } from './account-keys';
export type { FiscalQuarter } from './incentives/fiscal-quarters';
export { fiscalQuarter, fiscalQuarterOf, parseQuarterLabel, previousFiscalQuarter, nextFiscalQuarter, isInQuarter } from './incentives/fiscal-quarters';
export type { DealStage, IncentiveDeal, QuarterIncentivesInput, DealEarning, PartnerQuarterFigure, QuarterIncentives } from './incentives/quarter-incentives';
export { DEAL_STAGES, computeQuarterIncentives, coSellWinsIn, fiscalYearStartMonthOf, tierFor, upliftOn } from './incentives/quarter-incentives';
export type { LedgerLineKind, LedgerLine, DealLedgerState } from './commission-ledger';
export { LEDGER_LINE_KINDS, ledgerLinesFor, dealNet, isWonInLedger } from './commission-ledger';
export type { RelationshipOwnerFacts, RelationshipOwnerWarning } from './relationship-owner-warning';
export { relationshipOwnerWarning } from './relationship-owner-warning';
