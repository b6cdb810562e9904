import type { Selectable } from 'kysely';
import type { PublishedRuleSetsTable, RuleSetDraftsTable } from './database-schema';
import type { PublishedRuleSet, RuleSetDraft, RuleSetRepo } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, idString, isUniqueViolation, parseId, requireText } from './store-codec';
import { ConflictError, NotFoundError, StoreError } from './store-error';

function toDraft(row: Selectable<RuleSetDraftsTable>): RuleSetDraft {
  return {
    id: idString(row.id),
    ruleSet: decodeJson(row.rule_set),
    basedOnVersion: row.based_on_version,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
  };
}

function toPublished(row: Selectable<PublishedRuleSetsTable>): PublishedRuleSet {
  return {
    version: row.version,
    ruleSet: decodeJson(row.rule_set),
    effectiveFrom: row.effective_from,
    basedOnVersion: row.based_on_version,
    draftId: row.draft_id,
    draftCreatedBy: row.draft_created_by,
    publishedBy: row.published_by,
    publishedAt: fromDbTime(row.published_at),
  };
}

function field(ruleSet: unknown, name: string): unknown {
  return ruleSet !== null && typeof ruleSet === 'object' ? (ruleSet as Record<string, unknown>)[name] : undefined;
}

/** The version to publish under: the explicit one, else the rule set's own `version`. */
function versionOf(ruleSet: unknown, explicit: string | undefined): string {
  if (explicit !== undefined) return requireText(explicit, 'version');
  const v = field(ruleSet, 'version');
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim().length > 0) return v.trim();
  throw new StoreError('ruleSet.version is missing: a rule set is published under its version', { field: 'ruleSet.version' });
}

function effectiveFromOf(ruleSet: unknown): string | null {
  const v = field(ruleSet, 'effectiveFrom') ?? field(ruleSet, 'effectiveDate');
  return typeof v === 'string' ? v : null;
}

export function createRuleSetRepo(ctx: StoreContext): RuleSetRepo {
  const { db } = ctx;

  async function findDraft(id: string) {
    const key = parseId(id);
    if (key === null) return undefined;
    return db.selectFrom('rule_set_drafts').selectAll().where('id', '=', key).executeTakeFirst();
  }

  return {
    async createDraft(input) {
      const at = nowIso(ctx);
      const row = await db
        .insertInto('rule_set_drafts')
        .values({
          rule_set: encodeJson(input.ruleSet, 'ruleSet'),
          based_on_version: input.basedOnVersion ?? null,
          created_by: requireText(input.createdBy, 'createdBy'),
          created_at: at,
          updated_by: input.createdBy,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDraft(row);
    },

    async updateDraft(id, ruleSet, by) {
      const key = parseId(id);
      const row =
        key === null
          ? undefined
          : await db
              .updateTable('rule_set_drafts')
              .set({ rule_set: encodeJson(ruleSet, 'ruleSet'), updated_by: requireText(by, 'by'), updated_at: nowIso(ctx) })
              .where('id', '=', key)
              .returningAll()
              .executeTakeFirst();
      if (!row) throw new NotFoundError(`draftId ${id}: no such draft (published drafts are consumed)`, { field: 'draftId' });
      return toDraft(row);
    },

    async getDraft(id) {
      const row = await findDraft(id);
      return row ? toDraft(row) : null;
    },

    async listDrafts() {
      const rows = await db.selectFrom('rule_set_drafts').selectAll().orderBy('id').execute();
      return rows.map(toDraft);
    },

    async deleteDraft(id) {
      const key = parseId(id);
      if (key === null) return false;
      const result = await db.deleteFrom('rule_set_drafts').where('id', '=', key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async publish(draftId, by, opts = {}) {
      requireText(by, 'by');
      try {
        return await atomically(ctx, async (trx) => {
          const key = parseId(draftId);
          const draft =
            key === null ? undefined : await trx.selectFrom('rule_set_drafts').selectAll().where('id', '=', key).executeTakeFirst();
          if (!draft) throw new NotFoundError(`draftId ${draftId}: no such draft (already published?)`, { field: 'draftId' });
          const ruleSet = decodeJson(draft.rule_set);
          const version = versionOf(ruleSet, opts.version);
          const existing = await trx.selectFrom('published_rule_sets').select('id').where('version', '=', version).executeTakeFirst();
          if (existing) throw new ConflictError(`version ${version} is already published; choose a new version`, { field: 'version' });
          const row = await trx
            .insertInto('published_rule_sets')
            .values({
              version,
              rule_set: draft.rule_set,
              effective_from: effectiveFromOf(ruleSet),
              based_on_version: draft.based_on_version,
              draft_id: idString(draft.id),
              draft_created_by: draft.created_by,
              published_by: by,
              published_at: nowIso(ctx),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx.deleteFrom('rule_set_drafts').where('id', '=', draft.id).execute();
          return toPublished(row);
        });
      } catch (error) {
        // Two publishers racing on one version: the unique index decides, the loser gets a conflict.
        if (isUniqueViolation(error)) throw new ConflictError('version is already published; choose a new version', { field: 'version', cause: error });
        throw error;
      }
    },

    async listPublished() {
      const rows = await db.selectFrom('published_rule_sets').selectAll().orderBy('id').execute();
      return rows.map(toPublished);
    },

    async getPublished(version) {
      const row = await db.selectFrom('published_rule_sets').selectAll().where('version', '=', version).executeTakeFirst();
      return row ? toPublished(row) : null;
    },
  };
}
