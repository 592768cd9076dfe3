import { Rejections } from '@rxpool/stratum';
import type { LimitsConfig } from '../config.js';
import type { Peer } from '../session/miner-session.js';
import type { AbuseGuard } from './abuse-guard.js';
import { banRefusal, type Refusal } from './ban-list.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { type IpAllowlist, normalizeIp } from './ip-address.js';

/**
 * Connections beyond a group's cap that are still held long enough to be told why (their
 * login is answered, or the handshake timeout closes them); past these, dropped at once.
 */
export const REFUSAL_SLACK = 8;

export type Admitted =
  /** Not worth a word: closed at once. `reason` labels the refusal metric. */
  | { kind: 'drop'; reason: string }
  /** A session; with a refusal it only waits for its login, to answer it with why. */
  | { kind: 'admit'; peer: Peer; refusal: Refusal | undefined; reason: string | undefined };

/**
 * Who may open a connection, decided before any byte is read (so before a TLS handshake):
 * the group's ban, its connection cap and the pre-login throttle. Every admitted
 * connection, refused ones included, holds a slot of its group until it closes: a group
 * holds at most cap + REFUSAL_SLACK descriptors, whatever it does.
 */
export class Admission {
  private readonly limiter: ConnectionLimiter;

  constructor(
    private readonly limits: LimitsConfig,
    private readonly allowlist: IpAllowlist,
    private readonly abuse: AbuseGuard,
    private readonly groupOf: (ip: string) => string,
  ) {
    this.limiter = new ConnectionLimiter(limits.maxConnectionsPerIp + REFUSAL_SLACK);
  }

  peerOf(address: string | undefined): Peer {
    const ip = normalizeIp(address);
    return { ip, group: this.groupOf(ip), allowlisted: this.allowlist.has(ip) };
  }

  /** The client at `address` (the socket's, or a PROXY header's) connects. */
  admit(address: string | undefined, now: number): Admitted {
    const peer = this.peerOf(address);
    if (peer.allowlisted) return { kind: 'admit', peer, refusal: undefined, reason: undefined };
    const open = this.limiter.count(peer.group);
    if (!this.limiter.tryAcquire(peer.group)) return { kind: 'drop', reason: 'per_group_limit' };
    const ban = this.abuse.groupBan(peer, now);
    if (ban !== undefined) return { kind: 'admit', peer, refusal: banRefusal(ban), reason: 'banned' };
    if (open >= this.limits.maxConnectionsPerIp) {
      const message = `${Rejections.TooManyConnections.message}: ${this.limits.maxConnectionsPerIp} open from this address`;
      const refusal = { rejection: Rejections.TooManyConnections, message };
      return { kind: 'admit', peer, refusal, reason: 'per_group_limit' };
    }
    if (this.abuse.throttled(peer, now)) {
      const message = `${Rejections.RateLimited.message}: malformed requests from this address, retry in a few seconds`;
      return {
        kind: 'admit',
        peer,
        refusal: { rejection: Rejections.RateLimited, message },
        reason: 'prelogin_throttle',
      };
    }
    return { kind: 'admit', peer, refusal: undefined, reason: undefined };
  }

  /** The connection of an admitted peer closed. */
  release(peer: Peer): void {
    if (!peer.allowlisted) this.limiter.release(peer.group);
  }

  /** Open connections of a group (refused ones included). */
  openIn(group: string): number {
    return this.limiter.count(group);
  }
}
