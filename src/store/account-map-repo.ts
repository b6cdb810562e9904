import type { Selectable } from 'kysely';
import type { AccountMapsTable, AccountMapEntriesTable } from './database-schema';
import type { AccountMapEntry, AccountMapHeader, AccountMapRepo, LatestMapMatch, NewAccountMap } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, idString, parseId, requireText, toIso } from './store-codec';
import { StoreError } from './store-error';

// 9 bound parameters per entry row.
const ENTRIES_PER_INSERT = 400;
// Entries read per query when listing a big map.
const ENTRIES_PER_READ = 5_000;

function toHeader(row: Selectable<AccountMapsTable>): AccountMapHeader {
  return {
    id: idString(row.id),
    partnerId: row.partner_id,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
    hashed: Number(row.hashed) === 1,
    summary: decodeJson(row.summary),
    entryCount: Number(row.entry_count),
    newCount: Number(row.new_count),
  };
}

function numbers(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || !value.every((v): v is number => typeof v === 'number')) throw new Error(`account_map_entries.${field} is not a number array`);
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new Error(`account_map_entries.${field} is not a string array`);
  return value;
}

function toEntry(row: Selectable<AccountMapEntriesTable>): AccountMapEntry {
  if (row.kind !== 'match' && row.kind !== 'whitespace') throw new Error(`account_map_entries.kind holds unknown kind ${row.kind}`);
  return {
    kind: row.kind,
    category: row.category,
    domain: row.domain,
    ours: strings(decodeJson(row.ours), 'ours'),
    theirRows: numbers(decodeJson(row.their_rows), 'their_rows'),
    icp: row.icp === null ? null : Number(row.icp) === 1,
    isNew: Number(row.is_new) === 1,
  };
}

function validate(map: NewAccountMap): void {
  requireText(map.partnerId, 'partnerId');
  requireText(map.createdBy, 'createdBy');
  if (typeof map.hashed !== 'boolean') throw new StoreError('hashed must be a boolean', { field: 'hashed' });
  if (!Array.isArray(map.entries)) throw new StoreError('entries must be an array', { field: 'entries' });
  map.entries.forEach((e, i) => {
    if (e.kind !== 'match' && e.kind !== 'whitespace') throw new StoreError(`entries[${i}].kind must be match or whitespace`, { field: `entries[${i}].kind` });
    requireText(e.category, `entries[${i}].category`);
    requireText(e.domain, `entries[${i}].domain`);
    if (!Array.isArray(e.theirRows) || !e.theirRows.every((r) => Number.isInteger(r) && r > 0)) {
      throw new StoreError(`entries[${i}].theirRows must be positive row numbers`, { field: `entries[${i}].theirRows` });
    }
    if (!Array.isArray(e.ours) || !e.ours.every((id) => typeof id === 'string' && id !== '')) {
      throw new StoreError(`entries[${i}].ours must be non-empty strings`, { field: `entries[${i}].ours` });
    }
  });
}

export function createAccountMapRepo(ctx: StoreContext): AccountMapRepo {
  const { db } = ctx;

  async function header(mapId: string): Promise<AccountMapHeader | null> {
    const id = parseId(mapId);
    if (id === null) return null;
    const row = await db.selectFrom('account_maps').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toHeader(row) : null;
  }

  /** The id of each partner's latest map (subquery). */
  const latestIds = () => db.selectFrom('account_maps').select((eb) => eb.fn.max('id').as('id')).groupBy('partner_id');

  return {
    async save(map) {
      validate(map);
      const createdAt = map.createdAt === undefined ? nowIso(ctx) : toIso(map.createdAt, 'createdAt');
      const newCount = map.entries.filter((e) => e.isNew).length;
      const id = await atomically(ctx, async (tx) => {
        const inserted = await tx
          .insertInto('account_maps')
          .values({
            partner_id: map.partnerId,
            created_by: map.createdBy,
            created_at: createdAt,
            hashed: map.hashed ? 1 : 0,
            summary: encodeJson(map.summary, 'summary'),
            entry_count: map.entries.length,
            new_count: newCount,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const mapId = inserted.id;
        for (let i = 0; i < map.entries.length; i += ENTRIES_PER_INSERT) {
          const part = map.entries.slice(i, i + ENTRIES_PER_INSERT);
          await tx
            .insertInto('account_map_entries')
            .values(
              part.map((e, j) => ({
                map_id: mapId,
                position: i + j,
                kind: e.kind,
                category: e.category,
                domain: e.domain,
                ours: encodeJson(e.ours, `entries[${i + j}].ours`),
                their_rows: encodeJson(e.theirRows, `entries[${i + j}].theirRows`),
                icp: e.icp === null ? null : e.icp ? 1 : 0,
                is_new: e.isNew ? 1 : 0,
              })),
            )
            .execute();
        }
        return idString(mapId);
      });
      return (await header(id))!;
    },

    get: header,

    async latest(partnerId) {
      const row = await db.selectFrom('account_maps').selectAll().where('partner_id', '=', partnerId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toHeader(row) : null;
    },

    async listForPartner(partnerId) {
      const rows = await db.selectFrom('account_maps').selectAll().where('partner_id', '=', partnerId).orderBy('id', 'desc').execute();
      return rows.map(toHeader);
    },

    async entries(mapId) {
      const id = parseId(mapId);
      if (id === null) return [];
      const out: AccountMapEntry[] = [];
      for (let from = 0; ; from += ENTRIES_PER_READ) {
        const rows = await db
          .selectFrom('account_map_entries')
          .selectAll()
          .where('map_id', '=', id)
          .where('position', '>=', from)
          .where('position', '<', from + ENTRIES_PER_READ)
          .orderBy('position')
          .execute();
        out.push(...rows.map(toEntry));
        if (rows.length < ENTRIES_PER_READ) return out;
      }
    },

    async latestPerPartner() {
      const rows = await db.selectFrom('account_maps').selectAll().where('id', 'in', latestIds()).orderBy('partner_id').execute();
      return rows.map(toHeader);
    },

    async latestMatches(opts = {}) {
      const rows = await db
        .selectFrom('account_map_entries as e')
        .innerJoin('account_maps as m', 'm.id', 'e.map_id')
        .select(['m.partner_id', 'm.id', 'm.created_at', 'e.category', 'e.domain', 'e.ours'])
        .where('e.kind', '=', 'match')
        .where('m.id', 'in', latestIds())
        .orderBy('m.partner_id')
        .orderBy('e.position')
        .execute();
      const wanted = opts.companyIds ? new Set(opts.companyIds) : null;
      const out: LatestMapMatch[] = [];
      for (const r of rows) {
        const ours = strings(decodeJson(r.ours), 'ours');
        if (wanted && !ours.some((id) => wanted.has(id))) continue;
        out.push({ partnerId: r.partner_id, mapId: idString(r.id), createdAt: fromDbTime(r.created_at), category: r.category, domain: r.domain, ours });
      }
      return out;
    },

    async claimReminder(partnerId, mapId) {
      requireText(partnerId, 'partnerId');
      requireText(mapId, 'mapId');
      const row = await db
        .insertInto('account_map_reminders')
        .values({ partner_id: partnerId, map_id: mapId, task_id: null, created_at: nowIso(ctx) })
        .onConflict((oc) => oc.columns(['partner_id', 'map_id']).doNothing())
        .returning('partner_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async setReminderTask(partnerId, mapId, taskId) {
      requireText(taskId, 'taskId');
      await db.updateTable('account_map_reminders').set({ task_id: taskId }).where('partner_id', '=', partnerId).where('map_id', '=', mapId).execute();
    },

    async releaseReminder(partnerId, mapId) {
      await db.deleteFrom('account_map_reminders').where('partner_id', '=', partnerId).where('map_id', '=', mapId).where('task_id', 'is', null).execute();
    },

    async putUploadPart(uploadId, part) {
      requireText(uploadId, 'uploadId');
      if (!Number.isInteger(part.parts) || part.parts < 1) throw new StoreError('parts must be a positive integer', { field: 'parts' });
      if (!Number.isInteger(part.part) || part.part < 0 || part.part >= part.parts) throw new StoreError(`part must be from 0 to ${part.parts - 1}`, { field: 'part' });
      if (!Number.isInteger(part.firstRow) || part.firstRow < 2) throw new StoreError('firstRow must be 2 or more (the header is row 1)', { field: 'firstRow' });
      const values = {
        upload_id: uploadId,
        part: part.part,
        parts: part.parts,
        first_row: part.firstRow,
        header: encodeJson(part.header, 'header'),
        rows: encodeJson(part.rows, 'rows'),
        created_at: nowIso(ctx),
      };
      await db
        .insertInto('account_map_uploads')
        .values(values)
        .onConflict((oc) => oc.columns(['upload_id', 'part']).doUpdateSet({ parts: values.parts, first_row: values.first_row, header: values.header, rows: values.rows }))
        .execute();
      const row = await db.selectFrom('account_map_uploads').select((eb) => eb.fn.countAll<number | string>().as('n')).where('upload_id', '=', uploadId).executeTakeFirstOrThrow();
      return { received: Number(row.n), parts: part.parts };
    },

    async uploadParts(uploadId) {
      const rows = await db.selectFrom('account_map_uploads').selectAll().where('upload_id', '=', uploadId).orderBy('part').execute();
      return rows.map((r) => {
        const cells = decodeJson(r.rows);
        if (!Array.isArray(cells)) throw new Error('account_map_uploads.rows is not an array');
        return {
          part: Number(r.part),
          parts: Number(r.parts),
          firstRow: Number(r.first_row),
          header: strings(decodeJson(r.header), 'header'),
          rows: cells.map((row, i) => strings(row, `rows[${i}]`)),
        };
      });
    },

    async deleteUpload(uploadId) {
      await db.deleteFrom('account_map_uploads').where('upload_id', '=', uploadId).execute();
    },

    async pruneUploads(before) {
      const result = await db.deleteFrom('account_map_uploads').where('created_at', '<', toIso(before, 'before')).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async getReminder(partnerId, mapId) {
      const row = await db.selectFrom('account_map_reminders').select(['task_id', 'created_at']).where('partner_id', '=', partnerId).where('map_id', '=', mapId).executeTakeFirst();
      return row ? { taskId: row.task_id, createdAt: fromDbTime(row.created_at) } : null;
    },
  };
}
