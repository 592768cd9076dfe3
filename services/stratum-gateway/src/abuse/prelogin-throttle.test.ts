import { describe, expect, it } from 'vitest';
import { PreloginThrottle } from './prelogin-throttle.js';

describe('PreloginThrottle', () => {
  it('engages at the limit and lets go once the score has halved, one half-life later', () => {
    const t = new PreloginThrottle(4, 10_000);
    for (let i = 0; i < 3; i++) t.add('203.0.113.7', 0);
    expect(t.throttled('203.0.113.7', 0)).toBe(false);
    t.add('203.0.113.7', 0);
    expect(t.throttled('203.0.113.7', 0)).toBe(true);
    expect(t.throttled('203.0.113.8', 0)).toBe(false); // another group
    expect(t.throttled('203.0.113.7', 9_999)).toBe(true);
    expect(t.score('203.0.113.7', 10_000)).toBeCloseTo(2);
    expect(t.throttled('203.0.113.7', 10_001)).toBe(false);
  });

  it('decays continuously: errors spread out never reach the limit', () => {
    const t = new PreloginThrottle(4, 10_000);
    for (let now = 0; now < 600_000; now += 10_000) {
      t.add('g', now);
      expect(t.throttled('g', now)).toBe(false);
    }
    expect(t.score('g', 600_000)).toBeLessThan(2);
  });

  it('stays engaged while errors keep coming and forgets a quiet group', () => {
    const t = new PreloginThrottle(2, 1_000);
    t.add('g', 0);
    t.add('g', 0);
    t.add('g', 900);
    expect(t.throttled('g', 1_800)).toBe(true); // (2·2^-0.9 + 1)·2^-0.9 ≈ 1.11, still ≥ half the limit
    t.prune(60_000);
    expect(t.size).toBe(0);
    expect(t.throttled('g', 60_000)).toBe(false);
  });
});
