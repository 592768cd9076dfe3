import type { Int8, RewardSchemeColumn } from './columns.js';

/** Per-worker per-minute sums: filled by the share rollup (and by the insert for late shares). */
export interface ShareMinutesTable {
  /** ms since epoch of the minute's start. */
  minute: Int8;
  worker_id: number;
  scheme: RewardSchemeColumn;
  shares: number;
  /** The sum of the shares' job difficulty. */
  difficulty: Int8;
}
