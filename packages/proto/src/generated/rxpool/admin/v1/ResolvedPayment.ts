// Original file: proto/rxpool/admin/v1/admin.proto


export interface ResolvedPaymentInput {
  'address'?: (string);
  'amount'?: (string);
  'fee'?: (string);
  /**
   * Credited back to the miner's balance (payout_refund): amount + fee when not paid.
   */
  'refunded'?: (string);
}

export interface ResolvedPayment {
  'address': (string);
  'amount': (string);
  'fee': (string);
  /**
   * Credited back to the miner's balance (payout_refund): amount + fee when not paid.
   */
  'refunded': (string);
}
