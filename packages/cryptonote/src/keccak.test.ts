import { sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './hex.js';
import { cnFastHash, cnFastHashParts, hashPair } from './keccak.js';
import { keccakTreeVectors } from './testing/vectors.js';

describe('cnFastHash', () => {
  it('matches the Keccak-256 vectors', () => {
    const { keccak256 } = keccakTreeVectors();
    expect(keccak256.length).toBeGreaterThan(0);
    for (const v of keccak256) expect(bytesToHex(cnFastHash(hexToBytes(v.input_hex)))).toBe(v.hash);
  });

  it('uses the original Keccak padding, not SHA3-256', () => {
    expect(bytesToHex(cnFastHash(new Uint8Array(0)))).not.toBe(bytesToHex(sha3_256(new Uint8Array(0))));
  });

  it('hashes parts as if concatenated, across the 136-byte rate boundary', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    const whole = bytesToHex(cnFastHash(data));
    expect(
      bytesToHex(cnFastHashParts(data.subarray(0, 135), data.subarray(135, 137), data.subarray(137))),
    ).toBe(whole);
    expect(bytesToHex(cnFastHashParts())).toBe(bytesToHex(cnFastHash(new Uint8Array(0))));
  });

  it('hashes a pair of nodes as their 64-byte concatenation', () => {
    const a = cnFastHash(Uint8Array.of(1));
    const b = cnFastHash(Uint8Array.of(2));
    const joined = new Uint8Array(64);
    joined.set(a, 0);
    joined.set(b, 32);
    expect(hashPair(a, b)).toEqual(cnFastHash(joined));
  });
});
