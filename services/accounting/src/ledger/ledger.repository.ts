import type { DB, LedgerKind } from '@rxpool/db';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface LedgerEntry {
  id: bigint;
  account: string;
  amount: bigint;
  kind: LedgerKind;
  blockId: bigint | null;
  ppsBatchId: bigint | null;
  payoutId: bigint | null;
  createdAt: Date;
}

/** The database refused a payout debit (trigger ledger_payout_covered): the balance does not cover it. */
export class PayoutNotCoveredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayoutNotCoveredError';
  }
}

/**
 * The balance ledger: rows are only ever added (the schema refuses updates
 * and deletes) and a balance is the sum of an account's rows. Payouts debit
 * it with negative 'payout' / 'payout_fee' rows tied to their payout id, and
 * gives them back as 'payout_refund' rows when the payout provably did not happen.
 */
export class LedgerRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Credits every entry of a block's stored split; a repeat conflicts and changes nothing. */
  async creditBlock(trx: Transaction<DB>, blockId: bigint): Promise<bigint> {
    const rows = await sql<{ amount: bigint }>`
      INSERT INTO ledger_entries (account, amount, kind, block_id)
      SELECT account, amount, (CASE role WHEN 'miner' THEN 'block_reward' ELSE 'block_fee' END)::ledger_kind, block_id
      FROM block_split_entries WHERE block_id = ${blockId} AND amount > 0
      ON CONFLICT (block_id, kind, account) WHERE block_id IS NOT NULL DO NOTHING
      RETURNING amount`.execute(trx);
    return rows.rows.reduce((sum, r) => sum + BigInt(r.amount), 0n);
  }

  /**
   * Appends payout debits (negative amounts) for one payout, inside the
   * caller's transaction. The database refuses a debit its account's balance
   * does not cover (PayoutNotCoveredError; the transaction is then aborted).
   */
  async debitPayout(
    trx: Transaction<DB>,
    payoutId: bigint,
    debits: readonly { account: string; amount: bigint; kind: 'payout' | 'payout_fee' }[],
  ): Promise<void> {
    if (debits.length === 0) return;
    for (const d of debits) if (d.amount <= 0n) throw new Error('a debit is given as a positive amount');
    try {
      await trx
        .insertInto('ledger_entries')
        .values(
          debits.map((d) => ({ account: d.account, amount: -d.amount, kind: d.kind, payout_id: payoutId })),
        )
        .execute();
    } catch (err) {
      if (violates(err, 'ledger_payout_covered')) throw new PayoutNotCoveredError((err as Error).message);
      throw err;
    }
  }

  /**
   * Gives a payout's debits back (positive 'payout_refund' rows), inside the
   * caller's transaction. ledger_payout_once allows one refund per account
   * and payout: a repeat fails instead of paying twice.
   */
  async refundPayout(
    trx: Transaction<DB>,
    payoutId: bigint,
    refunds: readonly { account: string; amount: bigint }[],
  ): Promise<void> {
    if (refunds.length === 0) return;
    for (const r of refunds) if (r.amount <= 0n) throw new Error('a refund is given as a positive amount');
    await trx
      .insertInto('ledger_entries')
      .values(refunds.map((r) => ({ ...r, kind: 'payout_refund' as const, payout_id: payoutId })))
      .execute();
  }

  /** Balance of one account (0 when it has no rows). */
  async balance(account: string, db: Kysely<DB> | Transaction<DB> = this.db): Promise<bigint> {
    const r = await db
      .selectFrom('ledger_entries')
      .select(sql<string>`coalesce(sum(amount), 0)::text`.as('balance'))
      .where('account', '=', account)
      .executeTakeFirstOrThrow();
    return BigInt(r.balance);
  }

  /** Accounts whose balance is at least `minimum`, largest first. */
  async balancesAtLeast(minimum: bigint, limit = 1000): Promise<{ account: string; balance: bigint }[]> {
    const rows = await this.db
      .selectFrom('account_balances')
      .select(['account', 'balance'])
      .where(sql<boolean>`balance >= ${minimum.toString()}::numeric`)
      .orderBy('balance', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ account: r.account, balance: BigInt(r.balance) }));
  }

  async entries(account: string, limit = 100, beforeId?: bigint): Promise<LedgerEntry[]> {
    let q = this.db.selectFrom('ledger_entries').selectAll().where('account', '=', account);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      account: r.account,
      amount: r.amount,
      kind: r.kind,
      blockId: r.block_id,
      ppsBatchId: r.pps_batch_id,
      payoutId: r.payout_id,
      createdAt: r.created_at,
    }));
  }
}

/** A Postgres error raised for the named constraint (pg's DatabaseError carries it). */
export function violates(err: unknown, constraint: string): boolean {
  return err instanceof Error && (err as Error & { constraint?: unknown }).constraint === constraint;
}
