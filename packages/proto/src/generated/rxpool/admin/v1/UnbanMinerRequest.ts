// Original file: proto/rxpool/admin/v1/admin.proto


export interface UnbanMinerRequestInput {
  'kind'?: (string);
  'target'?: (string);
}

export interface UnbanMinerRequest {
  'kind': (string);
  'target': (string);
}
