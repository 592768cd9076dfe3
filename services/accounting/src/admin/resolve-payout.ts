import type { Logger } from '@rxpool/observability';
import {
  isPayoutOutcome,
  PAYOUT_OUTCOMES,
  type PayoutResolution,
  type ResolvePayoutRequest,
} from '@rxpool/proto';
import {
  BatchStateError,
  type PayoutRepository,
  type ReviewResolution,
} from '../payouts/payout.repository.js';
import { AdminError } from './admin-errors.js';
import { parseRowId } from './admin-values.js';

/**
 * ResolvePayout: an operator's decision on a needs_review batch. The batch is
 * read first only to answer clearly (NOT_FOUND, FAILED_PRECONDITION, a tx
 * hash that is not the batch's); the move itself is what allows it once, so a
 * concurrent resolution that won in between also ends as FAILED_PRECONDITION,
 * with no money moved.
 */
export async function resolvePayout(
  payouts: PayoutRepository,
  log: Logger,
  req: ResolvePayoutRequest,
  by: string,
): Promise<PayoutResolution> {
  const batchId = parseRowId(req.batchId, () => AdminError.invalid('batch_id is required (a number)'));
  const id = String(BigInt(req.batchId.trim()));
  const outcome = req.outcome.trim();
  if (!isPayoutOutcome(outcome)) throw AdminError.invalid(`outcome must be ${PAYOUT_OUTCOMES.join(' or ')}`);
  const reason = req.reason.trim();
  if (reason === '') throw AdminError.invalid('reason is required: what was checked, and why');
  const txHash = req.txHash.trim().toLowerCase();
  if (txHash !== '' && !/^[0-9a-f]{64}$/.test(txHash))
    throw AdminError.invalid('tx_hash must be 64 hexadecimal digits');

  const batch = batchId === undefined ? undefined : await payouts.findBatch(batchId);
  if (!batch || batchId === undefined) throw AdminError.notFound(`no payout batch ${id}`);
  if (batch.status !== 'needs_review') {
    throw AdminError.failedPrecondition(
      `payout batch ${id} is ${batch.status}: only a needs_review batch can be resolved`,
    );
  }
  if (txHash !== '' && txHash !== batch.txHash) {
    throw AdminError.failedPrecondition(
      `payout batch ${id} sent transaction ${batch.txHash ?? '(none)'}, not ${txHash}: nothing changed`,
    );
  }

  let resolved: ReviewResolution;
  try {
    resolved = await payouts.resolveReview(batchId, outcome, `resolved ${outcome} by ${by}: ${reason}`);
  } catch (err) {
    if (!(err instanceof BatchStateError)) throw err;
    throw AdminError.failedPrecondition(
      `payout batch ${id} is no longer needs_review (resolved by another call meanwhile): nothing changed`,
    );
  }
  const refundOf = new Map(resolved.refunds.map((r) => [r.account, r.amount]));
  const refunded = resolved.refunds.reduce((sum, r) => sum + r.amount, 0n);
  log.info(
    {
      batchId: id,
      outcome,
      status: resolved.batch.status,
      by,
      reason,
      txHash: batch.txHash,
      refunded: String(refunded),
    },
    'payout batch resolved by an operator',
  );
  return {
    batchId: id,
    status: resolved.batch.status,
    txHash: resolved.batch.txHash ?? '',
    reason: resolved.batch.reason ?? '',
    refunded: String(refunded),
    payments: resolved.batch.payments.map((p) => ({
      address: p.address,
      amount: String(p.amount ?? p.plannedAmount),
      fee: String(p.fee ?? 0n),
      refunded: String(refundOf.get(p.account) ?? 0n),
    })),
  };
}
