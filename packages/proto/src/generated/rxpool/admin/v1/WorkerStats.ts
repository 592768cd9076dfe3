// Original file: proto/rxpool/admin/v1/admin.proto

import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from '../../../rxpool/admin/v1/Hashrate.js';

export interface WorkerStatsInput {
  'name'?: (string);
  'hashrate'?: (_rxpool_admin_v1_HashrateInput | null);
}

export interface WorkerStats {
  'name': (string);
  'hashrate': (_rxpool_admin_v1_Hashrate | null);
}
