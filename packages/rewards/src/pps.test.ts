import { describe, expect, it } from 'vitest';
import { PPS_SUB_UNITS, ppsCredits, ppsValueSub } from './pps.js';

describe('PPS', () => {
  it('values a share at reward × (1 − fee) × d / N', () => {
    // reward 1000, fee 10 %, d/N = 1/4 → 225 units exactly.
    expect(ppsValueSub(250n, 1000n, 1000n, 1000)).toBe(225n * PPS_SUB_UNITS);
  });

  it('credits many tiny shares without losing them to rounding', () => {
    // Each share is worth 0.3 atomic units: 200,000 of them are worth 60,000.
    const shares = Array.from({ length: 200_000 }, () => ({
      account: 'm',
      jobDifficulty: 3n,
      networkDifficulty: 10n,
      reward: 1n,
    }));
    const [credit] = ppsCredits(shares, 0, new Map());
    expect(credit?.amount).toBe(60_000n);
    expect(credit?.carryAfter).toBe(0n);
  });

  it('carries sub-unit remainders across batches, so batch size does not change the total', () => {
    const share = { account: 'm', jobDifficulty: 1n, networkDifficulty: 3n, reward: 1n }; // 1/3 unit each
    let carry = new Map<string, bigint>();
    let credited = 0n;
    for (let batch = 0; batch < 300; batch++) {
      const [c] = ppsCredits([share], 0, carry);
      credited += c?.amount ?? 0n;
      carry = new Map([['m', c?.carryAfter ?? 0n]]);
    }
    // 300 × 1/3 = 100, less at most one unit lost to the 10^-12 rounding of each third.
    expect(credited === 100n || credited === 99n).toBe(true);
    const [single] = ppsCredits(
      Array.from({ length: 300 }, () => share),
      0,
      new Map(),
    );
    expect(single?.amount).toBe(100n);
  });

  it('sums shares per account and sorts by account', () => {
    const credits = ppsCredits(
      [
        { account: 'b', jobDifficulty: 5n, networkDifficulty: 10n, reward: 100n },
        { account: 'a', jobDifficulty: 1n, networkDifficulty: 10n, reward: 100n },
        { account: 'b', jobDifficulty: 5n, networkDifficulty: 20n, reward: 100n },
      ],
      0,
      new Map([['a', PPS_SUB_UNITS / 2n]]),
    );
    expect(credits.map((c) => [c.account, c.shares, c.amount, c.carryAfter])).toEqual([
      ['a', 1, 10n, PPS_SUB_UNITS / 2n],
      ['b', 2, 75n, 0n],
    ]);
  });
});
