import { type NatsBus, openBansBucket } from '@rxpool/bus';
import { type BanEntry, banKey, decodeBanEntry, decodeJson, encodeJson } from '@rxpool/messages';
import type { KV, KvEntry } from 'nats';

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
    return inForce(await (await this.bucket()).get(banKey(kind, target)), now);
  }

  /** Every entry in force with its bucket key, the longest-lasting first. */
  async list(now = Date.now()): Promise<{ key: string; entry: BanEntry }[]> {
    const kv = await this.bucket();
    const out: { key: string; entry: BanEntry }[] = [];
    // Keys first: a get while the key lister runs ends the listing early.
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    for (const key of keys) {
      const entry = inForce(await kv.get(key), now);
      if (entry !== undefined) out.push({ key, entry });
    }
    const end = (e: BanEntry) => (e.until === 0 ? Number.MAX_SAFE_INTEGER : e.until);
    return out.sort((a, b) => end(b.entry) - end(a.entry) || a.key.localeCompare(b.key));
  }

  private bucket(): Promise<KV> {
    // Opened as the gateways open it (max age included), so whoever comes first creates the same bucket.
    this.kv ??= openBansBucket(this.bus.jetstream, this.bus.names.buckets.bans, this.bus.streamReplicas);
    this.kv.catch(() => {
      this.kv = undefined;
    });
    return this.kv;
  }
}

/** The ban a bucket entry holds, if it is one and has not expired. */
function inForce(e: KvEntry | null, now: number): BanEntry | undefined {
  if (e?.operation !== 'PUT') return undefined;
  try {
    const entry = decodeJson(e.value, decodeBanEntry);
    return entry.until === 0 || entry.until > now ? entry : undefined;
  } catch {
    return undefined;
  }
}
