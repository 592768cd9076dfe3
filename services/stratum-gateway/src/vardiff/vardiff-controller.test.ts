import { describe, expect, it } from 'vitest';
import type { VardiffConfig } from '../config.js';
import { VardiffController, VardiffState } from './vardiff-controller.js';

const config: VardiffConfig = {
  targetShareSeconds: 30,
  deadband: 0.3,
  retargetSeconds: 60,
  maxStep: 4,
  retargetGraceMs: 10_000,
};
const vardiff = new VardiffController(config, 100, 1_000_000);

/** Feeds shares of difficulty `d` every `everyMs` until a retarget or `limitMs`. */
function run(current: number, everyMs: number, limitMs = 600_000): { next: number | undefined; at: number } {
  const state = new VardiffState(0);
  for (let t = everyMs; t <= limitMs; t += everyMs) {
    const next = vardiff.onShare(state, current, current, t);
    if (next !== undefined) return { next, at: t };
  }
  return { next: undefined, at: limitMs };
}

describe('VardiffController', () => {
  it('keeps the difficulty when shares come at the target rate', () => {
    const state = new VardiffState(0);
    const changes: number[] = [];
    for (let t = 30_000; t <= 600_000; t += 30_000) {
      const next = vardiff.onShare(state, 10_000, 10_000, t);
      if (next !== undefined) changes.push(next);
    }
    expect(changes).toEqual([]);
  });

  it('raises it when shares come too fast, by at most the max step', () => {
    // 10,000 every second = 10 kH/s: 300,000 for 30 s shares, capped at ×4.
    const { next, at } = run(10_000, 1_000);
    expect(next).toBe(40_000);
    expect(at).toBe(20_000); // early: 20 shares were enough to judge
  });

  it('aims at hashrate × target time when within one step', () => {
    // 10,000 every 15 s: 666.7 H/s → 20,000 for 30 s.
    const { next } = run(10_000, 15_000);
    expect(next).toBe(20_000);
  });

  it('ignores changes inside the deadband', () => {
    // 10,000 every 25 s → 12,000 wanted: +20 % < 30 %.
    expect(run(10_000, 25_000, 300_000).next).toBeUndefined();
  });

  it('lowers a miner that sends nothing, a step at a time, not below min', () => {
    const state = new VardiffState(0);
    expect(vardiff.onIdle(state, 10_000, 59_000)).toBeUndefined();
    expect(vardiff.onIdle(state, 10_000, 60_000)).toBe(2_500);
    expect(vardiff.onIdle(state, 2_500, 120_000)).toBe(625);
    expect(vardiff.onIdle(state, 625, 180_000)).toBe(156);
    expect(vardiff.onIdle(state, 156, 240_000)).toBe(100);
    expect(vardiff.onIdle(state, 100, 300_000)).toBeUndefined();
  });

  it('stays within max', () => {
    const small = new VardiffController(config, 100, 15_000);
    const state = new VardiffState(0);
    let next: number | undefined;
    for (let t = 1_000; next === undefined; t += 1_000) next = small.onShare(state, 10_000, 10_000, t);
    expect(next).toBe(15_000);
  });

  it('clamps a requested difficulty into [min, max]', () => {
    expect(vardiff.clamp(5)).toBe(100);
    expect(vardiff.clamp(5e9)).toBe(1_000_000);
    expect(vardiff.clamp(1234.6)).toBe(1235);
  });
});
