import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, maskIpv6, parseIpv4, parseIpv6 } from './ipv6.js';

describe('parseIpv6 and formatIpv6', () => {
  it.each([
    ['2001:db8::1', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::', [0xfe80, 0, 0, 0, 0, 0, 0, 0]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['::ffff:10.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]],
    ['64:ff9b::192.0.2.33', [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]],
  ])('%s', (text, words) => {
    expect(parseIpv6(text)).toEqual(words);
  });

  it.each([
    '1:2:3:4:5:6:7',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    '::1.2.3',
    '1:2:3:4:5:6:7::8:9',
  ])('refuses %s', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it('formats as RFC 5952: the longest zero run compressed, a single zero word kept, mapped IPv4 dotted', () => {
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0])).toBe('2001:db8::');
    expect(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(formatIpv6([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201])).toBe('::ffff:192.0.2.1');
  });

  it('round-trips any address, agreeing with node:net', () => {
    const word = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(word, { minLength: 8, maxLength: 8 }), (words) => {
        const text = formatIpv6(words);
        expect(isIPv6(text)).toBe(true);
        expect(parseIpv6(text)).toEqual(words);
      }),
    );
  });

  it('masks to a prefix', () => {
    const words = parseIpv6('2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff') ?? [];
    expect(formatIpv6(maskIpv6(words, 64))).toBe('2001:db8:aaaa:bbbb::');
    expect(formatIpv6(maskIpv6(words, 56))).toBe('2001:db8:aaaa:bb00::');
    expect(formatIpv6(maskIpv6(words, 128))).toBe('2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff');
    expect(formatIpv6(maskIpv6(words, 0))).toBe('::');
  });
});

describe('parseIpv4', () => {
  it('reads dotted quads and refuses the rest', () => {
    expect(parseIpv4('192.0.2.1')).toEqual([192, 0, 2, 1]);
    expect(parseIpv4('256.0.0.1')).toBeUndefined();
    expect(parseIpv4('01.2.3.4')).toBeUndefined();
    expect(parseIpv4('1.2.3')).toBeUndefined();
  });
});
