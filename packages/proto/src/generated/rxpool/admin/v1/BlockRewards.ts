// Original file: proto/rxpool/admin/v1/admin.proto

import type { BlockInput as _rxpool_admin_v1_BlockInput, Block as _rxpool_admin_v1_Block } from '../../../rxpool/admin/v1/Block.js';
import type { PplnsWindowInput as _rxpool_admin_v1_PplnsWindowInput, PplnsWindow as _rxpool_admin_v1_PplnsWindow } from '../../../rxpool/admin/v1/PplnsWindow.js';
import type { RewardEntryInput as _rxpool_admin_v1_RewardEntryInput, RewardEntry as _rxpool_admin_v1_RewardEntry } from '../../../rxpool/admin/v1/RewardEntry.js';

/**
 * The split as stored when the block went pending: immutable, with its digest.
 */
export interface BlockRewardsInput {
  'block'?: (_rxpool_admin_v1_BlockInput | null);
  'scheme'?: (string);
  'reward'?: (string);
  'feeBps'?: (number);
  'fee'?: (string);
  'digest'?: (string);
  'window'?: (_rxpool_admin_v1_PplnsWindowInput | null);
  'entries'?: (_rxpool_admin_v1_RewardEntryInput)[];
  /**
   * Whether the entries are already in the ledger (block unlocked).
   */
  'credited'?: (boolean);
}

/**
 * The split as stored when the block went pending: immutable, with its digest.
 */
export interface BlockRewards {
  'block': (_rxpool_admin_v1_Block | null);
  'scheme': (string);
  'reward': (string);
  'feeBps': (number);
  'fee': (string);
  'digest': (string);
  'window': (_rxpool_admin_v1_PplnsWindow | null);
  'entries': (_rxpool_admin_v1_RewardEntry)[];
  /**
   * Whether the entries are already in the ledger (block unlocked).
   */
  'credited': (boolean);
}
