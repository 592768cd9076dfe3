import type { BanEntry } from '@rxpool/messages';
import type { Rejection } from '@rxpool/stratum';
import type { BanConfig, LimitsConfig } from '../config.js';
import { type BanList, isActive } from './ban-list.js';
import type { IpAllowlist } from './ip-address.js';
import { TokenBucket } from './token-bucket.js';

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

class ShareStats {
  checked = 0;
  invalid = 0;
}

/**
 * Counting and banning in one place: every rejection and acceptance passes here, so
 * the invalid-share ratio per IP, login rates per IP and bans are decided together.
 * Allowlisted IPs are never limited nor banned.
 */
export class AbuseGuard {
  private readonly stats = new Map<string, ShareStats>();
  private readonly loginBuckets = new Map<string, TokenBucket>();

  constructor(
    private readonly bans: BanConfig,
    private readonly limits: LimitsConfig,
    private readonly allowlist: IpAllowlist,
    private readonly banList: BanList,
    private readonly effects: AbuseGuardEffects,
    /** Who decides, for the ban entry's `by`. */
    private readonly by: () => string,
  ) {}

  isAllowlisted(ip: string): boolean {
    return this.allowlist.has(ip);
  }

  ipBan(ip: string, now: number): BanEntry | undefined {
    if (this.allowlist.has(ip)) return undefined;
    return this.banList.ipBan(ip, now);
  }

  addressBan(address: string, now: number): BanEntry | undefined {
    return this.banList.addressBan(address, now);
  }

  /** A login attempt from `ip`: false when it comes faster than the login rate. */
  allowLogin(ip: string, now: number): boolean {
    if (this.allowlist.has(ip)) return true;
    let bucket = this.loginBuckets.get(ip);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.limits.loginBurst, now);
      this.loginBuckets.set(ip, bucket);
    }
    return bucket.take(now, this.limits.loginBurst, this.limits.loginPerSecond);
  }

  /** Any rejection sent to a miner. Returns the ban it caused, if any. */
  rejected(ip: string, rejection: Rejection, now: number): BanEntry | undefined {
    this.effects.countRejection(rejection);
    if (!INVALID_SHARE_KEYS.has(rejection.key)) return undefined;
    const s = this.statsOf(ip);
    s.checked += 1;
    s.invalid += 1;
    return this.judge(ip, s, now);
  }

  accepted(ip: string): void {
    this.effects.countAccepted();
    this.statsOf(ip).checked += 1;
  }

  /** A ban from elsewhere (the shared bucket) or from an admin. */
  applyBan(entry: BanEntry, now: number): void {
    this.banList.put(entry);
    if (isActive(entry, now)) this.effects.enforceBan(entry);
  }

  /** A ban deleted from the shared bucket. */
  liftBan(key: string): void {
    this.banList.remove(key);
  }

  /** Periodic: halves the share counts (old behaviour fades), drops idle state. */
  decay(now: number): void {
    for (const [ip, s] of this.stats) {
      s.checked = Math.floor(s.checked / 2);
      s.invalid = Math.floor(s.invalid / 2);
      if (s.checked === 0) this.stats.delete(ip);
    }
    const { loginBurst, loginPerSecond } = this.limits;
    for (const [ip, bucket] of this.loginBuckets) {
      if (bucket.isFull(now, loginBurst, loginPerSecond)) this.loginBuckets.delete(ip);
    }
    this.banList.prune(now);
  }

  private statsOf(ip: string): ShareStats {
    let s = this.stats.get(ip);
    if (s === undefined) {
      s = new ShareStats();
      this.stats.set(ip, s);
    }
    return s;
  }

  private judge(ip: string, s: ShareStats, now: number): BanEntry | undefined {
    if (s.checked < this.bans.minShares || s.invalid <= s.checked * this.bans.invalidRatio) return undefined;
    if (this.allowlist.has(ip)) return undefined;
    const entry: BanEntry = {
      kind: 'ip',
      target: ip,
      reason: `${s.invalid} of ${s.checked} shares invalid`,
      until: now + this.bans.durationMs,
      by: this.by(),
      createdAt: now,
    };
    this.stats.delete(ip);
    this.banList.put(entry);
    this.effects.publishBan(entry);
    this.effects.enforceBan(entry);
    return entry;
  }
}
