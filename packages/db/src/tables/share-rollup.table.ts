import type { Generated } from 'kysely';
import type { Int8, Timestamp } from './columns.js';

/**
 * One row: raw shares with accepted_at below `watermark` are in
 * share_minutes; newer ones are summed by the next rollup.
 */
export interface ShareRollupTable {
  id: Generated<boolean>;
  /** ms since epoch, a minute boundary. */
  watermark: Int8;
  rolled_at: Timestamp;
}
