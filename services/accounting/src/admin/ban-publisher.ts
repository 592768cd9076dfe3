import type { NatsBus } from '@rxpool/bus';
import { type BanEntry, banKey, decodeBanEntry, decodeJson, encodeJson } from '@rxpool/messages';
import type { KV } from 'nats';

/** Writes and deletes entries of the bans KV bucket, which every gateway watches. */
export class BanPublisher {
  private kv: Promise<KV> | undefined;

  constructor(private readonly bus: NatsBus) {}

  async ban(entry: BanEntry): Promise<string> {
    const key = banKey(entry.kind, entry.target);
    await (await this.bucket()).put(key, encodeJson(entry));
    return key;
  }

  /** Deletes the entry; false when there was none. */
  async unban(kind: BanEntry['kind'], target: string): Promise<{ key: string; removed: boolean }> {
    const key = banKey(kind, target);
    const kv = await this.bucket();
    const current = await kv.get(key);
    if (!current || current.operation !== 'PUT') return { key, removed: false };
    await kv.delete(key);
    return { key, removed: true };
  }

  /** The entry in force for this target, if any (expired ones are not). */
  async current(kind: BanEntry['kind'], target: string, now = Date.now()): Promise<BanEntry | undefined> {
    const e = await (await this.bucket()).get(banKey(kind, target));
    if (!e || e.operation !== 'PUT') return undefined;
    try {
      const entry = decodeJson(e.value, decodeBanEntry);
      return entry.until === 0 || entry.until > now ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  private bucket(): Promise<KV> {
    // Same options as the gateways, so whoever comes first creates the same bucket.
    this.kv ??= this.bus.jetstream.views.kv(this.bus.names.buckets.bans, {
      history: 1,
      replicas: this.bus.streamReplicas,
    });
    this.kv.catch(() => {
      this.kv = undefined;
    });
    return this.kv;
  }
}
