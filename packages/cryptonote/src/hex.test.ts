import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes, hexToFixedBytes } from './hex.js';
import { templateVectors } from './testing/vectors.js';

describe('hex', () => {
  it('decodes and encodes the template vectors byte for byte', () => {
    for (const t of templateVectors()) {
      const bytes = hexToBytes(t.blockhashing_blob);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBe(t.blockhashing_blob.length / 2);
      expect(bytesToHex(bytes)).toBe(t.blockhashing_blob);
    }
  });

  it('accepts upper case and always writes lower case', () => {
    expect(bytesToHex(hexToBytes('ABcdEF09'))).toBe('abcdef09');
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
  });

  it('rejects odd length', () => {
    expect(() => hexToBytes('abc')).toThrow(CryptonoteError);
    expect(() => hexToBytes('abc')).toThrow(/odd length 3/);
  });

  it('rejects non-hex characters instead of truncating like Buffer.from', () => {
    for (const bad of ['zz', '0g', 'ab cd', '0x12', 'ab\n', 'éé']) {
      let error: unknown;
      try {
        hexToBytes(bad);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CryptonoteError);
      expect((error as CryptonoteError).code).toBe('hex');
    }
    expect(() => hexToBytes('00zz')).toThrow(/non-hex character at position 2/);
  });

  it('rejects non-strings with a typed error', () => {
    expect(() => hexToBytes(42 as unknown as string)).toThrow(CryptonoteError);
  });

  it('checks exact lengths for fixed-size fields', () => {
    expect(hexToFixedBytes('00'.repeat(32), 32, 'hash').length).toBe(32);
    expect(() => hexToFixedBytes('00'.repeat(31), 32, 'hash')).toThrow(/hash must be 32 bytes/);
  });

  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hexToBytes(bytesToHex(bytes))).toEqual(bytes);
      }),
    );
  });

  it('round-trips any even-length hex string, lower-casing it (property)', () => {
    const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
    const hexString = fc
      .array(fc.tuple(hexChar, hexChar), { maxLength: 100 })
      .map((pairs) => pairs.flat().join(''));
    fc.assert(
      fc.property(hexString, (hex) => {
        expect(bytesToHex(hexToBytes(hex))).toBe(hex.toLowerCase());
      }),
    );
  });

  it('returns bytes that own their whole backing buffer', () => {
    const bytes = hexToBytes('0102');
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(2);
  });

  it('encodes a subarray view, not its whole backing buffer', () => {
    const backing = Uint8Array.of(1, 2, 3, 4, 5);
    expect(bytesToHex(backing.subarray(1, 3))).toBe('0203');
  });
});
