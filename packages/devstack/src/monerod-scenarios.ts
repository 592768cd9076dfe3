/**
 * Forks as mainnet makes them, on a MonerodNetwork: node 0 is the pool's node,
 * node 1 the rest of the network. Each helper expects a converged network and
 * leaves it healed and converged unless its comment says otherwise.
 */
import { JsonRpcError } from './json-rpc.js';
import type { MonerodInstance } from './monerod-instance.js';
import { type MonerodNetwork, monerodCall } from './monerod-network.js';
import { waitFor } from './net-utils.js';

/** The pool's branch each overtake replaced, by network and height, for winBack. */
const replacedBranches = new WeakMap<MonerodNetwork, Map<number, readonly string[]>>();

/**
 * A rival block at `height`, on the parent of the pool node's block there,
 * mined on node 1 while partitioned as by a miner whose node had not yet seen
 * the pool's block: node 1 first pops its blocks from `height` on. After healing
 * the pool node holds the rival as an alt block and keeps its own.
 *
 * At the tip (equal length) the network stays split, as mainnet does until the
 * next block: node 0 on its block, node 1 on the rival; mine one block on
 * node 0 and converge to settle it. Below the tip it converges on node 0's chain.
 */
export async function rivalAt(
  net: MonerodNetwork,
  height: number,
  opts: { address?: string } = {},
): Promise<{ rival: string; pool: string }> {
  const pool = await net.hashAt(0, height);
  const parentHash = await net.hashAt(0, height - 1);
  const top = await net.tip(0);
  await net.partition();
  const above = (await net.tip(1)).height - height + 1;
  if (above > 0) await monerodCall(nodeAt(net, 1), '/pop_blocks', { nblocks: above });
  const [rival] = await net.mine(1, 1, { parentHash, ...opts });
  if (!rival) throw new Error('no rival block mined');
  if (top.height === height) {
    await net.heal();
    // At the tip each side downloads the other's unknown top at the handshake.
    await waitKnown(net, 0, rival);
    await waitKnown(net, 1, pool);
  } else {
    // Below the tip node 1 is the shorter side: at the handshake it may take node 0's chain before
    // node 0 asks for its top, and alt blocks are never relayed. The rival reaches the pool's node
    // as a relayed block would: its blob, handed to node 0 (which keeps it as an alt block).
    await relay(net, 1, 0, rival);
    await net.heal();
    await waitKnown(net, 0, rival);
    await net.converge();
  }
  return { rival, pool };
}

/** Hands block `hash` from node `from` to node `to` (submit_block): "Block not accepted" is what an alt block gets. */
async function relay(net: MonerodNetwork, from: number, to: number, hash: string): Promise<void> {
  const { blob } = await nodeAt(net, from).rpc<{ blob: string }>('get_block', { hash });
  await nodeAt(net, to)
    .rpc('submit_block', [blob])
    .catch((err: unknown) => {
      if (!(err instanceof JsonRpcError && err.code === -7)) throw err;
    });
}

/**
 * A rival chain from the parent of `height`, mined on node 1 in a partition,
 * `lead` blocks longer than the pool node's chain; after healing the pool node
 * reorganises onto it. `poolBranch` is the pool's replaced branch (its blocks
 * from `height` to its old tip), which winBack extends.
 */
export async function overtake(
  net: MonerodNetwork,
  height: number,
  lead: number,
): Promise<{ rivalHashes: string[]; poolBranch: string[] }> {
  if (!Number.isInteger(lead) || lead < 1)
    throw new Error(`lead must be a whole number of blocks, not ${lead}`);
  const top = await net.tip(0);
  const poolBranch = await mainChain(net, 0, height, top.height);
  const parentHash = await net.hashAt(0, height - 1);
  await net.partition();
  const rivalHashes = await net.mine(1, top.height - height + 1 + lead, { parentHash });
  await net.heal();
  await expectTip(net, rivalHashes);
  const byHeight = replacedBranches.get(net) ?? new Map<number, readonly string[]>();
  replacedBranches.set(net, byHeight.set(height, poolBranch));
  return { rivalHashes, poolBranch };
}

/**
 * After an overtake at `height`: node 0, partitioned, extends the pool's old
 * branch (`poolBranch`, by default the one that overtake recorded) until it is
 * one block longer than the rival chain; after healing every node is back on
 * the pool's branch. Returns the blocks it mined, oldest first.
 */
export async function winBack(
  net: MonerodNetwork,
  height: number,
  poolBranch: readonly string[] | undefined = replacedBranches.get(net)?.get(height),
): Promise<{ hashes: string[] }> {
  const branchTip = poolBranch?.at(-1);
  if (!poolBranch || !branchTip)
    throw new Error(`no pool branch at height ${height} to win back (overtake first)`);
  const rivalTop = Math.max(...(await Promise.all(net.nodes.map((_, i) => net.tip(i)))).map((t) => t.height));
  const branchTop = height + poolBranch.length - 1;
  await net.partition();
  // Node 0's main chain is the rival's now: mine on the old branch's tip explicitly.
  const hashes = await net.mine(0, rivalTop - branchTop + 1, { parentHash: branchTip });
  await net.heal();
  await expectTip(net, hashes);
  return { hashes };
}

/**
 * While partitioned node 0 mines one block that reaches no other node, and
 * node 1 mines two on the same parent; after healing node 0 reorganises and
 * its block is lost.
 */
export async function partitionedBlock(net: MonerodNetwork): Promise<{ lost: string; winner: string[] }> {
  const { hash: parentHash } = await net.tip(0);
  await net.partition();
  const [lost] = await net.mine(0, 1, { parentHash });
  if (!lost) throw new Error('no block mined on node 0');
  const winner = await net.mine(1, 2, { parentHash });
  await net.heal();
  await expectTip(net, winner);
  return { lost, winner };
}

/** Converges and checks the network ended on the last of `hashes`. */
async function expectTip(net: MonerodNetwork, hashes: readonly string[]): Promise<void> {
  const tip = await net.converge();
  if (tip.hash !== hashes.at(-1)) throw new Error(`converged on ${tip.hash}, not on ${hashes.at(-1)}`);
}

async function mainChain(net: MonerodNetwork, node: number, from: number, to: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let h = from; h <= to; h++) hashes.push(await net.hashAt(node, h));
  return hashes;
}

function nodeAt(net: MonerodNetwork, i: number): MonerodInstance {
  const node = net.nodes[i];
  if (!node) throw new Error(`the scenario needs node ${i}; the network has ${net.nodes.length}`);
  return node;
}

/** Waits until `node` has block `hash` (main chain or alt): it throws -5 while unknown. */
async function waitKnown(net: MonerodNetwork, i: number, hash: string): Promise<void> {
  const node = nodeAt(net, i);
  await waitFor(
    `block ${hash} on node ${i}`,
    async () => {
      await node.rpc('get_block_header_by_hash', { hash });
      return true;
    },
    30_000,
  );
}
