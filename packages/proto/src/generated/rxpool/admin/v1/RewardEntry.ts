// Original file: proto/rxpool/admin/v1/admin.proto


export interface RewardEntryInput {
  /**
   * miner | fee
   */
  'role'?: (string);
  'account'?: (string);
  'weight'?: (string);
  'amount'?: (string);
}

export interface RewardEntry {
  /**
   * miner | fee
   */
  'role': (string);
  'account': (string);
  'weight': (string);
  'amount': (string);
}
