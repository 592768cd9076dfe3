import type { GeneratedAlways } from 'kysely';
import type { Int8, Timestamp } from './columns.js';

export const LEDGER_KINDS = [
  'block_reward',
  'block_fee',
  'pps_credit',
  'payout',
  'payout_fee',
  'payout_refund',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Every credit (+) and debit (−), tied to its cause; a balance is the sum of
 * an account's rows (view account_balances). Rows are never updated or
 * deleted: a correction is a new row.
 * block_* → block_id; pps_credit → pps_batch_id; payout* → payout_id.
 */
export interface LedgerEntriesTable {
  id: GeneratedAlways<bigint>;
  account: string;
  amount: Int8;
  kind: LedgerKind;
  block_id: Int8 | null;
  pps_batch_id: Int8 | null;
  payout_id: Int8 | null;
  created_at: Timestamp;
}

/** View: sum of an account's ledger rows. */
export interface AccountBalancesView {
  account: string;
  /** numeric: decimal text. */
  balance: string;
  entries: Int8;
}
