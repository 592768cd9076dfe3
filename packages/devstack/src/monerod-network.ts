/**
 * Several regtest monerods peered over loopback P2P, so tests can fork the
 * chain the way mainnet does: partition the nodes, mine on each side, heal.
 *
 * What monerod 0.18.0.0 does when not --offline (observed here):
 * - Until its first handshake with a peer a node is not synchronised:
 *   get_block_template answers -9 "Core is busy", and submit_block and
 *   generateblocks answer a *result* with status "BUSY" (no JSON-RPC error).
 *   Peers handshake about 1-2 s after both are up; then both are synchronised.
 * - Once synchronised a node stays so: partitioned (no connections at all),
 *   get_block_template and submit_block keep working, so a job manager on
 *   nodes[0] keeps mining its side of a partition. Only a node (re)started
 *   while it cannot reach a peer is BUSY.
 * - Blocks on the main chain are relayed within a second; alternative blocks
 *   are never relayed. At a handshake a node downloads the peer's chain when it
 *   does not know the peer's top block, even a shorter one (it keeps it as alt).
 *   Two tips of equal length therefore both cross but neither side reorganises:
 *   the network stays split until the next block, as on mainnet.
 * - out_peers/in_peers 0 drop every connection at once; restoring them
 *   reconnects (and reorganises a shorter side) in about 1 s, up to 1.5 s.
 * - monerod admits one connection per IP (--max-connections-per-ip 1): on
 *   loopback three nodes made a star, not a mesh, until that was raised.
 */
import { join } from 'node:path';
import { type MonerodInstance, startMonerod, TEST_WALLET } from './monerod-instance.js';
import { freePort, waitFor } from './net-utils.js';

export interface MonerodNetworkOptions {
  dir: string;
  /** At least 2. */
  nodes?: number;
  fixedDifficulty?: number;
  /** ZMQ publisher on node 0 only. */
  zmq?: boolean;
  /** Blocks mined on node 0 at start, so forks have a parent below them. */
  baseBlocks?: number;
}

export interface ChainTip {
  height: number;
  hash: string;
}

export interface MonerodNetwork {
  /** nodes[0] is "the pool's node". */
  readonly nodes: readonly MonerodInstance[];
  /** The top block (height = block count - 1). */
  tip(node: number): Promise<ChainTip>;
  /** The main-chain hash at `height` on that node. */
  hashAt(node: number, height: number): Promise<string>;
  /** Mines `count` blocks on `node`, on top of `parentHash` (generateblocks prev_block) or its tip. Returns the new blocks' hashes, oldest first. */
  mine(node: number, count: number, opts?: { parentHash?: string; address?: string }): Promise<string[]>;
  /** No node exchanges blocks with any other: every connection is gone when it returns. */
  partition(): Promise<void>;
  /** Reconnects: every node is connected to every other when it returns. */
  heal(): Promise<void>;
  /** Waits until every node has the same tip; returns it. */
  converge(timeoutMs?: number): Promise<ChainTip>;
  /** Stops every node; safe to call twice. */
  stop(): Promise<void>;
}

interface Info {
  synchronized: boolean;
  outgoing_connections_count: number;
  incoming_connections_count: number;
}

/** POSTs to one of monerod's non-JSON-RPC endpoints (/out_peers, /pop_blocks…); throws unless status is OK. */
export async function monerodCall<T extends { status: string }>(
  node: MonerodInstance,
  path: string,
  body: unknown,
): Promise<T> {
  const res = await fetch(`${node.rpcUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const result = (await res.json()) as T;
  if (result.status !== 'OK') throw new Error(`${path}: status ${result.status}`);
  return result;
}

/**
 * Starts `nodes` monerods, each peered exclusively with all the others, waits
 * until each is synchronised and connected to every other, mines the base blocks on node 0 and converges.
 * A failed start stops whatever it started.
 */
export async function startMonerodNetwork(o: MonerodNetworkOptions): Promise<MonerodNetwork> {
  const count = o.nodes ?? 2;
  // One node has no peer and would never leave BUSY.
  if (!Number.isInteger(count) || count < 2) throw new Error(`a network needs 2 or more nodes, not ${count}`);
  const p2pPorts: number[] = [];
  for (let i = 0; i < count; i++) p2pPorts.push(await freePort());
  // Started together: each one's connection attempts find the others up.
  const settled = await Promise.allSettled(
    p2pPorts.map((p2pPort, i) =>
      startMonerod({
        dir: join(o.dir, `node-${i}`),
        p2pPort,
        peers: p2pPorts.filter((_, j) => j !== i).map((port) => `127.0.0.1:${port}`),
        zmq: i === 0 && o.zmq !== false,
        fixedDifficulty: o.fixedDifficulty ?? 1,
      }),
    ),
  );
  const nodes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const net = network(nodes);
  try {
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    await waitFor('every monerod synchronised and dialled to every other', () => meshed(nodes), 60_000);
    await net.mine(0, o.baseBlocks ?? 3);
    await net.converge();
    return net;
  } catch (error) {
    await net.stop();
    throw error;
  }
}

const info = (node: MonerodInstance) => node.rpc<Info>('get_info');
const connections = async (node: MonerodInstance) => {
  const i = await info(node);
  return i.outgoing_connections_count + i.incoming_connections_count;
};
/** Each node dials every exclusive peer, so a full mesh is N-1 outgoing connections on each. */
const meshed = async (nodes: readonly MonerodInstance[]) =>
  (await Promise.all(nodes.map(info))).every(
    (i) => i.synchronized && i.outgoing_connections_count >= nodes.length - 1,
  );

function network(nodes: readonly MonerodInstance[]): MonerodNetwork {
  const at = (i: number): MonerodInstance => {
    const node = nodes[i];
    if (!node) throw new Error(`no node ${i} (the network has ${nodes.length})`);
    return node;
  };
  const setPeers = (limit: number) =>
    Promise.all(
      nodes.flatMap((node) => [
        monerodCall(node, '/out_peers', { out_peers: limit }),
        monerodCall(node, '/in_peers', { in_peers: limit }),
      ]),
    );
  const tip = async (i: number): Promise<ChainTip> => {
    const r = await at(i).rpc<{ block_header: ChainTip }>('get_last_block_header');
    return { height: r.block_header.height, hash: r.block_header.hash };
  };
  const tips = () => Promise.all(nodes.map((_, i) => tip(i)));
  // generateblocks' coinbase already differs per call (a random tx key); distinct nonces make sure.
  let nonce = 1;
  return {
    nodes,
    tip,
    async hashAt(i, height) {
      const r = await at(i).rpc<{ block_header: { hash: string } }>('get_block_header_by_height', { height });
      return r.block_header.hash;
    },
    async mine(i, count, opts = {}) {
      const r = await at(i).rpc<{ status: string; blocks?: string[] }>('generateblocks', {
        amount_of_blocks: count,
        wallet_address: opts.address ?? TEST_WALLET.address,
        starting_nonce: nonce,
        ...(opts.parentHash ? { prev_block: opts.parentHash } : {}),
      });
      nonce += count;
      // An unsynchronised node answers status BUSY, not a JSON-RPC error.
      if (r.status !== 'OK' || r.blocks?.length !== count)
        throw new Error(`generateblocks on node ${i}: status ${r.status}, ${r.blocks?.length ?? 0} blocks`);
      return r.blocks;
    },
    async partition() {
      await setPeers(0);
      await waitFor(
        'every P2P connection closed',
        async () => (await Promise.all(nodes.map(connections))).every((c) => c === 0),
        30_000,
      );
    },
    async heal() {
      await setPeers(8);
      await waitFor('every node dialled to every other', () => meshed(nodes), 30_000);
    },
    async converge(timeoutMs = 60_000) {
      try {
        await waitFor(
          'every node on the same tip',
          async () => new Set((await tips()).map((t) => t.hash)).size === 1,
          timeoutMs,
        );
      } catch (error) {
        const seen = await tips().catch(() => []);
        throw new Error(`${error instanceof Error ? error.message : error}; tips ${JSON.stringify(seen)}`);
      }
      return tip(0);
    },
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
    },
  };
}
