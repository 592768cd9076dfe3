import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcError } from './json-rpc.js';
import { startMonerod, TEST_WALLET } from './monerod-instance.js';
import { type MonerodNetwork, startMonerodNetwork } from './monerod-network.js';
import { overtake, partitionedBlock, rivalAt, winBack } from './monerod-scenarios.js';
import { freePort } from './net-utils.js';
import { childrenByParent } from './process-table.js';
import { makeTestDir } from './test-dirs.js';

interface Header {
  height: number;
  hash: string;
  orphan_status: boolean;
}

describe('a regtest network of two peered monerods', { timeout: 120_000 }, () => {
  const dir = makeTestDir('monerod-network');
  let started: MonerodNetwork | undefined;
  const net = (): MonerodNetwork => {
    if (!started) throw new Error('the network did not start');
    return started;
  };
  beforeAll(async () => {
    started = await startMonerodNetwork({ dir: join(dir, 'net') });
  }, 180_000);
  afterAll(async () => {
    await started?.stop();
  });

  /** The node's header of `hash`, or undefined when the node does not know the block. */
  const header = (node: number, hash: string) =>
    net()
      .nodes[node]?.rpc<{ block_header: Header }>('get_block_header_by_hash', { hash })
      .then((r) => r.block_header)
      .catch(() => undefined);
  const altBlocks = async (node: number) =>
    (await net().nodes[node]?.rpc<{ alt_blocks_count: number }>('get_info'))?.alt_blocks_count;
  const onEveryNode = (check: (node: number) => Promise<void>) =>
    Promise.all(net().nodes.map((_, i) => check(i)));
  /** A new block at the top of the converged network: the pool's block the scenario forks at. */
  const poolBlockAtTip = async () => {
    await net().mine(0, 1);
    return (await net().converge()).height;
  };

  it('starts converged on a base chain, relays blocks both ways, ZMQ on node 0 only', async () => {
    const base = await net().tip(0);
    expect(base.height).toBeGreaterThanOrEqual(3);
    expect(await net().tip(1)).toEqual(base);
    expect(net().nodes[0]?.zmqUrl).toMatch(/^tcp:/);
    expect(net().nodes[1]?.zmqUrl).toBeUndefined();
    const [fromNode1] = await net().mine(1, 1);
    expect((await net().converge()).hash).toBe(fromNode1);
    const fromNode0 = await net().mine(0, 2);
    expect(await net().converge()).toEqual({ height: base.height + 3, hash: fromNode0[1] });
  });

  it('a partitioned pool node still answers get_block_template and takes submit_block', async () => {
    const before = await net().tip(0);
    await net().partition();
    const pool = net().nodes[0];
    const template = await pool?.rpc<{ blocktemplate_blob: string; height: number }>('get_block_template', {
      wallet_address: TEST_WALLET.address,
      reserve_size: 8,
    });
    expect(template?.height).toBe(before.height + 1);
    // At difficulty 1 any nonce is a block.
    expect(await pool?.rpc('submit_block', [template?.blocktemplate_blob])).toMatchObject({ status: 'OK' });
    const submitted = await net().tip(0);
    expect(submitted.height).toBe(before.height + 1);
    expect(await header(1, submitted.hash)).toBeUndefined();
    await net().heal();
    expect(await net().converge()).toEqual(submitted);
  });

  it('rivalAt the tip: the pool node keeps its block, holds the rival as alt; node 1 stays on the rival', async () => {
    const height = await poolBlockAtTip();
    const alts = (await altBlocks(0)) ?? 0;
    const { rival, pool } = await rivalAt(net(), height);
    expect(await net().tip(0)).toEqual({ height, hash: pool });
    expect(await header(0, rival)).toMatchObject({ height, orphan_status: true });
    expect(await altBlocks(0)).toBe(alts + 1);
    expect(await net().tip(1)).toEqual({ height, hash: rival });
    // The next block settles the split on the pool's block.
    await net().mine(0, 1);
    await net().converge();
    await onEveryNode(async (i) => {
      expect(await net().hashAt(i, height)).toBe(pool);
      expect(await header(i, rival)).toMatchObject({ orphan_status: true });
    });
  });

  it('rivalAt below the tip: the rival is alt on the pool node and the network converges', async () => {
    const height = (await poolBlockAtTip()) - 1;
    const { rival, pool } = await rivalAt(net(), height);
    await onEveryNode(async (i) => expect(await net().hashAt(i, height)).toBe(pool));
    expect(await header(0, rival)).toMatchObject({ height, orphan_status: true });
  });

  it.each([1, 2, 3])('overtake by %i: the pool node reorganises onto the rival chain', async (lead) => {
    const height = await poolBlockAtTip();
    const { rivalHashes, poolBranch } = await overtake(net(), height, lead);
    expect(rivalHashes).toHaveLength(1 + lead);
    expect(poolBranch).toHaveLength(1);
    await onEveryNode(async (i) => expect(await net().hashAt(i, height)).toBe(rivalHashes[0]));
    expect(await net().tip(0)).toEqual({ height: height + lead, hash: rivalHashes.at(-1) });
    expect(await header(0, poolBranch[0] ?? '')).toMatchObject({ height, orphan_status: true });
  });

  it('winBack: after an overtake 3 below the tip the pool branch grows longer and every node returns to it', async () => {
    await net().mine(0, 4);
    const height = (await net().converge()).height - 3;
    const { rivalHashes, poolBranch } = await overtake(net(), height, 2);
    expect(poolBranch).toHaveLength(4);
    const { hashes } = await winBack(net(), height);
    // The rival chain was 2 longer: the old branch needs 3 more.
    expect(hashes).toHaveLength(3);
    await onEveryNode(async (i) => {
      expect(await net().hashAt(i, height)).toBe(poolBranch[0]);
      expect(await header(i, rivalHashes[0] ?? '')).toMatchObject({ orphan_status: true });
    });
    expect((await net().tip(1)).hash).toBe(hashes.at(-1));
  });

  it('partitionedBlock: a block only the pool node saw loses to node 1 longer chain', async () => {
    const { lost, winner } = await partitionedBlock(net());
    const lostHeight = (await header(0, lost))?.height ?? -1;
    await onEveryNode(async (i) => {
      expect(await net().hashAt(i, lostHeight)).toBe(winner[0]);
      // Known as alt (node 1 fetched it at the handshake) or not at all, never main chain.
      expect((await header(i, lost))?.orphan_status ?? true).toBe(true);
    });
    expect(await header(0, lost)).toMatchObject({ orphan_status: true });
  });

  it('a node that has not reached a peer answers Core is busy, and BUSY to submit_block and generateblocks', async () => {
    const lonely = await startMonerod({
      dir: join(dir, 'lonely'),
      zmq: false,
      peers: [`127.0.0.1:${await freePort()}`],
    });
    try {
      const template = lonely.rpc('get_block_template', {
        wallet_address: TEST_WALLET.address,
        reserve_size: 8,
      });
      await expect(template).rejects.toMatchObject({ code: -9 });
      await expect(template).rejects.toBeInstanceOf(JsonRpcError);
      expect(await lonely.rpc('submit_block', ['00'])).toMatchObject({ status: 'BUSY' });
      expect(
        await lonely.rpc('generateblocks', { amount_of_blocks: 1, wallet_address: TEST_WALLET.address }),
      ).toMatchObject({ status: 'BUSY' });
    } finally {
      await lonely.stop();
    }
  });

  it('a failed start stops the nodes it started and rejects', async () => {
    const failing = join(dir, 'failing');
    mkdirSync(failing);
    writeFileSync(join(failing, 'node-1'), 'not a directory');
    await expect(startMonerodNetwork({ dir: failing })).rejects.toThrow();
    const ours = (childrenByParent().get(process.pid) ?? []).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(failing);
      } catch {
        return false;
      }
    });
    expect(ours).toEqual([]);
    await expect(startMonerodNetwork({ dir: failing, nodes: 1 })).rejects.toThrow(/2 or more/);
  });

  it('stop is safe to call twice', async () => {
    await net().stop();
    await net().stop();
    expect(net().nodes.every((node) => !node.process.running)).toBe(true);
  });
});
