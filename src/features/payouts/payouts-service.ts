// The commission ledger's use cases (docs/decisions/0014-commission-ledger.md): read the ledger
// with names, approve lines, assemble and record a payout run, render a partner's statement, mark a
// run paid. Shared by the CLI (and the settings tab's endpoints); they need only the store.
import type { FieldError } from '../../domain';
import { fiscalYearStartMonthOf, formatMoney } from '../../domain';
import type { Statement, StatementLine } from '../../domain/payouts';
import type { LineMath } from '../../domain/payouts';
import { QUARTER_LINE_KINDS, assembleRun, explainLine, explainQuarterLine, lineMathOf, parsePayoutPeriod, quarterOfKey, statementSummary } from '../../domain/payouts';
import { loadRuleSets } from '../../app/deal-context';
import { jobItem } from '../../jobs/inbox-job';
import type { CommissionLine, CommissionLineStatus, PayoutRun, Store } from '../../store/store';
import { ConflictError } from '../../store/store-error';
import type { RecomputeDealsJob } from '../attribution/attribution-job-schemas';
import type { Outcome } from '../shared/outcome';
import type { AppDeps } from '../../app/app-deps';
import type { PayoutLineList } from '../../contract/card-api';
import { queuePartnerRefresh } from './partner-commission';
import type { NotifyCommissionStatusJob } from '../notifications/notifications-job-schemas';
import { conflict, invalid, notFound, ok } from '../shared/outcome';

/** Names people read: deals and partners from the worker's account index, an id only as the last resort. */
export interface Names {
  deal(id: string): string;
  partner(id: string): string;
}

export async function namesFor(store: Store, dealIds: Iterable<string>): Promise<Names> {
  const entries = await store.accountIndex.get([...new Set(dealIds)]);
  const deals = new Map<string, string>();
  const partners = new Map<string, string>();
  for (const e of entries) {
    if (e.name) deals.set(e.dealId, e.name);
    for (const [id, name] of Object.entries(e.partnerNames)) if (name) partners.set(id, name);
  }
  // Quarter-wide lines (bonus, tier uplift) carry `quarter:<Q>` where a deal line carries its deal.
  const deal = (id: string) => deals.get(id) ?? (quarterOfKey(id) ? `Quarter ${quarterOfKey(id)}` : `Deal ${id}`);
  return { deal, partner: (id) => partners.get(id) ?? `Company ${id}` };
}

type Explain = (l: CommissionLine, dealName: string, math: LineMath | null) => string;

/** Explains deal lines from their math and quarter lines from the incentives of their rule version (read only when there are quarter lines). */
async function explainerFor(store: Store, lines: readonly CommissionLine[]): Promise<Explain> {
  const quarterKinds: readonly string[] = QUARTER_LINE_KINDS;
  const hasQuarterLines = lines.some((l) => quarterKinds.includes(l.kind));
  const incentives = new Map(hasQuarterLines ? (await loadRuleSets(store)).map((r) => [r.version, r.incentives]) : []);
  return (l, dealName, math) =>
    explainQuarterLine({ kind: l.kind, key: l.key, dealName, amountMinor: l.amountMinor, ruleVersion: l.ruleVersion, incentives: l.ruleVersion ? incentives.get(l.ruleVersion) : undefined }) ??
    explainLine(l.kind, dealName, math, l.currency);
}

export interface LedgerLineView {
  id: string;
  dealId: string;
  dealName: string;
  partnerId: string;
  partnerName: string;
  kind: string;
  amount: string;
  currency: string;
  homeAmount: string | null;
  homeCurrency: string | null;
  ruleVersion: string | null;
  status: CommissionLineStatus;
  runId: string | null;
  createdAt: string;
}

export interface LedgerTotals {
  partnerId: string;
  partnerName: string;
  currency: string;
  open: string;
  approved: string;
  paid: string;
  net: string;
}

export function lineView(l: CommissionLine, names: Names): LedgerLineView {
  return {
    id: l.id,
    dealId: l.dealId,
    dealName: names.deal(l.dealId),
    partnerId: l.partnerId,
    partnerName: names.partner(l.partnerId),
    kind: l.kind,
    amount: formatMoney(l.amountMinor, l.currency),
    currency: l.currency,
    homeAmount: l.homeAmountMinor === null || l.homeCurrency === null ? null : formatMoney(l.homeAmountMinor, l.homeCurrency),
    homeCurrency: l.homeCurrency,
    ruleVersion: l.ruleVersion,
    status: l.status,
    runId: l.runId,
    createdAt: l.createdAt,
  };
}

/** The ledger's lines (optionally one deal's or one partner's) and per partner and currency totals by status. */
export async function readLedger(store: Store, filter: { dealId?: string; partnerId?: string }): Promise<{ lines: LedgerLineView[]; totals: LedgerTotals[] }> {
  const lines = await store.commissionLedger.list(filter);
  const names = await namesFor(store, lines.map((l) => l.dealId));
  const sums = new Map<string, { partnerId: string; currency: string; open: bigint; approved: bigint; paid: bigint }>();
  for (const l of lines) {
    const k = `${l.partnerId}\u0000${l.currency}`;
    const t = sums.get(k) ?? { partnerId: l.partnerId, currency: l.currency, open: 0n, approved: 0n, paid: 0n };
    t[l.status] += l.amountMinor;
    sums.set(k, t);
  }
  const totals = [...sums.values()]
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((t) => ({
      partnerId: t.partnerId,
      partnerName: names.partner(t.partnerId),
      currency: t.currency,
      open: formatMoney(t.open, t.currency),
      approved: formatMoney(t.approved, t.currency),
      paid: formatMoney(t.paid, t.currency),
      net: formatMoney(t.open + t.approved + t.paid, t.currency),
    }));
  return { lines: lines.map((l) => lineView(l, names)), totals };
}

/**
 * Asks the worker to recompute these deals, which rewrites `cosell_commission_status` from the
 * ledger (the CLI has no HubSpot connection of its own; the running service picks the job up).
 */
async function refreshDeals(store: Store, dealIds: string[], why: string, now: Date): Promise<void> {
  const ids = [...new Set(dealIds)].sort();
  if (ids.length === 0) return;
  await store.inbox.enqueue(ids.map((dealId) => jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: [dealId], trigger: 'commission-status' }, `commission-status:${why}:${dealId}`, now)));
}

/** Approves the open lines of a deal, a partner, or all of them. */
export async function approveLines(store: Store, filter: { dealId?: string; partnerId?: string }, by: string, now: Date): Promise<Outcome<{ approved: LedgerLineView[] }>> {
  const approved = await store.commissionLedger.approve(filter, by);
  if (approved.length > 0) await refreshDeals(store, approved.map((l) => l.dealId), `approve:${approved.at(-1)!.id}`, now);
  const names = await namesFor(store, approved.map((l) => l.dealId));
  return ok({ approved: approved.map((l) => lineView(l, names)) });
}

export interface RunStatementView {
  partnerId: string;
  partnerName: string;
  currency: string;
  lines: Array<{ id: string; dealId: string; dealName: string; kind: string; amount: string; ruleVersion: string | null }>;
  total: string;
  carriedForward: boolean;
  summary: string;
}

export interface RunView {
  runId: string | null;
  period: string;
  dryRun: boolean;
  paidLines: number;
  statements: RunStatementView[];
}

/**
 * Collects the approved lines in no run that were recorded before the period ended, nets them per
 * partner and currency, and records a run paying the partners whose net is not negative (the rest
 * is carried forward). `dryRun` records nothing. A second run finds nothing left to pay.
 */
export async function createPayoutRun(store: Store, input: { period: string; by: string; dryRun: boolean; now: Date }): Promise<Outcome<RunView>> {
  const rules = await loadRuleSets(store);
  const period = parsePayoutPeriod(input.period, fiscalYearStartMonthOf(rules), 'period');
  if (!period.ok) return invalid(period.errors, 'the period is invalid');
  const payable = await store.commissionLedger.list({ payable: true, createdBefore: `${period.value.to}T00:00:00.000Z` });
  const assembled = assembleRun(payable);
  const names = await namesFor(store, payable.map((l) => l.dealId));
  const statements: RunStatementView[] = assembled.statements.map((s) => ({
    partnerId: s.partnerId,
    partnerName: names.partner(s.partnerId),
    currency: s.currency,
    lines: s.lines.map((l) => ({ id: l.id, dealId: l.dealId, dealName: names.deal(l.dealId), kind: l.kind, amount: formatMoney(l.amountMinor, l.currency), ruleVersion: l.ruleVersion })),
    total: formatMoney(s.totalMinor, s.currency),
    carriedForward: s.carriedForward,
    summary: statementSummary(s.totalMinor, s.currency, s.carriedForward),
  }));
  const view = { period: period.value.label, dryRun: input.dryRun, paidLines: assembled.paidLineIds.length, statements };
  if (input.dryRun || assembled.statements.length === 0) return ok({ runId: null, ...view });
  let run: PayoutRun;
  try {
    run = await store.commissionLedger.createRun({
      period: period.value.label,
      createdBy: input.by,
      lineIds: assembled.paidLineIds,
      carries: assembled.statements.filter((s) => s.carriedForward).map((s) => ({ partnerId: s.partnerId, currency: s.currency, amountMinor: s.totalMinor, lineIds: s.lines.map((l) => l.id) })),
    });
  } catch (error) {
    if (error instanceof ConflictError) return conflict('another payout run took some of these lines meanwhile; run it again to pay what is left');
    throw error;
  }
  const paid = new Set(assembled.paidLineIds);
  await refreshDeals(store, payable.filter((l) => paid.has(l.id)).map((l) => l.dealId), `run:${run.id}`, input.now);
  await queuePartnerRefresh(store, payable.map((l) => l.partnerId), `run:${run.id}`, input.now);
  await queueCommissionStatus(store, run.id, 'run', input.now);
  return ok({ runId: run.id, ...view });
}

/** Partners hear about the run (a note on their company, their webhook) from the worker; once per run and event. */
async function queueCommissionStatus(store: Store, runId: string, event: 'run' | 'paid', now: Date): Promise<void> {
  await store.inbox.enqueue([jobItem<NotifyCommissionStatusJob>({ type: 'notify-commission-status', runId, event }, `notify-commission-status:${runId}:${event}`, now)]);
}

/** Marks a run paid (the app moves no money: someone says it was paid). */
export async function markRunPaid(store: Store, runId: string, by: string, now: Date): Promise<Outcome<{ runId: string; paidAt: string; lines: number }>> {
  const existing = await store.commissionLedger.getRun(runId);
  if (!existing) return notFound(`there is no payout run ${runId}`);
  const run = await store.commissionLedger.markRunPaid(runId, by);
  const lines = await store.commissionLedger.get(run.lineIds);
  await refreshDeals(store, lines.map((l) => l.dealId), `paid:${run.id}`, now);
  await queuePartnerRefresh(store, lines.map((l) => l.partnerId), `paid:${run.id}`, now);
  await queueCommissionStatus(store, run.id, 'paid', now);
  return ok({ runId: run.id, paidAt: run.paidAt!, lines: run.lineIds.length });
}

/**
 * A partner's statements in a run, one per currency: the lines paid (or carried forward) with the
 * math of the computation each follows.
 */
export async function runStatements(store: Store, runId: string, partnerId: string): Promise<Outcome<Statement[]>> {
  const run = await store.commissionLedger.getRun(runId);
  if (!run) return notFound(`there is no payout run ${runId}`);
  const carried = run.carries.filter((c) => c.partnerId === partnerId);
  const ids = [...run.lineIds, ...carried.flatMap((c) => c.lineIds)];
  const lines = (await store.commissionLedger.get(ids)).filter((l) => l.partnerId === partnerId);
  const names = await namesFor(store, lines.map((l) => l.dealId));
  if (lines.length === 0) {
    const errors: FieldError[] = [{ path: 'partner', message: `${names.partner(partnerId)} has no lines in payout run ${runId}` }];
    return invalid(errors, 'nothing to state');
  }
  const sources = await store.commissionLedger.sourceEntries(lines.flatMap((l) => (l.sourceEntryId ? [l.sourceEntryId] : [])));
  const explain = await explainerFor(store, lines);
  const byCurrency = new Map<string, CommissionLine[]>();
  for (const l of lines) byCurrency.set(l.currency, [...(byCurrency.get(l.currency) ?? []), l]);
  const out: Statement[] = [];
  for (const [currency, list] of [...byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const carry = carried.find((c) => c.currency === currency);
    const total = list.reduce((s, l) => s + l.amountMinor, 0n);
    const statementLines: StatementLine[] = list.map((l) => {
      const source = l.sourceEntryId ? sources.get(l.sourceEntryId) : undefined;
      const math = source ? lineMathOf(source.plan, l.partnerId) : null;
      const dealName = names.deal(l.dealId);
      return {
        lineId: l.id,
        dealId: l.dealId,
        dealName,
        kind: l.kind,
        amount: formatMoney(l.amountMinor, l.currency),
        currency: l.currency,
        homeAmount: l.homeAmountMinor === null || l.homeCurrency === null ? null : formatMoney(l.homeAmountMinor, l.homeCurrency),
        homeCurrency: l.homeCurrency,
        ruleVersion: l.ruleVersion,
        status: l.status,
        explanation: explain(l, dealName, math),
        math,
      };
    });
    out.push({
      runId: run.id,
      period: run.period,
      createdAt: run.createdAt,
      paidAt: carry ? null : run.paidAt,
      partnerId,
      partnerName: names.partner(partnerId),
      currency,
      lines: statementLines,
      total: formatMoney(total, currency),
      carriedForward: carry !== undefined,
      summary: statementSummary(total, currency, carry !== undefined),
    });
  }
  return ok(out);
}

/** The settings tab's view: open lines with the math of the computation each follows, and open totals per partner. */
export async function listOpenPayoutLines(deps: Pick<AppDeps, 'store'>): Promise<Outcome<PayoutLineList>> {
  const lines = await deps.store.commissionLedger.list({ status: 'open' });
  const names = await namesFor(deps.store, lines.map((l) => l.dealId));
  const sources = await deps.store.commissionLedger.sourceEntries(lines.flatMap((l) => (l.sourceEntryId ? [l.sourceEntryId] : [])));
  const explain = await explainerFor(deps.store, lines);
  const totals = new Map<string, { partnerId: string; currency: string; minor: bigint }>();
  for (const l of lines) {
    const k = `${l.partnerId}\u0000${l.currency}`;
    const t = totals.get(k) ?? { partnerId: l.partnerId, currency: l.currency, minor: 0n };
    t.minor += l.amountMinor;
    totals.set(k, t);
  }
  return ok({
    lines: lines.map((l) => {
      const view = lineView(l, names);
      const source = l.sourceEntryId ? sources.get(l.sourceEntryId) : undefined;
      const math = source ? lineMathOf(source.plan, l.partnerId) : null;
      return { id: view.id, dealId: view.dealId, dealName: view.dealName, partnerId: view.partnerId, partnerName: view.partnerName, kind: view.kind, amount: view.amount, currency: view.currency, status: view.status, ruleVersion: view.ruleVersion, createdAt: view.createdAt, explanation: explain(l, view.dealName, math), math };
    }),
    totals: [...totals.values()]
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
      .map((t) => ({ partnerId: t.partnerId, partnerName: names.partner(t.partnerId), currency: t.currency, amount: formatMoney(t.minor, t.currency) })),
  });
}

/** Approves the given open lines for the settings tab (the body was validated at the HTTP edge). */
export async function approveSelectedLines(deps: Pick<AppDeps, 'store' | 'clock'>, lineIds: string[], actor: string): Promise<Outcome<{ approved: number }>> {
  const approved = await deps.store.commissionLedger.approve({ lineIds }, actor);
  if (approved.length > 0) await refreshDeals(deps.store, approved.map((l) => l.dealId), `approve:${approved.at(-1)!.id}`, deps.clock());
  return ok({ approved: approved.length });
}
