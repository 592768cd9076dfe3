import { type Kysely, sql } from 'kysely';
import type { DB } from '../database.js';
import type { BlockStatus, PayoutBatchStatus } from '../tables/index.js';

export interface MinerRow {
  /** The miner's payout address: its ledger account and its login. */
  miner: string;
  balance: bigint;
  paid: bigint;
  fees: bigint;
  workers: number;
  hashes10m: bigint;
  hashes1h: bigint;
  hashes24h: bigint;
  lastShareAt: bigint | null;
}

export interface PaymentRow {
  id: bigint;
  batchId: bigint;
  address: string;
  amount: bigint;
  fee: bigint;
  status: string;
  txHash: string | null;
  txKey: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  confirmedAt: Date | null;
}

const MINUTE = 60_000;
/** Batches whose payments count as paid: a transaction was signed and its debits stored. */
export const PAID_BATCH_STATUSES = [
  'signed',
  'submitting',
  'submitted',
  'confirmed',
  'needs_review',
] as const satisfies readonly PayoutBatchStatus[];
const PAID = sql`(${sql.join(PAID_BATCH_STATUSES.map((s) => sql.lit(s)))})`;

/**
 * Read-only queries shared by the admin API and the public stats API
 * (balances from the ledger, hashrate from share_minutes).
 */
export class PoolReadRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  async totals(): Promise<{
    owed: bigint;
    paid: bigint;
    fees: bigint;
    activeMiners: number;
    activeWorkers: number;
  }> {
    const since = this.minuteFrom(24 * 60 * MINUTE);
    const r = await sql<{ owed: string; paid: string; fees: string; miners: string; workers: string }>`
      SELECT
        (SELECT coalesce(sum(balance) FILTER (WHERE balance > 0), 0)::text FROM account_balances) AS owed,
        (SELECT coalesce(sum(p.amount), 0)::text FROM payout_payments p JOIN payout_batches b ON b.id = p.batch_id
          WHERE b.status IN ${PAID}) AS paid,
        (SELECT coalesce(sum(p.fee), 0)::text FROM payout_payments p JOIN payout_batches b ON b.id = p.batch_id
          WHERE b.status IN ${PAID}) AS fees,
        (SELECT count(DISTINCT w.miner)::text FROM share_minutes m JOIN workers w ON w.id = m.worker_id
          WHERE m.minute >= ${since}) AS miners,
        (SELECT count(DISTINCT m.worker_id)::text FROM share_minutes m WHERE m.minute >= ${since}) AS workers
    `.execute(this.db);
    const row = r.rows[0];
    return {
      owed: BigInt(row?.owed ?? '0'),
      paid: BigInt(row?.paid ?? '0'),
      fees: BigInt(row?.fees ?? '0'),
      activeMiners: Number(row?.miners ?? 0),
      activeWorkers: Number(row?.workers ?? 0),
    };
  }

  /** What miners were paid and their share of the transaction fees (cheaper than totals()). */
  async paid(): Promise<{ paid: bigint; fees: bigint }> {
    const r = await this.db
      .selectFrom('payout_payments as p')
      .innerJoin('payout_batches as b', 'b.id', 'p.batch_id')
      .select([
        sql<string>`coalesce(sum(p.amount), 0)::text`.as('paid'),
        sql<string>`coalesce(sum(p.fee), 0)::text`.as('fees'),
      ])
      .where('b.status', 'in', PAID_BATCH_STATUSES)
      .executeTakeFirst();
    return { paid: BigInt(r?.paid ?? '0'), fees: BigInt(r?.fees ?? '0') };
  }

  async blockCounts(): Promise<{
    byStatus: Record<string, number>;
    lastHeight: number;
    lastAt: Date | null;
  }> {
    const rows = await this.db
      .selectFrom('blocks')
      .select(['status', sql<string>`count(*)::text`.as('n')])
      .groupBy('status')
      .execute();
    const last = await this.db
      .selectFrom('blocks')
      .select(['height', 'created_at'])
      .where('status', 'in', ['accepted', 'pending', 'unlocked'])
      .orderBy('height', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
      lastHeight: last?.height ?? 0,
      lastAt: last?.created_at ?? null,
    };
  }

  /** Miners known from the ledger or from shares, largest balance first. */
  async miners(limit: number, offset: number, only?: string): Promise<{ rows: MinerRow[]; total: number }> {
    const from10m = this.minuteFrom(10 * MINUTE);
    const from1h = this.minuteFrom(60 * MINUTE);
    const from24h = this.minuteFrom(24 * 60 * MINUTE);
    // A lookup of one miner filters inside each part, so it reads that miner's rows only.
    const filter = only === undefined ? sql`` : sql`WHERE a.miner = ${only}`;
    const onlyAccount = (column: string) =>
      only === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${only}`;
    const r = await sql<{
      miner: string;
      balance: string;
      paid: string;
      fees: string;
      workers: string;
      h10m: string;
      h1h: string;
      h24h: string;
      last_share: string | null;
      total: string;
    }>`
      WITH a AS (
        SELECT account AS miner FROM account_balances WHERE true ${onlyAccount('account')}
        UNION SELECT miner FROM workers WHERE true ${onlyAccount('miner')}
      ),
      paid AS (
        SELECT p.account, sum(p.amount) AS paid, sum(p.fee) AS fees
        FROM payout_payments p JOIN payout_batches b ON b.id = p.batch_id
        WHERE b.status IN ${PAID} ${onlyAccount('p.account')} GROUP BY p.account
      ),
      rate AS (
        SELECT w.miner,
          count(DISTINCT w.id) FILTER (WHERE m.minute >= ${from24h}) AS workers,
          coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${from10m}), 0) AS d10m,
          coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${from1h}), 0) AS d1h,
          coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${from24h}), 0) AS d24h,
          max(m.minute) AS last_share
        FROM workers w JOIN share_minutes m ON m.worker_id = w.id
        WHERE m.minute >= ${from24h} ${onlyAccount('w.miner')} GROUP BY w.miner
      )
      SELECT a.miner,
        coalesce(b.balance, 0)::text AS balance,
        coalesce(paid.paid, 0)::text AS paid,
        coalesce(paid.fees, 0)::text AS fees,
        coalesce(rate.workers, 0)::text AS workers,
        coalesce(rate.d10m, 0)::text AS h10m,
        coalesce(rate.d1h, 0)::text AS h1h,
        coalesce(rate.d24h, 0)::text AS h24h,
        rate.last_share::text AS last_share,
        count(*) OVER ()::text AS total
      FROM a
      LEFT JOIN account_balances b ON b.account = a.miner
      LEFT JOIN paid ON paid.account = a.miner
      LEFT JOIN rate ON rate.miner = a.miner
      ${filter}
      ORDER BY coalesce(b.balance, 0) DESC, coalesce(rate.d1h, 0) DESC, a.miner
      LIMIT ${limit} OFFSET ${offset}
    `.execute(this.db);
    return {
      total: Number(r.rows[0]?.total ?? 0),
      rows: r.rows.map((x) => ({
        miner: x.miner,
        balance: BigInt(x.balance),
        paid: BigInt(x.paid),
        fees: BigInt(x.fees),
        workers: Number(x.workers),
        hashes10m: BigInt(x.h10m),
        hashes1h: BigInt(x.h1h),
        hashes24h: BigInt(x.h24h),
        lastShareAt: x.last_share === null ? null : BigInt(x.last_share),
      })),
    };
  }

  /** Newest first; `status` narrows to one status or a list of them. */
  async blocks(limit: number, beforeHeight: number, status?: BlockStatus | readonly BlockStatus[]) {
    let q = this.db.selectFrom('blocks').selectAll();
    if (beforeHeight > 0) q = q.where('height', '<', beforeHeight);
    if (typeof status === 'string') q = q.where('status', '=', status);
    else if (status && status.length > 0) q = q.where('status', 'in', status);
    return q.orderBy('height', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** The block at `height` (the newest of ours there, or the one with `blockId`) and its stored split. */
  async blockRewards(height: number, blockId?: bigint) {
    let q = this.db.selectFrom('blocks').selectAll().where('height', '=', height);
    if (blockId !== undefined) q = q.where('id', '=', blockId);
    const block = await q.orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!block) return undefined;
    const split = await this.db
      .selectFrom('block_splits')
      .selectAll()
      .select([
        sql<string | null>`encode(window_newest_share, 'hex')`.as('newest_hex'),
        sql<string | null>`encode(window_oldest_share, 'hex')`.as('oldest_hex'),
      ])
      .where('block_id', '=', block.id)
      .executeTakeFirst();
    const entries = split
      ? await this.db
          .selectFrom('block_split_entries')
          .selectAll()
          .where('block_id', '=', block.id)
          .orderBy('role', 'desc')
          .orderBy('account')
          .execute()
      : [];
    const credited = await this.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('block_id', '=', block.id)
      .limit(1)
      .executeTakeFirst();
    return { block, split, entries, credited: credited !== undefined };
  }

  /** Newest first; `status` is one batch status, `statuses` a list of them. */
  async payments(o: {
    account?: string;
    status?: string;
    statuses?: readonly PayoutBatchStatus[];
    limit: number;
  }): Promise<PaymentRow[]> {
    let q = this.db
      .selectFrom('payout_payments as p')
      .innerJoin('payout_batches as b', 'b.id', 'p.batch_id')
      .select([
        'p.id',
        'p.batch_id',
        'p.address',
        'p.planned_amount',
        'p.amount',
        'p.fee',
        'b.status',
        'b.tx_hash',
        'b.tx_key',
        'b.created_at',
        'b.submitted_at',
        'b.confirmed_at',
      ]);
    if (o.account) q = q.where('p.account', '=', o.account);
    if (o.status) q = q.where('b.status', '=', o.status as never);
    if (o.statuses) q = q.where('b.status', 'in', o.statuses);
    const rows = await q.orderBy('p.id', 'desc').limit(o.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      batchId: r.batch_id,
      address: r.address,
      amount: r.amount ?? r.planned_amount,
      fee: r.fee ?? 0n,
      status: r.status,
      txHash: r.tx_hash,
      txKey: r.tx_key,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      confirmedAt: r.confirmed_at,
    }));
  }

  private minuteFrom(windowMs: number): number {
    return Math.floor(this.now() / MINUTE) * MINUTE - windowMs + MINUTE;
  }
}
