import { difficultyToTarget, MAX_UINT64, targetToTarget64 } from '@rxpool/cryptonote';
import { describe, expect, it } from 'vitest';
import { blockSafeDifficulty } from './target-cache.js';

/** XMRig submits a hash when its bytes 24..31 are below the target64 it derives from the job. */
const xmrigTarget64 = (difficulty: number) => targetToTarget64(difficultyToTarget(difficulty));

describe('blockSafeDifficulty', () => {
  it('is the highest difficulty whose XMRig target passes every block-level hash', () => {
    const networks = [2n, 3n, 40n, 1_000_000n, 3_999_069n, 3_999_070n, 4_294_967_295n, 283_305_047_039n];
    for (let n = 5n; n < 4_200_000n; n += 7_919n) networks.push(n);
    for (const n of networks) {
      const d = blockSafeDifficulty(n);
      const blockTop = MAX_UINT64 / n; // the highest bytes 24..31 of a block's hash
      expect([n, BigInt(d) <= n]).toEqual([n, true]);
      expect([n, xmrigTarget64(d) > blockTop]).toEqual([n, true]);
      if (BigInt(d) < n) expect([n, xmrigTarget64(d + 1) > blockTop]).toEqual([n, false]);
    }
  });

  it('is 1 at difficulty 1 and bounded for difficulties past 64 bits', () => {
    expect(blockSafeDifficulty(1n)).toBe(1);
    expect(blockSafeDifficulty(1n << 100n)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
