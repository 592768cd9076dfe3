/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`. The rate settings
 * live with the caller (shared by every bucket of a kind), so a bucket is two numbers:
 * the gateway holds one per miner and per address group, stats-web one per client.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(burst: number, now: number) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if there is one. */
  take(now: number, burst: number, perSecond: number): boolean {
    this.refill(now, burst, perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is back (0 when one is there now): a Retry-After. */
  msUntilToken(now: number, burst: number, perSecond: number): number {
    this.refill(now, burst, perSecond);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / perSecond);
  }

  /** True when the bucket has refilled completely (it can be forgotten). */
  isFull(now: number, burst: number, perSecond: number): boolean {
    return this.tokens + ((now - this.last) * perSecond) / 1000 >= burst;
  }

  private refill(now: number, burst: number, perSecond: number): void {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(burst, this.tokens + (elapsed * perSecond) / 1000);
      this.last = now;
    }
  }
}
