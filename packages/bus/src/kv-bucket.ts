import type { JetStreamClient, KV, KvOptions } from 'nats';

/** How long a bucket created on a cluster may take to elect its leader. */
const LEADER_WAIT_MS = 30_000;

/**
 * Opens a KV bucket, creating it with `options` when it does not exist. A replicated
 * bucket a cluster has just created has no leader for a moment and refuses every write
 * (503): with more than one replica this returns once its stream has a leader.
 */
export async function openKv(js: JetStreamClient, bucket: string, options: Partial<KvOptions>): Promise<KV> {
  const kv = await js.views.kv(bucket, options);
  if ((options.replicas ?? 1) > 1) await waitForLeader(js, `KV_${bucket}`);
  return kv;
}

async function waitForLeader(js: JetStreamClient, stream: string): Promise<void> {
  const jsm = await js.jetstreamManager();
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (info?.cluster?.leader !== undefined || (info !== undefined && info.cluster === undefined)) return;
    if (Date.now() > deadline)
      throw new Error(`KV bucket stream ${stream} has no leader after ${LEADER_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
