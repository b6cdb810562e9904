// What the card features share: who acts, users' names, contract mappings, the deal a card
// request is about, and idempotent creates.

import type * as Api from '../../contract/card-api';
import type { CrmCompany } from '../../hubspot/crm-gateway';
import { CrmError } from '../../hubspot';
import type { AppDeps } from '../../app/app-deps';
import { readDealContexts } from '../../app/deal-context';
import type { Outcome } from './outcome';
import { conflict, ok } from './outcome';
import type { AttributionPlan as DomainPlan } from '../../domain';
import type { DealContext } from '../../app/deal-context';

/** Who is acting, and which request: every change is audited with both. */
export interface Actor {
  userId: string;
  requestId: string;
}

export function toApiPlan(plan: DomainPlan): Api.AttributionPlan {
  return {
    dealId: plan.dealId,
    model: plan.model,
    ruleVersion: plan.ruleVersion,
    override: plan.override ?? null,
    currency: plan.currency,
    dealAmount: plan.dealAmount,
    pool: { rate: plan.pool.rate, amount: plan.pool.amount, currency: plan.pool.currency },
    allocations: plan.allocations.map((a) => ({ partnerId: a.partnerId, partnerName: a.partnerName ?? null, roles: a.roles, weight: a.weight, share: a.share, amount: a.amount })),
    unallocated: plan.unallocated,
    warnings: plan.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.partnerId ? { partnerId: w.partnerId } : {}) })),
    explanation: plan.explanation,
  };
}

export function toApiCompany(c: CrmCompany): Api.PartnerCompany {
  return { companyId: c.id, name: c.name, partnerType: c.partnerType, domain: c.domain, parentCompanyId: c.parentCompanyId };
}

/** A HubSpot user's name by user id; null when the portal's owners do not name that user. */
export type UserNames = (userId: string) => string | null;

export const noNames: UserNames = () => null;

/**
 * Names of the portal's users, from its owners (one paged read). Cards identify users by user id;
 * an owner carries both its owner id and its user id, and either may have been stored (the local
 * preview acts as an owner id), so both are looked up, the user id first. When HubSpot does not
 * answer, the card still works and shows ids (a name is a nicety, not worth failing the read).
 * https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide
 */
export async function loadUserNames(deps: Pick<AppDeps, 'gateway' | 'logger'>): Promise<UserNames> {
  let owners: Awaited<ReturnType<AppDeps['gateway']['listOwners']>>;
  try {
    owners = await deps.gateway.listOwners();
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    deps.logger.warn({ err: error }, 'could not read the HubSpot owners; showing user ids instead of names');
    return noNames;
  }
  const byUser = new Map<string, string>();
  const byOwner = new Map<string, string>();
  for (const o of owners) {
    const name = `${o.firstName} ${o.lastName}`.trim() || o.email;
    if (!name) continue;
    if (o.userId) byUser.set(o.userId, name);
    byOwner.set(o.id, name);
  }
  return (userId) => byUser.get(userId) ?? byOwner.get(userId) ?? null;
}

export const roleText = (roles: readonly string[]) => roles.map((r) => r.replace(/_/g, ' ')).join(', ');

export function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

export async function dealContext(deps: AppDeps, dealId: string): Promise<DealContext | null> {
  if (!/^\d+$/.test(dealId)) return null;
  return (await readDealContexts(deps, [dealId])).get(dealId) ?? null;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long a key answers repeats; after that a repeat would create again (the card never waits that long). */
const IDEMPOTENCY_KEY_TTL_MS = 7 * 86_400_000;

/** An unanswered claim older than this belonged to a request that died (the card's own timeout is 15 s). */
const IDEMPOTENCY_STALE_CLAIM_MS = 2 * 60_000;

/**
 * Runs a create at most once per idempotency key (scope: portal, endpoint, deal). A repeat with
 * the same request answers the first success as it was; a failure is not kept, so its retry runs
 * again (it created nothing). Without a key the create just runs.
 */
export async function idempotent<T>(
  deps: AppDeps,
  req: { endpoint: Api.CardEndpointName; dealId: string; body: { idempotencyKey?: string | undefined } },
  run: () => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const { idempotencyKey: key, ...request } = req.body;
  if (!key) return run();
  const scope = `${deps.portalId ?? '-'}:${req.endpoint}:${req.dealId}`;
  const claim = await deps.store.idempotency.claim(scope, key, request, {
    expiresAt: new Date(deps.clock().getTime() + IDEMPOTENCY_KEY_TTL_MS),
    staleAfterMs: IDEMPOTENCY_STALE_CLAIM_MS,
  });
  if (claim.state !== 'new') {
    const differs = differingFields(claim.request, request);
    if (differs.length > 0) {
      return conflict(
        `idempotencyKey ${key} was already used for a different request (${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}); a new action needs a new key`,
        differs.map((path) => ({ path, message: 'differs from the first request sent with this idempotencyKey' })),
      );
    }
    if (claim.state === 'in_progress') return conflict('the first request with this idempotencyKey is still being answered; try again in a moment', [{ path: 'idempotencyKey', message: 'in progress' }]);
    deps.logger.info({ idempotencyKey: key, endpoint: req.endpoint }, 'repeated card write: answered with the first answer, nothing created');
    return ok(claim.response as T);
  }
  let result: Outcome<T>;
  try {
    result = await run();
  } catch (error) {
    await deps.store.idempotency.release(scope, key).catch(() => undefined);
    throw error;
  }
  if (result.ok) {
    await deps.store.idempotency.answer(scope, key, 201, result.value);
    // Creates are people's clicks, so forgetting expired keys here keeps the table small without a job.
    await deps.store.idempotency.pruneExpired(deps.clock());
  } else {
    await deps.store.idempotency.release(scope, key);
  }
  return result;
}

/** Top-level fields whose values differ between two JSON requests, sorted. */
function differingFields(a: unknown, b: unknown): string[] {
  const ra = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  const rb = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter((k) => stableJson(ra[k]) !== stableJson(rb[k])).sort();
}

export function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
