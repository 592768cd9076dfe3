// Original file: proto/rxpool/admin/v1/admin.proto


export interface RecheckBlockRequestInput {
  'blockId'?: (string);
}

export interface RecheckBlockRequest {
  'blockId': (string);
}
