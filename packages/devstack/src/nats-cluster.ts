import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import type { NatsInstance } from './nats-instance.js';
import { freePort, portAnswers, waitFor } from './net-utils.js';

/** One server of a cluster: a NatsInstance (restart keeps its ports and store) with its names and ports. */
export interface NatsClusterNode extends NatsInstance {
  /** Its server name (`--server_name`), as JetStream names stream leaders. */
  name: string;
  clusterPort: number;
  monitorPort: number;
}

export interface NatsClusterPorts {
  client: number;
  cluster: number;
  monitor: number;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL. */
  readonly urls: readonly string[];
  /** The same, comma-separated: NATS_URL for a service. */
  readonly url: string;
  /** Index of the node leading `stream` now, per the monitoring endpoint; undefined while none does. */
  streamLeader(stream: string): Promise<number | undefined>;
  /** Waits until `stream` has a leader among the running nodes (after an election); its index. */
  waitStreamLeader(stream: string, timeoutMs?: number): Promise<number>;
  /** Waits until node i is caught up: in contact with the meta leader, every stream replica it holds current. */
  waitHealthy(i: number, timeoutMs?: number): Promise<void>;
  kill(i: number): Promise<void>;
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

/** Node i's ports when the cluster is laid out from one base port: client, cluster route, monitoring. */
export function natsClusterPorts(basePort: number, i: number): NatsClusterPorts {
  return { client: basePort + 3 * i, cluster: basePort + 3 * i + 1, monitor: basePort + 3 * i + 2 };
}

/**
 * `nodes` nats-servers with JetStream in one cluster on loopback, each with its own file
 * store under `dir`, routes to the others and a monitoring port. Ports come from
 * `basePort` (three per node, see natsClusterPorts) or are picked free. Resolves once
 * every node is in contact with an elected JetStream meta leader.
 */
export async function startNatsCluster(options: {
  dir: string;
  nodes?: number;
  basePort?: number;
  clusterName?: string;
  binary?: string;
}): Promise<NatsCluster> {
  const count = options.nodes ?? 3;
  const clusterName = options.clusterName ?? 'rxpool';
  const ports: NatsClusterPorts[] = [];
  for (let i = 0; i < count; i++) {
    ports.push(
      options.basePort === undefined
        ? { client: await freePort(), cluster: await freePort(), monitor: await freePort() }
        : natsClusterPorts(options.basePort, i),
    );
  }
  const nodes = ports.map((p, i) => {
    const name = `nats-${i + 1}`;
    const dir = join(options.dir, name);
    const storeDir = join(dir, 'jetstream');
    mkdirSync(storeDir, { recursive: true });
    const routes = ports
      .filter((_, k) => k !== i)
      .map((o) => `nats://127.0.0.1:${o.cluster}`)
      .join(',');
    const proc = new ManagedProcess({
      command: options.binary ?? 'nats-server',
      args: [
        ['-a', '127.0.0.1', '-p', String(p.client), '--server_name', name, '-m', String(p.monitor)],
        ['--cluster_name', clusterName, '--cluster', `nats://127.0.0.1:${p.cluster}`, '--routes', routes],
        ['-js', '-sd', storeDir],
      ].flat(),
      logFile: join(dir, 'nats-server.log'),
    });
    const up = async () => {
      proc.start();
      await waitFor(`nats-server ${name} on ${p.client}`, () => portAnswers(p.client), 15_000, 50);
    };
    const node: NatsClusterNode = {
      url: `nats://127.0.0.1:${p.client}`,
      port: p.client,
      clusterPort: p.cluster,
      monitorPort: p.monitor,
      name,
      process: proc,
      restart: up,
      stop: () => proc.stop(),
      kill: () => proc.kill(),
    };
    return { node, up };
  });
  const cluster = new LocalNatsCluster(nodes.map((n) => n.node));
  try {
    await Promise.all(nodes.map((n) => n.up()));
    // A lone node reports healthy before its routes are up: wait for every one.
    await Promise.all(nodes.map((_, i) => cluster.waitHealthy(i)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

/** What /jsz?streams=true tells of one stream (the fields read here). */
interface JszStream {
  name: string;
  cluster?: { leader?: string; replicas?: Array<{ name: string; current: boolean }> };
}

interface Jsz {
  account_details?: Array<{ stream_detail?: JszStream[] }>;
}

class LocalNatsCluster implements NatsCluster {
  readonly urls: readonly string[];

  constructor(readonly nodes: readonly NatsClusterNode[]) {
    this.urls = nodes.map((n) => n.url);
  }

  get url(): string {
    return this.urls.join(',');
  }

  async streamLeader(stream: string): Promise<number | undefined> {
    for (const node of this.nodes) {
      if (!node.process.running) continue;
      const details = await streamDetails(node);
      const leader = details.find((s) => s.name === stream)?.cluster?.leader;
      const index = this.nodes.findIndex((n) => n.name === leader);
      // A killed leader is still named until the others notice: only a running one counts.
      if (index >= 0 && this.nodes[index]?.process.running) return index;
    }
    return undefined;
  }

  async waitStreamLeader(stream: string, timeoutMs = 30_000): Promise<number> {
    let leader: number | undefined;
    await waitFor(
      `a leader of stream ${stream}`,
      async () => {
        leader = await this.streamLeader(stream);
        return leader !== undefined;
      },
      timeoutMs,
      100,
    );
    return leader as number;
  }

  async waitHealthy(i: number, timeoutMs = 30_000): Promise<void> {
    const node = this.node(i);
    await waitFor(
      `nats-server ${node.name} caught up`,
      async () => {
        // js-server-only: in contact with the meta leader. The full /healthz also wants every
        // consumer replica current, which an idle consumer's restarted leader never is (2.9).
        const res = await fetch(`http://127.0.0.1:${node.monitorPort}/healthz?js-server-only=true`, {
          signal: AbortSignal.timeout(2_000),
        });
        return res.ok && (await this.streamsBehind(node.name)).length === 0;
      },
      timeoutMs,
      100,
    );
  }

  /** Streams without a leader now, or whose leader does not count `name`'s replica current. */
  private async streamsBehind(name: string): Promise<string[]> {
    const named = new Set<string>();
    const led = new Set<string>();
    const behind: string[] = [];
    for (const node of this.nodes) {
      if (!node.process.running) continue;
      for (const s of await streamDetails(node)) {
        named.add(s.name);
        if (s.cluster?.leader !== node.name) continue;
        led.add(s.name);
        const replica = s.cluster.replicas?.find((r) => r.name === name);
        if (replica && !replica.current) behind.push(s.name);
      }
    }
    return [...behind, ...[...named].filter((s) => !led.has(s))];
  }

  kill(i: number): Promise<void> {
    return this.node(i).kill();
  }

  restart(i: number): Promise<void> {
    return this.node(i).restart();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  private node(i: number): NatsClusterNode {
    const node = this.nodes[i];
    if (!node) throw new RangeError(`the cluster has no node ${i}`);
    return node;
  }
}

/** The streams a node reports (none when it does not answer). */
async function streamDetails(node: NatsClusterNode): Promise<JszStream[]> {
  const jsz = await monitor<Jsz>(node, '/jsz?streams=true').catch(() => undefined);
  return jsz?.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [];
}

async function monitor<T>(node: NatsClusterNode, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${node.monitorPort}${path}`, {
    signal: AbortSignal.timeout(2_000),
  });
  if (!res.ok) throw new Error(`${node.name} ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
