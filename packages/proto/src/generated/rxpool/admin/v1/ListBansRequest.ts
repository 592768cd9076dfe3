// Original file: proto/rxpool/admin/v1/admin.proto


export interface ListBansRequestInput {
  /**
   * Optional filter: ip | address | miner
   */
  'kind'?: (string);
  'limit'?: (number);
}

export interface ListBansRequest {
  /**
   * Optional filter: ip | address | miner
   */
  'kind': (string);
  'limit': (number);
}
