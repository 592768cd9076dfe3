import type { Generated, GeneratedAlways } from 'kysely';
import type { Int8, Timestamp } from './columns.js';

export const PAYOUT_BATCH_STATUSES = [
  'planned',
  'signed',
  'submitting',
  'submitted',
  'confirmed',
  'failed',
  'needs_review',
] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];

/**
 * One wallet transaction paying up to PAYOUT_MAX_DESTINATIONS miners:
 * planned (intent, before any wallet call) → signed (tx built, not relayed;
 * hash, key, fee, metadata and ledger debits stored) → submitting (relay
 * asked) → submitted (the wallet lists it) → confirmed; or failed (provably
 * never sent; debits refunded) or needs_review (an operator decides).
 */
export interface PayoutBatchesTable {
  id: GeneratedAlways<bigint>;
  status: Generated<PayoutBatchStatus>;
  tx_hash: string | null;
  /** Proves the payment to each destination (check_tx_key). */
  tx_key: string | null;
  /** The signed, unrelayed transaction as the wallet exports it (relay_tx input). */
  tx_metadata: string | null;
  fee: Int8 | null;
  /** Wallet height when signed: the reconciler's lower bound in get_transfers. */
  wallet_height: number | null;
  confirmations: Generated<number>;
  attempts: Generated<number>;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  signed_at: Timestamp | null;
  submitted_at: Timestamp | null;
  confirmed_at: Timestamp | null;
}

export interface PayoutPaymentsTable {
  id: GeneratedAlways<bigint>;
  batch_id: Int8;
  /** The ledger account (the miner's login address). */
  account: string;
  /** Where the wallet sends it (the account itself: standard, subaddress or integrated). */
  address: string;
  /** The balance taken at planning. */
  planned_amount: Int8;
  /** Sent: planned_amount − fee; set when signed. */
  amount: Int8 | null;
  /** This destination's share of the transaction fee; set when signed. */
  fee: Int8 | null;
  /**
   * Its batch is open (planned … submitted, needs_review). Kept by triggers
   * (a written value is ignored); payout_payments_one_open allows one open
   * payment per account.
   */
  batch_open: Generated<boolean>;
}

/** A single row: the operator's hold switch, shared by every accounting replica. */
export interface PayoutControlTable {
  id: Generated<boolean>;
  held: Generated<boolean>;
  reason: Generated<string>;
  held_by: Generated<string>;
  changed_at: Timestamp;
}
