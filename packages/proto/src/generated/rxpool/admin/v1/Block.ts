// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface BlockInput {
  'id'?: (string);
  'height'?: (number);
  'hash'?: (string);
  'status'?: (string);
  'scheme'?: (string);
  'miner'?: (string);
  'worker'?: (string);
  'reward'?: (string);
  'networkDifficulty'?: (string);
  'confirmations'?: (number);
  'reason'?: (string);
  'foundAtMs'?: (number | string | Long);
  /**
   * While another block holds this height: that block, and how deep it is (orphaned at ORPHAN_DEPTH).
   */
  'rivalHash'?: (string);
  'rivalDepth'?: (number);
}

export interface Block {
  'id': (string);
  'height': (number);
  'hash': (string);
  'status': (string);
  'scheme': (string);
  'miner': (string);
  'worker': (string);
  'reward': (string);
  'networkDifficulty': (string);
  'confirmations': (number);
  'reason': (string);
  'foundAtMs': (string);
  /**
   * While another block holds this height: that block, and how deep it is (orphaned at ORPHAN_DEPTH).
   */
  'rivalHash': (string);
  'rivalDepth': (number);
}
