import { describe, expect, it } from 'vitest';
import { hashMeetsTarget, hashValue64, minerDifficulty, minerTarget64, TargetError } from './miner-target.js';

// Values from the shared target vectors (computed with XMRig's Job.cpp rules).
const vectors = [
  { target: '711b0d00', xmrigDifficulty: 5000n },
  { target: 'c5a70000', xmrigDifficulty: 100001n },
  { target: 'caab297fad010000', xmrigDifficulty: 10000000n },
];

function hashWithValue(value: bigint): Buffer {
  const hash = Buffer.alloc(32, 0xee);
  hash.writeBigUInt64LE(value, 24);
  return hash;
}

describe('miner target', () => {
  it('gives the difficulty XMRig shows for 4- and 8-byte targets', () => {
    for (const v of vectors) expect(minerDifficulty(v.target)).toBe(v.xmrigDifficulty);
  });

  it('widens a 4-byte target as XMRig does', () => {
    expect(minerTarget64('ffffffff')).toBe((1n << 64n) - 1n);
    expect(minerTarget64('711b0d00')).toBe(((1n << 64n) - 1n) / (0xffffffffn / 0x000d1b71n));
    expect(minerTarget64('0100000000000000')).toBe(1n);
  });

  it('refuses zero, odd sizes and non-hex', () => {
    for (const t of ['00000000', '0000000000000000', '711b0d', '711b0d0000', 'zzzzzzzz']) {
      expect(() => minerTarget64(t)).toThrow(TargetError);
    }
  });

  it('compares hash bytes 24..31 as a little-endian uint64, strictly below', () => {
    const t64 = minerTarget64('711b0d00');
    expect(hashValue64(hashWithValue(123n))).toBe(123n);
    expect(hashMeetsTarget(hashWithValue(t64 - 1n), t64)).toBe(true);
    expect(hashMeetsTarget(hashWithValue(t64), t64)).toBe(false);
    const view = new Uint8Array(hashWithValue(5n).buffer.slice(0), 0, 32);
    expect(hashMeetsTarget(view, 6n)).toBe(true);
    expect(() => hashValue64(new Uint8Array(31))).toThrow(RangeError);
  });
});
