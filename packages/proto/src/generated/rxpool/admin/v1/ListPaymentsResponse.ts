// Original file: proto/rxpool/admin/v1/admin.proto

import type { PaymentInput as _rxpool_admin_v1_PaymentInput, Payment as _rxpool_admin_v1_Payment } from '../../../rxpool/admin/v1/Payment.js';

export interface ListPaymentsResponseInput {
  'payments'?: (_rxpool_admin_v1_PaymentInput)[];
}

export interface ListPaymentsResponse {
  'payments': (_rxpool_admin_v1_Payment)[];
}
