// Program reporting: the seed's co-sell metrics, exact and pure
// (docs/decisions/0013-reporting-metrics.md).
export type { Quarter } from './quarter';
export { parseQuarter, quarterOf, previousQuarter, isInQuarter, dayNumber, daysBetween } from './quarter';
export type { Ratio } from './ratio';
export { ratio, subtractRatios, compareRatios, formatRatio, roundRatio } from './ratio';
export type {
  Motion,
  ReportStage,
  ReportPartner,
  ReportDeal,
  ReportInput,
  GroupFigures,
  PairingFigures,
  ProgramReport,
  RankablePairing,
} from './metrics';
export { MOTIONS, REPORT_STAGES, rolePartnerIds, dealMotion, homeAmount, computeProgramReport, rankPairings, topAndBottom } from './metrics';
export type { ProgramTargets, BandTarget, ComparisonTarget, DisputeTarget, BandVerdict, SizeVerdict, SpeedVerdict, DisputeVerdict } from './targets';
export { TARGET_BANDS, assessTargets, percent, points } from './targets';
export type { ReportFile, ReportFileShape, DealShape } from './input';
export { readReportFileShape, validateReportFile, MAX_REPORTED_ERRORS } from './input';
export { checkReportFileShape, parseReportFile } from './input-schema';
