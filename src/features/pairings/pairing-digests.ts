// The pairing program's scheduled work: one digest note per active pairing per ISO week, on each
// partner company of the pairing, and once a pairing reaches day 90 one review task per partner
// manager (the partner companies' owners). Each note and task is claimed in the store before it is
// made, so a retry or a second run in the same week never makes it twice.
import type { AppDeps } from '../../app/app-deps';
import { readDealSettings } from '../../app/deal-settings';
import type { Pairing } from '../../domain/pairings';
import { PAIRING_REVIEW_DAY, isoWeekOf, pairingDigestHtml, pairingProgress, reviewSuggestion } from '../../domain/pairings';
import { CorruptRowError } from '../../store/store-error';
import { dealOverdueCommitments } from '../notifications/sla-alerts';
import { readPairingFacts, readPartnerDirectory, toPairing } from './pairings-service';
import type { PairingFacts } from './pairings-service';

/** Days partner managers get to hold the day-90 review. */
const REVIEW_TASK_DUE_DAYS = 3;
const DAY_MS = 86_400_000;

export interface DigestReport {
  pairings: number;
  notesCreated: number;
  reviewTasksCreated: number;
}

/** How many sample accounts a digest names per partner map. */
const SAMPLE_ACCOUNTS = 3;

/**
 * Blockers: co-sell deals with no relationship owner, expired registrations, partners past their
 * response SLA, open attribution disputes, and overlapping accounts from each partner's latest
 * saved account map that no open deal with that partner pursues yet.
 */
async function blockersOf(deps: AppDeps, pairing: Pairing, facts: PairingFacts, partnerName: (id: string) => string, now: Date): Promise<string[]> {
  const out: string[] = [];
  const openDisputes = await deps.store.disputes.list({ status: 'open' });
  for (const deal of facts.deals.filter((d) => d.status === 'open')) {
    for (const late of await dealOverdueCommitments(deps, deal.dealId)) {
      out.push(`${deal.name}: ${partnerName(late.partnerId)} has not answered within its ${late.responseSlaHours} h response SLA (due ${late.dueAt.slice(0, 16).replace('T', ' ')} UTC).`);
    }
    const disputed = openDisputes.filter((d) => d.dealId === deal.dealId);
    if (disputed.length > 0) out.push(`${deal.name}: ${disputed.length === 1 ? 'an attribution dispute is' : `${disputed.length} attribution disputes are`} open since ${disputed[0]!.openedAt.slice(0, 10)}; partner ops decide it in the settings, Disputes tab.`);
    try {
      const { settings } = await readDealSettings(deps.store, deal.dealId);
      if (!settings.plan.relationshipOwner) out.push(`${deal.name} has no relationship owner: name one before the first customer meeting.`);
    } catch (error) {
      if (!(error instanceof CorruptRowError)) throw error;
      out.push(`${deal.name}: its co-sell plan cannot be read; open the deal's card to fix it.`);
    }
    const registration = await deps.store.registrations.latestForDeal(deal.dealId);
    if (registration?.status === 'open' && Date.parse(registration.expiresAt) <= now.getTime()) {
      out.push(`${deal.name}: the co-sell registration expired on ${registration.expiresAt.slice(0, 10)}; renew it or it no longer protects the partners.`);
    }
  }
  for (const partnerId of pairing.partnerIds) {
    const [latest] = await deps.store.accountMaps.listForPartner(partnerId);
    if (!latest) continue;
    const pursued = new Set((await deps.store.accountIndex.listByPartner(partnerId)).filter((e) => e.status === 'open' && e.account.companyId).map((e) => e.account.companyId!));
    const overlaps = (await deps.store.accountMaps.entries(latest.id)).filter((e) => e.kind === 'match' && (e.category === 'prospect_overlap' || e.category === 'customer_overlap'));
    const waiting = overlaps.filter((e) => !e.ours.some((id) => pursued.has(id)));
    if (waiting.length === 0) continue;
    const warm = waiting.filter((e) => e.category === 'prospect_overlap').length;
    const sample = waiting.slice(0, SAMPLE_ACCOUNTS).map((e) => e.domain).join(', ');
    out.push(
      `${waiting.length} overlapping account${waiting.length === 1 ? '' : 's'} from the account map with ${partnerName(partnerId)} of ${latest.createdAt.slice(0, 10)} ` +
        `(${warm} warm intro${warm === 1 ? '' : 's'}) ha${waiting.length === 1 ? 's' : 've'} no open deal with them yet, e.g. ${sample}: pick which to pursue.`,
    );
  }
  return out;
}

/** Runs `make` under a claim: made once per (pairing, purpose, period); a failed make frees the claim for the retry. */
async function once(deps: AppDeps, pairingId: string, purpose: string, periodKey: string, make: () => Promise<string>): Promise<boolean> {
  if (!(await deps.store.pairings.claimEngagement(pairingId, purpose, periodKey))) return false;
  let id: string;
  try {
    id = await make();
  } catch (error) {
    await deps.store.pairings.releaseEngagement(pairingId, purpose, periodKey);
    throw error;
  }
  await deps.store.pairings.recordEngagement(pairingId, purpose, periodKey, [id]);
  return true;
}

/**
 * Writes this week's digest for every active pairing (and the day-90 review tasks that are due).
 * Safe to run again: what was made this week is not made again.
 *
 * @example await sendPairingDigests(deps) // { pairings: 2, notesCreated: 2, reviewTasksCreated: 1 }
 */
export async function sendPairingDigests(deps: AppDeps): Promise<DigestReport> {
  const now = deps.clock();
  const today = now.toISOString().slice(0, 10);
  const week = isoWeekOf(today);
  const pairings: Pairing[] = (await deps.store.pairings.list({ status: 'active' })).map(toPairing).filter((p) => p.startDate <= today);
  const report: DigestReport = { pairings: pairings.length, notesCreated: 0, reviewTasksCreated: 0 };
  if (pairings.length === 0) return report;
  const [directory, facts] = await Promise.all([readPartnerDirectory(deps, pairings.flatMap((p) => p.partnerIds)), readPairingFacts(deps, pairings)]);
  for (const pairing of pairings) {
    const f = facts.get(pairing.id)!;
    const progress = pairingProgress(pairing, f.deals, f.registrations, today);
    const suggestion = reviewSuggestion(progress);
    const partnerNames = pairing.partnerIds.map((id) => directory.get(id)?.name ?? `Company ${id}`);
    const log = deps.logger.child({ pairingId: pairing.id, week });
    const made = await once(deps, pairing.id, 'digest', week, async () => {
      const bodyHtml = pairingDigestHtml({
        pairing,
        partnerNames,
        progress,
        week,
        openDeals: f.deals.filter((d) => d.status === 'open').map((d) => d.name),
        blockers: await blockersOf(deps, pairing, f, (id) => directory.get(id)?.name ?? `Company ${id}`, now),
        suggestion,
      });
      return deps.gateway.createNote({ bodyHtml, timestamp: now, companyIds: pairing.partnerIds });
    });
    if (made) {
      report.notesCreated += 1;
      log.info('pairing digest note created');
    }
    if (progress.day < PAIRING_REVIEW_DAY || !suggestion) continue;
    const owners = await deps.gateway.readCompanyOwners(pairing.partnerIds);
    const managers = [...new Set(pairing.partnerIds.map((id) => owners.get(id)).filter((o): o is string => !!o))];
    // A pairing whose partners have no owner still gets its review: one task nobody is assigned to.
    for (const ownerId of managers.length > 0 ? managers : [null]) {
      const created = await once(deps, pairing.id, 'review', `day-${PAIRING_REVIEW_DAY}:${ownerId ?? 'unassigned'}`, () =>
        deps.gateway.createTask({
          subject: `Day-${PAIRING_REVIEW_DAY} review: ${partnerNames.join(' + ')} — suggestion: ${suggestion.suggestion}`,
          body: `${suggestion.reason} Record the decision (scaled or ended) in the app's settings, Pairings tab, or with cosell pairings decide ${pairing.id}.`,
          dueAt: new Date(now.getTime() + REVIEW_TASK_DUE_DAYS * DAY_MS),
          ...(ownerId ? { ownerId } : {}),
          companyIds: pairing.partnerIds,
        }),
      );
      if (created) {
        report.reviewTasksCreated += 1;
        log.info({ ownerId }, 'pairing day-90 review task created');
      }
    }
  }
  return report;
}
