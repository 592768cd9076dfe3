// Original file: proto/rxpool/admin/v1/admin.proto

import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from '../../../rxpool/admin/v1/Hashrate.js';
import type { PayoutControlInput as _rxpool_admin_v1_PayoutControlInput, PayoutControl as _rxpool_admin_v1_PayoutControl } from '../../../rxpool/admin/v1/PayoutControl.js';
import type { Long } from '@grpc/proto-loader';

export interface PoolStatsInput {
  'hashrate'?: (_rxpool_admin_v1_HashrateInput | null);
  /**
   * Miners with shares in the last 24 hours.
   */
  'activeMiners'?: (number);
  'activeWorkers'?: (number);
  'blocksFound'?: (number);
  'blocksPending'?: (number);
  'blocksUnlocked'?: (number);
  'blocksOrphaned'?: (number);
  'lastBlockHeight'?: (number);
  'lastBlockAtMs'?: (number | string | Long);
  /**
   * Sum of positive ledger balances: what the pool owes.
   */
  'owed'?: (string);
  'paid'?: (string);
  'payoutFees'?: (string);
  'payouts'?: (_rxpool_admin_v1_PayoutControlInput | null);
  'payoutThreshold'?: (string);
  'openBatches'?: (number);
  /**
   * PPS: credited to miners, brought in by unlocked PPS blocks, and the difference (the pool's exposure).
   */
  'ppsCredited'?: (string);
  'ppsEarned'?: (string);
  'ppsExposure'?: (string);
}

export interface PoolStats {
  'hashrate': (_rxpool_admin_v1_Hashrate | null);
  /**
   * Miners with shares in the last 24 hours.
   */
  'activeMiners': (number);
  'activeWorkers': (number);
  'blocksFound': (number);
  'blocksPending': (number);
  'blocksUnlocked': (number);
  'blocksOrphaned': (number);
  'lastBlockHeight': (number);
  'lastBlockAtMs': (string);
  /**
   * Sum of positive ledger balances: what the pool owes.
   */
  'owed': (string);
  'paid': (string);
  'payoutFees': (string);
  'payouts': (_rxpool_admin_v1_PayoutControl | null);
  'payoutThreshold': (string);
  'openBatches': (number);
  /**
   * PPS: credited to miners, brought in by unlocked PPS blocks, and the difference (the pool's exposure).
   */
  'ppsCredited': (string);
  'ppsEarned': (string);
  'ppsExposure': (string);
}
