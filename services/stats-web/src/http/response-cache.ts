import { createHash } from 'node:crypto';

export interface CachedBody {
  body: string;
  etag: string;
}

interface Entry {
  expires: number;
  value: Promise<CachedBody>;
}

/**
 * Keeps each API answer for its route's lifetime, so a crowd asking the same
 * thing costs Postgres one query per lifetime; callers arriving while it is
 * being computed share that computation. Failures are not kept.
 *
 * Kept as our own (50 lines): Fastify has no server-side response cache, and
 * @fastify/caching only sets headers over an external store, without sharing
 * a computation in flight.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, ttlMs: number, produce: () => Promise<string>): Promise<CachedBody> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > t) return hit.value;
    if (hit) this.entries.delete(key);
    const value = produce().then((body) => ({ body, etag: etagOf(body) }));
    const entry = { expires: t + ttlMs, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.prune(t);
    return value;
  }

  private prune(t: number): void {
    for (const [key, e] of this.entries) if (e.expires <= t) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** A strong validator: the body's hash. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
