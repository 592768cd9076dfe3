// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface PaymentInput {
  'id'?: (string);
  'batchId'?: (string);
  /**
   * Where the wallet sent it (the miner's payout address, or its subaddress or integrated form).
   */
  'address'?: (string);
  'amount'?: (string);
  'fee'?: (string);
  /**
   * planned | signed | submitting | submitted | confirmed | failed | needs_review
   */
  'status'?: (string);
  'txHash'?: (string);
  /**
   * With tx_hash and the address, proves the payment (check_tx_key).
   */
  'txKey'?: (string);
  'createdAtMs'?: (number | string | Long);
  'submittedAtMs'?: (number | string | Long);
  'confirmedAtMs'?: (number | string | Long);
}

export interface Payment {
  'id': (string);
  'batchId': (string);
  /**
   * Where the wallet sent it (the miner's payout address, or its subaddress or integrated form).
   */
  'address': (string);
  'amount': (string);
  'fee': (string);
  /**
   * planned | signed | submitting | submitted | confirmed | failed | needs_review
   */
  'status': (string);
  'txHash': (string);
  /**
   * With tx_hash and the address, proves the payment (check_tx_key).
   */
  'txKey': (string);
  'createdAtMs': (string);
  'submittedAtMs': (string);
  'confirmedAtMs': (string);
}
