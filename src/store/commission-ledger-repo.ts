// The commission ledger (docs/decisions/0014-commission-ledger.md): money lines appended and never
// edited; a line's status comes from its approval row and its payout-run row.
import type { Kysely } from 'kysely';
import type { Database } from './database-schema';
import type { CommissionLedgerRepo, CommissionLine, CommissionLineFilter, CommissionLineStatus, NewCommissionLine, PayoutCarry, PayoutRun } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { chunks, decodeJson, fromDbTime, fromDbTimeOrNull, idString, isUniqueViolation, parseId, parseMinor, requireText, toIso, IDS_PER_QUERY } from './store-codec';
import { ConflictError, NotFoundError, StoreError } from './store-error';

const CURRENCY = /^[A-Z]{3}$/;
const PERIOD = /^\d{4}-(Q[1-4]|(0[1-9]|1[0-2]))$/;
const LINES_PER_INSERT = 200;

interface LineRow {
  id: number | string;
  line_key: string;
  deal_id: string;
  partner_id: string;
  kind: string;
  amount_minor: string;
  currency: string;
  home_amount_minor: string | null;
  home_currency: string | null;
  rule_version: string | null;
  source_entry_id: number | string | null;
  created_at: string | Date;
  approved_at: string | Date | null;
  approved_by: string | null;
  run_id: number | string | null;
  paid_at: string | Date | null;
}

function toLine(row: LineRow): CommissionLine {
  const paidAt = fromDbTimeOrNull(row.paid_at);
  const status: CommissionLineStatus = paidAt ? 'paid' : row.approved_at !== null ? 'approved' : 'open';
  return {
    id: idString(row.id),
    key: row.line_key,
    dealId: row.deal_id,
    partnerId: row.partner_id,
    kind: row.kind,
    amountMinor: parseMinor(row.amount_minor),
    currency: row.currency,
    homeAmountMinor: row.home_amount_minor === null ? null : parseMinor(row.home_amount_minor),
    homeCurrency: row.home_currency,
    ruleVersion: row.rule_version,
    sourceEntryId: row.source_entry_id === null ? null : idString(row.source_entry_id),
    createdAt: fromDbTime(row.created_at),
    status,
    approvedAt: fromDbTimeOrNull(row.approved_at),
    approvedBy: row.approved_by,
    runId: row.run_id === null ? null : idString(row.run_id),
    paidAt,
  };
}

function checkLine(line: NewCommissionLine, i: number, createdAt: string) {
  const at = `lines[${i}]`;
  requireText(line.key, `${at}.key`);
  requireText(line.dealId, `${at}.dealId`);
  requireText(line.partnerId, `${at}.partnerId`);
  requireText(line.kind, `${at}.kind`);
  if (typeof line.amountMinor !== 'bigint') throw new StoreError(`${at}.amountMinor must be a bigint (integer minor units)`, { field: `${at}.amountMinor` });
  if (typeof line.currency !== 'string' || !CURRENCY.test(line.currency)) throw new StoreError(`${at}.currency must be an ISO 4217 code like EUR`, { field: `${at}.currency` });
  if ((line.homeAmountMinor === null) !== (line.homeCurrency === null)) {
    throw new StoreError(`${at}.homeAmountMinor and homeCurrency are given together or not at all`, { field: `${at}.homeAmountMinor` });
  }
  if (line.homeAmountMinor !== null && typeof line.homeAmountMinor !== 'bigint') throw new StoreError(`${at}.homeAmountMinor must be a bigint`, { field: `${at}.homeAmountMinor` });
  if (line.homeCurrency !== null && !CURRENCY.test(line.homeCurrency)) throw new StoreError(`${at}.homeCurrency must be an ISO 4217 code like EUR`, { field: `${at}.homeCurrency` });
  if (line.sourceEntryId !== null && parseId(line.sourceEntryId) === null) throw new StoreError(`${at}.sourceEntryId is not an entry id`, { field: `${at}.sourceEntryId` });
  return {
    line_key: line.key,
    deal_id: line.dealId,
    partner_id: line.partnerId,
    kind: line.kind,
    amount_minor: line.amountMinor.toString(),
    currency: line.currency,
    home_amount_minor: line.homeAmountMinor === null ? null : line.homeAmountMinor.toString(),
    home_currency: line.homeCurrency,
    rule_version: line.ruleVersion,
    source_entry_id: line.sourceEntryId === null ? null : parseId(line.sourceEntryId)!,
    created_at: line.createdAt === undefined ? createdAt : toIso(line.createdAt, `${at}.createdAt`),
  };
}

function validIds(ids: string[]): number[] {
  return ids.map(parseId).filter((id): id is number => id !== null);
}

export function createCommissionLedgerRepo(ctx: StoreContext): CommissionLedgerRepo {
  const { db } = ctx;

  function selectLines(q: Kysely<Database>) {
    return q
      .selectFrom('commission_lines as l')
      .leftJoin('commission_approvals as a', 'a.line_id', 'l.id')
      .leftJoin('payout_run_lines as m', 'm.line_id', 'l.id')
      .leftJoin('payout_runs as r', 'r.id', 'm.run_id')
      .select([
        'l.id',
        'l.line_key',
        'l.deal_id',
        'l.partner_id',
        'l.kind',
        'l.amount_minor',
        'l.currency',
        'l.home_amount_minor',
        'l.home_currency',
        'l.rule_version',
        'l.source_entry_id',
        'l.created_at',
        'a.approved_at',
        'a.approved_by',
        'm.run_id',
        'r.paid_at',
      ]);
  }

  async function list(filter: CommissionLineFilter = {}, q: Kysely<Database> = db): Promise<CommissionLine[]> {
    let query = selectLines(q);
    if (filter.dealId !== undefined) query = query.where('l.deal_id', '=', filter.dealId);
    if (filter.partnerId !== undefined) query = query.where('l.partner_id', '=', filter.partnerId);
    if (filter.afterId !== undefined) {
      const after = parseId(filter.afterId);
      if (after === null) throw new StoreError('afterId is not a line id', { field: 'afterId' });
      query = query.where('l.id', '>', after);
    }
    if (filter.createdBefore !== undefined) query = query.where('l.created_at', '<', toIso(filter.createdBefore, 'createdBefore'));
    if (filter.runId !== undefined) {
      const runId = parseId(filter.runId);
      if (runId === null) return [];
      query = query.where('m.run_id', '=', runId);
    }
    if (filter.payable) query = query.where('a.line_id', 'is not', null).where('m.line_id', 'is', null);
    if (filter.status === 'open') query = query.where('a.line_id', 'is', null);
    else if (filter.status === 'approved') query = query.where('a.line_id', 'is not', null).where('r.paid_at', 'is', null);
    else if (filter.status === 'paid') query = query.where('r.paid_at', 'is not', null);
    query = query.orderBy('l.id');
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const rows = await query.execute();
    return rows.map((r) => toLine(r as LineRow));
  }

  async function getMany(ids: string[], q: Kysely<Database> = db): Promise<CommissionLine[]> {
    const out: CommissionLine[] = [];
    for (const part of chunks(validIds(ids), IDS_PER_QUERY)) {
      const rows = await selectLines(q).where('l.id', 'in', part).orderBy('l.id').execute();
      out.push(...rows.map((r) => toLine(r as LineRow)));
    }
    return out.sort((a, b) => Number(a.id) - Number(b.id));
  }

  async function readRun(q: Kysely<Database>, id: string): Promise<PayoutRun | null> {
    const runId = parseId(id);
    if (runId === null) return null;
    const row = await q.selectFrom('payout_runs').selectAll().where('id', '=', runId).executeTakeFirst();
    if (!row) return null;
    const members = await q.selectFrom('payout_run_lines').select('line_id').where('run_id', '=', runId).orderBy('line_id').execute();
    const carries = await q.selectFrom('payout_run_carries').selectAll().where('run_id', '=', runId).orderBy('partner_id').orderBy('currency').execute();
    return {
      id: idString(row.id),
      period: row.period,
      createdAt: fromDbTime(row.created_at),
      createdBy: row.created_by,
      paidAt: fromDbTimeOrNull(row.paid_at),
      paidBy: row.paid_by,
      lineIds: members.map((m) => idString(m.line_id)),
      carries: carries.map((c) => ({ partnerId: c.partner_id, currency: c.currency, amountMinor: parseMinor(c.amount_minor), lineIds: decodeJson(c.line_ids) as string[] })),
    };
  }

  return {
    async append(lines) {
      if (!Array.isArray(lines)) throw new StoreError('lines must be an array', { field: 'lines' });
      if (lines.length === 0) return [];
      const createdAt = nowIso(ctx);
      // In key order: two writers appending overlapping lines then take the unique index's locks in
      // the same order, so one waits for the other instead of deadlocking (Postgres).
      const values = lines.map((l, i) => checkLine(l, i, createdAt)).sort((a, b) => (a.line_key < b.line_key ? -1 : a.line_key > b.line_key ? 1 : 0));
      return atomically(ctx, async (trx) => {
        const inserted: string[] = [];
        for (const part of chunks(values, LINES_PER_INSERT)) {
          const rows = await trx
            .insertInto('commission_lines')
            .values(part)
            .onConflict((oc) => oc.column('line_key').doNothing())
            .returning('id')
            .execute();
          inserted.push(...rows.map((r) => idString(r.id)));
        }
        return getMany(inserted, trx);
      });
    },

    list: (filter) => list(filter),
    get: (ids) => getMany(ids),

    async approve(filter, by) {
      requireText(by, 'by');
      const at = nowIso(ctx);
      return atomically(ctx, async (trx) => {
        let query = trx
          .selectFrom('commission_lines as l')
          .leftJoin('commission_approvals as a', 'a.line_id', 'l.id')
          .select('l.id')
          .where('a.line_id', 'is', null);
        if (filter.dealId !== undefined) query = query.where('l.deal_id', '=', filter.dealId);
        if (filter.partnerId !== undefined) query = query.where('l.partner_id', '=', filter.partnerId);
        if (filter.lineIds !== undefined) {
          const wanted = validIds(filter.lineIds);
          if (wanted.length === 0) return [];
          query = query.where('l.id', 'in', wanted);
        }
        const ids = (await query.orderBy('l.id').execute()).map((r) => r.id);
        const approved: string[] = [];
        for (const part of chunks(ids, IDS_PER_QUERY)) {
          // Two approvers at once: the line is approved once, by whoever came first.
          const rows = await trx
            .insertInto('commission_approvals')
            .values(part.map((id) => ({ line_id: id, approved_by: by, approved_at: at })))
            .onConflict((oc) => oc.column('line_id').doNothing())
            .returning('line_id')
            .execute();
          approved.push(...rows.map((r) => idString(r.line_id)));
        }
        return getMany(approved, trx);
      });
    },

    async createRun(input) {
      if (typeof input.period !== 'string' || !PERIOD.test(input.period)) throw new StoreError('period must be a quarter like 2026-Q4 or a month like 2026-11', { field: 'period' });
      requireText(input.createdBy, 'createdBy');
      const lineIds = validIds(input.lineIds);
      if (lineIds.length !== input.lineIds.length) throw new StoreError('lineIds must be line ids', { field: 'lineIds' });
      const carries: PayoutCarry[] = input.carries;
      const at = nowIso(ctx);
      try {
        return await atomically(ctx, async (trx) => {
          const run = await trx.insertInto('payout_runs').values({ period: input.period, created_at: at, created_by: input.createdBy, paid_at: null, paid_by: null }).returning('id').executeTakeFirstOrThrow();
          // In id order, so two runs taking overlapping lines lock them in the same order (no deadlock).
          const inOrder = [...lineIds].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
          for (const part of chunks(inOrder, IDS_PER_QUERY)) {
            const approved = await trx.selectFrom('commission_approvals').select('line_id').where('line_id', 'in', part).execute();
            if (approved.length !== part.length) throw new ConflictError('a line in the run is not approved', { field: 'lineIds' });
            // The primary key on line_id: a line already in another run fails the insert (nothing paid twice).
            await trx.insertInto('payout_run_lines').values(part.map((id) => ({ line_id: id, run_id: run.id }))).execute();
          }
          for (const c of carries) {
            await trx
              .insertInto('payout_run_carries')
              .values({ run_id: run.id, partner_id: c.partnerId, currency: c.currency, amount_minor: c.amountMinor.toString(), line_ids: JSON.stringify(c.lineIds) })
              .execute();
          }
          return (await readRun(trx, idString(run.id)))!;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('a line in the run is already in another run', { field: 'lineIds', cause: error });
        throw error;
      }
    },

    getRun: (id) => readRun(db, id),

    async listRuns() {
      const rows = await db.selectFrom('payout_runs').select('id').orderBy('id').execute();
      const out: PayoutRun[] = [];
      for (const r of rows) out.push((await readRun(db, idString(r.id)))!);
      return out;
    },

    async markRunPaid(id, by) {
      requireText(by, 'by');
      const runId = parseId(id);
      if (runId === null) throw new NotFoundError(`no payout run ${id}`, { field: 'runId' });
      return atomically(ctx, async (trx) => {
        await trx.updateTable('payout_runs').set({ paid_at: nowIso(ctx), paid_by: by }).where('id', '=', runId).where('paid_at', 'is', null).execute();
        const run = await readRun(trx, id);
        if (!run) throw new NotFoundError(`no payout run ${id}`, { field: 'runId' });
        return run;
      });
    },

    async sourceEntries(entryIds) {
      const out = new Map<string, { plan: unknown; inputs: unknown; closeDate: string | null; ruleVersion: string }>();
      for (const part of chunks(validIds(entryIds), IDS_PER_QUERY)) {
        const rows = await db.selectFrom('ledger_entries').select(['id', 'plan', 'inputs', 'close_date', 'rule_version']).where('id', 'in', part).execute();
        for (const r of rows) out.set(idString(r.id), { plan: decodeJson(r.plan), inputs: decodeJson(r.inputs), closeDate: r.close_date, ruleVersion: r.rule_version });
      }
      return out;
    },
  };
}
