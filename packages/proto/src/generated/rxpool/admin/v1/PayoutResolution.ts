// Original file: proto/rxpool/admin/v1/admin.proto

import type { ResolvedPaymentInput as _rxpool_admin_v1_ResolvedPaymentInput, ResolvedPayment as _rxpool_admin_v1_ResolvedPayment } from '../../../rxpool/admin/v1/ResolvedPayment.js';

export interface PayoutResolutionInput {
  'batchId'?: (string);
  /**
   * confirmed | failed
   */
  'status'?: (string);
  'txHash'?: (string);
  /**
   * The batch's reason: why it needed review, then the resolution (who, reason).
   */
  'reason'?: (string);
  /**
   * All payout_refund rows written (0 when paid).
   */
  'refunded'?: (string);
  'payments'?: (_rxpool_admin_v1_ResolvedPaymentInput)[];
}

export interface PayoutResolution {
  'batchId': (string);
  /**
   * confirmed | failed
   */
  'status': (string);
  'txHash': (string);
  /**
   * The batch's reason: why it needed review, then the resolution (who, reason).
   */
  'reason': (string);
  /**
   * All payout_refund rows written (0 when paid).
   */
  'refunded': (string);
  'payments': (_rxpool_admin_v1_ResolvedPayment)[];
}
