import type { DB, PayoutBatchStatus } from '@rxpool/db';
import { type Kysely, sql, type Transaction } from 'kysely';

/** A status change that found the batch in another state than expected: someone else moved it. */
export class BatchStateError extends Error {
  constructor(id: bigint, expected: readonly PayoutBatchStatus[], to: PayoutBatchStatus) {
    super(`payout batch ${id} is not ${expected.join('/')}: not moved to ${to}`);
    this.name = 'BatchStateError';
  }
}

/**
 * The only way a batch's status changes: one conditional UPDATE that moves it
 * only from one of `from` (so a batch only moves forward and a stale or
 * concurrent actor changes nothing); returns the status it had.
 */
export async function moveBatch(
  db: Kysely<DB> | Transaction<DB>,
  id: bigint,
  from: readonly PayoutBatchStatus[],
  to: PayoutBatchStatus,
  set: Record<string, unknown>,
): Promise<PayoutBatchStatus> {
  const moved = await db
    .with('before', (q) =>
      q
        .selectFrom('payout_batches')
        .select(['id', 'status'])
        .where('id', '=', id)
        .where('status', 'in', from),
    )
    .updateTable('payout_batches')
    .from('before')
    .set({ ...set, status: to, updated_at: sql`now()` })
    .whereRef('payout_batches.id', '=', 'before.id')
    // Checked again on the row itself: a concurrent change since the CTE's snapshot wins.
    .where('payout_batches.status', 'in', from)
    .returning(sql<PayoutBatchStatus>`before.status`.as('previous'))
    .executeTakeFirst();
  if (!moved) throw new BatchStateError(id, from, to);
  return moved.previous;
}
