import type { Generated } from 'kysely';
import type { Int8, RewardSchemeColumn } from './columns.js';

/**
 * Raw accepted shares: what the PPLNS window and idempotent ingest need.
 * Pruned past the window; hashrate comes from share_minutes.
 * The window order is (accepted_at, share_id).
 */
export interface SharesTable {
  /** 12 bytes: instance id ‖ job counter ‖ nonce. */
  share_id: Buffer;
  /** ms since epoch, validator clock. */
  accepted_at: Int8;
  /** The difficulty the share is credited with: its job's. */
  job_difficulty: Int8;
  worker_id: number;
  height: number;
  scheme: RewardSchemeColumn;
  /** When the row was stored (its insert's transaction time). */
  stored_at: Generated<Date>;
}
