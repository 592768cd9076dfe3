import type { GeneratedAlways } from 'kysely';
import type { Timestamp } from './columns.js';

/** One row per (miner address, worker name); never deleted, so ids can be cached. */
export interface WorkersTable {
  id: GeneratedAlways<number>;
  miner: string;
  name: string;
  created_at: Timestamp;
}
