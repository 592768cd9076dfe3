// Original file: proto/rxpool/admin/v1/admin.proto


export interface BanMinerRequestInput {
  /**
   * address | ip (an IPv6 address bans its /64) | miner (target "<address>@<ip>": that payout address from that address group)
   */
  'kind'?: (string);
  'target'?: (string);
  'reason'?: (string);
  /**
   * 0, or more than a ban can last (the bans bucket's max age, 7 days) = that longest.
   */
  'durationSeconds'?: (number);
}

export interface BanMinerRequest {
  /**
   * address | ip (an IPv6 address bans its /64) | miner (target "<address>@<ip>": that payout address from that address group)
   */
  'kind': (string);
  'target': (string);
  'reason': (string);
  /**
   * 0, or more than a ban can last (the bans bucket's max age, 7 days) = that longest.
   */
  'durationSeconds': (number);
}
