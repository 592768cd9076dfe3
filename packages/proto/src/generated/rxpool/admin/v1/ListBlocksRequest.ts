// Original file: proto/rxpool/admin/v1/admin.proto


export interface ListBlocksRequestInput {
  'limit'?: (number);
  /**
   * Only blocks below this height (0 = from the top).
   */
  'beforeHeight'?: (number);
  /**
   * Optional filter: candidate | accepted | rejected | pending | unlocked | orphaned
   */
  'status'?: (string);
}

export interface ListBlocksRequest {
  'limit': (number);
  /**
   * Only blocks below this height (0 = from the top).
   */
  'beforeHeight': (number);
  /**
   * Optional filter: candidate | accepted | rejected | pending | unlocked | orphaned
   */
  'status': (string);
}
