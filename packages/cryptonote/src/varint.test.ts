import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { decodeVarint, decodeVarintNumber, encodeVarint, varintLength } from './varint.js';

const MAX_U64 = (1n << 64n) - 1n;

describe('varint', () => {
  it('encodes known values', () => {
    const cases: [number | bigint, string][] = [
      [0, '00'],
      [1, '01'],
      [127, '7f'],
      [128, '8001'],
      [300, 'ac02'],
      [16383, 'ff7f'],
      [16384, '808001'],
      [3195018, '8a81c301'], // the height in the mainnet template vector
      [600000000000n, '80e0a596bb11'], // its miner reward
      [MAX_U64, 'ffffffffffffffffff01'],
    ];
    for (const [value, hex] of cases) {
      expect(bytesToHex(encodeVarint(value))).toBe(hex);
      expect(decodeVarint(hexToBytes(hex), 0)).toEqual({ value: BigInt(value), length: hex.length / 2 });
      expect(varintLength(value)).toBe(hex.length / 2);
    }
  });

  it('decodes at an offset inside a larger buffer', () => {
    const buf = hexToBytes('ffff' + 'ac02' + '00');
    expect(decodeVarint(buf, 2)).toEqual({ value: 300n, length: 2 });
    expect(decodeVarintNumber(buf, 2)).toEqual({ value: 300, length: 2 });
    expect(decodeVarintNumber(buf, 4)).toEqual({ value: 0, length: 1 });
  });

  it('rejects truncated, overlong, overflowing and non-canonical encodings', () => {
    const bad: [string, RegExp][] = [
      ['80', /runs past the end/],
      ['', /runs past the end/],
      ['ffffffffffffffffff02', /overflows 64 bits/],
      ['ffffffffffffffffffff01', /overflows 64 bits|longer than/],
      ['8000', /not canonical/],
      ['ff80808000', /not canonical/],
    ];
    for (const [hex, message] of bad) {
      expect(() => decodeVarint(hexToBytes(hex), 0), hex).toThrow(message);
      expect(() => decodeVarint(hexToBytes(hex), 0), hex).toThrow(CryptonoteError);
    }
  });

  it('rejects offsets outside the input', () => {
    expect(() => decodeVarint(Uint8Array.of(1), 2)).toThrow(CryptonoteError);
    expect(() => decodeVarint(Uint8Array.of(1), -1)).toThrow(CryptonoteError);
    expect(() => decodeVarintNumber(Uint8Array.of(1), 1.5)).toThrow(CryptonoteError);
  });

  it('rejects values it cannot encode', () => {
    for (const v of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, -1n, MAX_U64 + 1n]) {
      expect(() => encodeVarint(v), String(v)).toThrow(CryptonoteError);
    }
  });

  it('enforces the limit of the number variant', () => {
    expect(() => decodeVarintNumber(hexToBytes('ac02'), 0, 255)).toThrow(/above the limit 255/);
    expect(() => decodeVarintNumber(hexToBytes('ffffffffffffffffff01'), 0)).toThrow(CryptonoteError);
    expect(decodeVarintNumber(hexToBytes('ffffffffffffff0f'), 0).value).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('round-trips every uint64 (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_U64 }), (v) => {
        const bytes = encodeVarint(v);
        expect(decodeVarint(bytes, 0)).toEqual({ value: v, length: bytes.length });
      }),
    );
  });

  it('round-trips safe integers through the number variant, at any offset (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.uint8Array({ maxLength: 5 }), (v, pad) => {
        const bytes = encodeVarint(v);
        const buf = new Uint8Array(pad.length + bytes.length);
        buf.set(pad, 0);
        buf.set(bytes, pad.length);
        expect(decodeVarintNumber(buf, pad.length)).toEqual({ value: v, length: bytes.length });
      }),
    );
  });

  it('never throws anything but a CryptonoteError on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.nat(20), (bytes, offset) => {
        try {
          const { value, length } = decodeVarint(bytes, offset);
          expect(bytesToHex(encodeVarint(value))).toBe(bytesToHex(bytes.subarray(offset, offset + length)));
        } catch (err) {
          expect(err).toBeInstanceOf(CryptonoteError);
        }
      }),
    );
  });
});
