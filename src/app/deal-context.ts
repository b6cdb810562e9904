import type { AccountConflict, AttributionPlan, ConflictEntry, Result, RuleSet } from '../domain';
import { accountDomainKey, computeAttribution, fail, findAccountConflicts, parseRuleSets, sharesAccount, DEFAULT_RULE_SET } from '../domain';
import type { CrmCompany, CrmDeal, DealPartnerLink, StageInfo } from '../hubspot/crm-gateway';
import type { Role } from '../domain';
import type { Store } from '../store/store';
import type { AccountIndexEntry } from './account-index';
import { mergeEntries } from './account-index';
import type { AppDeps } from './app-deps';
import type { DealSettings } from './deal-settings';
import { toDealSettings } from './deal-settings';
import type { AdjustedSplit } from '../domain/disputes';
import { applySplitAdjustment } from '../domain/disputes';

/** Everything known about one deal at the moment of a computation (read in batches). */
export interface DealContext {
  deal: CrmDeal;
  stage: StageInfo | undefined;
  status: 'open' | 'won' | 'lost';
  partners: Array<{ companyId: string; name: string; partnerType: CrmCompany['partnerType']; isPartner: boolean; roles: Role[] }>;
  /**
   * Partner companies associated with the deal without any role label: reported to the card as a
   * warning, not split (removing a partner in the card removes its labels; the association stays).
   */
  partnersWithoutRole: Array<{ companyId: string; name: string }>;
  account: AccountIndexEntry['account'];
  settings: DealSettings;
  /** The split partner ops set after an upheld dispute (docs/decisions/0016-disputes.md), used instead of the role split. */
  adjustment?: AdjustedSplit;
}

/**
 * Reads deals, their partner links, the linked companies, the stages and the stored deal settings
 * in batches (one call per kind, the gateway splits into ≤100) and assembles a context per deal.
 * The customers' parent companies are read too (one more batch, only for parents not read
 * already), so conflict text names a parent ("Acme Corp (parent of …)") instead of its id.
 * Deals HubSpot no longer knows are absent from the result.
 */
export async function readDealContexts(deps: Pick<AppDeps, 'gateway' | 'store'>, dealIds: string[], alsoRead: readonly string[] = []): Promise<Map<string, DealContext>> {
  const ids = [...new Set(dealIds)];
  const out = new Map<string, DealContext>();
  if (ids.length === 0) return out;
  // `alsoRead`: deal properties a rule set not yet published tests (the publish preview).
  const extraProperties = [...new Set([...(await overrideDealProperties(deps.store)), ...alsoRead])].sort();
  const [deals, links, stages, plans, adjustments] = await Promise.all([
    deps.gateway.readDeals(ids, extraProperties),
    deps.gateway.readDealPartnerLinks(ids),
    deps.gateway.readStages(),
    deps.store.dealPlans.getMany(ids),
    deps.store.disputes.adjustmentsFor(ids),
  ]);
  const adjusted = new Map(adjustments.map((a) => [a.dealId, { shares: a.shares, note: a.note, setBy: a.setBy.name, setAt: a.setAt }]));
  const planRows = new Map(plans.map((row) => [row.dealId, row]));
  const companyIds = new Set<string>();
  for (const list of links.values()) for (const l of list) companyIds.add(l.companyId);
  const companies = companyIds.size > 0 ? await deps.gateway.readCompanies([...companyIds]) : new Map<string, CrmCompany>();
  const parentIds = new Set<string>();
  for (const id of ids) {
    const parentId = customerOf(links.get(id) ?? [], companies)?.parentCompanyId;
    if (parentId && !companies.has(parentId)) parentIds.add(parentId);
  }
  if (parentIds.size > 0) for (const [parentId, parent] of await deps.gateway.readCompanies([...parentIds])) companies.set(parentId, parent);
  for (const id of ids) {
    const deal = deals.get(id);
    if (!deal) continue;
    const { settings } = toDealSettings(planRows.get(id) ?? null);
    const ctx = buildContext(deal, links.get(id) ?? [], companies, stages, settings);
    const adjustment = adjusted.get(id);
    out.set(id, adjustment ? { ...ctx, adjustment } : ctx);
  }
  return out;
}

/**
 * The deal properties the published rule sets' overrides test (`dealProperties`), so a deal's
 * override can match on them; read from the stored documents, which were validated on publishing.
 */
async function overrideDealProperties(store: Store): Promise<string[]> {
  const names = new Set<string>();
  for (const p of await store.ruleSets.listPublished()) {
    const listed = (p.ruleSet as { dealProperties?: unknown } | null)?.dealProperties;
    if (Array.isArray(listed)) for (const name of listed) if (typeof name === 'string') names.add(name);
  }
  return [...names].sort();
}

export function buildContext(
  deal: CrmDeal,
  links: DealPartnerLink[],
  companies: Map<string, CrmCompany>,
  stages: Map<string, StageInfo>,
  settings: DealSettings,
): DealContext {
  const stage = deal.stageId ? stages.get(deal.stageId) : undefined;
  const status = stage?.isClosed ? (stage.isWon ? 'won' : 'lost') : 'open';
  const partners: DealContext['partners'] = [];
  const partnersWithoutRole: DealContext['partnersWithoutRole'] = [];
  for (const link of [...links].sort((a, b) => compareIds(a.companyId, b.companyId))) {
    const company = companies.get(link.companyId);
    const isPartner = !!company?.partnerType;
    const name = company?.name ?? `Company ${link.companyId}`;
    // A role label makes a company a partner on the deal (a non-partner company with a role is
    // kept, flagged isPartner=false, so the split reports it instead of silently paying nothing).
    if (link.roles.length > 0) {
      partners.push({ companyId: link.companyId, name, partnerType: company?.partnerType ?? null, isPartner, roles: [...link.roles] });
    } else if (isPartner) {
      partnersWithoutRole.push({ companyId: link.companyId, name });
    }
  }
  const customer = customerOf(links, companies);
  const domain = customer?.domain ? accountDomainKey(customer.domain) ?? customer.domain.toLowerCase() : null;
  const parent = customer?.parentCompanyId ? companies.get(customer.parentCompanyId) : undefined;
  return {
    deal,
    stage,
    status,
    partners,
    partnersWithoutRole,
    account: {
      companyId: customer?.id ?? null,
      domain,
      parentCompanyId: customer?.parentCompanyId ?? null,
      ...(customer ? { companyName: customer.name } : {}),
      ...(parent ? { parentCompanyName: parent.name } : {}),
    },
    settings,
  };
}

/** The deal's customer: its first associated company (by id) that is neither a partner nor labelled with a role. */
function customerOf(links: DealPartnerLink[], companies: Map<string, CrmCompany>): CrmCompany | undefined {
  for (const link of [...links].sort((a, b) => compareIds(a.companyId, b.companyId))) {
    const company = companies.get(link.companyId);
    if (link.roles.length === 0 && company && !company.partnerType) return company;
  }
  return undefined;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The published rule sets, parsed; the default rule set when none is published yet. */
export async function loadRuleSets(store: Store): Promise<RuleSet[]> {
  const published = await store.ruleSets.listPublished();
  if (published.length === 0) return [DEFAULT_RULE_SET];
  const parsed = parseRuleSets(published.map((p) => p.ruleSet));
  // Published rows were validated before publishing; a failure here means a bug or manual DB edit.
  if (!parsed.ok) throw new Error(`published rule sets are invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.value;
}

/**
 * Publishes the default rule set at first start so every computation names a real version.
 * Safe to call concurrently: a second publisher gets a conflict and nothing changes.
 */
export async function ensureDefaultRuleSet(store: Store, actor = 'system'): Promise<boolean> {
  if ((await store.ruleSets.listPublished()).length > 0) return false;
  const draft = await store.ruleSets.createDraft({ ruleSet: DEFAULT_RULE_SET, createdBy: actor });
  try {
    await store.ruleSets.publish(draft.id, actor);
    await store.audit.record({ actor, action: 'rule_set.publish_default', entityType: 'rule_set', entityId: DEFAULT_RULE_SET.version, after: DEFAULT_RULE_SET });
    return true;
  } catch (error) {
    if ((await store.ruleSets.listPublished()).length > 0) {
      await store.ruleSets.deleteDraft(draft.id);
      return false;
    }
    throw error;
  }
}

/** Computes a deal's split from its context. A deal without an amount has no split (a result, not a throw). */
export function computeDealPlan(ctx: DealContext, rules: RuleSet[]): Result<AttributionPlan> {
  if (ctx.deal.amount === null || ctx.deal.amount === '') return fail('deal.amount', 'the deal has no amount yet');
  const computed = computeAttribution({
    deal: {
      id: ctx.deal.id,
      name: ctx.deal.name,
      amount: ctx.deal.amount,
      currency: ctx.deal.currency ?? 'USD',
      closeDate: ctx.deal.closeDate,
      // Overrides pick their deals by pipeline and by the properties the rule sets list.
      pipeline: ctx.deal.pipelineId,
      properties: ctx.deal.properties ?? null,
    },
    model: ctx.settings.model,
    partners: ctx.partners.map((p) => ({ id: p.companyId, name: p.name, type: p.partnerType, roles: p.roles })),
    rules,
  });
  // The pool stays the rule set's; only who gets what part of it is the adjustment's.
  return computed.ok && ctx.adjustment ? { ok: true, value: applySplitAdjustment(computed.value, ctx.adjustment) } : computed;
}

export function toIndexEntry(ctx: DealContext): AccountIndexEntry | null {
  if (ctx.partners.length === 0) return null;
  return {
    dealId: ctx.deal.id,
    name: ctx.deal.name,
    status: ctx.status,
    closeDate: ctx.deal.closeDate,
    partnerIds: ctx.partners.map((p) => p.companyId),
    partnerNames: Object.fromEntries(ctx.partners.map((p) => [p.companyId, p.name])),
    account: ctx.account,
  };
}

/**
 * What conflict detection needs to judge the deals in `changes` (this computation's entries; null
 * = the deal no longer has an entry): the stored rows sharing an account with them, the rows of
 * deals whose open registration is on those accounts (a deal and its own registration are one
 * claim, even after the deal moved), and `changes` over them. Indexed reads, never the whole index.
 */
export async function loadConflictEntries(store: Store, changes: Map<string, AccountIndexEntry | null>, registrations: RegistrationKeys[]): Promise<Map<string, AccountIndexEntry>> {
  const fresh = [...changes.values()].filter((e): e is AccountIndexEntry => e !== null);
  const accounts = fresh.filter(takesPartInConflicts).map((e) => e.account);
  if (accounts.length === 0) return mergeEntries(fresh);
  const stored = await store.accountIndex.listSharingAccounts(accounts);
  const known = new Set([...stored.map((e) => e.dealId), ...changes.keys()]);
  const registered = registrations.filter((r) => !known.has(r.dealId) && accounts.some((a) => sharesAccount(a, r.account))).map((r) => r.dealId);
  const registeredDeals = registered.length > 0 ? await store.accountIndex.get(registered) : [];
  return mergeEntries([...stored, ...registeredDeals].filter((e) => !changes.has(e.dealId)), fresh);
}

/**
 * Does this deal take part in conflict detection? docs/glossary.md "Solo / co-sell / pairing": "open co-sell deals",
 * and a co-sell deal has two or more partners (docs/glossary.md "Solo / co-sell / pairing"). A deal with one partner is a
 * plain partner deal: it is indexed (scorecard) but never flagged. Registrations always take part.
 */
export function takesPartInConflicts(e: Pick<AccountIndexEntry, 'status' | 'partnerIds'>): boolean {
  return e.status === 'open' && new Set(e.partnerIds).size >= 2;
}

/** Registrations take part in conflict detection through their snapshot's account and partners. */
export interface RegistrationKeys {
  id: string;
  dealId: string;
  account: AccountIndexEntry['account'];
  partnerIds: string[];
}

/**
 * Entry ids: a deal is its HubSpot id (what toDealOutputProperties matches on), a registration is
 * `registration:<id>`.
 *
 * Conflicts over the given open co-sell deals (index entries with 2+ partners) and every open
 * registration of a deal that is not itself one of those open deals (a deal and its own
 * registration are one claim). Callers pass every entry sharing an account with the deals they
 * ask about (`store.accountIndex.listSharingAccounts`), not the whole index.
 */
export function detectConflicts(deals: Iterable<AccountIndexEntry>, registrations: RegistrationKeys[]): AccountConflict[] {
  const entries: ConflictEntry[] = [];
  const openDeals = new Set<string>();
  const dealNames = new Map<string, string>();
  for (const e of deals) {
    dealNames.set(e.dealId, e.name);
    if (!takesPartInConflicts(e)) continue;
    openDeals.add(e.dealId);
    // Partner names travel with the entry so the conflict text names partners, not company ids.
    entries.push({ id: e.dealId, kind: 'deal', name: e.name, account: e.account, partnerIds: e.partnerIds, partnerNames: e.partnerNames });
  }
  for (const r of registrations) {
    if (openDeals.has(r.dealId)) continue;
    const dealName = dealNames.get(r.dealId);
    // People read the registration as the deal it registers; the ids are the fallback.
    entries.push({ id: `registration:${r.id}`, kind: 'registration', ...(dealName ? { name: dealName } : {}), account: r.account, partnerIds: r.partnerIds });
  }
  return findAccountConflicts(entries);
}
