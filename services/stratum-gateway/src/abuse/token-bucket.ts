/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`. The rate settings
 * live with the caller (shared by every bucket of a kind), so a bucket is two numbers.
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
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(burst, this.tokens + (elapsed * perSecond) / 1000);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely (it can be forgotten). */
  isFull(now: number, burst: number, perSecond: number): boolean {
    return this.tokens + ((now - this.last) * perSecond) / 1000 >= burst;
  }
}
