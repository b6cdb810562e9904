import type { IdempotencyRepo } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, requireText, toIso } from './store-codec';

/**
 * Idempotency keys of card creates. The claim is an insert on the (scope, key) primary key that
 * does nothing on a conflict, so of two requests with one key exactly one goes ahead, on either
 * dialect and without aborting a surrounding transaction.
 */
export function createIdempotencyRepo(ctx: StoreContext): IdempotencyRepo {
  const { db } = ctx;
  return {
    async claim(scope, key, request, opts) {
      requireText(scope, 'scope');
      requireText(key, 'idempotencyKey');
      const requestJson = encodeJson(request, 'request');
      const expiresAt = toIso(opts.expiresAt, 'expiresAt');
      const now = nowIso(ctx);
      const staleBefore = new Date(ctx.now().getTime() - opts.staleAfterMs).toISOString();
      // Expired keys, and claims abandoned by a request that crashed, no longer hold the key.
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('status', 'is', null), eb('created_at', '<', staleBefore)])]))
        .execute();
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({ scope, key, request: requestJson, status: null, response: null, created_at: now, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { state: 'new' };
      const existing = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      // Gone between the two statements (released by its failed request): the caller may try again.
      if (!existing) return { state: 'in_progress', request };
      const stored = decodeJson(existing.request);
      if (existing.status === null || existing.response === null) return { state: 'in_progress', request: stored };
      return { state: 'answered', request: stored, status: Number(existing.status), response: decodeJson(existing.response) };
    },

    async answer(scope, key, status, response) {
      await db.updateTable('idempotency_keys').set({ status, response: encodeJson(response, 'response') }).where('scope', '=', scope).where('key', '=', key).execute();
    },

    async release(scope, key) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status', 'is', null).execute();
    },

    async pruneExpired(before) {
      const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', toIso(before, 'before')).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
