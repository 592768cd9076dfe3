/**
 * The arithmetic of sampled trust (the README's table comes from these). A cheater
 * that has earned trust forges shares; each is verified, and so caught, with
 * probability p; at most `cap` shares in a row go unverified (VALIDATOR_TRUST_MAX_UNVERIFIED),
 * the next one is verified whatever the draw. Counted in the order the shares are decided:
 * shares accepted while the catching share is still hashing come on top, and are voided too.
 */

/** Expected forged shares accepted before one is caught: (1−p)/p, times (1 − (1−p)^cap) under the cap. */
export function expectedForgedBeforeCaught(p: number, cap = Number.POSITIVE_INFINITY): number {
  checkRate(p);
  const uncapped = (1 - p) / p;
  return Number.isFinite(cap) ? uncapped * (1 - (1 - p) ** cap) : uncapped;
}

/** Probability that at least n forged shares in a row get through: (1−p)^n, and 0 beyond the cap. */
export function probabilityThrough(p: number, n: number, cap = Number.POSITIVE_INFINITY): number {
  checkRate(p);
  return n > cap ? 0 : (1 - p) ** n;
}

/** The fewest forged shares n with P(n or more get through) ≤ ε: ⌈ln ε ÷ ln(1−p)⌉, at most the cap. */
export function forgedBound(p: number, epsilon: number, cap = Number.POSITIVE_INFINITY): number {
  checkRate(p);
  if (p === 1) return 0;
  return Math.min(cap, Math.ceil(Math.log(epsilon) / Math.log(1 - p)));
}

/**
 * The largest share of one PPLNS block that n unverified shares of difficulty d take:
 * n·d ÷ (k·D) for a window of k × the network difficulty D, at most the whole block.
 */
export function blockShareBound(n: number, d: number, k: number, networkDifficulty: number): number {
  return Math.min(1, (n * d) / (k * networkDifficulty));
}

/**
 * Shares a core validates per hash it could compute: 1 ÷ (p_eff + c), where p_eff is the
 * fraction of shares hashed and c is the rest of a share's CPU (messages, publish) in hashes.
 */
export function sharesPerHash(hashedFraction: number, overheadInHashes: number): number {
  return 1 / (hashedFraction + overheadInHashes);
}

function checkRate(p: number): void {
  if (!(p > 0 && p <= 1)) throw new RangeError(`sample rate must be in (0, 1], got ${p}`);
}
