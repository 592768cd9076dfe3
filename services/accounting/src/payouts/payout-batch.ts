import type { PayoutBatchStatus } from '@rxpool/db';
import type { SignedTransfer } from './wallet-rpc.client.js';

/** A payout batch as PayoutRepository reads and writes it. */
export interface BatchPayment {
  id: bigint;
  account: string;
  address: string;
  plannedAmount: bigint;
  amount: bigint | null;
  fee: bigint | null;
}

export interface PayoutBatch {
  id: bigint;
  status: PayoutBatchStatus;
  txHash: string | null;
  txKey: string | null;
  txMetadata: string | null;
  fee: bigint | null;
  walletHeight: number | null;
  attempts: number;
  reason: string | null;
  payments: BatchPayment[];
}

export interface SignedBatch {
  signed: SignedTransfer & { txMetadata: string };
  walletHeight: number;
  /** Per payment id: what is sent and its share of the fee. */
  amounts: ReadonlyMap<bigint, { amount: bigint; fee: bigint }>;
}

/** What an operator found a needs_review batch's transaction to be. */
export type ReviewOutcome = 'paid' | 'not-paid';

export interface ReviewResolution {
  /** The batch after the move (confirmed or failed). */
  batch: PayoutBatch;
  /** The payout_refund rows written: empty when paid. */
  refunds: { account: string; amount: bigint }[];
}

/** What planBatches made: the batch ids, and the accounts another planner had open first (left out). */
export interface PlannedBatches {
  ids: bigint[];
  skipped: string[];
}
