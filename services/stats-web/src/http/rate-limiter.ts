interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per client address: `burst` requests at once, then
 * `perSecond`. Full buckets are forgotten by `sweep()`, and the number of
 * clients held is capped, so a flood of addresses cannot grow memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxClients = 100_000,
  ) {}

  get clients(): number {
    return this.buckets.size;
  }

  /** Takes a token for `client`: 0 when allowed, else the milliseconds until a token is back. */
  take(client: string, now: number): number {
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.evict(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(client, b);
    } else if (now > b.at) {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.perSecond) / 1000);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / this.perSecond);
  }

  /** Forgets every client whose bucket has refilled. */
  sweep(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * this.perSecond) / 1000 >= this.burst) this.buckets.delete(client);
    }
  }

  private evict(now: number): void {
    this.sweep(now);
    // Still full of busy clients: drop the longest-held ones (Map keeps insertion order).
    for (const client of this.buckets.keys()) {
      if (this.buckets.size < this.maxClients) break;
      this.buckets.delete(client);
    }
  }
}
