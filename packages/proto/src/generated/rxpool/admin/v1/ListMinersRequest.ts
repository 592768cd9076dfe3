// Original file: proto/rxpool/admin/v1/admin.proto


export interface ListMinersRequestInput {
  'limit'?: (number);
  'offset'?: (number);
}

export interface ListMinersRequest {
  'limit': (number);
  'offset': (number);
}
