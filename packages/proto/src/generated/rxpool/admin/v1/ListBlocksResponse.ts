// Original file: proto/rxpool/admin/v1/admin.proto

import type { BlockInput as _rxpool_admin_v1_BlockInput, Block as _rxpool_admin_v1_Block } from '../../../rxpool/admin/v1/Block.js';

export interface ListBlocksResponseInput {
  'blocks'?: (_rxpool_admin_v1_BlockInput)[];
}

export interface ListBlocksResponse {
  'blocks': (_rxpool_admin_v1_Block)[];
}
