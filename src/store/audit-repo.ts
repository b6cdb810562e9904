import type { AuditRepo } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJsonOrNull, encodeJsonOrNull, fromDbTime, idString, requireText, toIso } from './store-codec';
import { StoreError } from './store-error';

export function createAuditRepo(ctx: StoreContext): AuditRepo {
  const { db } = ctx;
  return {
    async record(e) {
      await db
        .insertInto('audit_log')
        .values({
          actor: requireText(e.actor, 'actor'),
          action: requireText(e.action, 'action'),
          entity_type: requireText(e.entityType, 'entityType'),
          entity_id: requireText(e.entityId, 'entityId'),
          before_json: encodeJsonOrNull(e.before, 'before'),
          after_json: encodeJsonOrNull(e.after, 'after'),
          request_id: e.requestId ?? null,
          at: nowIso(ctx),
        })
        .execute();
    },

    async list(filter = {}) {
      const limit = filter.limit ?? 100;
      if (!Number.isInteger(limit) || limit <= 0) throw new StoreError('limit must be a positive integer', { field: 'limit' });
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.entityType !== undefined) query = query.where('entity_type', '=', filter.entityType);
      if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
      if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
      if (filter.since !== undefined) query = query.where('at', '>=', toIso(filter.since, 'since'));
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: idString(row.id),
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: decodeJsonOrNull(row.before_json),
        after: decodeJsonOrNull(row.after_json),
        requestId: row.request_id,
        at: fromDbTime(row.at),
      }));
    },
  };
}
