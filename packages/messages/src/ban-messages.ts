import { asObject, int, oneOf, str } from './decode.js';

/**
 * A ban, stored in the bans KV bucket under `ip.<ip>`, `addr.<address>` or `miner.<address>@<group>`
 * and watched by every gateway. `ip`: an address group (an IPv4 address or an IPv6 /64, a
 * gateway maps an address to its group); `address`: a payout address wherever it logs in;
 * `miner`: one payout address from one address group (target `<address>@<group>`), what a
 * gateway decides on invalid shares, so the neighbours behind one NAT address keep mining.
 */
export interface BanEntry {
  kind: 'ip' | 'address' | 'miner';
  target: string;
  reason: string;
  /** ms since epoch; 0 (entries from before bans expired) = until the bucket's max age drops it. */
  until: number;
  by: string;
  createdAt: number;
}

export function banKey(kind: BanEntry['kind'], target: string): string {
  // KV keys allow [-/_=.a-zA-Z0-9]; IPv6 colons are mapped to '_'.
  const prefix = kind === 'ip' ? 'ip' : kind === 'miner' ? 'miner' : 'addr';
  return `${prefix}.${target.replace(/[^-/_=.a-zA-Z0-9]/g, '_')}`;
}

export function decodeBanEntry(value: unknown): BanEntry {
  const o = asObject('BanEntry', value);
  return {
    kind: oneOf('BanEntry', o, 'kind', ['ip', 'address', 'miner'] as const),
    target: str('BanEntry', o, 'target'),
    reason: str('BanEntry', o, 'reason'),
    until: int('BanEntry', o, 'until'),
    by: str('BanEntry', o, 'by'),
    createdAt: int('BanEntry', o, 'createdAt'),
  };
}

/** The target of a `miner` ban: one payout address from one address group. */
export function minerBanTarget(address: string, group: string): string {
  return `${address}@${group}`;
}
