// Original file: proto/rxpool/admin/v1/admin.proto

import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from '../../../rxpool/admin/v1/Hashrate.js';
import type { WorkerStatsInput as _rxpool_admin_v1_WorkerStatsInput, WorkerStats as _rxpool_admin_v1_WorkerStats } from '../../../rxpool/admin/v1/WorkerStats.js';
import type { PaymentInput as _rxpool_admin_v1_PaymentInput, Payment as _rxpool_admin_v1_Payment } from '../../../rxpool/admin/v1/Payment.js';

export interface MinerDetailInput {
  'miner'?: (string);
  'balance'?: (string);
  'paid'?: (string);
  'payoutFees'?: (string);
  'hashrate'?: (_rxpool_admin_v1_HashrateInput | null);
  'workers'?: (_rxpool_admin_v1_WorkerStatsInput)[];
  'recentPayments'?: (_rxpool_admin_v1_PaymentInput)[];
  'banned'?: (boolean);
}

export interface MinerDetail {
  'miner': (string);
  'balance': (string);
  'paid': (string);
  'payoutFees': (string);
  'hashrate': (_rxpool_admin_v1_Hashrate | null);
  'workers': (_rxpool_admin_v1_WorkerStats)[];
  'recentPayments': (_rxpool_admin_v1_Payment)[];
  'banned': (boolean);
}
