// Original file: proto/rxpool/admin/v1/admin.proto

import type { BlockInput as _rxpool_admin_v1_BlockInput, Block as _rxpool_admin_v1_Block } from '../../../rxpool/admin/v1/Block.js';

export interface RecheckBlockResponseInput {
  'block'?: (_rxpool_admin_v1_BlockInput | null);
  /**
   * pending | unlocked | orphaned | contested | waiting
   */
  'outcome'?: (string);
  /**
   * Why it waits: chain-unavailable | finding-share-missing | ingest-incomplete | window-rows-missing | pps-unfunded | error
   */
  'waitingFor'?: (string);
}

export interface RecheckBlockResponse {
  'block': (_rxpool_admin_v1_Block | null);
  /**
   * pending | unlocked | orphaned | contested | waiting
   */
  'outcome': (string);
  /**
   * Why it waits: chain-unavailable | finding-share-missing | ingest-incomplete | window-rows-missing | pps-unfunded | error
   */
  'waitingFor': (string);
}
