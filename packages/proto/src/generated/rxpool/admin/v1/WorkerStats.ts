// Original file: proto/rxpool/admin/v1/admin.proto

import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from '../../../rxpool/admin/v1/Hashrate.js';

export interface WorkerStatsInput {
  'worker'?: (string);
  'hashrate'?: (_rxpool_admin_v1_HashrateInput | null);
}

export interface WorkerStats {
  'worker': (string);
  'hashrate': (_rxpool_admin_v1_Hashrate | null);
}
