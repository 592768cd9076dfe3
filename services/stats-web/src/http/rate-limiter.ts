import { TokenBucket } from '@rxpool/token-bucket';

/**
 * One token bucket per client address: `burst` requests at once, then
 * `perSecond`. Full buckets are forgotten by `sweep()`, and the number of
 * clients held is capped, so a flood of addresses cannot grow memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

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
      b = new TokenBucket(this.burst, now);
      this.buckets.set(client, b);
    }
    if (b.take(now, this.burst, this.perSecond)) return 0;
    return b.msUntilToken(now, this.burst, this.perSecond);
  }

  /** Forgets every client whose bucket has refilled. */
  sweep(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.isFull(now, this.burst, this.perSecond)) this.buckets.delete(client);
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
