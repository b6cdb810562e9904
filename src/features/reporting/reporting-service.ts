// Reporting: the program metrics (decision 0013) over the portal's own deals, the partner company
// rollups and tiers written to HubSpot, and the Program view of the settings page
// (docs/decisions/0018-partner-rollups-and-program-view.md).
import type { ProgramReport, Quarter } from '../../domain/reporting';
import { computeProgramReport, parseQuarter, previousQuarter, quarterOf } from '../../domain/reporting';
import type { PartnerRollup } from '../../domain/reporting/partner-rollups';
import { computePartnerRollups, dealsOfPartner, partnerReport } from '../../domain/reporting/partner-rollups';
import type { AppDeps } from '../../app/app-deps';
import { loadRuleSets } from '../../app/deal-context';
import { partnerRollupProperties } from '../../hubspot/partner-rollup-properties';
import type { WriteReport } from '../../hubspot/crm-gateway';
import type { Outcome } from '../shared/outcome';
import { invalid, notFound, ok, unavailable } from '../shared/outcome';
import type { PortalDeals, SkippedDeal } from './read-report-deals';
import { HomeCurrencyUnavailableError, readReportDeals } from './read-report-deals';

export interface PortalReport {
  report: ProgramReport;
  /** Deals read, partner deals among them, and those left out with the reason. */
  read: number;
  partnerDeals: number;
  skipped: SkippedDeal[];
}

/** The quarter asked for (`2026-Q4`), or the current one (UTC) when none is given. */
export function resolveQuarter(label: string | undefined, now: Date, field = 'quarter'): Outcome<Quarter> {
  if (label === undefined || label === '') return ok(quarterOf(now.toISOString().slice(0, 10)));
  const parsed = parseQuarter(label, field);
  return parsed.ok ? ok(parsed.value) : invalid(parsed.errors, 'the quarter is invalid');
}

/** The program report of `quarter` from deals already read. */
export function reportFromDeals(portal: PortalDeals, quarter: Quarter): Outcome<PortalReport> {
  const report = computeProgramReport({ quarter, homeCurrency: portal.homeCurrency, deals: portal.deals });
  if (!report.ok) return invalid(report.errors, 'a deal cannot be converted into the home currency');
  return ok({ report: report.value, read: portal.read, partnerDeals: portal.deals.length, skipped: portal.skipped });
}

/**
 * `cosell report` without `--deals`: every deal of the portal, read page by page, then the same
 * figures the offline file gives.
 */
export async function computePortalReport(
  deps: Pick<AppDeps, 'gateway' | 'logger'>,
  quarter: Quarter,
  partnerId?: string,
  onProgress?: (read: number) => void,
): Promise<Outcome<PortalReport>> {
  const portal = await readOrUnavailable(() => readReportDeals(deps, 'all', onProgress ? { onProgress } : {}));
  if (!portal.ok) return portal;
  return reportFromDeals(partnerId === undefined ? portal.value : { ...portal.value, deals: dealsOfPartner(portal.value.deals, partnerId) }, quarter);
}

export interface RollupRefresh {
  partners: number;
  deals: number;
  write: WriteReport;
  rollups: PartnerRollup[];
}

/**
 * Recomputes the rollups of the given partners (or every partner company, `'all'`) from their deals
 * and writes the company properties; the gateway writes only values that changed.
 */
export async function refreshPartnerRollups(deps: AppDeps, partners: 'all' | readonly string[]): Promise<RollupRefresh> {
  let partnerIds: string[];
  let portal: PortalDeals;
  if (partners === 'all') {
    const companies = await deps.gateway.listPartnerCompanies();
    partnerIds = companies.map((c) => c.id);
    portal = await readReportDeals(deps, 'all');
  } else {
    partnerIds = [...new Set(partners)];
    const dealIds = new Set<string>();
    for (const ids of (await deps.gateway.readCompanyDealIds(partnerIds)).values()) for (const id of ids) dealIds.add(id);
    portal = await readReportDeals(deps, [...dealIds]);
  }
  const ruleSets = await loadRuleSets(deps.store);
  const today = deps.clock().toISOString().slice(0, 10);
  const rollups = computePartnerRollups({ deals: portal.deals, homeCurrency: portal.homeCurrency, today, ruleSets, partnerIds });
  if (!rollups.ok) throw new Error(`partner rollups: ${rollups.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const write = await deps.gateway.writeCompanyProperties(rollups.value.map((r) => ({ companyId: r.partnerId, properties: partnerRollupProperties(r) })));
  if (portal.skipped.length > 0) deps.logger.warn({ skipped: portal.skipped.slice(0, 20) }, 'partner rollups: deals left out of the figures');
  deps.logger.debug({ partners: partnerIds.length, deals: portal.deals.length, written: write.written, skippedUnchanged: write.skippedUnchanged }, 'partner rollups refreshed');
  return { partners: partnerIds.length, deals: portal.deals.length, write, rollups: rollups.value };
}

/** The Program view: this quarter's report and the three before it, oldest first in `trend`. */
export interface ProgramOverview {
  quarter: PortalReport;
  trend: ProgramReport[];
}

/** Quarters the Program tab charts (this one and the three before). */
export const PROGRAM_TREND_QUARTERS = 4;

export async function getProgramOverview(deps: AppDeps, label?: string): Promise<Outcome<ProgramOverview>> {
  const quarter = resolveQuarter(label, deps.clock());
  if (!quarter.ok) return quarter;
  const read = await readOrUnavailable(() => readReportDeals(deps, 'all'));
  if (!read.ok) return read;
  const portal = read.value;
  const quarters: Quarter[] = [quarter.value];
  while (quarters.length < PROGRAM_TREND_QUARTERS) quarters.unshift(previousQuarter(quarters[0] as Quarter));
  const trend: ProgramReport[] = [];
  for (const q of quarters) {
    const r = reportFromDeals(portal, q);
    if (!r.ok) return r;
    trend.push(r.value.report);
  }
  const current = reportFromDeals(portal, quarter.value);
  if (!current.ok) return current;
  return ok({ quarter: current.value, trend });
}

/** Partner deals left out, listed in the Program tab's answer before "and N more". */
export const SKIPPED_LISTED = 50;

/** The Program tab's answer (the contract's ProgramOverview). */
export async function getProgramOverviewView(deps: AppDeps, label?: string) {
  const overview = await getProgramOverview(deps, label);
  if (!overview.ok) return overview;
  const { quarter, trend } = overview.value;
  return ok({
    report: quarter.report,
    dealsRead: quarter.read,
    partnerDeals: quarter.partnerDeals,
    skipped: quarter.skipped.slice(0, SKIPPED_LISTED),
    skippedCount: quarter.skipped.length,
    trend,
  });
}

/** One partner's own figures (its deals only) against the program's bands, for the scorecard. */
export async function getPartnerProgramFigures(deps: AppDeps, companyId: string, label?: string): Promise<Outcome<ProgramReport>> {
  if (!/^\d+$/.test(companyId)) return notFound(`company ${companyId} not found`);
  const quarter = resolveQuarter(label, deps.clock());
  if (!quarter.ok) return quarter;
  if (!(await deps.gateway.readCompanies([companyId])).has(companyId)) return notFound(`company ${companyId} not found`);
  const dealIds = (await deps.gateway.readCompanyDealIds([companyId])).get(companyId) ?? [];
  const portal = await readOrUnavailable(() => readReportDeals(deps, dealIds));
  if (!portal.ok) return portal;
  const report = partnerReport(portal.value.deals, companyId, quarter.value, portal.value.homeCurrency);
  if (!report.ok) return invalid(report.errors, 'a deal cannot be converted into the home currency');
  return ok(report.value);
}

/** The deals, or "unavailable" when HubSpot's currency settings cannot be read (other CRM errors go to the HTTP layer). */
async function readOrUnavailable(read: () => Promise<PortalDeals>): Promise<Outcome<PortalDeals>> {
  try {
    return ok(await read());
  } catch (error) {
    if (error instanceof HomeCurrencyUnavailableError) return unavailable(error.message);
    throw error;
  }
}
