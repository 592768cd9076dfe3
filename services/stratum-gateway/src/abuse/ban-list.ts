import { type BanEntry, banKey, minerBanTarget } from '@rxpool/messages';
import { banMessage, type Rejection, Rejections } from '@rxpool/stratum';
import { normalizeIp } from './ip-address.js';

/** Who a ban covers, as this gateway looks connections up: a group, a payout address, or both. */
export interface BanScope {
  group?: string;
  address?: string;
}

/**
 * The bans in force, as this gateway knows them: its own decisions and every entry of
 * the shared bans bucket (other gateways, admins). Entries are kept under their bucket
 * key (deletions name it) and found by what they cover: an `ip` ban covers its target's
 * address group (an admin bans "2001:db8::1", the whole /64 is out). Expired entries are
 * never stored and are dropped by `prune`.
 */
export class BanList {
  private readonly byLookup = new Map<string, Map<string, BanEntry>>();
  private readonly lookupOfKey = new Map<string, string>();

  constructor(private readonly groupOf: (ip: string) => string) {}

  put(entry: BanEntry, now: number): void {
    const key = banKey(entry.kind, entry.target);
    this.remove(key);
    if (!isActive(entry, now)) return;
    const lookup = this.lookupOf(entry);
    let entries = this.byLookup.get(lookup);
    if (entries === undefined) {
      entries = new Map();
      this.byLookup.set(lookup, entries);
    }
    entries.set(key, entry);
    this.lookupOfKey.set(key, lookup);
  }

  remove(key: string): void {
    const lookup = this.lookupOfKey.get(key);
    if (lookup === undefined) return;
    this.lookupOfKey.delete(key);
    const entries = this.byLookup.get(lookup);
    entries?.delete(key);
    if (entries?.size === 0) this.byLookup.delete(lookup);
  }

  groupBan(group: string, now: number): BanEntry | undefined {
    return this.active(`ip:${group}`, now);
  }

  addressBan(address: string, now: number): BanEntry | undefined {
    return this.active(`address:${address}`, now);
  }

  minerBan(address: string, group: string, now: number): BanEntry | undefined {
    return this.active(`miner:${minerBanTarget(address, group)}`, now);
  }

  /** What the entry covers, in this gateway's address groups. */
  scope(entry: BanEntry): BanScope {
    if (entry.kind === 'ip') return { group: this.groupOfTarget(entry.target) };
    if (entry.kind === 'address') return { address: entry.target };
    return this.minerOf(entry.target);
  }

  prune(now: number): void {
    for (const entries of [...this.byLookup.values()]) {
      for (const [key, entry] of entries) if (!isActive(entry, now)) this.remove(key);
    }
  }

  get size(): number {
    return this.lookupOfKey.size;
  }

  private lookupOf(entry: BanEntry): string {
    if (entry.kind === 'ip') return `ip:${this.groupOfTarget(entry.target)}`;
    if (entry.kind === 'address') return `address:${entry.target}`;
    const { address, group } = this.minerOf(entry.target);
    return `miner:${minerBanTarget(address, group)}`;
  }

  /** "<address>@<ip or group>" (an operator may name any address of the group). */
  private minerOf(target: string): { address: string; group: string } {
    const at = target.lastIndexOf('@');
    return { address: target.slice(0, at), group: this.groupOfTarget(target.slice(at + 1)) };
  }

  /** An admin's address, or a group key as ListBans shows it ("2001:db8:1:2::/64"). */
  private groupOfTarget(target: string): string {
    const slash = target.indexOf('/');
    return this.groupOf(normalizeIp(slash < 0 ? target : target.slice(0, slash)));
  }

  private active(lookup: string, now: number): BanEntry | undefined {
    if (this.byLookup.size === 0) return undefined;
    const entries = this.byLookup.get(lookup);
    if (entries === undefined) return undefined;
    for (const entry of entries.values()) if (isActive(entry, now)) return entry;
    return undefined;
  }
}

export function isActive(entry: BanEntry, now: number): boolean {
  return entry.until === 0 || entry.until > now;
}

/** What a connection or login refused for a reason is answered, on its login's id. */
export interface Refusal {
  readonly rejection: Rejection;
  readonly message: string;
}

/** A ban as the miner reads it: "your IP is banned until …: <why>". */
export function banRefusal(entry: BanEntry): Refusal {
  const why =
    entry.kind === 'address'
      ? `this payout address is banned: ${entry.reason}`
      : entry.kind === 'miner'
        ? `${entry.reason} from this payout address`
        : entry.reason;
  return { rejection: Rejections.Banned, message: banMessage(entry.until, why) };
}
