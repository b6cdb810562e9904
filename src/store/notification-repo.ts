import type { Selectable } from 'kysely';
import type { NotificationsSentTable, WebhookDeliveriesTable } from './database-schema';
import type { NotificationRepo, SentNotification, WebhookDelivery, WebhookDeliveryStatus } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, fromDbTimeOrNull, idString, isUniqueViolation, parseId, requireText, toIso } from './store-codec';
import { NotFoundError, StoreError } from './store-error';

const CHANNELS = ['task', 'note'] as const;
const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];

function toSent(row: Selectable<NotificationsSentTable>): SentNotification {
  const dealIds = decodeJson(row.deal_ids);
  return {
    key: row.key,
    topic: row.topic,
    channel: row.channel as SentNotification['channel'],
    hubspotId: row.hubspot_id,
    recipient: row.recipient,
    dealIds: Array.isArray(dealIds) ? dealIds.map(String) : [],
    subject: row.subject,
    status: row.status as SentNotification['status'],
    createdAt: fromDbTime(row.created_at),
    completedAt: fromDbTimeOrNull(row.completed_at),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: idString(row.id),
    eventKey: row.event_key,
    eventType: row.event_type,
    partnerId: row.partner_id,
    url: row.url,
    body: row.body,
    status: row.status as WebhookDeliveryStatus,
    attempts: Number(row.attempts),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    nextAttemptAt: fromDbTimeOrNull(row.next_attempt_at),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    deliveredAt: fromDbTimeOrNull(row.delivered_at),
  };
}

export function createNotificationRepo(ctx: StoreContext): NotificationRepo {
  const { db } = ctx;
  return {
    async getSent(key) {
      const row = await db.selectFrom('notifications_sent').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toSent(row) : null;
    },

    async claim(n, opts) {
      if (!(CHANNELS as readonly string[]).includes(n.channel)) throw new StoreError(`channel must be one of ${CHANNELS.join(', ')}`, { field: 'channel' });
      if (!Array.isArray(n.dealIds)) throw new StoreError('dealIds must be an array', { field: 'dealIds' });
      const at = nowIso(ctx);
      const inserted = await db
        .insertInto('notifications_sent')
        .values({
          key: requireText(n.key, 'key'),
          topic: requireText(n.topic, 'topic'),
          channel: n.channel,
          hubspot_id: '',
          recipient: requireText(n.recipient, 'recipient'),
          deal_ids: encodeJson(n.dealIds.map(String), 'dealIds'),
          subject: typeof n.subject === 'string' ? n.subject : '',
          status: 'sending',
          created_at: at,
          completed_at: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return true;
      // A claim still `sending` after staleAfterMs belongs to a sender that died: take it over.
      const staleBefore = new Date(ctx.now().getTime() - opts.staleAfterMs).toISOString();
      const taken = await db
        .updateTable('notifications_sent')
        .set({ created_at: at })
        .where('key', '=', n.key)
        .where('status', '=', 'sending')
        .where('created_at', '<', staleBefore)
        .executeTakeFirst();
      return taken.numUpdatedRows > 0n;
    },

    async markSent(key, hubspotId) {
      const result = await db
        .updateTable('notifications_sent')
        .set({ status: 'sent', hubspot_id: requireText(hubspotId, 'hubspotId') })
        .where('key', '=', key)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError(`key ${key}: no notification being sent under this key`, { field: 'key' });
    },

    async release(key) {
      await db.deleteFrom('notifications_sent').where('key', '=', key).where('status', '=', 'sending').execute();
    },

    async markCompleted(key) {
      const result = await db
        .updateTable('notifications_sent')
        .set({ status: 'completed', completed_at: nowIso(ctx) })
        .where('key', '=', key)
        .where('status', '=', 'sent')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async listOpen(topic) {
      const rows = await db.selectFrom('notifications_sent').selectAll().where('topic', '=', topic).where('status', '=', 'sent').orderBy('created_at').orderBy('key').execute();
      return rows.map(toSent);
    },

    async createDelivery(d) {
      const existing = async () =>
        db.selectFrom('webhook_deliveries').selectAll().where('event_key', '=', d.eventKey).where('partner_id', '=', d.partnerId).executeTakeFirst();
      const found = await existing();
      if (found) return { delivery: toDelivery(found), created: false };
      const at = nowIso(ctx);
      try {
        const row = await db
          .insertInto('webhook_deliveries')
          .values({
            event_key: requireText(d.eventKey, 'eventKey'),
            event_type: requireText(d.eventType, 'eventType'),
            partner_id: requireText(d.partnerId, 'partnerId'),
            url: requireText(d.url, 'url'),
            body: requireText(d.body, 'body'),
            status: 'pending',
            attempts: 0,
            last_status: null,
            last_error: null,
            next_attempt_at: at,
            created_at: at,
            updated_at: at,
            delivered_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { delivery: toDelivery(row), created: true };
      } catch (error) {
        // Another writer created it between our read and insert: theirs is the one.
        if (!isUniqueViolation(error)) throw error;
        const row = await existing();
        if (!row) throw error;
        return { delivery: toDelivery(row), created: false };
      }
    },

    async getDelivery(id) {
      const key = parseId(id);
      if (key === null) return null;
      const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', key).executeTakeFirst();
      return row ? toDelivery(row) : null;
    },

    async recordAttempt(id, r) {
      if (!DELIVERY_STATUSES.includes(r.status)) throw new StoreError(`status must be one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' });
      const key = parseId(id);
      const at = nowIso(ctx);
      const row =
        key === null
          ? undefined
          : await db
              .updateTable('webhook_deliveries')
              .set((eb) => ({
                attempts: eb('attempts', '+', 1),
                status: r.status,
                last_status: r.httpStatus,
                last_error: r.error === null ? null : r.error.slice(0, 2000),
                next_attempt_at: r.nextAttemptAt === null ? null : toIso(r.nextAttemptAt, 'nextAttemptAt'),
                updated_at: at,
                ...(r.status === 'delivered' ? { delivered_at: at } : {}),
              }))
              .where('id', '=', key)
              .returningAll()
              .executeTakeFirst();
      if (!row) throw new NotFoundError(`deliveryId ${id}: no such webhook delivery`, { field: 'deliveryId' });
      return toDelivery(row);
    },

    async listDeliveries(filter = {}) {
      let q = db.selectFrom('webhook_deliveries').selectAll();
      if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
      const rows = await q
        .orderBy('id', 'desc')
        .limit(Math.max(1, Math.min(filter.limit ?? 100, 1000)))
        .execute();
      return rows.map(toDelivery);
    },
  };
}
