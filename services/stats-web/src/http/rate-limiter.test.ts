import { describe, expect, it } from 'vitest';
import { TokenBucketStore } from './rate-limit-store.js';
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

describe('TokenBucketStore', () => {
  const incr = (store: TokenBucketStore, key: string, max = 3) =>
    new Promise<{ current: number; ttl: number } | undefined>((resolve, reject) =>
      store.incr(key, (err, res) => (err ? reject(err) : resolve(res)), 0, max),
    );

  it("gives @fastify/rate-limit the bucket's answer: beyond max once spent, the wait as ttl", async () => {
    let t = 1000;
    const store = new TokenBucketStore(new RateLimiter(0.5, 3), () => t);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await incr(store, 'a'));
    expect(answers.map((a) => (a?.current ?? 0) > 3)).toEqual([false, false, false, true]);
    expect(answers[3]?.ttl).toBe(2000);
    t += 2000;
    expect((await incr(store, 'a'))?.current).toBe(1);
    expect(store.child()).toBe(store);
  });

  it('forgets refilled clients a minute on, at the next request', async () => {
    let t = 0;
    const limiter = new RateLimiter(1, 5);
    const store = new TokenBucketStore(limiter, () => t);
    await incr(store, 'a');
    t = 59_999;
    await incr(store, 'b');
    expect(limiter.clients).toBe(2);
    t = 60_000;
    await incr(store, 'c');
    // 'a' has refilled and is forgotten; 'b' is still spending.
    expect(limiter.clients).toBe(2);
  });
});
