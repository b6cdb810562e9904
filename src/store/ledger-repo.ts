import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LedgerAllocationsTable, LedgerEntriesTable } from './database-schema';
import type { DealStatus, LedgerAllocation, LedgerEntry, LedgerRepo, NewLedgerEntry, PartnerCurrencyTotals, PartnerLedgerLine } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, idString, parseMinor, requireText, toDateOnly, toIso } from './store-codec';
import { StoreError } from './store-error';

const DEAL_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];
const CURRENCY = /^[A-Z]{3}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toAllocation(row: Selectable<LedgerAllocationsTable>): LedgerAllocation {
  return { partnerId: row.partner_id, amountMinor: parseMinor(row.amount_minor), currency: row.currency };
}

function toEntry(row: Selectable<LedgerEntriesTable>, allocations: LedgerAllocation[]): LedgerEntry {
  return {
    id: idString(row.id),
    dealId: row.deal_id,
    trigger: row.trigger,
    ruleVersion: row.rule_version,
    inputs: decodeJson(row.inputs),
    plan: decodeJson(row.plan),
    dealStatus: row.deal_status as DealStatus,
    closeDate: row.close_date,
    computedAt: fromDbTime(row.computed_at),
    allocations,
  };
}

function checkAllocations(allocations: unknown): LedgerAllocation[] {
  if (!Array.isArray(allocations)) throw new StoreError('allocations must be an array', { field: 'allocations' });
  return allocations.map((a: LedgerAllocation, i) => {
    const at = `allocations[${i}]`;
    requireText(a.partnerId, `${at}.partnerId`);
    // Money is bigint minor units end to end: a number here would already have lost precision.
    if (typeof a.amountMinor !== 'bigint') throw new StoreError(`${at}.amountMinor must be a bigint (integer minor units)`, { field: `${at}.amountMinor` });
    if (typeof a.currency !== 'string' || !CURRENCY.test(a.currency)) {
      throw new StoreError(`${at}.currency must be an ISO 4217 code like EUR`, { field: `${at}.currency` });
    }
    return a;
  });
}

/** Tries of an append racing other appends to the same deal before giving up (a bug, not load). */
const APPEND_ATTEMPTS = 5;

/** JSON with sorted object keys (bigints tagged as the store encodes them): equal values, equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * What makes two computations the same: rule version, deal status, inputs and result. Hashed from
 * the stored JSON text decoded again, so a value and its round trip through the database agree.
 */
function computationHash(ruleVersion: string, dealStatus: string, inputs: string, plan: string): string {
  return createHash('sha256')
    .update(canonicalJson({ ruleVersion, dealStatus, inputs: JSON.parse(inputs) as unknown, plan: JSON.parse(plan) as unknown }))
    .digest('hex');
}

function hashOfRow(row: Selectable<LedgerEntriesTable>): string {
  return row.entry_hash ?? computationHash(row.rule_version, row.deal_status, row.inputs, row.plan);
}

function emptyTotals(currency: string): PartnerCurrencyTotals {
  return { currency, openMinor: 0n, wonMinor: 0n, lostMinor: 0n, deals: { open: 0, won: 0, lost: 0 } };
}

export function createLedgerRepo(ctx: StoreContext): LedgerRepo {
  const { db } = ctx;

  async function allocationsOf(entryIds: Array<number | string>): Promise<Map<string, LedgerAllocation[]>> {
    const byEntry = new Map<string, LedgerAllocation[]>();
    if (entryIds.length === 0) return byEntry;
    const rows = await db.selectFrom('ledger_allocations').selectAll().where('entry_id', 'in', entryIds).orderBy('id').execute();
    for (const row of rows) {
      const key = idString(row.entry_id);
      const list = byEntry.get(key) ?? [];
      list.push(toAllocation(row));
      byEntry.set(key, list);
    }
    return byEntry;
  }

  function entryValues(e: NewLedgerEntry) {
    const dealId = requireText(e.dealId, 'dealId');
    if (!DEAL_STATUSES.includes(e.dealStatus)) throw new StoreError('dealStatus must be open, won or lost', { field: 'dealStatus' });
    const allocations = checkAllocations(e.allocations);
    const computedAt = e.computedAt === undefined ? nowIso(ctx) : toIso(e.computedAt, 'computedAt');
    const closeDate = e.closeDate === null || e.closeDate === undefined ? null : toDateOnly(e.closeDate, 'closeDate');
    const ruleVersion = requireText(e.ruleVersion, 'ruleVersion');
    const inputs = encodeJson(e.inputs, 'inputs');
    const plan = encodeJson(e.plan, 'plan');
    return {
      deal_id: dealId,
      trigger: requireText(e.trigger, 'trigger'),
      rule_version: ruleVersion,
      inputs,
      plan,
      deal_status: e.dealStatus,
      close_date: closeDate,
      period_date: closeDate ?? computedAt.slice(0, 10),
      computed_at: computedAt,
      entry_hash: computationHash(ruleVersion, e.dealStatus, inputs, plan),
      allocations,
    };
  }

  function latestRow(dealId: string) {
    return db.selectFrom('ledger_entries').selectAll().where('deal_id', '=', dealId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** Inserts after `latest` (or as the first entry); null when another entry already follows it. */
  function insertAfter(values: ReturnType<typeof entryValues>, latest: Selectable<LedgerEntriesTable> | undefined): Promise<LedgerEntry | null> {
    const { allocations, ...columns } = values;
    return atomically(ctx, async (trx) => {
      const row = await trx
        .insertInto('ledger_entries')
        .values({ ...columns, prev_entry_id: latest ? latest.id : 0 })
        .onConflict((oc) => oc.columns(['deal_id', 'prev_entry_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      if (allocations.length > 0) {
        await trx
          .insertInto('ledger_allocations')
          .values(
            allocations.map((a) => ({
              entry_id: row.id,
              deal_id: columns.deal_id,
              partner_id: a.partnerId,
              amount_minor: a.amountMinor.toString(),
              currency: a.currency,
            })),
          )
          .execute();
      }
      return toEntry(row, allocations.map((a) => ({ partnerId: a.partnerId, amountMinor: a.amountMinor, currency: a.currency })));
    });
  }

  return {
    async append(e) {
      const values = entryValues(e);
      for (let attempt = 1; ; attempt += 1) {
        const latest = await latestRow(values.deal_id);
        const row = await insertAfter(values, latest);
        if (row) return row;
        // Someone appended to this deal between our read and our insert: chain after theirs.
        if (attempt >= APPEND_ATTEMPTS) throw new StoreError(`ledger for deal ${values.deal_id} kept changing while appending`, { field: 'dealId' });
      }
    },

    async appendIfChanged(e) {
      const values = entryValues(e);
      for (let attempt = 1; ; attempt += 1) {
        const latest = await latestRow(values.deal_id);
        if (latest && hashOfRow(latest) === values.entry_hash) return null;
        const row = await insertAfter(values, latest);
        if (row) return row;
        // A concurrent append from the same latest entry won (unique deal + predecessor): compare
        // with what it wrote — the same computation is then recorded once, a different one after it.
        if (attempt >= APPEND_ATTEMPTS) throw new StoreError(`ledger for deal ${values.deal_id} kept changing while appending`, { field: 'dealId' });
      }
    },

    async latestForDeal(dealId) {
      const row = await db.selectFrom('ledger_entries').selectAll().where('deal_id', '=', dealId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!row) return null;
      const allocations = await allocationsOf([row.id]);
      return toEntry(row, allocations.get(idString(row.id)) ?? []);
    },

    async listForDeal(dealId) {
      const rows = await db.selectFrom('ledger_entries').selectAll().where('deal_id', '=', dealId).orderBy('id').execute();
      const allocations = await allocationsOf(rows.map((r) => r.id));
      return rows.map((row) => toEntry(row, allocations.get(idString(row.id)) ?? []));
    },

    async partnerTotals(partnerId, from, to) {
      if (!DATE_ONLY.test(from)) throw new StoreError('from must be a date YYYY-MM-DD', { field: 'from' });
      if (!DATE_ONLY.test(to)) throw new StoreError('to must be a date YYYY-MM-DD', { field: 'to' });
      // Only each deal's latest computation counts: earlier entries are history, not money owed.
      const rows = await db
        .selectFrom('ledger_allocations as a')
        .innerJoin('ledger_entries as e', 'e.id', 'a.entry_id')
        .select([
          'e.id as entry_id',
          'e.deal_id',
          'e.deal_status',
          'e.close_date',
          'e.period_date',
          'e.rule_version',
          'e.computed_at',
          'a.amount_minor',
          'a.currency',
        ])
        .where('a.partner_id', '=', partnerId)
        .where('e.period_date', '>=', from)
        .where('e.period_date', '<', to)
        .where('e.id', '=', (eb) => eb.selectFrom('ledger_entries as l').select((s) => s.fn.max('l.id').as('max_id')).whereRef('l.deal_id', '=', 'e.deal_id'))
        .orderBy('e.period_date')
        .orderBy('e.deal_id')
        .orderBy('a.id')
        .execute();

      // Sum in bigint here rather than in SQL: SQLite's SUM is 64-bit and overflows, pg's returns numeric text.
      const lines: PartnerLedgerLine[] = [];
      const lineIndex = new Map<string, PartnerLedgerLine>();
      for (const row of rows) {
        const key = `${idString(row.entry_id)}|${row.currency}`;
        const existing = lineIndex.get(key);
        if (existing) {
          existing.amountMinor += parseMinor(row.amount_minor);
          continue;
        }
        const line: PartnerLedgerLine = {
          entryId: idString(row.entry_id),
          dealId: row.deal_id,
          dealStatus: row.deal_status as DealStatus,
          closeDate: row.close_date,
          ruleVersion: row.rule_version,
          computedAt: fromDbTime(row.computed_at),
          amountMinor: parseMinor(row.amount_minor),
          currency: row.currency,
        };
        lineIndex.set(key, line);
        lines.push(line);
      }
      const totals = new Map<string, PartnerCurrencyTotals>();
      for (const line of lines) {
        const t = totals.get(line.currency) ?? emptyTotals(line.currency);
        if (line.dealStatus === 'won') t.wonMinor += line.amountMinor;
        else if (line.dealStatus === 'lost') t.lostMinor += line.amountMinor;
        else t.openMinor += line.amountMinor;
        t.deals[line.dealStatus] += 1;
        totals.set(line.currency, t);
      }
      const byCurrency = [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
      return { partnerId, from, to, byCurrency, lines };
    },
  };
}
