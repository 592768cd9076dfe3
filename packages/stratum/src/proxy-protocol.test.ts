import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROXY_V2_SIGNATURE,
  parseProxyHeader,
  proxyV1Header,
  proxyV2Header,
  startsLikeProxyHeader,
} from './proxy-protocol.js';

const STRATUM = Buffer.from('{"id":1,"method":"login"}\n');
const dst4 = { address: '10.0.0.1', port: 3333 };
const dst6 = { address: '2001:db8::1', port: 3333 };

function v2(command: number, family: number, body: Buffer): Buffer {
  return Buffer.concat([
    PROXY_V2_SIGNATURE,
    Buffer.from([0x20 | command, family, body.length >> 8, body.length & 0xff]),
    body,
  ]);
}

describe('PROXY protocol v1', () => {
  it('reads TCP4 and TCP6 source addresses and says where the client bytes start', () => {
    const h4 = proxyV1Header({ address: '198.51.100.7', port: 51000 }, dst4);
    expect(h4.toString()).toBe('PROXY TCP4 198.51.100.7 10.0.0.1 51000 3333\r\n');
    expect(parseProxyHeader(Buffer.concat([h4, STRATUM]))).toEqual({
      kind: 'header',
      version: 1,
      length: h4.length,
      source: { address: '198.51.100.7', port: 51000 },
    });
    const h6 = Buffer.from('PROXY TCP6 2001:db8:1:2::7 2001:db8::1 40000 3334\r\n');
    expect(parseProxyHeader(h6)).toMatchObject({ source: { address: '2001:db8:1:2::7', port: 40000 } });
  });

  it('takes UNKNOWN as the balancer speaking for itself', () => {
    expect(parseProxyHeader(Buffer.from('PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n'))).toMatchObject({
      kind: 'header',
      source: undefined,
    });
  });

  it('waits for the rest of a header split across reads', () => {
    const h = proxyV1Header({ address: '198.51.100.7', port: 1 }, dst4);
    for (let n = 0; n < h.length; n++) expect(parseProxyHeader(h.subarray(0, n)).kind).toBe('incomplete');
    expect(parseProxyHeader(h).kind).toBe('header');
  });

  it.each([
    ['a family that is not TCP', 'PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n'],
    ['an IPv6 address under TCP4', 'PROXY TCP4 ::1 5.6.7.8 1 2\r\n'],
    ['a port out of range', 'PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n'],
    ['missing fields', 'PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n'],
    ['a header without its line end in 107 bytes', `PROXY TCP4 ${'1'.repeat(120)}`],
    ['stratum without a header', STRATUM.toString()],
  ])('refuses %s', (_what, text) => {
    expect(parseProxyHeader(Buffer.from(text)).kind).toBe('invalid');
  });
});

describe('PROXY protocol v2', () => {
  it('reads INET and INET6 sources, skipping TLVs', () => {
    const tlv = Buffer.from([0x05, 0x00, 0x03, 0x61, 0x62, 0x63]); // PP2_TYPE_UNIQUE_ID "abc"
    const h4 = proxyV2Header({ address: '203.0.113.9', port: 44000 }, dst4, tlv);
    expect(parseProxyHeader(Buffer.concat([h4, STRATUM]))).toEqual({
      kind: 'header',
      version: 2,
      length: h4.length,
      source: { address: '203.0.113.9', port: 44000 },
    });
    const h6 = proxyV2Header({ address: '2001:db8:5:6::abcd', port: 1234 }, dst6);
    expect(parseProxyHeader(h6)).toMatchObject({ source: { address: '2001:db8:5:6::abcd', port: 1234 } });
  });

  it('takes LOCAL (a health check) and UNSPEC as no client address', () => {
    expect(parseProxyHeader(v2(0, 0x00, Buffer.alloc(0)))).toMatchObject({
      kind: 'header',
      source: undefined,
    });
    expect(parseProxyHeader(v2(1, 0x00, Buffer.alloc(0)))).toMatchObject({
      kind: 'header',
      source: undefined,
    });
  });

  it('waits for a header split anywhere', () => {
    const h = proxyV2Header({ address: '2001:db8::9', port: 1 }, dst6);
    for (let n = 0; n < h.length; n++) expect(parseProxyHeader(h.subarray(0, n)).kind).toBe('incomplete');
  });

  it('refuses other versions, commands and families, short address blocks and huge headers', () => {
    const good = proxyV2Header({ address: '203.0.113.9', port: 1 }, dst4);
    const withByte = (at: number, value: number) => {
      const b = Buffer.from(good);
      b[at] = value;
      return b;
    };
    expect(parseProxyHeader(withByte(12, 0x11)).kind).toBe('invalid');
    expect(parseProxyHeader(withByte(12, 0x22)).kind).toBe('invalid');
    expect(parseProxyHeader(withByte(13, 0x41)).kind).toBe('invalid');
    expect(parseProxyHeader(v2(1, 0x11, Buffer.alloc(8))).kind).toBe('invalid');
    expect(parseProxyHeader(v2(1, 0x21, Buffer.alloc(20))).kind).toBe('invalid');
    expect(parseProxyHeader(v2(1, 0x11, Buffer.alloc(2000))).kind).toBe('invalid');
  });

  it('never throws on arbitrary bytes after the signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
        const r = parseProxyHeader(Buffer.concat([PROXY_V2_SIGNATURE, tail]));
        expect(['incomplete', 'invalid', 'header']).toContain(r.kind);
      }),
    );
  });
});

describe('startsLikeProxyHeader', () => {
  it('spots either version from its first byte on, never stratum or TLS', () => {
    expect(startsLikeProxyHeader(Buffer.from('PRO'))).toBe(true);
    expect(startsLikeProxyHeader(PROXY_V2_SIGNATURE.subarray(0, 3))).toBe(true);
    expect(startsLikeProxyHeader(STRATUM)).toBe(false);
    expect(startsLikeProxyHeader(Buffer.from([0x16, 0x03, 0x01]))).toBe(false);
    expect(startsLikeProxyHeader(Buffer.alloc(0))).toBe(false);
  });
});
