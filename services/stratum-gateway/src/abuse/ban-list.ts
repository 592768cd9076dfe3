import { type BanEntry, banKey } from '@rxpool/messages';

/**
 * The bans in force, as this gateway knows them: its own decisions and every entry of
 * the shared bans bucket (other gateways, admins). Expired entries are ignored and
 * dropped by `prune`.
 */
export class BanList {
  private readonly entries = new Map<string, BanEntry>();

  put(entry: BanEntry): void {
    this.entries.set(banKey(entry.kind, entry.target), entry);
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  ipBan(ip: string, now: number): BanEntry | undefined {
    return this.active(banKey('ip', ip), now);
  }

  addressBan(address: string, now: number): BanEntry | undefined {
    return this.active(banKey('address', address), now);
  }

  prune(now: number): void {
    for (const [key, entry] of this.entries) if (!isActive(entry, now)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private active(key: string, now: number): BanEntry | undefined {
    if (this.entries.size === 0) return undefined;
    const entry = this.entries.get(key);
    return entry !== undefined && isActive(entry, now) ? entry : undefined;
  }
}

export function isActive(entry: BanEntry, now: number): boolean {
  return entry.until === 0 || entry.until > now;
}

/** What a banned miner is told (after "your IP is banned", which makes XMRig reconnect later). */
export function banReason(entry: BanEntry): string {
  const until = entry.until === 0 ? 'permanently' : `until ${new Date(entry.until).toISOString()}`;
  const what = entry.kind === 'ip' ? 'this IP' : 'this address';
  return `${what} is banned ${until}: ${entry.reason}`;
}
