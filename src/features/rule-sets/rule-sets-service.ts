// Rule sets: drafts, validation, the publish dry run and publishing (settings page).

import type * as Api from '../../contract/card-api';
import { VERSION_LABEL_HINT, diffRuleSets, findOverride, formatMoney, isVersionLabel, parseMoney, parseRuleSet, ruleSetWarnings, selectRuleSet } from '../../domain';
import { ConflictError, NotFoundError } from '../../store/store-error';
import type { AppDeps } from '../../app/app-deps';
import { computeDealPlan, loadRuleSets, readDealContexts } from '../../app/deal-context';
import { jobItem } from '../../jobs/inbox-job';
import { recomputeDeals } from '../attribution/recompute-deals';
import type { Actor, UserNames } from '../shared/card-support';
import { loadUserNames } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { conflict, invalid, notFound, ok } from '../shared/outcome';
import type { FieldError } from '../../domain';
import type { PublishedRuleSet as StoredPublished } from '../../store/store';
import type { RuleSetDraft as StoredDraft } from '../../store/store';
import type { RecomputeOpenJob } from '../attribution/attribution-job-schemas';

function publishedToApi(p: StoredPublished, previous: StoredPublished | undefined, names: UserNames): Api.PublishedRuleSet | null {
  const parsed = parseRuleSet(p.ruleSet);
  if (!parsed.ok) return null;
  const prev = previous ? parseRuleSet(previous.ruleSet) : null;
  return {
    id: p.version,
    version: p.version,
    effectiveFrom: parsed.value.effectiveFrom,
    publishedAt: p.publishedAt,
    publishedBy: p.publishedBy,
    publishedByName: p.publishedBy === 'system' ? null : names(p.publishedBy),
    ruleSet: parsed.value,
    changes: prev?.ok ? diffRuleSets(prev.value, parsed.value) : ['first published rule set'],
    warnings: ruleSetWarnings(parsed.value),
  };
}

function draftToApi(d: StoredDraft, names: UserNames): Api.RuleSetDraft {
  const parsed = parseRuleSet(d.ruleSet);
  const ruleSet = d.ruleSet && typeof d.ruleSet === 'object' && !Array.isArray(d.ruleSet) ? (d.ruleSet as Record<string, unknown>) : {};
  return { id: d.id, ruleSet, updatedAt: d.updatedAt, updatedBy: d.updatedBy, updatedByName: names(d.updatedBy), problems: parsed.ok ? [] : parsed.errors };
}

/** The portal's deal pipelines by label, for choosing an override's pipelines by name. */
export async function listDealPipelines(deps: AppDeps): Promise<Outcome<Api.DealPipelineList>> {
  return ok({ pipelines: await deps.gateway.listDealPipelines() });
}

export async function listRuleSets(deps: AppDeps): Promise<Outcome<Api.RuleSetList>> {
  // Names come from the same owners read as the deal card's; when HubSpot does not answer, the history still lists ids.
  const [published, drafts, names] = await Promise.all([deps.store.ruleSets.listPublished(), deps.store.ruleSets.listDrafts(), loadUserNames(deps)]);
  const items = published.map((p, i) => publishedToApi(p, published[i - 1], names)).filter((p): p is Api.PublishedRuleSet => p !== null);
  const today = deps.clock().toISOString().slice(0, 10);
  const inForce = items.length > 0 ? selectRuleSet(items.map((i) => i.ruleSet), today) : null;
  return ok({ published: items.reverse(), drafts: drafts.map((d) => draftToApi(d, names)), inForce: inForce?.ok ? inForce.value.version : null });
}

export async function validateRuleSet(deps: AppDeps, ruleSet: unknown): Promise<Outcome<Api.ValidateRuleSetResponse>> {
  const parsed = parseRuleSet(ruleSet, 'ruleSet');
  if (!parsed.ok) return ok({ valid: false, errors: parsed.errors, warnings: [], changes: [] });
  const published = await deps.store.ruleSets.listPublished();
  const errors: FieldError[] = [];
  // The label pattern is the API's rule for new versions (docs/rule-sets.md); rule files for the CLI are not held to it.
  if (!isVersionLabel(parsed.value.version)) errors.push({ path: 'ruleSet.version', message: VERSION_LABEL_HINT });
  if (published.some((p) => p.version === parsed.value.version)) errors.push({ path: 'ruleSet.version', message: `version "${parsed.value.version}" is already published` });
  if (published.some((p) => p.effectiveFrom === parsed.value.effectiveFrom)) errors.push({ path: 'ruleSet.effectiveFrom', message: `another published rule set takes effect on ${parsed.value.effectiveFrom}` });
  const latest = published.at(-1);
  const prev = latest ? parseRuleSet(latest.ruleSet) : null;
  return ok({ valid: errors.length === 0, errors, warnings: ruleSetWarnings(parsed.value), changes: prev?.ok ? diffRuleSets(prev.value, parsed.value) : [] });
}

export async function createRuleSetDraft(deps: AppDeps, ruleSet: Record<string, unknown>, actor: Actor): Promise<Outcome<Api.RuleSetDraft>> {
  const latest = (await deps.store.ruleSets.listPublished()).at(-1);
  const draft = await deps.store.ruleSets.createDraft({ ruleSet, createdBy: actor.userId, ...(latest ? { basedOnVersion: latest.version } : {}) });
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.draft.create', entityType: 'rule_set_draft', entityId: draft.id, after: ruleSet, requestId: actor.requestId });
  return ok(draftToApi(draft, await loadUserNames(deps)));
}

export async function updateRuleSetDraft(deps: AppDeps, draftId: string, ruleSet: Record<string, unknown>, actor: Actor): Promise<Outcome<Api.RuleSetDraft>> {
  const before = await deps.store.ruleSets.getDraft(draftId);
  if (!before) return notFound(`draft ${draftId} not found (or already published)`);
  const draft = await deps.store.ruleSets.updateDraft(draftId, ruleSet, actor.userId);
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.draft.update', entityType: 'rule_set_draft', entityId: draftId, before: before.ruleSet, after: ruleSet, requestId: actor.requestId });
  return ok(draftToApi(draft, await loadUserNames(deps)));
}

/**
 * How many open partner deals a publish recomputes before answering; the queued job does the rest.
 * Kept small because hubspot.fetch gives up after 15 s by default
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 */
export const PUBLISH_SYNC_RECOMPUTE_LIMIT = 200;

const DRY_RUN_BATCH = 100;

/**
 * What publishing `ruleSet` would do to the open partner deals, without writing anything: every
 * open deal in the account index is read from the CRM as it is now and computed twice, with the
 * rules published today and with this rule set published too (it applies from its effective date).
 */
export async function dryRunRuleSet(deps: AppDeps, ruleSet: unknown): Promise<Outcome<Api.RuleSetDryRunResponse>> {
  const version = ruleSet && typeof ruleSet === 'object' && typeof (ruleSet as { version?: unknown }).version === 'string' ? (ruleSet as { version: string }).version : '';
  const empty = { version, openDeals: 0, changedDeals: 0, poolChange: [], partners: [], skippedDeals: 0 };
  const check = await validateRuleSet(deps, ruleSet);
  if (!check.ok) return check;
  const parsed = parseRuleSet(ruleSet, 'ruleSet');
  if (!check.value.valid || !parsed.ok) return ok({ ...empty, errors: check.value.errors.length > 0 ? check.value.errors : parsed.ok ? [] : parsed.errors });
  const current = await loadRuleSets(deps.store);
  const publishedCount = (await deps.store.ruleSets.listPublished()).length;
  // With nothing published yet the default is only a stand-in: this rule set would replace it.
  const candidate = publishedCount === 0 ? [parsed.value] : [...current, parsed.value];
  const openIds = (await deps.store.accountIndex.listOpen()).map((e) => e.dealId);

  const pool = new Map<string, bigint>();
  const partners = new Map<string, { name: string; change: Map<string, bigint> }>();
  const add = (map: Map<string, bigint>, currency: string, minor: bigint) => map.set(currency, (map.get(currency) ?? 0n) + minor);
  const minorOf = (amount: string, currency: string) => {
    const m = parseMoney(amount, currency, 'amount');
    return m.ok ? m.value : 0n;
  };
  let openDeals = 0;
  let changedDeals = 0;
  let skippedDeals = 0;
  const candidateOverrides = parsed.value.overrides ?? [];
  const caught = candidateOverrides.map(() => 0);
  let baseDeals = 0;
  for (let i = 0; i < openIds.length; i += DRY_RUN_BATCH) {
    const contexts = await readDealContexts(deps, openIds.slice(i, i + DRY_RUN_BATCH), parsed.value.dealProperties ?? []);
    for (const ctx of contexts.values()) {
      if (ctx.status !== 'open') continue;
      openDeals += 1;
      const before = computeDealPlan(ctx, current);
      const after = computeDealPlan(ctx, candidate);
      if (!before.ok || !after.ok) {
        skippedDeals += 1;
        continue;
      }
      // Which of this rule set's overrides the deal falls under (the first that matches), as the worker would pick it.
      const match = findOverride(candidateOverrides, {
        amount: ctx.deal.amount ?? '0',
        currency: ctx.deal.currency ?? after.value.currency,
        pipeline: ctx.deal.pipelineId,
        properties: ctx.deal.properties ?? null,
      });
      if (match) caught[match.index] = (caught[match.index] ?? 0) + 1;
      else baseDeals += 1;
      const currency = after.value.currency;
      const poolDelta = minorOf(after.value.pool.amount, currency) - minorOf(before.value.pool.amount, currency);
      let changed = poolDelta !== 0n || after.value.unallocated !== before.value.unallocated;
      add(pool, currency, poolDelta);
      const beforeBy = new Map(before.value.allocations.map((a) => [a.partnerId, a]));
      for (const a of after.value.allocations) {
        const delta = minorOf(a.amount, currency) - minorOf(beforeBy.get(a.partnerId)?.amount ?? '0', currency);
        if (delta === 0n) continue;
        changed = true;
        const name = ctx.partners.find((p) => p.companyId === a.partnerId)?.name ?? a.partnerName ?? `Company ${a.partnerId}`;
        const entry = partners.get(a.partnerId) ?? { name, change: new Map<string, bigint>() };
        add(entry.change, currency, delta);
        partners.set(a.partnerId, entry);
      }
      if (changed) changedDeals += 1;
    }
  }
  const money = (map: Map<string, bigint>) =>
    [...map.entries()].filter(([, m]) => m !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, m]) => ({ currency, amount: formatMoney(m, currency) }));
  const magnitude = (map: Map<string, bigint>) => [...map.values()].reduce((sum, m) => sum + (m < 0n ? -m : m), 0n);
  const partnerRows = [...partners.entries()]
    .filter(([, p]) => magnitude(p.change) > 0n)
    .sort(([ia, a], [ib, b]) => {
      const d = magnitude(b.change) - magnitude(a.change);
      return d > 0n ? 1 : d < 0n ? -1 : a.name.localeCompare(b.name) || ia.localeCompare(ib);
    })
    .map(([companyId, p]) => ({ companyId, name: p.name, change: money(p.change) }));
  const overrideCatches = { overrides: candidateOverrides.map((o, index) => ({ name: o.name, deals: caught[index] ?? 0 })), baseDeals };
  return ok({ version, errors: [], openDeals, changedDeals, poolChange: money(pool), partners: partnerRows, skippedDeals, overrideCatches });
}

/**
 * Publishes a valid draft (never edited afterwards), recomputes the open partner deals at once (up
 * to PUBLISH_SYNC_RECOMPUTE_LIMIT, so the answer can say how many were recomputed) and queues a
 * recompute of every open deal in HubSpot for the rest.
 */
export async function publishRuleSetDraft(deps: AppDeps, draftId: string, actor: Actor): Promise<Outcome<Api.PublishRuleSetResponse>> {
  const draft = await deps.store.ruleSets.getDraft(draftId);
  if (!draft) return notFound(`draft ${draftId} not found (or already published)`);
  const check = await validateRuleSet(deps, draft.ruleSet);
  if (check.ok && !check.value.valid) return invalid(check.value.errors, 'the draft cannot be published');
  const parsed = parseRuleSet(draft.ruleSet);
  if (!parsed.ok) return invalid(parsed.errors.map((e) => ({ path: `ruleSet.${e.path}`, message: e.message })), 'the draft cannot be published');
  let stored: StoredPublished;
  try {
    stored = await deps.store.ruleSets.publish(draftId, actor.userId, { version: parsed.value.version });
  } catch (error) {
    if (error instanceof ConflictError) return conflict(error.message, [{ path: 'ruleSet.version', message: error.message }]);
    if (error instanceof NotFoundError) return notFound(error.message);
    throw error;
  }
  await deps.store.audit.record({ actor: actor.userId, action: 'rule_set.publish', entityType: 'rule_set', entityId: stored.version, after: stored.ruleSet, requestId: actor.requestId });
  const [published, names] = await Promise.all([deps.store.ruleSets.listPublished(), loadUserNames(deps)]);
  const idx = published.findIndex((p) => p.version === stored.version);
  const api = publishedToApi(stored, idx > 0 ? published[idx - 1] : undefined, names);
  if (!api) throw new Error(`published rule set ${stored.version} does not parse`);
  // One job, deduplicated on the version: the worker pages through open deals with its retries.
  const { inserted } = await deps.store.inbox.enqueue([jobItem<RecomputeOpenJob>({ type: 'recompute-open', reason: `publish ${stored.version}` }, `publish:${stored.version}`, deps.clock())]);
  const openIds = (await deps.store.accountIndex.listOpen()).map((e) => e.dealId);
  const now = openIds.slice(0, PUBLISH_SYNC_RECOMPUTE_LIMIT);
  let dealsRecomputed = 0;
  for (let i = 0; i < now.length; i += DRY_RUN_BATCH) {
    const chunk = now.slice(i, i + DRY_RUN_BATCH);
    const report = await recomputeDeals(deps, chunk, `publish ${stored.version}`);
    dealsRecomputed += chunk.length - report.missing.length;
  }
  return ok({ published: api, recomputeEnqueued: inserted, dealsRecomputed, dealsPending: openIds.length - now.length });
}
