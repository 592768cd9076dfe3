import { describe, expect, it } from 'vitest';
import { chartGeometry, niceTop } from './chart.js';

describe('chart geometry', () => {
  it('rounds the axis top up to 1, 2 or 5 × 10^k', () => {
    expect([0, 0.3, 1, 1.1, 3, 7, 10, 4_200].map(niceTop)).toEqual([1, 0.5, 1, 2, 5, 10, 10, 5_000]);
  });

  it('maps time to x and hashrate to y inside the padding, one path per series', () => {
    const h = 3_600_000;
    const g = chartGeometry(
      [
        {
          worker: 'rig1',
          points: [
            [0, 0],
            [h, 50],
            [2 * h, 100],
          ],
        },
        {
          worker: 'rig2',
          points: [
            [0, 100],
            [2 * h, 0],
          ],
        },
      ],
      760,
      240,
    );
    expect(g.top).toBe(100);
    // Plot box: x 72..748, y 12..214.
    expect(g.lines[0]?.d).toBe('M72,214 L410,113 L748,12');
    expect(g.lines[1]?.d).toBe('M72,12 L748,214');
    expect(g.lines[0]?.area).toBe('M72,214 L410,113 L748,12 L748,214 L72,214 Z');
    expect(g.lines.map((l) => l.color)).toEqual(['#f26822', '#4fa3ff']);
    expect(g.yTicks.map((t) => t.label)).toEqual(['0 H/s', '25.0 H/s', '50.0 H/s', '75.0 H/s', '100 H/s']);
    expect(g.xTicks.map((t) => t.label)).toEqual(['00:00', '01:00', '02:00']);
  });
});
