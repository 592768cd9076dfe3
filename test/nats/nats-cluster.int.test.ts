/**
 * The pool's streams on a three-node JetStream cluster (devstack's startNatsCluster):
 * NATS_STREAM_REPLICAS reaches every stream and KV bucket, also ones that exist at 1
 * replica; a publish loop as the validator publishes (a Nats-Msg-Id per share, retried
 * until acknowledged) loses and repeats nothing when the stream leader is killed -9, nor
 * when the server the client is connected to is, and the client moves to another server.
 */
import { join } from 'node:path';
import { NatsBus } from '@rxpool/bus';
import { makeTestDir, type NatsCluster, startNatsCluster, waitFor } from '@rxpool/devstack';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { AckPolicy, type JetStreamManager } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NAMESPACE = 'cluster';
const log = createLogger('nats-cluster-test', process.env.TEST_LOG_LEVEL ?? 'silent');

describe('a three-node NATS cluster under the pool', { timeout: 180_000 }, () => {
  let cluster: NatsCluster;
  const buses: NatsBus[] = [];

  const bus = async (replicas: number): Promise<NatsBus> => {
    const b = new NatsBus(
      { url: cluster.url, namespace: NAMESPACE, name: `test-r${replicas}`, streamReplicas: replicas },
      new HealthRegistry(),
      log,
    );
    buses.push(b);
    await b.connect();
    return b;
  };

  beforeAll(async () => {
    cluster = await startNatsCluster({ dir: join(makeTestDir('nats-cluster'), 'nats'), nodes: 3 });
  });

  afterAll(async () => {
    for (const b of buses) await b.close().catch(() => undefined);
    await cluster?.stop();
  });

  it('brings streams, KV buckets and their consumers from 1 replica to 3', async () => {
    const one = await bus(1);
    await one.ensureStreams();
    const names = one.names;
    await one.jetstream.views.kv(names.buckets.bans, { history: 1 });
    const jsm = await one.jetstreamManager();
    await jsm.consumers.add(names.streams.shares, { durable_name: 'ingest', ack_policy: AckPolicy.Explicit });
    expect((await jsm.streams.info(names.streams.shares)).config.num_replicas).toBe(1);

    const three = await bus(3);
    await three.ensureStreams();
    const streams = [...Object.values(names.streams), `KV_${names.buckets.bans}`];
    for (const s of streams) expect((await jsm.streams.info(s)).config.num_replicas).toBe(3);
    // A bucket created later, where it is used, gets the setting too.
    await three.jetstream.views.kv(names.buckets.gatewayInstances, {
      history: 1,
      replicas: three.streamReplicas,
    });
    expect((await jsm.streams.info(`KV_${names.buckets.gatewayInstances}`)).config.num_replicas).toBe(3);
    // The durable consumer follows its stream: a leader and two followers once elected.
    await waitFor(
      'the consumer on three replicas',
      async () => {
        const c = (await jsm.consumers.info(names.streams.shares, 'ingest')).cluster;
        return c?.leader !== undefined && c.replicas?.length === 2;
      },
      30_000,
      200,
    );
    await waitFor('a leader of every stream', async () => {
      for (const s of streams) if ((await jsm.streams.info(s)).cluster?.leader === undefined) return false;
      return true;
    });
  });

  it('loses and repeats no publish when the stream leader is killed -9', async () => {
    const b = await bus(3);
    const stream = b.names.streams.shares;
    const leader = await cluster.waitStreamLeader(stream);
    const run = await publishThrough(b, cluster, leader, `leader-${leader}`);
    expect(run.newLeader).not.toBe(leader);
    await expectStoredOnce(await auditor(b, stream), stream, `leader-${leader}-`, run.ids);
    process.stdout.write(
      `nats cluster: stream leader ${cluster.nodes[leader]?.name} killed; publishes acknowledged again after ${run.outageMs} ms (${run.failures} failed attempts, retried)\n`,
    );
    await cluster.restart(leader);
    await cluster.waitHealthy(leader);
  });

  it('moves a client to another server when its own is killed -9', async () => {
    const b = await bus(3);
    const stream = b.names.streams.shares;
    await cluster.waitStreamLeader(stream);
    const own = cluster.nodes.findIndex((n) => n.url.endsWith(b.connection.getServer()));
    expect(own).toBeGreaterThanOrEqual(0);
    const run = await publishThrough(b, cluster, own, `server-${own}`);
    expect(cluster.nodes[own]?.url.endsWith(b.connection.getServer())).toBe(false);
    await expectStoredOnce(await auditor(b, stream), stream, `server-${own}-`, run.ids);
    await cluster.restart(own);
    await cluster.waitHealthy(own);
  });
});

/**
 * A manager once JetStream answers again: a request sent while the meta leader (perhaps the
 * killed node) is being replaced may be lost and would wait out its whole timeout.
 */
async function auditor(b: NatsBus, stream: string): Promise<JetStreamManager> {
  let jsm: JetStreamManager | undefined;
  await waitFor(
    'JetStream answering',
    async () => {
      jsm = await b.connection.jetstreamManager({ timeout: 2_000 });
      return (await jsm.streams.info(stream)).cluster?.leader !== undefined;
    },
    60_000,
    100,
  );
  return jsm as JetStreamManager;
}

interface PublishRun {
  /** Every id acknowledged. */
  ids: string[];
  failures: number;
  /** Kill → the first acknowledgement of a publish sent after it. */
  outageMs: number;
  newLeader: number;
}

/**
 * Four publishers, each retrying its current message (same Nats-Msg-Id) until the
 * stream acknowledges it, as a miner retries a share answered busy; node `victim` is
 * killed -9 once they run, and they stop 20 acknowledgements after the stream has a new leader.
 */
async function publishThrough(
  b: NatsBus,
  cluster: NatsCluster,
  victim: number,
  tag: string,
): Promise<PublishRun> {
  const js = b.jetstream;
  const subject = b.names.subjects.sharesAccepted;
  const ids: string[] = [];
  let failures = 0;
  let killedAt = 0;
  let firstAfter = 0;
  let stopAfter = Number.POSITIVE_INFINITY;
  const publisher = async (p: number) => {
    for (let n = 0; ids.length < stopAfter; n++) {
      const id = `${tag}-${p}-${n}`;
      for (;;) {
        const sentAt = Date.now();
        try {
          await js.publish(subject, new TextEncoder().encode(id), { msgID: id, timeout: 2_000 });
          if (killedAt > 0 && sentAt >= killedAt && firstAfter === 0) firstAfter = Date.now();
          break;
        } catch {
          failures += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      ids.push(id);
    }
  };
  const running = [0, 1, 2, 3].map(publisher);
  await waitFor('publishes before the kill', async () => ids.length >= 20);
  await cluster.kill(victim);
  killedAt = Date.now();
  const newLeader = await cluster.waitStreamLeader(b.names.streams.shares);
  const leaderAt = ids.length;
  stopAfter = leaderAt + 20;
  await waitFor('publishes after the election', async () => ids.length >= stopAfter, 60_000);
  await Promise.all(running);
  return { ids, failures, outageMs: firstAfter - killedAt, newLeader };
}

/** Every id in `ids` is in the stream exactly once (by its Nats-Msg-Id), and no other id starting with `tag`. */
async function expectStoredOnce(
  jsm: JetStreamManager,
  stream: string,
  tag: string,
  ids: readonly string[],
): Promise<void> {
  const wanted = new Set(ids);
  const seen = new Map<string, number>();
  const { first_seq, last_seq } = (await jsm.streams.info(stream)).state;
  for (let seq = first_seq; seq <= last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    const id = m.header.get('Nats-Msg-Id');
    if (id.startsWith(tag)) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  expect([...wanted].filter((id) => seen.get(id) !== 1)).toEqual([]);
  expect([...seen.keys()].filter((id) => !wanted.has(id))).toEqual([]);
}
