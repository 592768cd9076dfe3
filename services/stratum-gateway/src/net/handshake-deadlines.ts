/**
 * Connections that must be done with their handshake (PROXY header, TLS, a refused
 * login's answer) by a fixed time after accept. One timer for all of them: with one
 * timeout, deadlines come in accept order, so a queue suffices and a connection costs
 * one array slot, not a timer. `expire` decides whether the connection is still due.
 */
export class HandshakeDeadlines<T> {
  private items: { item: T; at: number }[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (item: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(item: T): void {
    this.items.push({ item, at: this.now() + this.timeoutMs });
    if (this.timer === undefined) this.arm(this.timeoutMs);
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.head = 0;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.items.length) {
      const next = this.items[this.head];
      if (next === undefined || next.at > now) break;
      this.head++;
      this.expire(next.item);
    }
    // Drop the spent front now and then, not on every expiry.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    const next = this.items[this.head];
    if (next !== undefined) this.arm(next.at - now);
    else {
      this.items = [];
      this.head = 0;
    }
  }
}
