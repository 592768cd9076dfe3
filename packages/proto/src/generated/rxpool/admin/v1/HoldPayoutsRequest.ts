// Original file: proto/rxpool/admin/v1/admin.proto


export interface HoldPayoutsRequestInput {
  'reason'?: (string);
}

export interface HoldPayoutsRequest {
  'reason': (string);
}
