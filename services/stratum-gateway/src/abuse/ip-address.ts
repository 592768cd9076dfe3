import { BlockList, isIPv6 } from 'node:net';

/** '::ffff:1.2.3.4' (an IPv4 client on a dual-stack socket) → '1.2.3.4'. */
export function normalizeIp(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export class AllowlistError extends Error {
  constructor(entry: string) {
    super(`allowlist entry ${JSON.stringify(entry)} is not an IP address or CIDR range`);
    this.name = 'AllowlistError';
  }
}

/** IPs and CIDR ranges exempt from bans and limits. */
export class IpAllowlist {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, prefix] = entry.split('/');
      const type = address !== undefined && isIPv6(address) ? 'ipv6' : 'ipv4';
      try {
        if (prefix === undefined) this.list.addAddress(address ?? '', type);
        else this.list.addSubnet(address ?? '', Number(prefix), type);
      } catch {
        throw new AllowlistError(entry);
      }
    }
    this.size = entries.length;
  }

  has(ip: string): boolean {
    if (this.size === 0) return false;
    return this.list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
  }
}
