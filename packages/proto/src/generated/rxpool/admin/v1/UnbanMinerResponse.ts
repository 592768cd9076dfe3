// Original file: proto/rxpool/admin/v1/admin.proto


export interface UnbanMinerResponseInput {
  'key'?: (string);
  'removed'?: (boolean);
}

export interface UnbanMinerResponse {
  'key': (string);
  'removed': (boolean);
}
