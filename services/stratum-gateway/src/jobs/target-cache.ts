import {
  difficultyToTarget,
  FOUR_BYTE_TARGET_MAX_DIFFICULTY,
  MAX_UINT32,
  MAX_UINT64,
  targetToTarget64,
} from '@rxpool/cryptonote';

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

/**
 * The highest job difficulty whose target, as XMRig derives it, lets every block-level
 * hash through, so a job never hides a block from the pool. A block needs
 * LE256(hash)·N ≤ 2^256−1, so its hash bytes 24..31 are at most ⌊(2^64−1)/N⌋, and XMRig
 * submits only below target64. At least 1 (at N = 1 nothing lower exists).
 */
export function blockSafeDifficulty(networkDifficulty: bigint): number {
  const blockTop = MAX_UINT64 / (networkDifficulty < 1n ? 1n : networkDifficulty);
  // Exact for an 8-byte target (target64 = ⌊(2^64−1)/d⌋ ≥ blockTop + 1).
  const exact = MAX_UINT64 / (blockTop + 1n);
  let d = exact > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(exact);
  if (exact <= FOUR_BYTE_TARGET_MAX_DIFFICULTY) {
    // A 4-byte target is coarser: XMRig divides by ⌊(2^32−1)/t32⌋, which must not exceed `exact`.
    const t32 = MAX_UINT32 / (exact + 1n) + 1n;
    d = Math.min(d, Number(MAX_UINT64 / (t32 << 32n)));
  }
  // A safety net for rounding at the edges of the two forms; seldom runs.
  while (d > 1 && targetToTarget64(difficultyToTarget(d)) <= blockTop) d--;
  return Math.max(1, d);
}
