// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface PplnsWindowInput {
  'size'?: (string);
  'total'?: (string);
  'shares'?: (number);
  'newestShare'?: (string);
  'newestAtMs'?: (number | string | Long);
  'oldestShare'?: (string);
  'oldestAtMs'?: (number | string | Long);
  'edgeCounted'?: (string);
}

export interface PplnsWindow {
  'size': (string);
  'total': (string);
  'shares': (number);
  'newestShare': (string);
  'newestAtMs': (string);
  'oldestShare': (string);
  'oldestAtMs': (string);
  'edgeCounted': (string);
}
