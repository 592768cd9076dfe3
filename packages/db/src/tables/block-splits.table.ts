import type { Int8, Numeric, RewardSchemeColumn, Timestamp } from './columns.js';

/** How one block's reward was split: written once, never updated (a trigger refuses). */
export interface BlockSplitsTable {
  block_id: Int8;
  height: number;
  block_hash: string;
  scheme: RewardSchemeColumn;
  reward: Int8;
  fee_bps: number;
  fee: Int8;
  /** PPLNS window: k × network difficulty, weight counted, shares, bounds, edge share's counted part. */
  window_size: Numeric | null;
  window_total: Numeric | null;
  window_shares: number | null;
  window_newest_share: Buffer | null;
  window_newest_at: Int8 | null;
  window_oldest_share: Buffer | null;
  window_oldest_at: Int8 | null;
  window_edge_counted: Int8 | null;
  /** sha256 of the canonical split text (see @rxpool/rewards canonicalSplitText). */
  digest: string;
  /** Every share stream message up to this sequence was stored when the split was taken, and its stream time (ms). */
  ingest_cutoff_seq: Int8 | null;
  ingest_cutoff_at: Int8 | null;
  created_at: Timestamp;
}

export interface BlockSplitEntriesTable {
  block_id: Int8;
  role: 'miner' | 'fee';
  account: string;
  weight: Numeric;
  amount: Int8;
}
