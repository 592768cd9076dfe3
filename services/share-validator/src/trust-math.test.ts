import { describe, expect, it } from 'vitest';
import {
  blockShareBound,
  expectedForgedBeforeCaught,
  forgedBound,
  probabilityThrough,
  sharesPerHash,
} from './trust-math.js';
import { TrustPolicy } from './trust-policy.js';

/** mulberry32: a seeded PRNG for the simulation only (the validator draws from the CSPRNG). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHEATER = 'cheater';
const D = 10_000;

/**
 * One cheater through the real policy: it earns trust with honest shares, then only
 * forges until one is sampled. Returns how many forged shares were accepted on trust,
 * checking that exactly those are handed back to void.
 */
function forgedUntilCaught(p: number, cap: number, after: number, draw: () => number): number {
  const policy = new TrustPolicy({ after, sampleRate: p, maxUnverified: cap, maxMiners: 4 }, draw);
  let n = 0;
  const id = () => (++n).toString(16).padStart(24, '0');
  while (!policy.isTrusted(CHEATER)) {
    const d = policy.decide(CHEATER, id(), 'pplns', false, D);
    if (d.verify) policy.passed(CHEATER, d.ticket, D);
  }
  const forged: string[] = [];
  for (;;) {
    const shareId = id();
    const d = policy.decide(CHEATER, shareId, 'pplns', false, D);
    if (d.verify) {
      const { revoked, unverified } = policy.failed(CHEATER);
      if (!revoked || unverified.join() !== forged.join()) throw new Error('voided list differs');
      return forged.length;
    }
    forged.push(shareId);
  }
}

function simulate(p: number, cap: number, trials: number, seed: number): number[] {
  const draw = seeded(seed);
  return Array.from({ length: trials }, () => forgedUntilCaught(p, cap, 5, draw));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const share = (xs: number[], pred: (x: number) => boolean) => xs.filter(pred).length / xs.length;

describe('sampled-trust math against a simulated cheater', () => {
  // The README's defaults: p = 0.05, at most 100 shares on trust in a row.
  const p = 0.05;
  const cap = 100;
  const trials = 20_000;
  const runs = simulate(p, cap, trials, 16);

  it('forges (1−p)/p·(1−(1−p)^cap) shares on average before it is caught', () => {
    const expected = expectedForgedBeforeCaught(p, cap);
    expect(expected).toBeCloseTo(18.89, 2);
    // Standard deviation of the mean is about 19.5/√20000 ≈ 0.14: 0.6 is over four of them.
    expect(Math.abs(mean(runs) - expected)).toBeLessThan(0.6);
  });

  it('gets n forged shares through with probability (1−p)^n, never more than the cap', () => {
    for (const n of [10, 20, 50]) {
      const tail = probabilityThrough(p, n, cap);
      const sd = Math.sqrt((tail * (1 - tail)) / trials);
      expect(Math.abs(share(runs, (x) => x >= n) - tail)).toBeLessThan(4 * sd);
    }
    expect(Math.max(...runs)).toBeLessThanOrEqual(cap);
    const atCap = probabilityThrough(p, cap, cap);
    expect(Math.abs(share(runs, (x) => x === cap) - atCap)).toBeLessThan(4 * Math.sqrt(atCap / trials));
    expect(probabilityThrough(p, cap + 1, cap)).toBe(0);
  });

  it('bounds the forged shares with a chosen confidence, and what they take of a block', () => {
    const n = forgedBound(p, 0.01, cap);
    expect(n).toBe(90);
    expect(share(runs, (x) => x >= n)).toBeLessThan(0.01 + 4 * Math.sqrt(0.01 / trials));
    expect(forgedBound(p, 1e-9, cap)).toBe(cap);
    // 90 shares at difficulty 1e6 in a window of 2 × 4e11: about 0.011 % of the block.
    expect(blockShareBound(n, 1e6, 2, 4e11)).toBeCloseTo(1.125e-4, 7);
    expect(blockShareBound(10, 4e11, 2, 4e11)).toBe(1);
  });

  it('matches a higher sample rate under a small cap too', () => {
    const small = simulate(0.2, 10, 10_000, 7);
    expect(Math.abs(mean(small) - expectedForgedBeforeCaught(0.2, 10))).toBeLessThan(0.15);
    expect(Math.abs(share(small, (x) => x >= 5) - probabilityThrough(0.2, 5, 10))).toBeLessThan(0.02);
  });

  it('models the CPU per share: hashing a fraction p of the shares', () => {
    expect(sharesPerHash(1, 0)).toBe(1);
    expect(sharesPerHash(0.05, 0)).toBeCloseTo(20, 9);
    expect(sharesPerHash(0.05, 0.025)).toBeCloseTo(13.33, 2);
    expect(() => expectedForgedBeforeCaught(0)).toThrow(RangeError);
  });
});
