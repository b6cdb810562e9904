import type { Selectable } from 'kysely';
import type { TouchpointsTable } from './database-schema';
import { TOUCHPOINT_KINDS } from './store-constants';
import type { Touchpoint, TouchpointKind, TouchpointRepo } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { fromDbTime, idString, parseId, requireText, toIso } from './store-codec';
import { NotFoundError, StoreError } from './store-error';

function isKind(value: string): value is TouchpointKind {
  return (TOUCHPOINT_KINDS as readonly string[]).includes(value);
}

function toTouchpoint(row: Selectable<TouchpointsTable>): Touchpoint {
  if (!isKind(row.kind)) throw new Error(`touchpoints.kind holds unknown kind ${row.kind}`);
  return {
    id: idString(row.id),
    dealId: row.deal_id,
    partnerId: row.partner_id,
    kind: row.kind,
    occurredAt: fromDbTime(row.occurred_at),
    summary: row.summary,
    loggedBy: row.logged_by,
    noteId: row.note_id,
    createdAt: fromDbTime(row.created_at),
  };
}

export function createTouchpointRepo(ctx: StoreContext): TouchpointRepo {
  const { db } = ctx;
  return {
    async add(t) {
      if (!isKind(t.kind)) throw new StoreError(`kind must be one of ${TOUCHPOINT_KINDS.join(', ')}`, { field: 'kind' });
      if (typeof t.summary !== 'string') throw new StoreError('summary must be a string', { field: 'summary' });
      const row = await db
        .insertInto('touchpoints')
        .values({
          deal_id: requireText(t.dealId, 'dealId'),
          partner_id: requireText(t.partnerId, 'partnerId'),
          kind: t.kind,
          occurred_at: toIso(t.occurredAt, 'occurredAt'),
          summary: t.summary,
          logged_by: requireText(t.loggedBy, 'loggedBy'),
          note_id: t.noteId ?? null,
          created_at: nowIso(ctx),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTouchpoint(row);
    },

    async setNoteId(id, noteId) {
      const key = parseId(id);
      const result =
        key === null
          ? null
          : await db.updateTable('touchpoints').set({ note_id: requireText(noteId, 'noteId') }).where('id', '=', key).executeTakeFirst();
      if (!result || result.numUpdatedRows === 0n) throw new NotFoundError(`touchpointId ${id}: no such touchpoint`, { field: 'touchpointId' });
    },

    async get(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('touchpoints').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toTouchpoint(row) : null;
    },

    async listByDeal(dealId) {
      const rows = await db.selectFrom('touchpoints').selectAll().where('deal_id', '=', dealId).orderBy('occurred_at').orderBy('id').execute();
      return rows.map(toTouchpoint);
    },

    async listByPartner(partnerId) {
      const rows = await db
        .selectFrom('touchpoints')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      return rows.map(toTouchpoint);
    },
  };
}
