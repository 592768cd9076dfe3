import { type BanEntry, minerBanTarget } from '@rxpool/messages';
import type { Rejection } from '@rxpool/stratum';
import { TokenBucket } from '@rxpool/token-bucket';
import type { BanConfig, LimitsConfig } from '../config.js';
import { type BanList, type BanScope, isActive } from './ban-list.js';
import type { PreloginThrottle } from './prelogin-throttle.js';

/** Rejections that say a share was bad (not merely late): they count toward a ban. */
export const INVALID_SHARE_KEYS: ReadonlySet<string> = new Set([
  'invalid_job_id',
  'duplicate',
  'low_difficulty',
  'invalid_share',
  'hash_mismatch',
  'malformed_nonce',
  'malformed_result',
]);

/** Side effects of the guard: metrics, the shared bans bucket, kicking banned miners. */
export interface AbuseGuardEffects {
  countRejection(rejection: Rejection): void;
  countAccepted(): void;
  /** Stores a ban for every gateway (best effort; the local ban holds anyway). */
  publishBan(entry: BanEntry): void;
  /** Closes the connections a new ban covers. */
  enforceBan(entry: BanEntry): void;
}

/** What the guard needs of a connection (a MinerSession). */
export interface GuardedPeer {
  /** The client's address group (an IPv4 address, an IPv6 /64). */
  readonly group: string;
  /** Its address is in BAN_ALLOWLIST: never limited nor banned. */
  readonly allowlisted: boolean;
  /** Set once logged in. */
  readonly miner?: { readonly address: string } | undefined;
}

class ShareStats {
  checked = 0;
  invalid = 0;
}

/**
 * Counting and banning in one place: every rejection and acceptance passes here, so
 * invalid-share ratios, login rates, the pre-login throttle and bans are decided
 * together. Only a logged-in miner's shares count toward a ban, and the ban covers that
 * payout address from that address group (a `miner` ban): behind one NAT address, the
 * abuser is refused and its neighbours keep mining. Allowlisted peers are never limited
 * nor banned.
 */
export class AbuseGuard {
  private readonly stats = new Map<string, ShareStats>();
  private readonly loginBuckets = new Map<string, TokenBucket>();

  constructor(
    private readonly bans: BanConfig,
    private readonly limits: LimitsConfig,
    private readonly banList: BanList,
    private readonly throttle: PreloginThrottle,
    private readonly effects: AbuseGuardEffects,
    /** Who decides, for the ban entry's `by`. */
    private readonly by: () => string,
  ) {}

  /** A ban on the whole address group (from an admin or the shared bucket). */
  groupBan(peer: GuardedPeer, now: number): BanEntry | undefined {
    return peer.allowlisted ? undefined : this.banList.groupBan(peer.group, now);
  }

  /** A ban on this payout address, anywhere or from this peer's group. */
  loginBan(address: string, peer: GuardedPeer, now: number): BanEntry | undefined {
    const ban = this.banList.addressBan(address, now);
    if (ban !== undefined || peer.allowlisted) return ban;
    return this.banList.minerBan(address, peer.group, now);
  }

  /** New connections from the group wait: it sent too many malformed requests before login. */
  throttled(peer: GuardedPeer, now: number): boolean {
    return !peer.allowlisted && this.throttle.throttled(peer.group, now);
  }

  /** A malformed request before login (the connection is closed): feeds the throttle, never a ban. */
  preloginGarbage(peer: GuardedPeer, now: number): void {
    if (!peer.allowlisted) this.throttle.add(peer.group, now);
  }

  /** A login attempt: false when the group logs in faster than the login rate. */
  allowLogin(peer: GuardedPeer, now: number): boolean {
    if (peer.allowlisted) return true;
    let bucket = this.loginBuckets.get(peer.group);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.limits.loginBurst, now);
      this.loginBuckets.set(peer.group, bucket);
    }
    return bucket.take(now, this.limits.loginBurst, this.limits.loginPerSecond);
  }

  /** Any rejection sent. Returns the ban it caused, if any. */
  rejected(peer: GuardedPeer, rejection: Rejection, now: number): BanEntry | undefined {
    this.effects.countRejection(rejection);
    const miner = peer.miner;
    if (miner === undefined || peer.allowlisted || !INVALID_SHARE_KEYS.has(rejection.key)) return undefined;
    const target = minerBanTarget(miner.address, peer.group);
    const s = this.statsOf(target);
    s.checked += 1;
    s.invalid += 1;
    return this.judge(target, s, now);
  }

  accepted(peer: GuardedPeer): void {
    this.effects.countAccepted();
    const miner = peer.miner;
    if (miner !== undefined && !peer.allowlisted)
      this.statsOf(minerBanTarget(miner.address, peer.group)).checked += 1;
  }

  /** A ban from elsewhere (the shared bucket) or from an admin. */
  applyBan(entry: BanEntry, now: number): void {
    this.banList.put(entry, now);
    if (isActive(entry, now)) this.effects.enforceBan(entry);
  }

  /** Who a ban covers, in this gateway's address groups. */
  scope(entry: BanEntry): BanScope {
    return this.banList.scope(entry);
  }

  /** A ban deleted from the shared bucket. */
  liftBan(key: string): void {
    this.banList.remove(key);
  }

  /** Periodic: halves the share counts (old behaviour fades), drops idle state. */
  decay(now: number): void {
    for (const [target, s] of this.stats) {
      s.checked = Math.floor(s.checked / 2);
      s.invalid = Math.floor(s.invalid / 2);
      if (s.checked === 0) this.stats.delete(target);
    }
    const { loginBurst, loginPerSecond } = this.limits;
    for (const [group, bucket] of this.loginBuckets) {
      if (bucket.isFull(now, loginBurst, loginPerSecond)) this.loginBuckets.delete(group);
    }
    this.throttle.prune(now);
    this.banList.prune(now);
  }

  private statsOf(target: string): ShareStats {
    let s = this.stats.get(target);
    if (s === undefined) {
      s = new ShareStats();
      this.stats.set(target, s);
    }
    return s;
  }

  private judge(target: string, s: ShareStats, now: number): BanEntry | undefined {
    if (s.checked < this.bans.minShares || s.invalid <= s.checked * this.bans.invalidRatio) return undefined;
    const entry: BanEntry = {
      kind: 'miner',
      target,
      reason: `too many invalid shares (${s.invalid} of ${s.checked})`,
      until: now + this.bans.durationMs,
      by: this.by(),
      createdAt: now,
    };
    this.stats.delete(target);
    this.banList.put(entry, now);
    this.effects.publishBan(entry);
    this.effects.enforceBan(entry);
    return entry;
  }
}
