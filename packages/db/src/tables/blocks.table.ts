import type { Generated, GeneratedAlways } from 'kysely';
import type { Int8, Numeric, RewardSchemeColumn, Timestamp } from './columns.js';

export const BLOCK_STATUSES = [
  'candidate',
  'accepted',
  'rejected',
  'pending',
  'unlocked',
  'orphaned',
] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

/**
 * A block the pool found: candidate (a share reached network difficulty)
 * → accepted | rejected (monerod's answer to submit_block) → pending (seen
 * in the main chain, split stored) → unlocked (credits written) | orphaned.
 */
export interface BlocksTable {
  id: GeneratedAlways<bigint>;
  /** Share id (hex) of the share that found it. */
  candidate_id: string;
  height: number;
  status: BlockStatus;
  scheme: RewardSchemeColumn;
  miner: string;
  worker: string;
  hash: string | null;
  /** Atomic units: expected at submission, the chain's once pending. */
  reward: Int8 | null;
  network_difficulty: Numeric;
  /** Window end: the finding share, once ingested. */
  found_share_id: Buffer | null;
  found_at: Int8 | null;
  confirmations: Generated<number>;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  pending_at: Timestamp | null;
  unlocked_at: Timestamp | null;
  orphaned_at: Timestamp | null;
  /** While contested: the main chain's block at this height, and its depth (blocks on top). */
  rival_hash: string | null;
  rival_depth: number | null;
  /** When a rival first held the height in the current contest. */
  contested_at: Timestamp | null;
  /** The unlocker's last look at the chain for this block. */
  checked_at: Timestamp | null;
}
