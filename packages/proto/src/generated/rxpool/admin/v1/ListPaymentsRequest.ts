// Original file: proto/rxpool/admin/v1/admin.proto


export interface ListPaymentsRequestInput {
  /**
   * Optional: one miner's payments.
   */
  'miner'?: (string);
  'limit'?: (number);
  /**
   * Optional: payments of batches with this status.
   */
  'status'?: (string);
}

export interface ListPaymentsRequest {
  /**
   * Optional: one miner's payments.
   */
  'miner': (string);
  'limit': (number);
  /**
   * Optional: payments of batches with this status.
   */
  'status': (string);
}
