import { type DB, PAID_BATCH_STATUSES, type RewardSchemeColumn } from '@rxpool/db';
import { type Kysely, sql } from 'kysely';

/** A miner's line in one block's stored split, with the block and the split's digest. */
export interface MinerBlockRow {
  blockId: bigint;
  height: number;
  hash: string | null;
  status: string;
  confirmations: number;
  scheme: RewardSchemeColumn;
  reward: bigint;
  fee: bigint;
  feeBasisPoints: number;
  /** Decimal text: PPLNS window weights are numeric. */
  windowTotal: string | null;
  windowShares: number | null;
  weight: string;
  amount: bigint;
  digest: string;
  credited: boolean;
  splitAt: Date;
}

/** One payout transaction as the public sees it: no per-miner amounts. */
export interface PaymentBatchRow {
  id: bigint;
  status: string;
  txHash: string | null;
  payees: number;
  amount: bigint;
  fee: bigint;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** Queries only the public API needs (the shared ones are in @rxpool/db). */
export class PublicReadRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The miner's share of each block it has a split entry in, newest first. */
  async minerBlocks(account: string, limit: number): Promise<MinerBlockRow[]> {
    const rows = await this.db
      .selectFrom('block_split_entries as e')
      .innerJoin('block_splits as s', 's.block_id', 'e.block_id')
      .innerJoin('blocks as b', 'b.id', 'e.block_id')
      .select([
        'b.id',
        'b.height',
        'b.hash',
        'b.status',
        'b.confirmations',
        's.scheme',
        's.reward',
        's.fee',
        's.fee_bps',
        's.window_total',
        's.window_shares',
        's.digest',
        's.created_at',
        'e.weight',
        'e.amount',
        // Names the whole key of ledger_block_once, so each row is one index probe.
        sql<boolean>`EXISTS (SELECT 1 FROM ledger_entries l WHERE l.block_id = b.id AND l.kind = 'block_reward' AND l.account = e.account)`.as(
          'credited',
        ),
      ])
      .where('e.account', '=', account)
      .where('e.role', '=', 'miner')
      .orderBy('b.height', 'desc')
      .orderBy('b.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      blockId: r.id,
      height: r.height,
      hash: r.hash,
      status: r.status,
      confirmations: r.confirmations,
      scheme: r.scheme,
      reward: r.reward,
      fee: r.fee,
      feeBasisPoints: r.fee_bps,
      windowTotal: r.window_total,
      windowShares: r.window_shares,
      weight: r.weight,
      amount: r.amount,
      digest: r.digest,
      credited: r.credited,
      splitAt: r.created_at,
    }));
  }

  /** Payout transactions that were signed (they have a hash), newest first. */
  async paymentBatches(limit: number): Promise<PaymentBatchRow[]> {
    const rows = await this.db
      .selectFrom('payout_batches as b')
      .innerJoin('payout_payments as p', 'p.batch_id', 'b.id')
      .select([
        'b.id',
        'b.status',
        'b.tx_hash',
        'b.fee',
        'b.created_at',
        'b.confirmed_at',
        sql<string>`count(*)::text`.as('payees'),
        sql<string>`sum(coalesce(p.amount, p.planned_amount))::text`.as('amount'),
      ])
      .where('b.status', 'in', PAID_BATCH_STATUSES)
      .groupBy('b.id')
      .orderBy('b.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      txHash: r.tx_hash,
      payees: Number(r.payees),
      amount: BigInt(r.amount),
      fee: r.fee ?? 0n,
      createdAt: r.created_at,
      confirmedAt: r.confirmed_at,
    }));
  }
}
