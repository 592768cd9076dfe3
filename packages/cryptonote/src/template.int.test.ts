import { join } from 'node:path';
import {
  type MonerodInstance,
  makeTestDir,
  startMonerod,
  startWalletRpc,
  TEST_WALLET,
  type WalletRpcInstance,
} from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockHashingBlob,
  blockId,
  bytesToHex,
  hexToBytes,
  parseBlockTemplate,
  parseWideDifficulty,
  prepareTemplate,
  validateAddress,
  writeNonce,
} from './index.js';

/**
 * Against a real regtest monerod: our hashing blob equals monerod's for 30+ templates at
 * successive heights, several with pool transactions (built by wallet-rpc) so
 * the tree hash has up to 9 leaves; the block we assemble with reserved bytes and a nonce is
 * accepted by submit_block and gets the id we compute.
 */
interface BlockTemplateResult {
  blocktemplate_blob: string;
  blockhashing_blob: string;
  reserved_offset: number;
  height: number;
  prev_hash: string;
  wide_difficulty: string;
}

interface BlockHeader {
  hash: string;
  height: number;
  nonce: number;
  miner_tx_hash: string;
  num_txes: number;
}

const RESERVE_SIZE = 16;
const TEMPLATES = 32;
const POOL_TX_COUNTS = [1, 2, 3, 4, 7, 8];

describe('block templates against regtest monerod', () => {
  let monerod: MonerodInstance;
  let wallet: WalletRpcInstance;

  beforeAll(async () => {
    const dir = makeTestDir('cryptonote-template');
    monerod = await startMonerod({ dir: join(dir, 'monerod'), fixedDifficulty: 1 });
    wallet = await startWalletRpc({ dir: join(dir, 'wallet'), daemonRpcPort: monerod.rpcPort });
    expect(await wallet.restoreWallet('miner', TEST_WALLET.seed)).toBe(TEST_WALLET.address);
    // Coinbase outputs unlock after 60 blocks; ring size 16 needs decoys: mine well past both.
    await mine(100);
  }, 300_000);

  afterAll(async () => {
    await wallet?.stop();
    await monerod?.stop();
  });

  /** Mines in small batches: one generateblocks call hashes every block with RandomX. */
  async function mine(blocks: number): Promise<void> {
    for (let left = blocks; left > 0; left -= 20) await monerod.generateBlocks(Math.min(20, left));
    await wallet.rpc('refresh');
  }

  /**
   * Puts `count` of our transactions in the pool, mineable at once. A transaction the wallet
   * relays normally enters as "local" and monerod mines it only after Dandelion++ fluffs it
   * (tx_pool.cpp skips local and stem transactions), which took from seconds to minutes here.
   * So the wallet only builds each one (sweep_single of a distinct unlocked output, never
   * relayed) and we hand it to monerod with do_not_relay, which the template takes directly.
   */
  async function addPoolTransactions(count: number): Promise<string[]> {
    await wallet.rpc('refresh');
    let available = await unlockedKeyImages();
    if (available.length < count) {
      await mine(20);
      available = await unlockedKeyImages();
    }
    const hashes: string[] = [];
    for (const keyImage of available.slice(0, count)) {
      const tx = await wallet.rpc<{ tx_hash: string; tx_blob: string }>('sweep_single', {
        key_image: keyImage,
        address: TEST_WALLET.address,
        do_not_relay: true,
        get_tx_hex: true,
      });
      const res = await fetch(`${monerod.rpcUrl}/send_raw_transaction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tx_as_hex: tx.tx_blob, do_not_relay: true }),
      });
      const sent = (await res.json()) as { status: string; reason?: string };
      expect(sent.status, sent.reason).toBe('OK');
      hashes.push(tx.tx_hash);
    }
    return hashes;
  }

  async function unlockedKeyImages(): Promise<string[]> {
    const r = await wallet.rpc<{ transfers?: { key_image: string; unlocked: boolean; spent: boolean }[] }>(
      'incoming_transfers',
      { transfer_type: 'available' },
    );
    return (r.transfers ?? []).filter((t) => t.unlocked && !t.spent).map((t) => t.key_image);
  }

  it(`hashing blobs equal monerod's for ${TEMPLATES} templates and the assembled blocks are accepted`, async () => {
    const regtestAddress = validateAddress(TEST_WALLET.address, 'mainnet');
    expect(regtestAddress.kind).toBe('standard');
    const leafCounts = new Set<number>();
    const heights = new Set<number>();
    for (let i = 0; i < TEMPLATES; i++) {
      // Every third template carries pool transactions: tree hashes of 2, 3, 4, 5, 8 and 9 leaves.
      const count = i % 3 === 1 ? (POOL_TX_COUNTS[((i - 1) / 3) % POOL_TX_COUNTS.length] as number) : 0;
      const sent = count > 0 ? await addPoolTransactions(count) : [];
      const tpl = await monerod.rpc<BlockTemplateResult>('get_block_template', {
        wallet_address: TEST_WALLET.address,
        reserve_size: RESERVE_SIZE,
      });
      const blob = hexToBytes(tpl.blocktemplate_blob);
      const parsed = parseBlockTemplate(blob);
      expect(parsed.minerTx.height).toBe(tpl.height);
      expect(bytesToHex(parsed.header.prevId)).toBe(tpl.prev_hash);
      expect(parsed.txHashes.map(bytesToHex).sort()).toEqual([...sent].sort());
      expect(parseWideDifficulty(tpl.wide_difficulty)).toBe(1n);
      leafCounts.add(parsed.txHashes.length + 1);
      heights.add(tpl.height);

      // Our hashing blob, both ways, equals monerod's.
      expect(bytesToHex(blockHashingBlob(blob))).toBe(tpl.blockhashing_blob);
      const prepared = prepareTemplate(blob, tpl.reserved_offset, RESERVE_SIZE);
      expect(bytesToHex(prepared.hashingBlob(new Uint8Array(0)))).toBe(tpl.blockhashing_blob);

      // A job: reserved bytes as the gateway writes them, a nonce as a miner finds it.
      const reserved = new Uint8Array(RESERVE_SIZE);
      new DataView(reserved.buffer).setUint32(0, 0x01020304);
      new DataView(reserved.buffer).setUint32(4, i + 1);
      const nonce = (0x9e3779b9 * (i + 1)) >>> 0;
      const hashingBlob = writeNonce(prepared.hashingBlob(reserved), nonce);
      const block = prepared.blockBlob(reserved, nonce);
      expect(bytesToHex(blockHashingBlob(block))).toBe(bytesToHex(hashingBlob));

      const submitted = await monerod.rpc<{ status: string }>('submit_block', [bytesToHex(block)]);
      expect(submitted.status).toBe('OK');
      const { block_header: header } = await monerod.rpc<{ block_header: BlockHeader }>(
        'get_last_block_header',
      );
      expect(header.height).toBe(tpl.height);
      expect(header.hash).toBe(bytesToHex(blockId(hashingBlob)));
      expect(header.nonce).toBe(nonce);
      expect(header.miner_tx_hash).toBe(bytesToHex(prepared.minerTxHash(reserved)));
      expect(header.num_txes).toBe(sent.length);
    }
    expect(heights.size).toBe(TEMPLATES);
    expect([...leafCounts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 8, 9]);
  }, 900_000);
});
