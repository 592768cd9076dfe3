/**
 * PROXY protocol v1 (text) and v2 (binary) headers, as HAProxy, nginx stream and cloud
 * load balancers send them before the client's first byte
 * (https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt).
 *
 * Hand-written rather than a dependency: it runs once per connection on the accept
 * path, needs only the source address, and is small enough to check completely.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { formatIpv6, ipv6Words, parseIpv4, parseIpv6 } from './ipv6.js';

/** "PROXY " then at most 101 more bytes, CRLF included (spec section 2.1). */
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
const V1_MAX_BYTES = 107;
export const PROXY_V2_SIGNATURE = Buffer.from([
  0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
]);
const V2_FIXED_BYTES = 16;
/** Addresses plus TLVs; real balancers send well under this (AWS and GCP add a few TLVs). */
const V2_MAX_PAYLOAD = 1024;

export interface ProxySource {
  address: string;
  port: number;
}

export type ProxyParse =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `source` undefined: a LOCAL (health check) or UNKNOWN connection, the peer speaks for itself. */
  | { kind: 'header'; version: 1 | 2; length: number; source: ProxySource | undefined };

const INCOMPLETE: ProxyParse = { kind: 'incomplete' };
const invalid = (reason: string): ProxyParse => ({ kind: 'invalid', reason });

/** Whether `data` begins like a PROXY header of either version (so far as it goes). */
export function startsLikeProxyHeader(data: Uint8Array): boolean {
  return prefixOf(data, V1_PREFIX) || prefixOf(data, PROXY_V2_SIGNATURE);
}

/** Parses the header at the start of `data`; `length` bytes belong to it, the rest to the client. */
export function parseProxyHeader(data: Uint8Array): ProxyParse {
  if (data.length === 0) return INCOMPLETE;
  if (prefixOf(data, PROXY_V2_SIGNATURE)) {
    return data.length < PROXY_V2_SIGNATURE.length ? INCOMPLETE : parseV2(data);
  }
  if (prefixOf(data, V1_PREFIX)) {
    return data.length < V1_PREFIX.length ? INCOMPLETE : parseV1(data);
  }
  return invalid('no PROXY protocol header');
}

function parseV1(data: Uint8Array): ProxyParse {
  const end = indexOfCrLf(data, Math.min(data.length, V1_MAX_BYTES));
  if (end < 0) return data.length >= V1_MAX_BYTES ? invalid('v1 header longer than 107 bytes') : INCOMPLETE;
  const line = Buffer.from(data.buffer, data.byteOffset, end).toString('latin1');
  const length = end + 2;
  const parts = line.split(' ');
  if (parts[1] === 'UNKNOWN') return { kind: 'header', version: 1, length, source: undefined };
  if (parts.length !== 6) return invalid('v1 header needs protocol, two addresses and two ports');
  const [, protocol, source, destination, sourcePort, destinationPort] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const isFamily = protocol === 'TCP4' ? isIPv4 : protocol === 'TCP6' ? isIPv6 : undefined;
  if (isFamily === undefined) return invalid(`v1 protocol ${JSON.stringify(protocol.slice(0, 16))}`);
  if (!isFamily(source) || !isFamily(destination)) return invalid(`v1 addresses are not ${protocol}`);
  const port = v1Port(sourcePort);
  if (port === undefined || v1Port(destinationPort) === undefined) return invalid('v1 port out of range');
  return { kind: 'header', version: 1, length, source: { address: source, port } };
}

function parseV2(data: Uint8Array): ProxyParse {
  if (data.length < V2_FIXED_BYTES) return INCOMPLETE;
  const versionCommand = data[12] ?? 0;
  if (versionCommand >> 4 !== 2) return invalid(`v2 version ${versionCommand >> 4}`);
  const command = versionCommand & 0x0f;
  if (command > 1) return invalid(`v2 command ${command}`);
  const family = (data[13] ?? 0) >> 4;
  const payload = ((data[14] ?? 0) << 8) | (data[15] ?? 0);
  if (payload > V2_MAX_PAYLOAD) return invalid(`v2 header of ${payload} bytes`);
  const length = V2_FIXED_BYTES + payload;
  if (data.length < length) return INCOMPLETE;
  // LOCAL: the balancer's own connection (a health check); UNSPEC or UNIX: no IP to credit.
  if (command === 0 || family === 0 || family === 3)
    return { kind: 'header', version: 2, length, source: undefined };
  const at = V2_FIXED_BYTES;
  if (family === 1) {
    if (payload < 12) return invalid('v2 INET header too short');
    const address = `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
    return { kind: 'header', version: 2, length, source: { address, port: u16(data, at + 8) } };
  }
  if (family === 2) {
    if (payload < 36) return invalid('v2 INET6 header too short');
    const address = formatIpv6(ipv6Words(data, at));
    return { kind: 'header', version: 2, length, source: { address, port: u16(data, at + 32) } };
  }
  return invalid(`v2 address family ${family}`);
}

function prefixOf(data: Uint8Array, expected: Uint8Array): boolean {
  const n = Math.min(data.length, expected.length);
  for (let i = 0; i < n; i++) if (data[i] !== expected[i]) return false;
  return n > 0;
}

function indexOfCrLf(data: Uint8Array, limit: number): number {
  for (let i = 0; i + 1 < limit; i++) if (data[i] === 0x0d && data[i + 1] === 0x0a) return i;
  return -1;
}

function v1Port(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65_535 ? n : undefined;
}

function u16(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
}

/** A v1 header line, as a balancer writes it (tests and the load generator). */
export function proxyV1Header(source: ProxySource, destination: ProxySource): Buffer {
  const protocol = isIPv6(source.address) ? 'TCP6' : 'TCP4';
  return Buffer.from(
    `PROXY ${protocol} ${source.address} ${destination.address} ${source.port} ${destination.port}\r\n`,
    'latin1',
  );
}

/** A v2 PROXY header (command PROXY, TCP over IPv4 or IPv6), with optional TLV bytes. */
export function proxyV2Header(source: ProxySource, destination: ProxySource, tlvs = Buffer.alloc(0)): Buffer {
  const v6 = isIPv6(source.address);
  const addressBytes = (text: string) => {
    if (!v6) return Buffer.from(parseIpv4(text) ?? []);
    const out = Buffer.alloc(16);
    for (const [i, w] of (parseIpv6(text) ?? []).entries()) out.writeUInt16BE(w, 2 * i);
    return out;
  };
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(source.port, 0);
  ports.writeUInt16BE(destination.port, 2);
  const body = Buffer.concat([addressBytes(source.address), addressBytes(destination.address), ports, tlvs]);
  const fixed = Buffer.from([0x21, v6 ? 0x21 : 0x11, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([PROXY_V2_SIGNATURE, fixed, body]);
}
