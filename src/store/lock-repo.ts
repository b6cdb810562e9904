import type { LockRepo, LockTenure } from './store';
import type { StoreContext } from './store-context';
import { fromDbTime, requireText } from './store-codec';
import { StoreError } from './store-error';

// Keeps one multi-row upsert well under SQLite's bound-parameter limit (4 values a row).
const CHUNK = 200;

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new StoreError('ttlMs must be a positive integer', { field: 'ttlMs' });
}

export function createLockRepo(ctx: StoreContext): LockRepo {
  const { db } = ctx;

  // One upsert decides per name: insert when free; take over when expired; renew when we already
  // hold it. Otherwise the WHERE on DO UPDATE fails and that row is not returned — someone else holds it.
  async function acquire(names: string[], holder: string, ttlMs: number): Promise<string[]> {
    const now = ctx.now();
    const at = now.toISOString();
    const expires = new Date(now.getTime() + ttlMs).toISOString();
    const got: string[] = [];
    for (let start = 0; start < names.length; start += CHUNK) {
      const rows = await db
        .insertInto('locks')
        .values(names.slice(start, start + CHUNK).map((name) => ({ name, holder, acquired_at: at, expires_at: expires })))
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              expires_at: eb.ref('excluded.expires_at'),
              // A renewal keeps the original acquisition time; a takeover starts a new one.
              acquired_at: eb.case().when('locks.holder', '=', holder).then(eb.ref('locks.acquired_at')).else(eb.ref('excluded.acquired_at')).end(),
            }))
            .where((eb) => eb.or([eb('locks.holder', '=', holder), eb('locks.expires_at', '<=', at)])),
        )
        .returning(['name', 'holder'])
        .execute();
      for (const row of rows) if (row.holder === holder) got.push(row.name);
    }
    return got;
  }

  return {
    async tryAcquire(name, holder, ttlMs) {
      requireText(name, 'name');
      requireText(holder, 'holder');
      checkTtl(ttlMs);
      return (await acquire([name], holder, ttlMs)).length === 1;
    },

    async tryAcquireMany(names, holder, ttlMs) {
      requireText(holder, 'holder');
      checkTtl(ttlMs);
      for (const [i, name] of names.entries()) requireText(name, `names[${i}]`);
      // Sorted and unique: two holders upserting overlapping sets lock the rows in one order (no
      // deadlock on Postgres), and a name twice in one statement would be an error there.
      const wanted = [...new Set(names)].sort();
      if (wanted.length === 0) return { acquired: [], heldByOthers: [] };
      const acquired = await acquire(wanted, holder, ttlMs);
      const mine = new Set(acquired);
      const others = wanted.filter((n) => !mine.has(n));
      const heldByOthers: LockTenure[] = [];
      for (let start = 0; start < others.length; start += CHUNK * 4) {
        const rows = await db.selectFrom('locks').selectAll().where('name', 'in', others.slice(start, start + CHUNK * 4)).execute();
        for (const row of rows) heldByOthers.push({ name: row.name, holder: row.holder, acquiredAt: fromDbTime(row.acquired_at), expiresAt: fromDbTime(row.expires_at) });
      }
      return { acquired, heldByOthers };
    },

    async extend(names, holder, ttlMs) {
      requireText(holder, 'holder');
      checkTtl(ttlMs);
      if (names.length === 0) return [];
      const now = ctx.now();
      const held: string[] = [];
      for (let start = 0; start < names.length; start += CHUNK * 4) {
        // Only a lock still ours and not expired is extended: one that lapsed may already be someone else's.
        const rows = await db
          .updateTable('locks')
          .set({ expires_at: new Date(now.getTime() + ttlMs).toISOString() })
          .where('name', 'in', names.slice(start, start + CHUNK * 4))
          .where('holder', '=', holder)
          .where('expires_at', '>', now.toISOString())
          .returning('name')
          .execute();
        held.push(...rows.map((r) => r.name));
      }
      return held;
    },

    async release(name, holder) {
      await db.deleteFrom('locks').where('name', '=', name).where('holder', '=', holder).execute();
    },

    async releaseMany(names, holder) {
      for (let start = 0; start < names.length; start += CHUNK * 4) {
        await db.deleteFrom('locks').where('name', 'in', names.slice(start, start + CHUNK * 4)).where('holder', '=', holder).execute();
      }
    },

    async countLive(prefix) {
      requireText(prefix, 'prefix');
      const row = await db
        .selectFrom('locks')
        .select((eb) => eb.fn.countAll().as('n'))
        // Prefixes are ours ('instance:'), never user input, so LIKE metacharacters cannot appear.
        .where('name', 'like', `${prefix}%`)
        .where('expires_at', '>', ctx.now().toISOString())
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
