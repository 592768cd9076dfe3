// Original file: proto/rxpool/admin/v1/admin.proto


export interface GetBlockRewardsRequestInput {
  'height'?: (number);
  /**
   * Optional: the block id when several blocks of ours share a height (an orphan and its successor).
   */
  'blockId'?: (string);
}

export interface GetBlockRewardsRequest {
  'height': (number);
  /**
   * Optional: the block id when several blocks of ours share a height (an orphan and its successor).
   */
  'blockId': (string);
}
