// Registrations: a snapshot of the co-sell, valid for REGISTRATION_TTL_DAYS, withdrawn or renewed
// from the card; open registrations take part in account conflicts.

import type * as Api from '../../contract/card-api';
import { DEFAULT_REGISTRATION_TTL_DAYS } from '../../store/store-constants';
import { ConflictError } from '../../store/store-error';
import type { AppDeps } from '../../app/app-deps';
import type { DealContext, RegistrationKeys } from '../../app/deal-context';
import { computeDealPlan, detectConflicts, loadConflictEntries, loadRuleSets, takesPartInConflicts, toIndexEntry } from '../../app/deal-context';
import type { RegistrationSnapshot } from '../../app/registration-snapshot';
import { parseRegistrationSnapshot, toStoredSnapshot } from '../../app/registration-snapshot';
import { jobItem } from '../../jobs/inbox-job';
import { openRegistrationKeys, recomputeDeals } from '../attribution/recompute-deals';
import type { Actor, UserNames } from '../shared/card-support';
import { capitalize, dealContext, idempotent, listText, loadUserNames, noNames, roleText, toApiPlan } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { conflict, invalid, notFound, ok } from '../shared/outcome';
import type { FieldError } from '../../domain';
import type { Registration as StoredRegistration } from '../../store/store';
import type { RecomputeDealsJob } from '../attribution/attribution-job-schemas';

/**
 * How the deal's partners and roles now differ from a registration's snapshot, by name
 * ("Bluepeak no longer on the deal"); empty when they still match.
 */
export function registrationChanges(snapshot: Pick<RegistrationSnapshot, 'partners'>, current: ReadonlyArray<{ companyId: string; name: string; roles: readonly string[] }>): string[] {
  const out: string[] = [];
  const now = new Map(current.map((p) => [p.companyId, p]));
  for (const p of snapshot.partners) {
    const cur = now.get(p.companyId);
    if (!cur) out.push(`${p.name} no longer on the deal`);
    else if ([...cur.roles].sort().join() !== [...p.roles].sort().join()) out.push(`${cur.name} is now ${roleText(cur.roles)} (registered as ${roleText(p.roles)})`);
  }
  const registered = new Set(snapshot.partners.map((p) => p.companyId));
  for (const p of current) if (!registered.has(p.companyId)) out.push(`${p.name} (${roleText(p.roles)}) joined the deal after the registration`);
  return out;
}

/** The contract's view of a stored registration; `current` partners make it say what changed since. */
export function toApiRegistration(r: StoredRegistration, snapshot: RegistrationSnapshot, now: Date, current: DealContext['partners'] | null, names: UserNames = noNames): Api.Registration {
  const expired = r.status === 'open' && Date.parse(r.expiresAt) <= now.getTime();
  const live = r.status === 'open';
  return {
    id: r.id,
    dealId: r.dealId,
    registeredAt: r.registeredAt,
    registeredBy: r.registeredBy,
    registeredByName: names(r.registeredBy),
    model: snapshot.model,
    partners: snapshot.partners,
    split: snapshot.split,
    status: expired ? 'expired' : r.status,
    expiresAt: r.expiresAt,
    renewedAt: r.renewedAt,
    withdrawal: r.withdrawnAt ? { at: r.withdrawnAt, by: r.withdrawnBy ?? '', byName: r.withdrawnBy ? names(r.withdrawnBy) : null, reason: r.withdrawReason ?? '' } : null,
    registeredWith: `Registered with ${listText(snapshot.partners.map((p) => `${p.name} (${roleText(p.roles)})`))}`,
    changes: live && current ? registrationChanges(snapshot, current) : [],
    confirmedConflicts: snapshot.confirmedConflicts.map((c) => c.message),
  };
}

/**
 * Registers the co-sell: a snapshot of roles, expected contributions and the split as of now,
 * valid for REGISTRATION_TTL_DAYS. A deal in an account conflict is registered only when the user
 * confirmed it (`confirmConflict`); the conflicts confirmed are recorded with the registration.
 */
export async function registerDeal(deps: AppDeps, dealId: string, body: Api.RegisterRequest, actor: Actor): Promise<Outcome<Api.Registration>> {
  return idempotent(deps, { endpoint: 'registerDeal', dealId, body }, () => register(deps, dealId, body, actor));
}

async function register(deps: AppDeps, dealId: string, body: Api.RegisterRequest, actor: Actor): Promise<Outcome<Api.Registration>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const dealName = `deal "${ctx.deal.name}"`;
  if (ctx.status !== 'open') return conflict(`${dealName} is closed; only open deals can be registered`);
  if (ctx.partners.length === 0) return invalid([{ path: 'partners', message: 'the deal has no partners yet: set partners and roles first' }]);
  const fields: FieldError[] = [];
  const contributions = new Map<string, string>();
  body.expectedContributions.forEach((c, i) => {
    if (!ctx.partners.some((p) => p.companyId === c.companyId)) fields.push({ path: `expectedContributions[${i}].companyId`, message: `company ${c.companyId} is not a partner on this deal` });
    else if (contributions.has(c.companyId)) fields.push({ path: `expectedContributions[${i}].companyId`, message: `company ${c.companyId} is listed twice` });
    contributions.set(c.companyId, c.contribution);
  });
  if (fields.length > 0) return invalid(fields);

  const conflicts = await conflictsOfRegistering(deps, ctx);
  if (conflicts.length > 0 && !body.confirmConflict) {
    const message = `${capitalize(dealName)} is in an account conflict: ${conflicts.map((c) => c.message).join(' ')} Confirm to register it anyway (confirmConflict: true).`;
    return conflict(message, [{ path: 'confirmConflict', message: conflicts.map((c) => c.message).join(' ') }]);
  }

  const result = computeDealPlan(ctx, await loadRuleSets(deps.store));
  const now = deps.clock();
  const snapshot: RegistrationSnapshot = {
    model: result.ok ? result.value.model : ctx.partners.length === 1 ? 'solo' : (ctx.settings.model ?? 'sell_with'),
    partners: ctx.partners.map((p) => ({ companyId: p.companyId, name: p.name, roles: p.roles, expectedContribution: contributions.get(p.companyId) ?? '' })),
    split: result.ok ? toApiPlan(result.value) : null,
    account: ctx.account,
    partnerIds: ctx.partners.map((p) => p.companyId),
    confirmedConflicts: conflicts,
  };
  const stored = await deps.store.registrations.create({ dealId, snapshot: toStoredSnapshot(snapshot), registeredBy: actor.userId, registeredAt: now, expiresAt: registrationExpiry(deps, now) });
  await deps.store.audit.record({ actor: actor.userId, action: conflicts.length > 0 ? 'deal.register.conflict_confirmed' : 'deal.register', entityType: 'registration', entityId: stored.id, after: snapshot, requestId: actor.requestId });
  // Other deals on the same account may now conflict with this registration.
  await recomputeDeals(deps, [dealId], 'registration');
  return ok(toApiRegistration(stored, snapshot, now, ctx.partners, await loadUserNames(deps)));
}

/** Withdraws the deal's open registration (expired ones too): it stops causing conflicts. */
export async function withdrawRegistration(deps: AppDeps, dealId: string, body: Api.WithdrawRegistrationRequest, actor: Actor): Promise<Outcome<Api.Registration>> {
  return changeOpenRegistration(deps, dealId, 'withdraw', actor, (r) => deps.store.registrations.withdraw(r.id, { by: actor.userId, reason: body.reason, at: deps.clock() }));
}

/** Renews the deal's open registration (expired ones too) for another REGISTRATION_TTL_DAYS from now. */
export async function renewRegistration(deps: AppDeps, dealId: string, actor: Actor): Promise<Outcome<Api.Registration>> {
  return changeOpenRegistration(deps, dealId, 'renew', actor, (r) => {
    const now = deps.clock();
    return deps.store.registrations.renew(r.id, { by: actor.userId, expiresAt: registrationExpiry(deps, now), at: now });
  });
}

async function changeOpenRegistration(
  deps: AppDeps,
  dealId: string,
  action: 'withdraw' | 'renew',
  actor: Actor,
  change: (r: StoredRegistration) => Promise<StoredRegistration>,
): Promise<Outcome<Api.Registration>> {
  const ctx = await dealContext(deps, dealId);
  if (!ctx) return notFound(`deal ${dealId} not found`);
  const dealName = `deal "${ctx.deal.name}"`;
  const latest = await deps.store.registrations.latestForDeal(dealId);
  if (!latest) return notFound(`${dealName} has no registration to ${action}`);
  const snapshot = parseRegistrationSnapshot(latest);
  if (latest.status !== 'open') return conflict(`the registration of ${dealName} is ${latest.status}; only an open registration can be ${action === 'withdraw' ? 'withdrawn' : 'renewed'}`, [{ path: 'status', message: latest.status }]);
  let changed: StoredRegistration;
  try {
    changed = await change(latest);
  } catch (error) {
    // Withdrawn or superseded by someone else between the read and the write.
    if (error instanceof ConflictError) return conflict(`the registration of ${dealName} changed meanwhile: ${error.message}`, [{ path: 'status', message: error.message }]);
    throw error;
  }
  await deps.store.audit.record({ actor: actor.userId, action: `registration.${action}`, entityType: 'registration', entityId: latest.id, before: latest, after: changed, requestId: actor.requestId });
  await enqueueInvolvedDeals(deps, dealId, snapshot, `registration-${action}:${latest.id}:${changed.withdrawnAt ?? changed.renewedAt ?? ''}`);
  return ok(toApiRegistration(changed, snapshot, deps.clock(), ctx.partners, await loadUserNames(deps)));
}

function registrationExpiry(deps: AppDeps, from: Date): Date {
  return new Date(from.getTime() + (deps.registrationTtlDays ?? DEFAULT_REGISTRATION_TTL_DAYS) * 86_400_000);
}

/**
 * The deal and every open co-sell deal on the registration's account: their conflict flags may
 * change now that it stopped (or started again) counting. Queued, so the card answers at once.
 */
async function enqueueInvolvedDeals(deps: AppDeps, dealId: string, snapshot: RegistrationSnapshot, dedupeKey: string): Promise<void> {
  const neighbours = await deps.store.accountIndex.listSharingAccounts([snapshot.account]);
  const dealIds = [...new Set([dealId, ...neighbours.filter(takesPartInConflicts).map((e) => e.dealId)])];
  await deps.store.inbox.enqueue([jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds, trigger: 'registration' }, dedupeKey, deps.clock())]);
}

/**
 * The conflicts the deal would be in once registered: its open co-sell entry, or (a deal with one
 * partner) the registration itself, against the other open deals and registrations on its
 * account. The deal's own current registration is left out: registering again supersedes it.
 * Messages name deals and partners.
 */
async function conflictsOfRegistering(deps: AppDeps, ctx: DealContext): Promise<RegistrationSnapshot['confirmedConflicts']> {
  const dealId = ctx.deal.id;
  const others = (await openRegistrationKeys(deps.store)).filter((r) => r.dealId !== dealId);
  const proposed: RegistrationKeys = { id: 'proposed', dealId, account: ctx.account, partnerIds: ctx.partners.map((p) => p.companyId) };
  const registrations = [...others, proposed];
  const live = await loadConflictEntries(deps.store, new Map([[dealId, toIndexEntry(ctx)]]), registrations);
  // loadConflictEntries reads neighbours only for deals that take part themselves; a deal with one
  // partner does not, but its registration will: read the deals on its account as well.
  for (const e of await deps.store.accountIndex.listSharingAccounts([ctx.account])) if (e.dealId !== dealId && !live.has(e.dealId)) live.set(e.dealId, e);
  const found = detectConflicts(live.values(), registrations).filter((c) => c.entryIds.includes(dealId) || c.entryIds.includes('registration:proposed'));
  const partnerNames = new Map<string, string>();
  for (const e of live.values()) for (const [id, name] of Object.entries(e.partnerNames)) partnerNames.set(id, name);
  for (const p of ctx.partners) partnerNames.set(p.companyId, p.name);
  const byId = new Map(registrations.map((r) => [r.id, r]));
  const dealLabel = (id: string) => `deal "${live.get(id)?.name ?? id}"`;
  return found.map((c) => {
    const other = c.entryIds.filter((id) => id !== dealId && id !== 'registration:proposed');
    const otherDealIds = other.filter((id) => !id.startsWith('registration:'));
    const otherRegistrationIds = other.filter((id) => id.startsWith('registration:')).map((id) => id.slice(13));
    const with_ = [
      ...otherDealIds.map(dealLabel),
      ...otherRegistrationIds.map((id) => {
        const r = byId.get(id);
        return r ? `the registration of ${dealLabel(r.dealId)}` : `registration ${id}`;
      }),
    ];
    const partners = listText(c.partnerIds.map((id) => partnerNames.get(id) ?? `company ${id}`));
    const shared = c.matchedOn === 'company' ? 'the same customer company' : c.matchedOn === 'domain' ? `the same domain (${c.accountValue})` : 'the same parent company';
    const message =
      c.reason === 'same_partner_twice'
        ? `It shares ${shared} with ${listText(with_)}, registered with the same partners (${partners}): a double registration.`
        : `It shares ${shared} with ${listText(with_)}, with other partners (${partners} between them).`;
    return { message, otherDealIds, otherRegistrationIds };
  });
}
