// Original file: proto/rxpool/admin/v1/admin.proto


export interface GetMinerRequestInput {
  'miner'?: (string);
}

export interface GetMinerRequest {
  'miner': (string);
}
