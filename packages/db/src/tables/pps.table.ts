import type { GeneratedAlways } from 'kysely';
import type { Int8, Numeric, Timestamp } from './columns.js';

/** One ingest batch that held PPS shares: the cause of its PPS ledger credits. */
export interface PpsBatchesTable {
  id: GeneratedAlways<bigint>;
  shares: number;
  /** The sum of the shares' job difficulty. */
  difficulty: Numeric;
  fee_bps: number;
  created_at: Timestamp;
}

/** Per account in a batch: value in 10^-12 atomic units and the carry left for the next batch. */
export interface PpsBatchCreditsTable {
  batch_id: Int8;
  account: string;
  shares: number;
  /** The sum of the shares' job difficulty. */
  difficulty: Numeric;
  value_sub: Numeric;
  carry_before: Int8;
  amount: Int8;
  carry_after: Int8;
}
