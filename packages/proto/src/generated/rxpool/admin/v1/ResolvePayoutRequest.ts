// Original file: proto/rxpool/admin/v1/admin.proto


/**
 * An operator's decision on a batch in needs_review, after checking its
 * transaction (the wallet's get_transfers, or check_tx_key with each address).
 */
export interface ResolvePayoutRequestInput {
  'batchId'?: (string);
  /**
   * paid: the transaction is on chain → confirmed, the debits stay.
   * not-paid: it never will be → failed, the debits are refunded to the miners.
   */
  'outcome'?: (string);
  /**
   * Required: what was checked and why (kept in the batch's reason with who resolved it).
   */
  'reason'?: (string);
  /**
   * Optional: the tx hash the operator verified; it must be the batch's.
   */
  'txHash'?: (string);
}

/**
 * An operator's decision on a batch in needs_review, after checking its
 * transaction (the wallet's get_transfers, or check_tx_key with each address).
 */
export interface ResolvePayoutRequest {
  'batchId': (string);
  /**
   * paid: the transaction is on chain → confirmed, the debits stay.
   * not-paid: it never will be → failed, the debits are refunded to the miners.
   */
  'outcome': (string);
  /**
   * Required: what was checked and why (kept in the batch's reason with who resolved it).
   */
  'reason': (string);
  /**
   * Optional: the tx hash the operator verified; it must be the batch's.
   */
  'txHash': (string);
}
