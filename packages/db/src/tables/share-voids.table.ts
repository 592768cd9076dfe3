import type { GeneratedAlways } from 'kysely';
import type { Int8, Numeric, Timestamp } from './columns.js';

/** One voiding of a miner's shares accepted on trust (append-only). */
export interface ShareVoidsTable {
  id: GeneratedAlways<bigint>;
  /** The voiding message's id (its Nats-Msg-Id, else its stream sequence): a repeat records nothing twice. */
  message_id: string;
  miner: string;
  reason: string;
  /** Share ids the message listed, how many were deleted, how many a stored split had counted. */
  listed: number;
  voided: number;
  kept: number;
  weight_voided: Numeric;
  detected_at: Int8;
  created_at: Timestamp;
}
