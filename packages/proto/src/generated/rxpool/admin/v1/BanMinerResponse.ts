// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface BanMinerResponseInput {
  'key'?: (string);
  'untilMs'?: (number | string | Long);
}

export interface BanMinerResponse {
  'key': (string);
  'untilMs': (string);
}
