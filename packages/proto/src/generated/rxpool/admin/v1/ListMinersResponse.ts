// Original file: proto/rxpool/admin/v1/admin.proto

import type { MinerSummaryInput as _rxpool_admin_v1_MinerSummaryInput, MinerSummary as _rxpool_admin_v1_MinerSummary } from '../../../rxpool/admin/v1/MinerSummary.js';

export interface ListMinersResponseInput {
  'miners'?: (_rxpool_admin_v1_MinerSummaryInput)[];
  'total'?: (number);
}

export interface ListMinersResponse {
  'miners': (_rxpool_admin_v1_MinerSummary)[];
  'total': (number);
}
