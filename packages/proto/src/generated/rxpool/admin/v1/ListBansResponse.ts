// Original file: proto/rxpool/admin/v1/admin.proto

import type { BanInput as _rxpool_admin_v1_BanInput, Ban as _rxpool_admin_v1_Ban } from '../../../rxpool/admin/v1/Ban.js';

export interface ListBansResponseInput {
  /**
   * The longest-lasting first.
   */
  'bans'?: (_rxpool_admin_v1_BanInput)[];
  /**
   * Bans in force, also those past the limit.
   */
  'total'?: (number);
}

export interface ListBansResponse {
  /**
   * The longest-lasting first.
   */
  'bans': (_rxpool_admin_v1_Ban)[];
  /**
   * Bans in force, also those past the limit.
   */
  'total': (number);
}
