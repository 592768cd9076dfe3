import { type JetStreamClient, type KV, nanos } from 'nats';
import { openKv } from './kv-bucket.js';

/**
 * The longest a ban can last, and the bans bucket's max age: the server drops every
 * entry this long after it was written, so the bucket cannot grow without bound and a
 * gateway starting up replays at most this much. A ban decided for longer is cut to it.
 */
export const BANS_MAX_AGE_MS = 7 * 24 * 3_600_000;

/**
 * Opens the bans KV bucket as the gateways and the admin API both do (whoever comes
 * first creates it), giving a bucket made before bans expired its max age.
 */
export async function openBansBucket(js: JetStreamClient, bucket: string, replicas = 1): Promise<KV> {
  const kv = await openKv(js, bucket, { history: 1, ttl: BANS_MAX_AGE_MS, replicas });
  const status = await kv.status();
  if (status.ttl !== BANS_MAX_AGE_MS) {
    const jsm = await js.jetstreamManager();
    const stream = status.streamInfo.config.name;
    const { config } = await jsm.streams.info(stream);
    await jsm.streams.update(stream, { ...config, max_age: nanos(BANS_MAX_AGE_MS) });
  }
  return kv;
}
