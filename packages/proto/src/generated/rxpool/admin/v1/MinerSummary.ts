// Original file: proto/rxpool/admin/v1/admin.proto

import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from '../../../rxpool/admin/v1/Hashrate.js';
import type { Long } from '@grpc/proto-loader';

export interface MinerSummaryInput {
  /**
   * The miner's payout address (its login and its ledger account).
   */
  'miner'?: (string);
  'balance'?: (string);
  'paid'?: (string);
  'hashrate'?: (_rxpool_admin_v1_HashrateInput | null);
  'workers'?: (number);
  'lastShareAtMs'?: (number | string | Long);
}

export interface MinerSummary {
  /**
   * The miner's payout address (its login and its ledger account).
   */
  'miner': (string);
  'balance': (string);
  'paid': (string);
  'hashrate': (_rxpool_admin_v1_Hashrate | null);
  'workers': (number);
  'lastShareAtMs': (string);
}
