// Account mapping's public surface: pure functions and types (docs/decisions/0011-account-mapping-matching.md).
export type { RejectionReason, DomainCheck } from './registrable-domain';
export { checkDomain, registrableDomain, hostOf } from './registrable-domain';
export { normalizeCompanyName } from './company-name';
export type { Icp, IcpTest } from './icp';
export { parseIcp, icpSchema, parseEmployeeCount, createIcpTest } from './icp';
export type { TheirField, OurField, ColumnIndexes } from './columns';
export { THEIR_FIELDS, OUR_FIELDS, THEIR_COLUMN_NAMES, OUR_COLUMN_NAMES, headerKey, recogniseColumns, parseColumnOverrides } from './columns';
export type {
  MatchCategory,
  TheirRow,
  OurCompany,
  PreparedCompany,
  MatchEntry,
  WhitespaceEntry,
  NameSuggestion,
  RejectedRow,
  GoneEntry,
  MapSummary,
  AccountMap,
  PreviousMap,
  AccountMapOptions,
  AccountMapBuilder,
} from './account-map';
export {
  MATCH_CATEGORIES,
  CATEGORY_TITLES,
  isOurCustomer,
  isTheirCustomer,
  categoryOf,
  compareIds,
  createAccountMapBuilder,
  prepareOurCompany,
  mapAccounts,
} from './account-map';
export { FREE_MAIL_DOMAINS, PLACEHOLDER_VALUES, LEGAL_SUFFIXES } from './reference-data';
