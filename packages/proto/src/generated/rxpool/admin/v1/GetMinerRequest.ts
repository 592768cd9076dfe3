// Original file: proto/rxpool/admin/v1/admin.proto


export interface GetMinerRequestInput {
  'address'?: (string);
}

export interface GetMinerRequest {
  'address': (string);
}
