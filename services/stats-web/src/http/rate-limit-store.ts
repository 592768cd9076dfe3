import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateLimiter } from './rate-limiter.js';

/** How often refilled clients are forgotten (on the next request after this long). */
const SWEEP_MS = 60_000;

/**
 * @fastify/rate-limit counts requests in fixed windows; the API's budget is
 * a token bucket per client (a burst, then a steady rate, Retry-After the
 * time until the next token). This store gives the plugin the bucket's
 * answer in its terms: `current` beyond `max` refuses, `ttl` is the wait.
 */
export class TokenBucketStore implements FastifyRateLimitStore {
  private swept: number;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly now: () => number = Date.now,
  ) {
    this.swept = now();
  }

  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    _timeWindow: number,
    max: number,
  ): void {
    const t = this.now();
    if (t - this.swept >= SWEEP_MS) {
      this.limiter.sweep(t);
      this.swept = t;
    }
    const waitMs = this.limiter.take(key, t);
    callback(null, waitMs === 0 ? { current: 1, ttl: 0 } : { current: max + 1, ttl: waitMs });
  }

  /** Every route shares the one budget per client. */
  child(): FastifyRateLimitStore {
    return this;
  }
}

/** The plugin builds its store itself (once, from a class): one over these buckets. */
export function tokenBucketStore(
  limiter: RateLimiter,
  now: () => number = Date.now,
): FastifyRateLimitStoreCtor {
  return class extends TokenBucketStore {
    constructor() {
      super(limiter, now);
    }
  };
}
