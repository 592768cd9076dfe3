import type { Int8, Numeric, RewardSchemeColumn } from './columns.js';

/** Pool-wide per-minute sums, kept with share_minutes. */
export interface PoolMinutesTable {
  /** ms since epoch of the minute's start. */
  minute: Int8;
  scheme: RewardSchemeColumn;
  shares: Int8;
  /** The sum of the shares' job difficulty. */
  difficulty: Numeric;
}
