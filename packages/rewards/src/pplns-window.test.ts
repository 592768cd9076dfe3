import { describe, expect, it } from 'vitest';
import { parseRatio } from './amounts.js';
import { buildPplnsWindow, pplnsWindowSize } from './pplns-window.js';

const share = (id: string, account: string, weight: bigint) => ({ id, account, weight });

describe('PPLNS window', () => {
  it('is k × network difficulty, k rational', () => {
    expect(pplnsWindowSize(1000n, parseRatio('2'))).toBe(2000n);
    expect(pplnsWindowSize(1000n, parseRatio('1.5'))).toBe(1500n);
    expect(pplnsWindowSize(3n, parseRatio('0.1'))).toBe(1n);
  });

  it('trims the edge share to the part inside the window', () => {
    const w = buildPplnsWindow(
      [share('s5', 'A', 40n), share('s4', 'B', 30n), share('s3', 'A', 50n), share('s2', 'B', 99n)],
      100n,
    );
    expect(w.full).toBe(true);
    expect(w.total).toBe(100n);
    expect(w.shareCount).toBe(3);
    expect(w.newestId).toBe('s5');
    expect(w.oldestId).toBe('s3');
    expect(w.edgeCounted).toBe(30n);
    expect(w.weights).toEqual(
      new Map([
        ['A', 70n],
        ['B', 30n],
      ]),
    );
  });

  it('counts everything when the pool has fewer shares than the window', () => {
    const w = buildPplnsWindow([share('s2', 'A', 5n), share('s1', 'B', 7n)], 100n);
    expect(w.full).toBe(false);
    expect(w.total).toBe(12n);
    expect(w.edgeCounted).toBe(7n);
  });
});
