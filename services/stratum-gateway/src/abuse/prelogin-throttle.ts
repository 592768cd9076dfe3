interface GroupScore {
  score: number;
  at: number;
  engaged: boolean;
}

/**
 * Malformed requests before login, per address group: a score that halves every
 * `halfLifeMs`. `limit` of them in a burst (the score above limit − 1: one per half-life
 * settles at 2 and never gets there) make the group's new connections wait (they are
 * refused) until the score has decayed to half the limit, about one half-life. Short and not a
 * ban: whoever shares the address (a NAT, a CGNAT) is only delayed, and the miners already
 * logged in from it never notice. The clock is the caller's, so tests can move it.
 */
export class PreloginThrottle {
  private readonly groups = new Map<string, GroupScore>();

  constructor(
    private readonly limit: number,
    private readonly halfLifeMs: number,
  ) {}

  /** One malformed request before login from `group`. */
  add(group: string, now: number): void {
    const g = this.groups.get(group);
    if (g === undefined) {
      this.groups.set(group, { score: 1, at: now, engaged: this.limit < 2 });
      return;
    }
    g.score = this.decayed(g, now) + 1;
    g.at = now;
    if (g.score > this.limit - 1) g.engaged = true;
  }

  /** Whether new connections from `group` are refused now. */
  throttled(group: string, now: number): boolean {
    const g = this.groups.get(group);
    if (g === undefined || !g.engaged) return false;
    if (this.decayed(g, now) < this.limit / 2) g.engaged = false;
    return g.engaged;
  }

  /** The group's score now (for tests and logs). */
  score(group: string, now: number): number {
    const g = this.groups.get(group);
    return g === undefined ? 0 : this.decayed(g, now);
  }

  /** Forgets groups whose score has all but gone. */
  prune(now: number): void {
    for (const [group, g] of this.groups) {
      if (!this.throttled(group, now) && this.decayed(g, now) < 0.05) this.groups.delete(group);
    }
  }

  get size(): number {
    return this.groups.size;
  }

  private decayed(g: GroupScore, now: number): number {
    const elapsed = Math.max(0, now - g.at);
    return g.score * 2 ** (-elapsed / this.halfLifeMs);
  }
}
