import { join } from 'node:path';
import { type MonerodInstance, makeTestDir, startMonerod, TEST_WALLET } from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomXContext } from './randomx-context.js';

interface BlockTemplate {
  blocktemplate_blob: string;
  blockhashing_blob: string;
  seed_hash: string;
  height: number;
}

/** The nonce sits at byte 39 of a Monero block header, in both blobs. */
const NONCE_OFFSET = 39;

function withNonce(hex: string, nonce: number): Buffer {
  const bytes = Buffer.from(hex, 'hex');
  bytes.writeUInt32LE(nonce, NONCE_OFFSET);
  return bytes;
}

describe('RandomX against monerod (regtest)', () => {
  let monerod: MonerodInstance;
  beforeAll(async () => {
    monerod = await startMonerod({ dir: join(makeTestDir('randomx-pow'), 'monerod'), zmq: false });
  });
  afterAll(async () => {
    await monerod?.stop();
  });

  it("hashes a block's hashing blob to monerod's pow_hash", async () => {
    const template = await monerod.rpc<BlockTemplate>('get_block_template', {
      wallet_address: TEST_WALLET.address,
      reserve_size: 8,
    });
    const nonce = 0x1234abcd;
    const submit = await monerod.rpc<{ status: string }>('submit_block', [
      withNonce(template.blocktemplate_blob, nonce).toString('hex'),
    ]);
    expect(submit.status).toBe('OK');
    const { block_header: header } = await monerod.rpc<{ block_header: { pow_hash: string; nonce: number } }>(
      'get_block_header_by_height',
      { height: template.height, fill_pow_hash: true },
    );
    expect(header.nonce).toBe(nonce);
    expect(header.pow_hash).toMatch(/^[0-9a-f]{64}$/);

    const ctx = await RandomXContext.create({
      seed: Buffer.from(template.seed_hash, 'hex'),
      mode: 'light',
      threads: 1,
    });
    try {
      const hash = await ctx.hash(withNonce(template.blockhashing_blob, nonce));
      expect(hash.toString('hex')).toBe(header.pow_hash);
    } finally {
      ctx.dispose();
    }
  });
});
