import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { formatIpv6, maskIpv6, parseIpv6 } from '@rxpool/stratum';

/** '::ffff:1.2.3.4' (an IPv4 client on a dual-stack socket) → '1.2.3.4'; a zone id is dropped. */
export function normalizeIp(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const zone = address.indexOf('%');
  const bare = zone < 0 ? address : address.slice(0, zone);
  const lower = bare.toLowerCase();
  return lower.startsWith('::ffff:') && isIPv4(lower.slice(7)) ? lower.slice(7) : bare;
}

/**
 * The address group that limits, rates and bans count by: an IPv4 address on its own, an
 * IPv6 address by its first `ipv6Prefix` bits ("2001:db8:1:2::/64"), since one customer
 * gets a whole /64 and can walk through it. Expects a normalized address.
 */
export function addressGroup(ip: string, ipv6Prefix: number): string {
  if (!isIPv6(ip)) return ip;
  const words = parseIpv6(ip);
  if (words === undefined) return ip;
  const text = formatIpv6(words);
  if (text.startsWith('::ffff:') && isIPv4(text.slice(7))) return text.slice(7);
  return ipv6Prefix >= 128 ? text : `${formatIpv6(maskIpv6(words, ipv6Prefix))}/${ipv6Prefix}`;
}

/** An address or CIDR range node:net understands. */
export function isCidr(entry: string): boolean {
  try {
    new IpAllowlist([entry]);
    return true;
  } catch {
    return false;
  }
}

export class AllowlistError extends Error {
  constructor(entry: string) {
    super(`allowlist entry ${JSON.stringify(entry)} is not an IP address or CIDR range`);
    this.name = 'AllowlistError';
  }
}

/** IPs and CIDR ranges (exempt from bans and limits; trusted to send a PROXY header). */
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

  /** `ip` normalized (IPv4-mapped unwrapped). */
  has(ip: string): boolean {
    if (this.size === 0) return false;
    if (isIPv4(ip)) return this.list.check(ip, 'ipv4');
    return isIPv6(ip) && this.list.check(ip, 'ipv6');
  }
}
