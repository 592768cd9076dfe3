import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst, then the refill rate', () => {
    const bucket = new TokenBucket(3, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(0, 3, 2))).toEqual([true, true, true, false]);
    expect(bucket.take(400, 3, 2)).toBe(false); // 0.8 token
    expect(bucket.take(500, 3, 2)).toBe(true); // 1 token after 0.5 s at 2/s
    expect(bucket.take(500, 3, 2)).toBe(false);
  });

  it('never holds more than the burst', () => {
    const bucket = new TokenBucket(2, 0);
    expect(bucket.isFull(0, 2, 1)).toBe(true);
    bucket.take(0, 2, 1);
    expect(bucket.isFull(500, 2, 1)).toBe(false);
    expect(bucket.isFull(1_000, 2, 1)).toBe(true);
    const took = [0, 0, 0].map(() => bucket.take(1_000_000, 2, 1));
    expect(took).toEqual([true, true, false]);
  });

  it('says how long until the next token', () => {
    const bucket = new TokenBucket(2, 0);
    expect(bucket.msUntilToken(0, 2, 4)).toBe(0);
    bucket.take(0, 2, 4);
    bucket.take(0, 2, 4);
    expect(bucket.msUntilToken(0, 2, 4)).toBe(250);
    expect(bucket.msUntilToken(100, 2, 4)).toBe(150); // 0.4 token after 0.1 s at 4/s
    expect(bucket.take(100, 2, 4)).toBe(false);
    expect(bucket.msUntilToken(250, 2, 4)).toBe(0);
    expect(bucket.take(250, 2, 4)).toBe(true);
  });
});
