/** Open connections per IP, refused above the limit. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerIp: number) {}

  tryAcquire(ip: string): boolean {
    const n = this.open.get(ip) ?? 0;
    if (n >= this.maxPerIp) return false;
    this.open.set(ip, n + 1);
    return true;
  }

  release(ip: string): void {
    const n = this.open.get(ip);
    if (n === undefined) return;
    if (n <= 1) this.open.delete(ip);
    else this.open.set(ip, n - 1);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }
}
