import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets a burst through, then refills at the rate and says how long to wait', () => {
    const limiter = new RateLimiter(2, 3);
    expect([0, 0, 0].map(() => limiter.take('a', 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 1000)).toBe(500);
    expect(limiter.take('a', 1250)).toBe(250);
    expect(limiter.take('a', 1500)).toBe(0);
    expect(limiter.take('a', 1500)).toBe(500);
    // Another client has its own bucket.
    expect(limiter.take('b', 1500)).toBe(0);
  });

  it('never holds more than the burst, however long a client was away', () => {
    const limiter = new RateLimiter(10, 2);
    limiter.take('a', 0);
    const allowed = [0, 0, 0].map(() => limiter.take('a', 3_600_000));
    expect(allowed).toEqual([0, 0, 100]);
  });

  it('forgets refilled clients and caps how many it holds', () => {
    const limiter = new RateLimiter(1, 5, 3);
    for (const c of ['a', 'b', 'c']) limiter.take(c, 0);
    limiter.sweep(500);
    expect(limiter.clients).toBe(3);
    limiter.sweep(5_000);
    expect(limiter.clients).toBe(0);
    for (const c of ['a', 'b', 'c', 'd']) limiter.take(c, 10_000);
    expect(limiter.clients).toBe(3);
  });
});
