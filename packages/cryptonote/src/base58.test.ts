import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE58_ALPHABET, base58Decode, base58Encode } from './base58.js';
import { Base58Error, CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { addressVectors } from './testing/vectors.js';

describe('Monero base58', () => {
  it('decodes and re-encodes the address vectors', () => {
    const withRaw = addressVectors().filter((v) => v.raw_hex);
    expect(withRaw.length).toBeGreaterThan(0);
    for (const v of withRaw) {
      expect(bytesToHex(base58Decode(v.address))).toBe(v.raw_hex);
      expect(base58Encode(hexToBytes(v.raw_hex as string))).toBe(v.address);
    }
    for (const v of addressVectors()) expect(base58Encode(base58Decode(v.address))).toBe(v.address);
  });

  it('encodes block-wise: 8 bytes to 11 characters, partial blocks by the size table', () => {
    expect(base58Encode(new Uint8Array(0))).toBe('');
    expect(base58Encode(new Uint8Array(8))).toBe('11111111111');
    expect(base58Encode(new Uint8Array(8).fill(0xff))).toBe('jpXCZedGfVQ');
    expect(base58Encode(Uint8Array.of(0xff))).toBe('5Q');
    const sizes = [0, 2, 3, 5, 6, 7, 9, 10, 11];
    for (let k = 0; k <= 8; k++)
      expect(base58Encode(new Uint8Array(8 + k)).length).toBe(11 + (sizes[k] as number));
  });

  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const text = base58Encode(bytes);
        expect([...text].every((c) => BASE58_ALPHABET.includes(c))).toBe(true);
        expect(base58Decode(text)).toEqual(bytes);
      }),
    );
  });

  it('rejects characters outside the alphabet, with the position', () => {
    for (const c of ['0', 'O', 'I', 'l', ' ', '+', 'é']) {
      let error: unknown;
      try {
        base58Decode(`11${c}11111111`);
      } catch (err) {
        error = err;
      }
      expect(error, c).toBeInstanceOf(Base58Error);
      expect((error as Base58Error).reason).toBe('character');
      expect((error as Base58Error).message).toContain('position 2');
    }
  });

  it('rejects impossible lengths (a final block of 1, 4 or 8 characters)', () => {
    for (const len of [1, 4, 8, 12, 15, 19]) {
      expect(() => base58Decode('2'.repeat(len)), String(len)).toThrow(Base58Error);
      expect(() => base58Decode('2'.repeat(len))).toThrow(/length/);
    }
  });

  it('rejects blocks whose value does not fit their byte count', () => {
    expect(() => base58Decode('zzzzzzzzzzz')).toThrow(/does not fit 8 bytes/); // 58^11 - 1 > 2^64
    expect(() => base58Decode('zz')).toThrow(/does not fit 1 bytes/); // 3363 > 255
    expect(base58Decode('jpXCZedGfVQ')).toEqual(new Uint8Array(8).fill(0xff));
  });

  it('throws only Base58Error on random strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          base58Decode(text);
        } catch (err) {
          expect(err).toBeInstanceOf(Base58Error);
          expect(err).toBeInstanceOf(CryptonoteError);
        }
      }),
    );
  });
});
