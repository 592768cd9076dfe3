import { openBansBucket } from '@rxpool/bus';
import { type BanEntry, banKey, encodeJson } from '@rxpool/messages';
import type { JetStreamClient, KV } from 'nats';

/**
 * Puts entries into the bans KV bucket that every gateway follows (the entry type and
 * key are accounting's and the gateways'; this writer only adds to the bucket).
 */
export class MinerBanWriter {
  private kv: Promise<KV> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly bucket: string,
    /** NATS_STREAM_REPLICAS, should this writer be the one creating the bucket. */
    private readonly replicas = 1,
  ) {}

  async ban(entry: BanEntry): Promise<string> {
    const key = banKey(entry.kind, entry.target);
    // The bucket opened as the gateways open it, so whoever comes first creates the same one.
    this.kv ??= openBansBucket(this.js, this.bucket, this.replicas);
    try {
      await (await this.kv).put(key, encodeJson(entry));
    } catch (err) {
      this.kv = undefined; // opened again on the next attempt
      throw err;
    }
    return key;
  }
}
