import type { DB, PayoutBatchStatus } from '@rxpool/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import { moveBatch } from './batch-move.js';
import type {
  PayoutBatch,
  PlannedBatches,
  ReviewOutcome,
  ReviewResolution,
  SignedBatch,
} from './payout-batch.js';
import type { PayoutCandidate, PlannedPayment } from './payout-plan.js';

export { BatchStateError } from './batch-move.js';
export type * from './payout-batch.js';

/** Batches the runner still has to move forward. */
export const OPEN_BATCH_STATUSES: readonly PayoutBatchStatus[] = [
  'planned',
  'signed',
  'submitting',
  'submitted',
];

export interface PayoutControlState {
  held: boolean;
  reason: string;
  heldBy: string;
  changedAt: Date;
}

/**
 * Payout batches, their payments and the ledger rows they cause. Every
 * status change names the states it may come from, so a batch only moves
 * forward and a stale actor changes nothing.
 */
export class PayoutRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Balances at or above `threshold` of accounts without a payment in flight
   * or under review. An account whose batch failed (the wallet refused it)
   * waits `retryAfterMs` after that failure and is then flagged to be paid alone.
   */
  async candidates(threshold: bigint, retryAfterMs: number, limit = 10_000): Promise<PayoutCandidate[]> {
    const rows = await sql<{ account: string; balance: string; refused: boolean }>`
      SELECT b.account, b.balance::text AS balance,
        EXISTS (SELECT 1 FROM payout_payments p JOIN payout_batches pb ON pb.id = p.batch_id
                WHERE p.account = b.account AND pb.status = 'failed') AS refused
      FROM account_balances b
      WHERE b.balance >= ${threshold.toString()}::numeric
        AND NOT EXISTS (
          SELECT 1 FROM payout_payments p JOIN payout_batches pb ON pb.id = p.batch_id
          WHERE p.account = b.account
            AND (pb.status IN ('planned', 'signed', 'submitting', 'submitted', 'needs_review')
              OR (pb.status = 'failed' AND pb.updated_at > now() - make_interval(secs => ${retryAfterMs / 1000}))))
      ORDER BY b.balance DESC
      LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((r) => ({
      account: r.account,
      balance: BigInt(r.balance),
      refusedBefore: r.refused,
    }));
  }

  /** Records the intent (see planBatches); returns the ids of the batches made. */
  async createBatches(groups: readonly (readonly PlannedPayment[])[]): Promise<bigint[]> {
    return (await this.planBatches(groups)).ids;
  }

  /**
   * Records the intent: one planned batch per group, before any wallet call.
   * An account that has an open payment by now (another planner was
   * faster) is left out and returned in `skipped`: payout_payments_one_open
   * refuses a second open payment, and the insert skips it instead of failing.
   */
  async planBatches(groups: readonly (readonly PlannedPayment[])[]): Promise<PlannedBatches> {
    if (groups.length === 0) return { ids: [], skipped: [] };
    return this.db.transaction().execute(async (trx) => {
      const planned: PlannedBatches = { ids: [], skipped: [] };
      for (const group of groups) {
        const batch = await trx
          .insertInto('payout_batches')
          .defaultValues()
          .returning('id')
          .executeTakeFirstOrThrow();
        const kept = await trx
          .insertInto('payout_payments')
          .values(
            group.map((p) => ({
              batch_id: batch.id,
              account: p.account,
              address: p.address,
              planned_amount: p.amount,
            })),
          )
          // Waits for a concurrent planner's insert of the same account to commit, then skips it.
          .onConflict((oc) => oc.column('account').where(sql<boolean>`batch_open`).doNothing())
          .returning('account')
          .execute();
        const accounts = new Set(kept.map((r) => r.account));
        planned.skipped.push(...group.filter((p) => !accounts.has(p.account)).map((p) => p.account));
        if (accounts.size > 0) planned.ids.push(batch.id);
        // Nobody has seen this batch yet: without payments it is not an intent at all.
        else await trx.deleteFrom('payout_batches').where('id', '=', batch.id).execute();
      }
      return planned;
    });
  }

  async openBatches(): Promise<PayoutBatch[]> {
    const rows = await this.db
      .selectFrom('payout_batches')
      .select('id')
      .where('status', 'in', OPEN_BATCH_STATUSES)
      .orderBy('id')
      .execute();
    const out: PayoutBatch[] = [];
    for (const r of rows) out.push(await this.batch(r.id));
    return out;
  }

  async batch(id: bigint, db: Kysely<DB> | Transaction<DB> = this.db): Promise<PayoutBatch> {
    const batch = await this.findBatch(id, db);
    if (!batch) throw new Error(`no payout batch ${id}`);
    return batch;
  }

  /** The batch with its payments, or undefined when there is none with this id. */
  async findBatch(id: bigint, db: Kysely<DB> | Transaction<DB> = this.db): Promise<PayoutBatch | undefined> {
    const b = await db.selectFrom('payout_batches').selectAll().where('id', '=', id).executeTakeFirst();
    if (!b) return undefined;
    const payments = await db
      .selectFrom('payout_payments')
      .selectAll()
      .where('batch_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      id: b.id,
      status: b.status,
      txHash: b.tx_hash,
      txKey: b.tx_key,
      txMetadata: b.tx_metadata,
      fee: b.fee,
      walletHeight: b.wallet_height,
      attempts: b.attempts,
      reason: b.reason,
      payments: payments.map((p) => ({
        id: p.id,
        account: p.account,
        address: p.address,
        plannedAmount: p.planned_amount,
        amount: p.amount,
        fee: p.fee,
      })),
    };
  }

  /**
   * planned → signed: the signed (unrelayed) transaction and the ledger
   * debits, in one transaction, before anything is relayed.
   */
  async markSigned(id: bigint, s: SignedBatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await moveBatch(trx, id, ['planned'], 'signed', {
        tx_hash: s.signed.txHash,
        tx_key: s.signed.txKey,
        tx_metadata: s.signed.txMetadata,
        fee: s.signed.fee,
        wallet_height: s.walletHeight,
        signed_at: sql`now()`,
      });
      const debits: { account: string; amount: bigint; kind: 'payout' | 'payout_fee' }[] = [];
      const batch = await this.batch(id, trx);
      for (const p of batch.payments) {
        const a = s.amounts.get(p.id);
        if (!a) throw new Error(`signed batch ${id} lacks the amount of payment ${p.id}`);
        await trx
          .updateTable('payout_payments')
          .set({ amount: a.amount, fee: a.fee })
          .where('id', '=', p.id)
          .execute();
        debits.push({ account: p.account, amount: a.amount, kind: 'payout' });
        if (a.fee > 0n) debits.push({ account: p.account, amount: a.fee, kind: 'payout_fee' });
      }
      await this.ledger.debitPayout(trx, id, debits);
    });
  }

  /** signed → submitting: written before relay is asked, so a crash after it is reconciled. */
  async markSubmitting(id: bigint): Promise<void> {
    await moveBatch(this.db, id, ['signed'], 'submitting', { attempts: sql`attempts + 1` });
  }

  async markSubmitted(id: bigint): Promise<void> {
    await moveBatch(this.db, id, ['submitting'], 'submitted', {
      submitted_at: sql`coalesce(submitted_at, now())`,
    });
  }

  async setConfirmations(id: bigint, confirmations: number): Promise<void> {
    await this.db.updateTable('payout_batches').set({ confirmations }).where('id', '=', id).execute();
  }

  async markConfirmed(id: bigint, confirmations: number): Promise<void> {
    await moveBatch(this.db, id, ['submitted'], 'confirmed', { confirmations, confirmed_at: sql`now()` });
  }

  /** Counts one more relay of the same signed transaction (reconciliation). */
  async countAttempt(id: bigint): Promise<void> {
    await this.db
      .updateTable('payout_batches')
      .set({ attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .execute();
  }

  /**
   * → failed: only for a batch whose transaction provably never left the
   * wallet (planned: none exists; signed: relay was never asked). A signed
   * batch's debits are refunded in the same transaction.
   */
  async markFailed(id: bigint, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const from = await moveBatch(trx, id, ['planned', 'signed'], 'failed', { reason });
      if (from === 'signed') await this.refund(trx, await this.batch(id, trx));
    });
  }

  /** → needs_review: the outcome is not provable; the debits stay until an operator decides (resolveReview). */
  async markNeedsReview(id: bigint, reason: string): Promise<void> {
    await moveBatch(this.db, id, ['signed', 'submitting', 'submitted'], 'needs_review', { reason });
  }

  /**
   * An operator's decision on a needs_review batch: `paid` → confirmed (the
   * debits stay), `not-paid` → failed with its debits refunded in the same
   * transaction. `note` (who and why) is appended to the batch's reason. Only
   * from needs_review: a second or concurrent resolution finds the batch
   * moved and throws BatchStateError, having moved no money.
   */
  async resolveReview(id: bigint, outcome: ReviewOutcome, note: string): Promise<ReviewResolution> {
    return this.db.transaction().execute(async (trx) => {
      const reason = sql`concat_ws('; ', payout_batches.reason, ${note}::text)`;
      if (outcome === 'paid') {
        await moveBatch(trx, id, ['needs_review'], 'confirmed', { reason, confirmed_at: sql`now()` });
      } else {
        await moveBatch(trx, id, ['needs_review'], 'failed', { reason });
      }
      const batch = await this.batch(id, trx);
      const refunds = outcome === 'not-paid' ? await this.refund(trx, batch) : [];
      return { batch, refunds };
    });
  }

  async countByStatus(): Promise<Record<PayoutBatchStatus, number>> {
    const rows = await this.db
      .selectFrom('payout_batches')
      .select(['status', sql<string>`count(*)::text`.as('n')])
      .groupBy('status')
      .execute();
    const out = {
      planned: 0,
      signed: 0,
      submitting: 0,
      submitted: 0,
      confirmed: 0,
      failed: 0,
      needs_review: 0,
    };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  async control(): Promise<PayoutControlState> {
    const r = await this.db.selectFrom('payout_control').selectAll().executeTakeFirstOrThrow();
    return { held: r.held, reason: r.reason, heldBy: r.held_by, changedAt: r.changed_at };
  }

  async setHeld(held: boolean, reason: string, by: string): Promise<PayoutControlState> {
    await this.db
      .updateTable('payout_control')
      .set({ held, reason: held ? reason : '', held_by: held ? by : '', changed_at: sql`now()` })
      .execute();
    return this.control();
  }

  /** Gives back what signing debited (each payment's amount and fee share): the one place refunds are made. */
  private async refund(
    trx: Transaction<DB>,
    batch: PayoutBatch,
  ): Promise<{ account: string; amount: bigint }[]> {
    const refunds = batch.payments
      .map((p) => ({ account: p.account, amount: (p.amount ?? 0n) + (p.fee ?? 0n) }))
      .filter((r) => r.amount > 0n);
    await this.ledger.refundPayout(trx, batch.id, refunds);
    return refunds;
  }
}
