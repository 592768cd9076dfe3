import { difficultyToTarget, targetToTarget64 } from '@rxpool/cryptonote';

/** A share target: the hex sent to the miner and the 64-bit bound XMRig derives from it. */
export interface ShareTarget {
  readonly difficulty: number;
  readonly hex: string;
  readonly target64: bigint;
}

/**
 * Targets per difficulty, computed once (BigInt arithmetic is not free and a template
 * sends the same few difficulties to thousands of miners). Bounded: cleared when full.
 */
export class TargetCache {
  private readonly byDifficulty = new Map<number, ShareTarget>();

  constructor(private readonly maxEntries = 4096) {}

  get(difficulty: number): ShareTarget {
    let target = this.byDifficulty.get(difficulty);
    if (target === undefined) {
      const hex = difficultyToTarget(difficulty);
      target = { difficulty, hex, target64: targetToTarget64(hex) };
      if (this.byDifficulty.size >= this.maxEntries) this.byDifficulty.clear();
      this.byDifficulty.set(difficulty, target);
    }
    return target;
  }
}

/** XMRig's share test on the miner's claimed result: LE-uint64 of bytes 24..31 below target64. */
export function claimedResultMeetsTarget(resultHex: string, target64: bigint): boolean {
  let le = '';
  for (let i = 62; i >= 48; i -= 2) le += resultHex.slice(i, i + 2);
  return BigInt(`0x${le}`) < target64;
}
