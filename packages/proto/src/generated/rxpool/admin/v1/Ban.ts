// Original file: proto/rxpool/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface BanInput {
  /**
   * The bans bucket's key (what UnbanMiner deletes).
   */
  'key'?: (string);
  /**
   * ip: an address group (an IPv4 address, an IPv6 /64); address: a payout address anywhere;
   * miner: a payout address from one address group (target "<address>@<group>"), the gateways' own bans.
   */
  'kind'?: (string);
  'target'?: (string);
  'reason'?: (string);
  /**
   * 0 = until the bucket's max age drops it (an entry from before bans expired).
   */
  'untilMs'?: (number | string | Long);
  'by'?: (string);
  'createdAtMs'?: (number | string | Long);
}

export interface Ban {
  /**
   * The bans bucket's key (what UnbanMiner deletes).
   */
  'key': (string);
  /**
   * ip: an address group (an IPv4 address, an IPv6 /64); address: a payout address anywhere;
   * miner: a payout address from one address group (target "<address>@<group>"), the gateways' own bans.
   */
  'kind': (string);
  'target': (string);
  'reason': (string);
  /**
   * 0 = until the bucket's max age drops it (an entry from before bans expired).
   */
  'untilMs': (string);
  'by': (string);
  'createdAtMs': (string);
}
