// The deal recompute's part in the commission ledger (docs/decisions/0014-commission-ledger.md):
// after each computation, the lines that bring every partner's net on the deal to what it pays now,
// appended in the same transaction as the computation-log entry they follow, keyed by that entry so
// a replay or a second worker cannot add them twice.
import type { AttributionPlan } from '../../domain';
import type { LedgerLine } from '../../domain/commission-ledger';
import { ledgerLinesFor } from '../../domain/commission-ledger';
import type { CommissionStatus } from '../../domain/payouts';
import { commissionStatusOf, homeAmountOf } from '../../domain/payouts';
import type { CrmDeal } from '../../hubspot/crm-gateway';
import { CrmError } from '../../hubspot/crm-errors';
import { ruleVersionText } from '../../hubspot/deal-output-properties';
import type { AppDeps } from '../../app/app-deps';
import type { CommissionLine, NewCommissionLine, Store } from '../../store/store';

/** The deal property that says where a deal's commission stands. */
export const COMMISSION_STATUS_PROPERTY = 'cosell_commission_status';

export interface DealCommissionInput {
  deal: Pick<CrmDeal, 'id' | 'amount' | 'currency' | 'amountInHomeCurrency'>;
  status: 'open' | 'won' | 'lost';
  plan: AttributionPlan;
}

function toDomainLine(l: CommissionLine): LedgerLine {
  return { dealId: l.dealId, partnerId: l.partnerId, kind: l.kind as LedgerLine['kind'], currency: l.currency, amountMinor: l.amountMinor, ruleVersion: l.ruleVersion };
}

/** The lines the deal's state calls for, given the lines it has (pure; nothing stored). */
export function pendingLines(existing: readonly CommissionLine[], input: DealCommissionInput): LedgerLine[] {
  return ledgerLinesFor(existing.map(toDomainLine), {
    dealId: input.deal.id,
    stage: input.status,
    currency: input.plan.currency,
    ruleVersion: ruleVersionText(input.plan),
    allocations: input.plan.allocations.map((a) => ({ partnerId: a.partnerId, amountMinor: BigInt(a.amountMinor) })),
  });
}

/**
 * Appends the deal's pending lines after computation-log entry `sourceEntryId`, reading the
 * deal's lines through `tx` (call it inside the transaction that appended the entry). Returns the
 * lines added (none on a replay).
 */
export async function recordCommissionLines(tx: Store, input: DealCommissionInput, sourceEntryId: string, homeCurrency: string | null): Promise<CommissionLine[]> {
  const existing = await tx.commissionLedger.list({ dealId: input.deal.id });
  const lines = pendingLines(existing, input);
  if (lines.length === 0) return [];
  const deal = { amount: input.deal.amount, currency: input.plan.currency, amountInHomeCurrency: input.deal.amountInHomeCurrency };
  const rows: NewCommissionLine[] = lines.map((l) => {
    const home = homeCurrency === null ? null : homeAmountOf(l.amountMinor, deal, homeCurrency);
    return {
      key: `entry:${sourceEntryId}:${l.partnerId}:${l.currency}`,
      dealId: l.dealId,
      partnerId: l.partnerId,
      kind: l.kind,
      amountMinor: l.amountMinor,
      currency: l.currency,
      homeAmountMinor: home,
      homeCurrency: home === null ? null : homeCurrency,
      ruleVersion: l.ruleVersion,
      sourceEntryId,
    };
  });
  return tx.commissionLedger.append(rows);
}

/**
 * What `cosell_commission_status` will say once the pending lines are appended (the deal's lines
 * with their statuses plus the pending ones, open), and how many lines are pending. Read before the
 * deal's properties are written, so one write carries it.
 */
export async function commissionStatusFor(
  store: Store,
  input: { dealId: string; status: 'open' | 'won' | 'lost'; deal: DealCommissionInput['deal']; plan: AttributionPlan | null },
): Promise<{ status: CommissionStatus | null; pending: number }> {
  const existing = await store.commissionLedger.list({ dealId: input.dealId });
  const pending = input.plan ? pendingLines(existing, { deal: input.deal, status: input.status, plan: input.plan }) : [];
  const lines = [...existing.map((l) => ({ kind: l.kind, status: l.status })), ...pending.map((l) => ({ kind: l.kind, status: 'open' as const }))];
  return { status: commissionStatusOf(input.status, input.plan !== null && input.plan.allocations.length > 0, lines), pending: pending.length };
}

/** The portal's home currency, or null when HubSpot does not answer (lines then carry no home amount). */
export async function homeCurrencyCode(deps: Pick<AppDeps, 'gateway' | 'logger'>): Promise<string | null> {
  try {
    return await deps.gateway.readCompanyCurrency();
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    deps.logger.warn({ err: error }, 'could not read the company currency; commission lines are recorded without a home-currency amount');
    return null;
  }
}
