import { asObject, int, oneOf, str } from './decode.js';

/** A ban, stored in the bans KV bucket under `ip.<ip>` or `addr.<address>` and watched by every gateway. */
export interface BanEntry {
  kind: 'ip' | 'address';
  target: string;
  reason: string;
  /** ms since epoch; 0 = permanent. */
  until: number;
  by: string;
  createdAt: number;
}

export function banKey(kind: BanEntry['kind'], target: string): string {
  // KV keys allow [-/_=.a-zA-Z0-9]; IPv6 colons are mapped to '_'.
  return `${kind === 'ip' ? 'ip' : 'addr'}.${target.replace(/[^-/_=.a-zA-Z0-9]/g, '_')}`;
}

export function decodeBanEntry(value: unknown): BanEntry {
  const o = asObject('BanEntry', value);
  return {
    kind: oneOf('BanEntry', o, 'kind', ['ip', 'address'] as const),
    target: str('BanEntry', o, 'target'),
    reason: str('BanEntry', o, 'reason'),
    until: int('BanEntry', o, 'until'),
    by: str('BanEntry', o, 'by'),
    createdAt: int('BanEntry', o, 'createdAt'),
  };
}
