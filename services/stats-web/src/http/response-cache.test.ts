import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.js';

describe('ResponseCache', () => {
  it('computes once per lifetime, shares a computation in flight, recomputes when expired', async () => {
    let t = 0;
    let calls = 0;
    const cache = new ResponseCache(10, () => t);
    const produce = async () => `body ${++calls}`;
    const [a, b] = await Promise.all([cache.get('k', 1000, produce), cache.get('k', 1000, produce)]);
    expect(a).toBe(b);
    expect(a.body).toBe('body 1');
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    t = 999;
    expect((await cache.get('k', 1000, produce)).body).toBe('body 1');
    t = 1000;
    const c = await cache.get('k', 1000, produce);
    expect(c.body).toBe('body 2');
    expect(c.etag).not.toBe(a.etag);
  });

  it('does not keep failures and stays within its size', async () => {
    const cache = new ResponseCache(2, () => 0);
    await expect(cache.get('x', 1000, async () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    expect((await cache.get('x', 1000, async () => 'ok')).body).toBe('ok');
    await cache.get('y', 1000, async () => 'y');
    await cache.get('z', 1000, async () => 'z');
    expect(cache.size).toBe(2);
  });
});
