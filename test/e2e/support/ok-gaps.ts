import type { HonestMiner } from './honest-miner.js';

/** The longest time `m` waited for an OK between `from` and `to` (from `from` to its first OK, then between OKs). */
export function longestGap(m: HonestMiner, from: number, to: number): number {
  const oks = [...m.ok.values()].filter((t) => t > from && t <= to).sort((a, b) => a - b);
  let last = Math.max(from, ...[...m.ok.values()].filter((t) => t <= from));
  let longest = 0;
  for (const t of oks) {
    longest = Math.max(longest, t - last);
    last = t;
  }
  return longest;
}
