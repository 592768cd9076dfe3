// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Whether payouts run, and why not when they do not.
 */
export interface PayoutControlInput {
  /**
   * running | held | wallet-unavailable | wallet-locked | wallet-empty | disabled | standby
   * (standby: another accounting replica runs payouts)
   */
  'status'?: (string);
  'held'?: (boolean);
  'heldReason'?: (string);
  'heldBy'?: (string);
  'heldAtMs'?: (number | string | Long);
  'detail'?: (string);
}

/**
 * Whether payouts run, and why not when they do not.
 */
export interface PayoutControl {
  /**
   * running | held | wallet-unavailable | wallet-locked | wallet-empty | disabled | standby
   * (standby: another accounting replica runs payouts)
   */
  'status': (string);
  'held': (boolean);
  'heldReason': (string);
  'heldBy': (string);
  'heldAtMs': (string);
  'detail': (string);
}
