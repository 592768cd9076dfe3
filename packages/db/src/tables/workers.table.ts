import type { GeneratedAlways } from 'kysely';
import type { Timestamp } from './columns.js';

/** One row per (miner, worker): the miner's payout address and its worker's name; never deleted, so ids can be cached. */
export interface WorkersTable {
  id: GeneratedAlways<number>;
  miner: string;
  worker: string;
  created_at: Timestamp;
}
